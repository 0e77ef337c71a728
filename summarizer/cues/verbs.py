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
