"""Run one configuration over the gold set and score every article.

`record` keeps each model exchange (and each article's seconds) so that `replay` can
rerun the whole eval later with no model and produce the same report, byte for byte.
"""

from __future__ import annotations

import json
import logging
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError, SummarizerError
from ..files import write_atomic
from ..loader import load_article
from ..modes import WordingMode
from ..prompting import PromptSet
from ..session import ModelSettings, open_model
from .dataset import Case
from .metrics import ArticleScore, score_article

log = logging.getLogger(__name__)
TIMINGS = "seconds.json"
LABEL = "variant.json"


@dataclass(frozen=True)
class Variant:
    """One configuration under test: an endpoint (or the embedded model), a prompt set."""

    name: str
    settings: ModelSettings
    prompts: Path | None = None
    wording: str = "auto"  # auto | model | extract

    @property
    def label(self) -> str:
        parts = [self.settings.label]
        if self.settings.model:
            parts.append(self.settings.model)
        if self.prompts:
            parts.append(f"prompts={self.prompts}")
        return " ".join(parts)


def load_variant(path: Path) -> Variant:
    """A TOML file: name, base_url, model, api_key_env, backend, model_path, prompts, wording."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read the configuration {path}: {error}") from None
    import os

    known = {"name", "base_url", "model", "api_key_env", "backend", "model_path", "prompts", "wording"}
    if unknown := set(data) - known:
        raise ConfigError(
            f"{path}: unknown keys {', '.join(sorted(unknown))} (known: {', '.join(sorted(known))})"
        )
    key_env = data.get("api_key_env")
    if key_env and not os.environ.get(key_env, "").strip():
        # Silently sending no key would end in a "refused the API key" far from its cause.
        raise ConfigError(f"{path}: api_key_env names {key_env}, which is not set (or empty)")
    relative = lambda key: (path.parent / data[key]) if data.get(key) else None  # noqa: E731
    settings = ModelSettings(
        base_url=data.get("base_url"),
        model=data.get("model"),
        api_key=os.environ[key_env] if key_env else None,
        backend=data.get("backend"),
        model_path=relative("model_path"),
    )
    return Variant(
        str(data.get("name", path.stem)), settings, relative("prompts"), str(data.get("wording", "auto"))
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
    try:
        wording = WordingMode(variant.wording).by_model
    except ValueError:
        raise ConfigError(f"wording must be auto, model or extract, not {variant.wording!r}") from None
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
                summary = summarize_article(article, client, prompts, model_wording=wording).summary
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
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as error:
        raise ConfigError(f"{path.parent} is not a complete recording ({path.name}: {error})") from None


def variant_report(
    variant: Variant, scores: list[ArticleScore], metrics: dict[str, Any], label: str | None = None
) -> dict[str, Any]:
    from .metrics import as_dict

    return {
        "name": variant.name,
        "config": label or variant.label,
        "metrics": metrics,
        "articles": [as_dict(s) for s in scores],
    }
