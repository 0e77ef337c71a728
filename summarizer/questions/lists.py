"""LISTS: for each candidate list, who puts its points forward and what they are."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, create_model

from ..cues.ordinals import CandidateList
from ..llm import Answer
from ..schemas.answers import BoundedAnswer, exactly
from .base import Asker, Question
from .excerpt import INTRO_SENTENCES

# The kinds a list may be, each named once: the answer's enum, the instructions and the
# choice of a list all read these.
PROPOSALS_NOW = "proposals made at this event"
EARLIER = "proposals from an earlier occasion"
FACTS = "facts or achievements"
OTHER = "something else"
KINDS = (PROPOSALS_NOW, EARLIER, FACTS, OTHER)


class ListVerdict(BoundedAnswer):
    list: str = Field(max_length=4)
    speaker: str = Field(max_length=60)
    kind: Literal[KINDS]  # type: ignore[valid-type]


class Lists(Question):
    """Each candidate list's speaker and kind (one of KINDS, as `prompts/lists.j2` says)."""

    template = "lists"

    @staticmethod
    def answer(keys: list[str]) -> type[BoundedAnswer]:
        """One verdict per candidate list, each list named exactly once."""
        key_type = Literal[tuple(keys)]  # type: ignore[valid-type]
        verdict = create_model("Verdict", __base__=ListVerdict, list=(key_type, ...))

        def every_list_once(value: list[Any]) -> str | None:
            named = [v.list for v in value]
            if sorted(named) == sorted(keys):
                return None
            return f"[list-keys] answer once for each of {', '.join(keys)}; got {', '.join(named)}"

        return exactly("ListsAnswer", "lists", verdict, len(keys), every_list_once)

    @staticmethod
    def example_answer() -> type[BoundedAnswer]:
        return Lists.answer(["L1", "L2"])

    @staticmethod
    def max_tokens(lists: list[CandidateList]) -> int:
        return 40 + 30 * len(lists)


def _ids(ids: list[int]) -> str:
    return ", ".join(f"S{i}" for i in ids)


def ask_lists(asker: Asker, lists: list[CandidateList]) -> Answer[Any]:
    shown = []
    for candidate in lists:
        ids = list(dict.fromkeys(item.sentence for item in candidate.items))
        intro = [
            i for i in range(candidate.first_sentence - INTRO_SENTENCES, candidate.first_sentence) if i >= 1
        ]
        described = _ids(ids) + (" (all its items in one sentence)" if len(ids) == 1 else "")
        shown.append({"key": candidate.key, "sentences": described, "intro": _ids(intro)})
    answer = Lists.answer([c.key for c in lists])
    return asker.ask(Lists, answer, {"lists": shown}, {}, Lists.max_tokens(lists))
