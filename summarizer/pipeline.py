"""article -> cues and candidates -> model questions -> choice -> grounded `Summary`.

The code finds what code finds well (dateline, stated count, candidate lists: ordinals,
bullets, numbers, all points in one sentence; unnumbered proposal sentences; initiative
names, sentence spans, offsets); the model answers what needs judgement (who spoke at
which event, which candidate list holds the speaker's proposals made at this event,
which of more candidates than stated). Titles, summaries and key points are cut from the
evidence (a larger model may write them). `assemble` resolves evidence from sentence
ids, so every `text` is `article.text[start:end]`.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from . import __version__
from .assemble import Extraction, assemble
from .choice import choose_list, proposes
from .cues.chains import calls_after, modal_calls, proposal_sentences, puts_forward
from .cues.clauses import CLAUSE, COUNT_REACH, spread_to_count
from .cues.counted_sentences import announced_paragraphs, counted_sentences
from .cues.counts import CountCue, count_cues, stated_count
from .cues.objects import split_objects
from .cues.ordinals import CandidateList, Item, candidate_lists
from .cues.owners import owned_count
from .cues.sentence_lists import clause_lists
from .llm import Cost, ModelClient
from .loader import Article
from .phrasing import word_proposals
from .prompting import PromptSet
from .questions import Asker, ask_find, ask_lists, excerpt_ids, prompt_sha256, windows
from .redact import redact
from .runlog.capture import logged_run
from .schemas import RunInfo, Summary
from .spans import item_sentences
from .who import who_spoke

log = logging.getLogger(__name__)
T = TypeVar("T")


def _found_items(article: Article, sentence_ids: list[int]) -> list[Item]:
    items = []
    for rank, sentence_id in enumerate(sentence_ids, 1):
        sentence = article.sentence(sentence_id)
        items.append(Item(rank, sentence_id, sentence.start, sentence.end, None, "found"))
    return items


@dataclass(frozen=True)
class Candidates:
    """What the code finds before any question: the stated counts, the candidate lists, and
    the sentences those lists judge (theirs and each one's introduction), read once."""

    cues: list[CountCue]
    lists: list[CandidateList]
    judged: frozenset[int]

    @classmethod
    def of(cls, article: Article) -> Candidates:
        cues = count_cues(article.sentences, article.headline)
        marked = candidate_lists(article.sentences)
        lists = marked + clause_lists(article.sentences, cues, first_key=len(marked) + 1)
        if not marked:
            lists += counted_sentences(article.sentences, cues, first_key=len(lists) + 1)
            lists += announced_paragraphs(article.sentences, cues, first_key=len(lists) + 1)
        ids = {item.sentence for candidate in lists for item in candidate.items}
        return cls(cues, lists, frozenset(ids | {candidate.first_sentence - 1 for candidate in lists}))

    def for_speaker(self, speaker: str | None, article: Article) -> Candidates:
        """A count of someone else's set ("Annan's six-point proposal", in a round-up of
        reactions to it) is set aside as a count of the past is: it counts no proposal of
        the speaker's."""
        cues = [
            replace(cue, past=True)
            if not cue.past and owned_count(_text_of(article, cue.sentence), cue.text, speaker, article.text)
            else cue
            for cue in self.cues
        ]
        return replace(self, cues=cues)


def _text_of(article: Article, sentence_id: int) -> str:
    return (article.headline or "") if sentence_id == 0 else article.sentence(sentence_id).text


@dataclass(frozen=True)
class Step(Generic[T]):
    """One step's result, with what its questions cost and what it warns of."""

    value: T
    cost: Cost = field(default_factory=Cost)
    warnings: tuple[str, ...] = ()


def extract(
    article: Article, client: ModelClient, prompts: PromptSet, max_retries: int, model_wording: bool
) -> Extraction:
    candidates = Candidates.of(article)
    parts = windows(article, excerpt_ids(article, candidates.lists), client.context)
    if len(parts) > 1:
        log.info("the excerpt is longer than the context: %d windows of sentences", len(parts))
    askers = [Asker(client, prompts, article, part, max_retries) for part in parts]
    who = who_spoke(askers[0])
    candidates = candidates.for_speaker(who.speaker, article)
    steps: list[Step[Any]] = [Step(who, who.cost, who.warnings)]
    found = _proposals(askers, candidates, who.speaker)
    steps.append(found)
    items = found.value
    stated = _stated(article, candidates, items)
    spans = item_sentences(article.sentences, items, who.speaker)
    wording = (
        Step(*word_proposals(askers[0], items, spans, who.speaker, model_wording)) if items else Step([])
    )
    steps.append(wording)
    if stated is not None and stated.value != len(items):
        warning = f"article states {stated.value} proposals ({stated.text!r}), found {len(items)}"
        steps.append(Step(None, warnings=(warning,)))
    cost = Cost()
    for step in steps:
        cost.add(step.cost)
    warnings = [w for step in steps for w in step.warnings]
    return Extraction(who, items, spans, stated, wording.value, warnings, cost)


def _proposals(askers: list[Asker], candidates: Candidates, speaker: str | None) -> Step[list[Item]]:
    """The chosen candidate list's items, else the sentences in which the speaker puts
    something forward."""
    article, cues, judged = askers[0].article, candidates.cues, candidates.judged
    chosen = _choose(askers, candidates.lists, cues, speaker) if candidates.lists else Step(None)
    if chosen.value is not None:
        return Step(chosen.value.items, chosen.cost)
    chain = proposal_sentences(article.sentences, speaker, judged) or modal_calls(
        article.sentences, speaker, judged
    )
    cue = next((c for c in cues if not c.past and (not chain or c.sentence <= chain[-1])), None)
    if cue is not None and cue.sentence > 0 and len(chain) < cue.value:
        # Fewer proposing verbs than the stated count: the speaker's other calls after it.
        chain = sorted({*chain, *calls_after(article.sentences, speaker, judged, cue.sentence)})
    if not chain:
        return Step([], chosen.cost)
    # An announced set ("Tokayev put forward a single proposal.") follows its announcement,
    # or starts in it ("... eight point suggestions were spelt out, which first asked for").
    after = [i for i in chain if cue is not None and i > cue.sentence]
    opens = cue is not None and cue.sentence not in judged and _opens_set(article, cue, cue.sentence)
    if after and cue is not None and opens and cue.sentence not in after:
        after.insert(0, cue.sentence)
    found = _find(askers, speaker, after or chain, cue)
    cost = Cost()
    cost.add(chosen.cost)
    cost.add(found.cost)
    return Step(found.value, cost, found.warnings)


# "an eight-pronged course of action calling for A, B, C and D": the points follow the count.
# "the six-point strategy includes A, B and C": the count's sentence gives its points.
_LISTS_ITS_POINTS = re.compile(
    r"\b(?:calling\s+for|which\s+(?:calls|called)\s+for|namely|includes|included|comprises|comprised)\b"
)


def _opens_set(article: Article, cue: CountCue, sentence_id: int) -> bool:
    """The sentence stating the count also puts the first point forward, after the count
    (not "The fifth and final initiative ... is to": that count closes the set)."""
    if sentence_id != cue.sentence:
        return False
    text = article.sentence(sentence_id).text
    rest = text[text.find(cue.text) + len(cue.text) :]
    return puts_forward(rest) or bool(_LISTS_ITS_POINTS.search(rest))


def _stated(article: Article, candidates: Candidates, items: list[Item]) -> CountCue | None:
    """The count the article states for the proposals found (or for none found)."""
    first = items[0].sentence if items else None
    if first is not None and items[0].style == CLAUSE:
        first += COUNT_REACH  # "should A, B, C and D ... Xi made the four proposals"
    stated = stated_count(candidates.cues, first, len(items) if items else None)
    rejected = stated is not None and stated.sentence in candidates.judged
    if not items and stated is not None and (rejected or not _proposes(stated, article)):
        return None  # the count of a list of outcomes, or of nothing proposed
    return stated


def _choose(
    askers: list[Asker], lists: list[CandidateList], cues: list[CountCue], speaker: str | None
) -> Step[CandidateList | None]:
    """Ask about every candidate list (each in the window that shows it), then choose."""
    verdicts: list[Any] = []
    cost = Cost()
    for window in askers:
        asked = {v.list for v in verdicts}
        here = [c for c in lists if c.first_sentence in window.visible and c.key not in asked]
        if here:
            answer = ask_lists(window, here)
            cost.add(answer.cost)
            verdicts += answer.value.lists
    chosen, scores = choose_list(lists, askers[0].article, cues, verdicts, speaker)
    for score in scores:
        log.info("list %s (S%d, %d items): %+d %s", score.candidate.key, score.candidate.first_sentence,
                 len(score.candidate.items), score.points, "; ".join(score.reasons))  # fmt: skip
    return Step(chosen, cost)


def _proposes(cue: CountCue, article: Article) -> bool:
    """With no proposals found, keep a stated count only where someone proposes."""
    return proposes(_text_of(article, cue.sentence))


def _find(
    askers: list[Asker], speaker: str | None, candidates: list[int], cue: CountCue | None
) -> Step[list[Item]]:
    """No list holds the proposals: the sentences in which the speaker puts something
    forward. With more of them than the article states, the model picks which (window by
    window); with no count stated, all of them: measured on real articles, the 1.5B model
    asked to pick answered "none" for every article, and asked per sentence called nearly
    every one a proposal, so its judgement adds nothing the cues do not already hold."""
    article = askers[0].article
    if cue is None:
        return Step(split_objects(article.sentences, _found_items(article, candidates)))
    if cue.value >= len(candidates):
        spread = spread_to_count(article.sentences, _found_items(article, candidates), cue.value)
        # Still short of the count: the things one verb puts forward ("calls for A, B and C").
        by_object = split_objects(article.sentences, spread)
        return Step(by_object if len(spread) < len(by_object) <= cue.value else spread)
    ids: set[int] = set()
    cost = Cost()
    for window in askers:
        here = [c for c in candidates if c in window.visible]
        if here:
            answer = ask_find(window, speaker, cue.value, here, whole=len(askers) == 1)
            cost.add(answer.cost)
            ids.update(answer.value.sentences)
    if ids:
        return Step(_found_items(article, sorted(ids)), cost)
    warning = f"proposals taken from the sentences after {cue.text!r}, by position"
    return Step(_found_items(article, candidates[: cue.value]), cost, (warning,))


@dataclass(frozen=True)
class Outcome:
    summary: Summary
    cost: Cost  # with the server's own timings, for benchmarks


def summarize_article(
    article: Article,
    client: ModelClient,
    prompts: PromptSet | None = None,
    max_retries: int = 2,
    model_wording: bool | None = None,
) -> Outcome:
    """`model_wording` None: the model writes summaries unless it is a small one."""
    if model_wording is None:
        model_wording = not client.is_small
    prompts = prompts or PromptSet()
    with logged_run(client, article, prompt_sha256(prompts)) as logged:
        outcome = _summarized(article, client, prompts, max_retries, model_wording)
        logged.finish(outcome.summary)
    return outcome


def _summarized(
    article: Article, client: ModelClient, prompts: PromptSet, max_retries: int, model_wording: bool
) -> Outcome:
    started = time.monotonic()
    found = extract(article, client, prompts, max_retries, model_wording)
    run = RunInfo(
        model=client.model,
        endpoint=redact(client.endpoint.base_url),  # masked here: a result spares its article's words
        prompt_sha256=prompt_sha256(prompts),
        questions=found.cost.questions,
        attempts=found.cost.attempts,
        prompt_tokens=found.cost.prompt_tokens,
        completion_tokens=found.cost.completion_tokens,
        seconds=round(time.monotonic() - started, 2),
        version=__version__,
    )
    return Outcome(assemble(article, found, run), found.cost)
