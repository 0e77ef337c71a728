"""The eval report as one self-contained HTML page: metrics with a small inline-SVG chart
each (against the baseline), and every article's differences to gold beside its sentences."""

from __future__ import annotations

from html import escape
from typing import Any

from ..evaluation.dataset import Case
from ..evaluation.metrics import HEADLINE, REGISTRY, SHOWN
from ..loader import load_article
from .html import _asset, _csp_hash, _environment

BAR_COLOURS = ["#3b6ea8", "#e0730f"]
EARLIER_COLOUR = "#8f7bb5"


def _chart(values: list[tuple[str, float, str]], scale: float) -> str:
    """A bar per value, as SVG: no script, no external file."""
    height = 14 * len(values) + 4
    bars = []
    for n, (label, value, colour) in enumerate(values):
        width = 0 if scale <= 0 else max(1.0, 160 * min(value / scale, 1.0))
        y = 2 + 14 * n
        bars.append(
            f'<rect x="0" y="{y}" width="{width:.1f}" height="11" fill="{colour}" rx="2"><title>{escape(label)}: {value:g}</title></rect>'
        )
    return f'<svg class="chart" width="170" height="{height}" viewBox="0 0 170 {height}" role="img">{"".join(bars)}</svg>'


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _metric_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    baseline = (report.get("baseline") or {}).get("metrics", {})
    earlier = (report.get("compare") or {}).get("metrics", {})
    rows = []
    for name in SHOWN:
        values = [v["metrics"].get(name) for v in report["variants"]]
        if all(v is None for v in values):
            continue
        before, then, now = baseline.get(name), earlier.get(name), _number(values[0])
        series = [("baseline", float(before), "#b9c0c7")] if isinstance(before, int | float) else []
        series += [("earlier", float(then), EARLIER_COLOUR)] if isinstance(then, int | float) else []
        series += [
            (v["name"], float(value), BAR_COLOURS[n % 2])
            for n, (v, value) in enumerate(zip(report["variants"], values, strict=True))
            if isinstance(value, int | float)
        ]
        flags = REGISTRY.get(name)
        counted = flags is not None and flags.cost and not flags.fraction  # a count or seconds
        scale = max((s[1] for s in series), default=1.0) if counted else 1.0
        rows.append(
            {
                "name": name,
                "headline": name in HEADLINE,
                "baseline": before,
                "values": values,
                "delta": now - before if isinstance(before, int | float) and now is not None else None,
                "earlier": then,
                "earlier_delta": now - then if isinstance(then, int | float) and now is not None else None,
                "chart": _chart(series, scale),
            }
        )
    return rows


def _gold_sentence_marks(case: Case, sentences: list[Any]) -> dict[int, list[int]]:
    marks: dict[int, list[int]] = {}
    for proposal in case.gold.proposals:
        for evidence in proposal.evidence:
            for sentence in sentences:
                if evidence.text in sentence.text or sentence.text in evidence.text:
                    marks.setdefault(sentence.id, []).append(proposal.ordinal)
    return marks


def _articles(variant: dict[str, Any], cases: list[Case]) -> list[dict[str, Any]]:
    by_name = {case.name: case for case in cases}
    shown = []
    for scored in variant["articles"]:
        case = by_name.get(scored["name"])
        sentences = load_article(case.article).sentences if case else []
        gold = _gold_sentence_marks(case, sentences) if case else {}
        predicted: dict[int, list[int]] = {}
        for proposal in scored.get("predicted", {}).get("proposals", []):
            for sentence_id in proposal["sentences"]:
                predicted.setdefault(sentence_id, []).append(proposal["ordinal"])
        shown.append(
            {
                "name": scored["name"],
                "differences": scored["differences"],
                "failed": scored.get("failed"),
                "sentences": [
                    {
                        "id": s.id,
                        "text": s.text,
                        "gold": gold.get(s.id, []),
                        "predicted": predicted.get(s.id, []),
                    }
                    for s in sentences
                ],
            }
        )
    return shown


def eval_report_html(report: dict[str, Any], cases: list[Case]) -> str:
    script = _asset("eval.js")
    return (
        _environment()
        .get_template("eval.html.j2")
        .render(
            report=report,
            rows=_metric_rows(report),
            variants=[
                {"name": v["name"], "config": v["config"], "articles": _articles(v, cases)}
                for v in report["variants"]
            ],
            regressions=report.get("regressions", []),
            earlier=report.get("compare"),
            earlier_colour=EARLIER_COLOUR,
            style=_asset("eval.css"),
            script=script,
            script_hash=_csp_hash(script),
        )
    )
