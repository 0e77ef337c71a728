"""One self-contained HTML file: the summary beside the article, evidence highlighted.

No external scripts, fonts or styles. Every piece of article text goes through Jinja2's
autoescaping, without its control characters, and a Content-Security-Policy allows only
this file's own script (by its hash), so a `<script>` inside an article renders as text and
could not run regardless.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import jinja2

from ..loader import parse_article
from ..schemas import Summary
from .safe import plain

# Colour-blind-safe palette (Okabe-Ito), light enough to read text on.
PALETTE = ["#fde2b3", "#c9e6f7", "#c8efdc", "#f9d3e6", "#fff5b0", "#d9d2f2", "#f6c9b8", "#d7e8c4"]


@dataclass
class Mark:
    """A run of a sentence's text: plain, or an initiative's name."""

    text: str
    initiative: int | None = None


@dataclass
class SentenceView:
    id: int
    start: int
    end: int
    runs: list[Mark]
    proposals: list[int] = field(default_factory=list)
    initiatives: list[int] = field(default_factory=list)


@cache
def _environment() -> jinja2.Environment:
    """Every page's (summary, batch index, eval report). Each value goes out through
    `_printable` and then the autoescaping: no template can forget either."""
    loader = jinja2.FileSystemLoader(str(resources.files("summarizer.render")))
    return jinja2.Environment(
        loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True, finalize=_printable
    )


def _printable(value: object) -> object:
    """A value without control characters, as `-f table` and `-f md` show it: a page is text
    someone may `cat` on a terminal (an article's OSC 52 or CSI 2J would run there), and a
    bidi override would turn a headline round in the browser too."""
    if not isinstance(value, str):
        return value
    if hasattr(value, "__html__"):  # markup already (a chart, `| safe`): cleaned, not escaped again
        return type(value)(plain(value))
    return plain(value)


def _asset(name: str) -> str:
    return (resources.files("summarizer.render") / name).read_text(encoding="utf-8")


def _runs(text: str, start: int, names: list[tuple[int, str]]) -> list[Mark]:
    """Split a sentence into plain text and initiative names (first match wins)."""
    hits: list[tuple[int, int, int]] = []
    for index, name in names:
        position = text.find(name)
        while position >= 0:
            if not any(s < position + len(name) and position < e for s, e, _ in hits):
                hits.append((position, position + len(name), index))
            position = text.find(name, position + 1)
    runs, cursor = [], 0
    for s, e, index in sorted(hits):
        if s > cursor:
            runs.append(Mark(text[cursor:s]))
        runs.append(Mark(text[s:e], index))
        cursor = e
    if cursor < len(text):
        runs.append(Mark(text[cursor:]))
    return runs


def paragraphs(summary: Summary, text: str) -> list[list[SentenceView]]:
    article = parse_article(text, summary.article.source)
    by_sentence: dict[int, list[int]] = {}
    for proposal in summary.proposals:
        for evidence in proposal.evidence:
            by_sentence.setdefault(evidence.sentence, []).append(proposal.ordinal)
    cited: dict[int, list[int]] = {}
    for index, initiative in enumerate(summary.initiatives):
        for evidence in initiative.evidence:
            cited.setdefault(evidence.sentence, []).append(index)
    names = [(index, i.name) for index, i in enumerate(summary.initiatives)]
    grouped: dict[int, list[SentenceView]] = {}
    for sentence in article.sentences:
        view = SentenceView(
            id=sentence.id,
            start=sentence.start,
            end=sentence.end,
            runs=_runs(sentence.text, sentence.start, names),
            proposals=by_sentence.get(sentence.id, []),
            initiatives=cited.get(sentence.id, []),
        )
        grouped.setdefault(sentence.paragraph, []).append(view)
    return list(grouped.values())


def _csp_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()


def to_html(summary: Summary, text: str) -> str:
    script = _asset("summary.js")
    return (
        _environment()
        .get_template("summary.html.j2")
        .render(
            summary=summary,
            paragraphs=paragraphs(summary, text),
            palette=PALETTE,
            style=_asset("summary.css"),
            script=script,
            script_hash=_csp_hash(script),
        )
    )
