"""Present eval results: a terminal table, `report.json` and `report.md`.

Everything here is a pure function of the report, so a replayed eval writes the same
bytes as the run it replays.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import ConfigError
from ..files import read_json
from ..render.safe import markdown, plain
from .metrics import SHOWN


def load_baseline(path: Path) -> dict[str, Any]:
    """A baseline written by --update-baseline, or a ConfigError naming the file and why."""
    if not path.exists():
        raise ConfigError(f"no such baseline: {path} (write one with --update-baseline)")
    data = read_json(path, "baseline")
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
        raise ConfigError(f"the baseline {path} has no 'metrics' object: is it a baseline file?")
    if bad := [k for k, v in data["metrics"].items() if not finite_number(v)]:
        raise ConfigError(f"the baseline {path}: metric {bad[0]} is not a finite number")
    # A tolerance of NaN or Infinity would pass every run: the gate silently off.
    if "tolerance" in data and not (finite_number(data["tolerance"]) and data["tolerance"] >= 0):
        raise ConfigError(f"the baseline {path}: tolerance is not a finite number of at least 0")
    return data


def finite_number(value: Any) -> bool:
    """A number the gate can compare: not a bool, not NaN, not an infinity (json reads 1e309 as
    one), nor an integer too large for a float (a 400-digit one)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value <= 1.0 else f"{value:.1f}"
    return str(value)


def _delta(a: Any, b: Any) -> str:
    if isinstance(a, int | float) and isinstance(b, int | float):
        diff = b - a
        return f"{diff:+.3f}" if abs(diff) < 10 else f"{diff:+.0f}"
    return ""


def _header(report: dict[str, Any]) -> list[str]:
    variants, baseline, earlier = report["variants"], report.get("baseline"), report.get("compare")
    header = ["metric"] + (["baseline"] if baseline else []) + (["earlier"] if earlier else [])
    header += [v["name"] for v in variants]
    if len(variants) == 2:
        header.append("Δ")
    elif baseline and len(variants) == 1:
        header.append("Δ baseline")
    return header + (["Δ earlier"] if earlier else [])


def _rows(report: dict[str, Any]) -> list[list[str]]:
    """One row per metric: the baseline, the earlier run, each variant, and the
    differences that matter (the earlier run is compared with the first variant)."""
    variants, baseline, earlier = report["variants"], report.get("baseline"), report.get("compare")
    before = (baseline or {}).get("metrics", {})
    then = (earlier or {}).get("metrics", {})
    rows = []
    for name in SHOWN:
        values = [variant["metrics"].get(name, "") for variant in variants]
        row = [name] + ([_fmt(before.get(name, ""))] if baseline else [])
        row += ([_fmt(then.get(name, ""))] if earlier else []) + [_fmt(v) for v in values]
        if len(variants) == 2:
            row.append(_delta(values[0], values[1]))
        elif baseline and len(variants) == 1:
            row.append(_delta(before.get(name), values[0]))
        rows.append(row + ([_delta(then.get(name), values[0])] if earlier else []))
    return rows


def terminal_table(report: dict[str, Any]) -> Table:
    # Config names head the columns: plain Text, so no escape sequence reaches the terminal
    # and no "[link=...]" is read as rich markup.
    table = Table(title="summarizer eval", show_lines=False)
    for n, column in enumerate(_header(report)):
        table.add_column(Text(plain(column)), justify="left" if n == 0 else "right")
    for row in _rows(report):
        table.add_row(*(Text(plain(cell)) for cell in row))
    return table


def changes_table(earlier: dict[str, Any]) -> Table:
    """What moved in each article since the earlier report. The changes quote the model's
    titles: shown as plain text, never as markup or escape sequences."""
    table = Table(title=Text(plain(f"changes since {earlier['report']}")), show_lines=True)
    table.add_column("article")
    table.add_column("change")
    for article in earlier["articles"]:
        table.add_row(Text(plain(article["name"])), Text(plain("\n".join(article["changes"]))))
    return table


def print_table(report: dict[str, Any], console: Console) -> None:
    console.print(terminal_table(report))
    if (earlier := report.get("compare")) is not None:
        if earlier["articles"]:
            console.print(changes_table(earlier))
        else:
            console.print(Text(plain(f"no article changed since {earlier['report']}")))


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _compared_lines(earlier: dict[str, Any]) -> list[str]:
    lines = ["", markdown(f"## Changes since {earlier['report']} ({earlier['variant']})"), ""]
    if earlier.get("regressions"):
        lines += [markdown(f"- regression: {r}") for r in earlier["regressions"]] + [""]
    if not earlier["articles"]:
        return [*lines, "No article changed."]
    for article in earlier["articles"]:
        lines += [markdown(f"### {article['name']}"), *(markdown(f"- {c}") for c in article["changes"]), ""]
    return lines


# The first line of every report.md: an HTML comment, which Markdown shows as nothing, that
# tells the next eval into this directory the file is ours to replace (a user's is refused).
REPORT_MARK = "<!-- generator: summarizer eval (the next eval into this directory replaces this file) -->"
TITLE = "# summarizer eval"


def to_markdown(report: dict[str, Any]) -> str:
    """Every text from outside (variant and article names, configs, differences that quote the
    model) goes through `markdown`: shown as text, never as markup, a link or a table bar."""
    variants = report["variants"]
    lines = [REPORT_MARK, TITLE, ""]
    for variant in variants:
        lines.append(f"- **{markdown(variant['name'])}**: {markdown(str(variant['config']))}")
    lines += ["", "## Metrics", ""]
    header = [markdown(cell) for cell in _header(report)]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    lines += ["| " + " | ".join(markdown(cell) for cell in row) + " |" for row in _rows(report)]
    if report.get("regressions"):
        lines += ["", "## Regressions", ""]
        lines += [markdown(f"- {r}") for r in report["regressions"]]
    if report.get("compare") is not None:
        lines += _compared_lines(report["compare"])
    for variant in variants:
        lines += ["", markdown(f"## Differences to gold: {variant['name']}"), ""]
        for article in variant["articles"]:
            diffs = article["differences"]
            status = "no differences" if not diffs else f"{len(diffs)} differences"
            lines.append(markdown(f"### {article['name']} ({status})"))
            lines += [markdown(f"- {d}") for d in diffs]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
