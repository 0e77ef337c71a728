"""Present eval results: a terminal table, `report.json`, `report.md`, and the gate.

Everything here is a pure function of the scores, so a replayed eval writes the same
bytes as the run it replays.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from .metrics import HEADLINE

COST = (
    "failures",
    "first_try_validity",
    "mean_attempts",
    "median_seconds",
    "prompt_tokens",
    "completion_tokens",
)
SHOWN = (
    "proposal_precision",
    "proposal_recall",
    *HEADLINE,
    "title_similarity",
    "initiative_precision",
    "initiative_recall",
    "location_accuracy",
    *COST,
)
DEFAULT_TOLERANCE = 0.05


@dataclass(frozen=True)
class Regression:
    metric: str
    baseline: float
    current: float
    tolerance: float

    def __str__(self) -> str:
        drop = self.current - self.baseline
        return (
            f"{self.metric} fell from {self.baseline:.3f} to {self.current:.3f} "
            f"({drop:+.3f}; tolerance {self.tolerance:.3f})"
        )


def load_baseline(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def regressions(
    metrics: dict[str, Any], baseline: dict[str, Any], tolerance: float | None = None
) -> list[Regression]:
    """Every headline metric that fell by more than the tolerance."""
    allowed = float(baseline.get("tolerance", DEFAULT_TOLERANCE) if tolerance is None else tolerance)
    found = []
    for name in HEADLINE:
        if name in baseline.get("metrics", {}) and name in metrics:
            before, now = float(baseline["metrics"][name]), float(metrics[name])
            if now < before - allowed - 1e-9:
                found.append(Regression(name, before, now, allowed))
    return found


def baseline_document(metrics: dict[str, Any], config: str, tolerance: float) -> dict[str, Any]:
    return {
        "config": config,
        "tolerance": tolerance,
        "metrics": {name: metrics[name] for name in (*HEADLINE, *COST) if name in metrics},
    }


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value <= 1.0 else f"{value:.1f}"
    return str(value)


def _delta(a: Any, b: Any) -> str:
    if isinstance(a, int | float) and isinstance(b, int | float):
        diff = b - a
        return f"{diff:+.3f}" if abs(diff) < 10 else f"{diff:+.0f}"
    return ""


def terminal_table(variants: list[dict[str, Any]], baseline: dict[str, Any] | None = None) -> Table:
    table = Table(title="summarizer eval", show_lines=False)
    table.add_column("metric")
    if baseline:
        table.add_column("baseline", justify="right")
    for variant in variants:
        table.add_column(variant["name"], justify="right")
    if len(variants) == 2:
        table.add_column("Δ", justify="right")
    elif baseline and len(variants) == 1:
        table.add_column("Δ baseline", justify="right")
    for name in SHOWN:
        row = [name]
        if baseline:
            row.append(_fmt(baseline.get("metrics", {}).get(name, "")))
        values = [variant["metrics"].get(name, "") for variant in variants]
        row += [_fmt(v) for v in values]
        if len(variants) == 2:
            row.append(_delta(values[0], values[1]))
        elif baseline and len(variants) == 1:
            row.append(_delta(baseline.get("metrics", {}).get(name), values[0]))
        table.add_row(*row)
    return table


def print_table(variants: list[dict[str, Any]], baseline: dict[str, Any] | None, console: Console) -> None:
    console.print(terminal_table(variants, baseline))


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def to_markdown(report: dict[str, Any]) -> str:
    variants = report["variants"]
    baseline = report.get("baseline")
    lines = ["# summarizer eval", ""]
    for variant in variants:
        lines.append(f"- **{variant['name']}**: {variant['config']}")
    lines += ["", "## Metrics", ""]
    header = ["metric"] + (["baseline"] if baseline else []) + [v["name"] for v in variants]
    if len(variants) == 2:
        header.append("Δ")
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    for name in SHOWN:
        row = [name]
        if baseline:
            row.append(_fmt(baseline.get("metrics", {}).get(name, "")))
        values = [v["metrics"].get(name, "") for v in variants]
        row += [_fmt(v) for v in values]
        if len(variants) == 2:
            row.append(_delta(values[0], values[1]))
        lines.append("| " + " | ".join(row) + " |")
    if report.get("regressions"):
        lines += ["", "## Regressions", ""]
        lines += [f"- {r}" for r in report["regressions"]]
    for variant in variants:
        lines += ["", f"## Differences to gold: {variant['name']}", ""]
        for article in variant["articles"]:
            diffs = article["differences"]
            status = "no differences" if not diffs else f"{len(diffs)} differences"
            lines.append(f"### {article['name']} ({status})")
            lines += [f"- {d}" for d in diffs]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
