"""`eval --compare OLD/report.json`: what moved since an earlier run, metric by metric
and article by article. The earlier report is read before the model runs, so it may be
the very report.json this run is about to replace."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..files import read_json
from .metrics import REGISTRY
from .report import finite_number


def load_report(path: Path) -> tuple[Path, dict[str, Any]]:
    """An earlier `report.json` (or the directory holding one) and where it was read, or a
    ConfigError saying why not."""
    if path.is_dir():
        path = path / "report.json"
    try:
        data = read_json(path, "report")
    except ConfigError as error:
        raise ConfigError(f"--compare: {error}") from None
    variants = data.get("variants") if isinstance(data, dict) else None
    if not isinstance(variants, list) or not variants or not all(_is_variant(v) for v in variants):
        raise ConfigError(f"--compare: {path} is not a report.json written by summarizer eval")
    return path, data


def _is_figure(value: Any) -> bool:
    return isinstance(value, int | float)  # a count or a yes/no (bool is an int)


def _is_variant(variant: Any) -> bool:
    if not isinstance(variant, dict) or not isinstance(variant.get("metrics"), dict):
        return False
    articles = variant.get("articles", [])
    return (
        all(finite_number(v) for v in variant["metrics"].values())
        and isinstance(articles, list)
        and all(isinstance(a, dict) and isinstance(a.get("name"), str) for a in articles)
        and all(isinstance(a.get("differences", []), list) for a in articles)
    )


def comparison(path: Path, earlier: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """The earlier run of the current (first) variant: the one of the same name, else the
    earlier report's first. Its metrics, and each article whose figures or differences moved."""
    old = next((v for v in earlier["variants"] if v.get("name") == current["name"]), earlier["variants"][0])
    return {
        "report": str(path),
        "variant": str(old.get("name", "")),
        "config": str(old.get("config", "")),
        "metrics": old["metrics"],
        "articles": article_changes(old.get("articles", []), current["articles"]),
    }


def article_changes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per article that changed: its figures that moved (`name old → new`, the
    cost of answers left out), and its differences to gold that are new or gone. An
    article in one report only says so."""
    earlier = {article["name"]: article for article in before}
    changed = []
    for article in after:
        was = earlier.get(article["name"])
        lines = _changes(was, article) if was is not None else ["not in the earlier report"]
        if lines:
            changed.append({"name": article["name"], "changes": lines})
    now = {article["name"] for article in after}
    changed += [
        {"name": name, "changes": ["only in the earlier report"]} for name in earlier if name not in now
    ]
    return changed


def _changes(was: dict[str, Any], now: dict[str, Any]) -> list[str]:
    moved = [
        f"{name} {was[name]} → {now[name]}"
        for name in REGISTRY.compared()
        if _is_figure(was.get(name)) and _is_figure(now.get(name)) and was[name] != now[name]
    ]
    lines = [f"figures: {', '.join(moved)}"] if moved else []
    before, after = was.get("differences", []), now["differences"]
    lines += [f"new: {d}" for d in after if d not in before]
    lines += [f"gone: {d}" for d in before if d not in after]
    return lines
