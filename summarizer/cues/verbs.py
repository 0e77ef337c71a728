"""Verbs that open a call for action ("adhere to ...", "Keep ASEAN united", "build a BRICS ...")."""

from __future__ import annotations

import re

from .lexicon import DIRECTIVES, POLICY_VERBS, SAYING, alternation

# A call for action anywhere in a text ("should", "must", "called for", "urged" ...).
DIRECTIVE = re.compile(rf"\b(?:{alternation(DIRECTIVES)})\b", re.IGNORECASE)
_IMPERATIVE = re.compile(rf"^\s*(?:to\s+)?(?:{'|'.join(POLICY_VERBS)})\b", re.IGNORECASE)


def opens_with_policy_verb(text: str) -> bool:
    return bool(_IMPERATIVE.match(text))


# "we should ...", "the BRICS countries should ...", "he called for ...": the subject and
# modal before a call for action, dropped from headings and key points.
_LEADING_SUBJECT = re.compile(
    rf"(?:(?:he|she|[A-Z][\w\-]+)\s+(?:{alternation(SAYING)})\s*,\s*)?"
    r"(?:(?:he|she|[A-Z][\w\-]+)\s+(?:called\s+(?:for|on)|proposed|suggested|urged)\s+(?:that\s+)?|"
    r"(?:we|they|all|both sides|the two sides|(?:all\s+)?(?:the\s+)?[\w\-]+\s+(?:countries|nations|members|sides))\s+"
    r"(?:should|must|need\s+to|shall|will|have\s+to)\s+)",
    re.IGNORECASE,
)


def strip_subject(text: str) -> str:
    return _LEADING_SUBJECT.sub("", text, count=1)
