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

from ..errors import ConfigError
from .metrics import HEADLINE, LOWER_IS_BETTER

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
    *LOWER_IS_BETTER,
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
        moved = "rose" if drop > 0 else "fell"
        return (
            f"{self.metric} {moved} from {self.baseline:.3f} to {self.current:.3f} "
            f"({drop:+.3f}; tolerance {self.tolerance:.3f})"
        )


def load_baseline(path: Path) -> dict[str, Any]:
    """A baseline written by --update-baseline, or a ConfigError naming the file and why."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"no such baseline: {path} (write one with --update-baseline)") from None
    except OSError as error:
        raise ConfigError(f"cannot read the baseline {path}: {error.strerror or error}") from None
    except ValueError as error:
        raise ConfigError(f"the baseline {path} is not valid JSON ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
        raise ConfigError(f"the baseline {path} has no 'metrics' object: is it a baseline file?")
    if bad := [
        k for k, v in data["metrics"].items() if isinstance(v, bool) or not isinstance(v, int | float)
    ]:
        raise ConfigError(f"the baseline {path}: metric {bad[0]} is not a number")
    return data


# Accuracies counted per article move in steps of 1/articles: on a small set one article
# is more than the tolerance, so these may lose one article before the gate fails.
PER_ARTICLE = {
    "count_accuracy",
    "stated_count_accuracy",
    "speaker_accuracy",
    "event_accuracy",
    "date_accuracy",
}


def regressions(
    metrics: dict[str, Any], baseline: dict[str, Any], tolerance: float | None = None
) -> list[Regression]:
    """Every headline metric that fell by more than the tolerance."""
    allowed = float(baseline.get("tolerance", DEFAULT_TOLERANCE) if tolerance is None else tolerance)
    one_article = 1.0 / metrics["articles"] if metrics.get("articles") else 0.0
    found = []
    for name in HEADLINE:
        if name in baseline.get("metrics", {}) and name in metrics:
            before, now = float(baseline["metrics"][name]), float(metrics[name])
            slack = max(allowed, one_article) if name in PER_ARTICLE else allowed
            if now < before - slack - 1e-9:
                found.append(Regression(name, before, now, slack))
    for name in LOWER_IS_BETTER:
        if name in baseline.get("metrics", {}) and name in metrics:
            before, now = float(baseline["metrics"][name]), float(metrics[name])
            if now > before + 1e-9:
                found.append(Regression(name, before, now, 0.0))
    return found


def baseline_document(metrics: dict[str, Any], config: str, tolerance: float) -> dict[str, Any]:
    return {
        "config": config,
        "tolerance": tolerance,
        "metrics": {name: metrics[name] for name in (*HEADLINE, *LOWER_IS_BETTER, *COST) if name in metrics},
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


def _header(variants: list[dict[str, Any]], baseline: dict[str, Any] | None) -> list[str]:
    header = ["metric"] + (["baseline"] if baseline else []) + [v["name"] for v in variants]
    if len(variants) == 2:
        header.append("Δ")
    elif baseline and len(variants) == 1:
        header.append("Δ baseline")
    return header


def _rows(variants: list[dict[str, Any]], baseline: dict[str, Any] | None) -> list[list[str]]:
    """One row per metric: the baseline, each variant, and the difference that matters."""
    before = (baseline or {}).get("metrics", {})
    rows = []
    for name in SHOWN:
        values = [variant["metrics"].get(name, "") for variant in variants]
        row = [name] + ([_fmt(before.get(name, ""))] if baseline else []) + [_fmt(v) for v in values]
        if len(variants) == 2:
            row.append(_delta(values[0], values[1]))
        elif baseline and len(variants) == 1:
            row.append(_delta(before.get(name), values[0]))
        rows.append(row)
    return rows


def terminal_table(variants: list[dict[str, Any]], baseline: dict[str, Any] | None = None) -> Table:
    table = Table(title="summarizer eval", show_lines=False)
    for n, column in enumerate(_header(variants, baseline)):
        table.add_column(column, justify="left" if n == 0 else "right")
    for row in _rows(variants, baseline):
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
    header = _header(variants, baseline)
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    lines += ["| " + " | ".join(row) + " |" for row in _rows(variants, baseline)]
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
