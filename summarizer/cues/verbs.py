"""Verbs that open a call for action ("adhere to ...", "Keep ASEAN united", "build a BRICS ...")."""

from __future__ import annotations

import re

POLICY_VERBS = """
    accelerate act address adhere advance advocate boost build carry champion combat
    commit consolidate continue cooperate coordinate create cut deepen defend
    demonstrate develop embrace encourage enhance ensure establish expand facilitate
    fight forge foster give harness help implement improve increase invest join jointly
    keep launch leverage maintain make mobilise mobilize modernise modernize open oppose
    persist place pool promote protect provide pursue push put raise reform reinforce
    reject resist respect respond safeguard scale seek set share speed stand start stay
    step stick strengthen strive support sustain tackle take translate treat unite
    uphold upgrade use work
""".split()  # noqa: SIM905

_IMPERATIVE = re.compile(rf"^\s*(?:to\s+)?(?:{'|'.join(POLICY_VERBS)})\b", re.IGNORECASE)


def opens_with_policy_verb(text: str) -> bool:
    return bool(_IMPERATIVE.match(text))


# "we should ...", "the BRICS countries should ...", "he called for ...": the subject and
# modal before a call for action, dropped from headings and key points.
_LEADING_SUBJECT = re.compile(
    r"(?:(?:he|she|[A-Z][\w\-]+)\s+(?:said|noted|added|stressed)\s*,\s*)?"
    r"(?:(?:he|she|[A-Z][\w\-]+)\s+(?:called\s+(?:for|on)|proposed|suggested|urged)\s+(?:that\s+)?|"
    r"(?:we|they|all|both sides|the two sides|(?:all\s+)?(?:the\s+)?[\w\-]+\s+(?:countries|nations|members|sides))\s+"
    r"(?:should|must|need\s+to|shall|will|have\s+to)\s+)",
    re.IGNORECASE,
)


def strip_subject(text: str) -> str:
    return _LEADING_SUBJECT.sub("", text, count=1)
