"""Run one configuration over the gold set and score every article.

`record` keeps each model exchange (and each article's seconds) so that `replay` can
rerun the whole eval later with no model and produce the same report, byte for byte.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..bounded import JSON_FILE_LIMIT, UNPARSABLE, read_file
from ..errors import ConfigError, InputError, SummarizerError
from ..files import write_atomic
from ..loader import load_article
from ..modes import WordingMode
from ..prompting import PromptSet
from ..session import ModelSettings, open_model
from .dataset import Case
from .metrics import ArticleScore, as_dict, pool_scores, score_article

log = logging.getLogger(__name__)
TIMINGS = "seconds.json"
LABEL = "variant.json"


@dataclass(frozen=True)
class Variant:
    """One configuration under test: an endpoint (or the embedded model), a prompt set."""

    name: str
    settings: ModelSettings
    prompts: Path | None = None
    wording: WordingMode = WordingMode.auto

    @property
    def label(self) -> str:
        parts = [self.settings.label]
        if self.settings.model:
            parts.append(self.settings.model)
        if self.prompts:
            parts.append(f"prompts={self.prompts}")
        return " ".join(parts)


def load_variant(path: Path) -> Variant:
    """A configuration file (see config.py), named by its `name` or the file's stem."""
    from ..config import read_config

    config = read_config(path)
    return Variant(
        config.name or path.stem, config.settings(), config.prompts, config.wording or WordingMode.auto
    )


def run_variant(
    variant: Variant,
    cases: list[Case],
    record: Path | None = None,
    replay: Path | None = None,
    progress: Callable[[str], None] | None = None,
    failures: list[SummarizerError] | None = None,
) -> list[ArticleScore]:
    """Score every case; each article's error, if any, is also appended to `failures`."""
    from ..pipeline import summarize_article

    settings = replace(variant.settings, record=record, replay=replay)
    recorded: dict[str, float] = _read_json(replay / TIMINGS) if replay else {}
    seconds: dict[str, float] = {}
    scores = []
    prompts = PromptSet(variant.prompts)
    with open_model(settings, prompts) as client:
        for case in cases:
            if progress:
                progress(case.name)
            summary, error = None, None
            try:
                article = load_article(case.article)
                summary = summarize_article(
                    article, client, prompts, model_wording=variant.wording.by_model
                ).summary
            except SummarizerError as failure:
                error = str(failure)
                if failures is not None:
                    failures.append(failure)
                log.warning("%s: %s", case.name, error)
                article = None
            if summary is not None:
                if replay is not None:
                    summary.run.seconds = recorded.get(case.name, summary.run.seconds)
                seconds[case.name] = summary.run.seconds
            text = article.text if article else ""
            scores.append(score_article(case.name, summary, case.gold, text, error))
    if record is not None:
        write_atomic(record / TIMINGS, json.dumps(seconds, indent=1, sort_keys=True) + "\n")
        write_atomic(record / LABEL, json.dumps({"config": variant.label}) + "\n")
    return scores


def recorded_label(variant: Variant, replay: Path | None) -> str:
    """The configuration a replay reproduces: the one it was recorded with."""
    return str(_read_json(replay / LABEL).get("config", variant.label)) if replay else variant.label


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return dict(json.loads(read_file(path, JSON_FILE_LIMIT)))
    except (InputError, *UNPARSABLE) as error:
        gist = "nested too deep" if isinstance(error, RecursionError) else str(error)[:120]
        raise ConfigError(f"{path.parent} is not a complete recording ({path.name}: {gist})") from None


def variant_report(
    variant: Variant, scores: list[ArticleScore], metrics: dict[str, Any], label: str | None = None
) -> dict[str, Any]:
    return {
        "name": variant.name,
        "config": label or variant.label,
        "metrics": metrics,
        "articles": [as_dict(s) for s in scores],
    }


def run_variants(
    variants: list[Variant], cases: list[Case], record: Path | None = None, replay: Path | None = None
) -> tuple[list[dict[str, Any]], dict[str, list[SummarizerError]]]:
    """Each variant's report, and each variant's failed articles. Two variants record to
    (and replay from) a subdirectory each, named after the variant."""

    def subdir(root: Path | None, variant: Variant) -> Path | None:
        return root / variant.name if root and len(variants) > 1 else root

    reports, failures = [], {}
    for variant in variants:
        scores = run_variant(
            variant,
            cases,
            record=subdir(record, variant),
            replay=subdir(replay, variant),
            progress=lambda name, v=variant.name: log.info("[%s] %s", v, name),
            failures=failures.setdefault(variant.name, []),
        )
        label = recorded_label(variant, subdir(replay, variant))
        reports.append(variant_report(variant, scores, pool_scores(scores), label))
    return reports, failures
