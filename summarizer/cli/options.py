"""Options shared by several commands, declared once.

The model options are the fields of `ModelOptions`: a field's annotation is its typer option,
its default the option's default. `@takes_options(ModelOptions)` lists them in a command in
place of its one `ModelOptions` parameter and hands them back to it as one object, so a new
model option is one new field (typer has no option groups: see `options_group.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Annotated, Any

import typer

from .. import runlog
from ..config import RunConfig, find_config
from ..loader import DEFAULT_MAX_BYTES
from ..modes import WordingMode
from ..prompting import PromptSet
from ..session import DEFAULT_TIMEOUT, MAX_TIMEOUT, ModelSettings
from .options_group import takes_options

__all__ = [
    "Config",
    "ModelOptions",
    "ModelPath",
    "NoLog",
    "ReadingOptions",
    "configured",
    "takes_options",
]

MODEL_PANEL = "Model endpoint"


def _model_option(flag: str, help: str, **more: Any) -> Any:
    return typer.Option(flag, help=help, rich_help_panel=MODEL_PANEL, **{"show_default": False, **more})


# Named because `serve` takes it alone.
ModelPath = Annotated[
    Path | None,
    _model_option("--model-path", "Serve this GGUF file instead of the embedded Qwen2.5-Coder-1.5B."),
]


@dataclass(frozen=True)
class ModelOptions:
    """Which model answers, and how long it may take: the options of summarize, batch, eval
    and doctor. Flags only: the environment and a config file fill in later (`ModelSettings`)."""

    base_url: Annotated[
        str | None,
        _model_option(
            "--base-url",
            "OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 "
            "(env: SUMMARIZER_BASE_URL). Default: start the embedded model.",
        ),
    ] = None
    model: Annotated[
        str | None,
        _model_option(
            "--model", "Model name on that endpoint (env: SUMMARIZER_MODEL). Default: the first it serves."
        ),
    ] = None
    api_key: Annotated[
        str | None, _model_option("--api-key", "API key (env: OPENAI_API_KEY). Never printed or stored.")
    ] = None
    backend: Annotated[
        str | None,
        _model_option(
            "--backend",
            "Server kind: llamacpp, llama-cpp-python, ollama, vllm, openai, generic "
            "(env: SUMMARIZER_BACKEND). Default: ask the server.",
        ),
    ] = None
    model_path: ModelPath = None
    timeout: Annotated[
        float,
        _model_option(
            "--timeout", f"Seconds one model answer may take (at most {MAX_TIMEOUT:g}).", show_default=True
        ),
    ] = DEFAULT_TIMEOUT

    def settings(self, **extra: Any) -> ModelSettings:
        """These flags as model settings (checked there: a bad URL or timeout is refused)."""
        given = {field.name: getattr(self, field.name) for field in fields(self)}
        return ModelSettings(**given, **extra)


def configured(options: ModelOptions, config: Path | None, no_log: bool) -> tuple[RunConfig, ModelSettings]:
    """The configuration file of summarize and batch, and their model settings: the flags,
    then the environment, then that file."""
    file = find_config(config)
    return file, file.under(options.settings(log=runlog.enabled(no_log)).with_environment())


NoLog = Annotated[
    bool,
    typer.Option(
        "--no-log",
        help="Keep no record of this run in the run log (`summarizer logs`) (env: SUMMARIZER_NO_LOG=1).",
    ),
]
Config = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Settings from this TOML file: base_url, model, api_key or api_key_env, backend, "
        "model_path, prompts, wording (as for eval --config). Flags and the environment win over "
        "it. Default: config.toml in the user config directory (or $SUMMARIZER_CONFIG_DIR), if any.",
        show_default=False,
    ),
]


@dataclass(frozen=True)
class ReadingOptions:
    """How summarize and batch read articles and word their answers (eval has its own
    --prompts and --wording: it compares them)."""

    encoding: Annotated[
        str | None,
        typer.Option(help="Decode articles with this encoding (default UTF-8).", show_default=False),
    ] = None
    max_bytes: Annotated[int, typer.Option(help="Refuse articles larger than this.")] = DEFAULT_MAX_BYTES
    prompts: Annotated[
        Path | None, typer.Option(help="Use the templates in this directory instead of the built-in ones.")
    ] = None
    wording: Annotated[
        WordingMode | None,
        typer.Option(
            help="Who writes summaries and key points: the model, or cut from the evidence (extract). "
            "Default: auto.",
            show_default=False,
        ),
    ] = None

    def prompt_set(self, file: RunConfig) -> PromptSet:
        """The templates of --prompts, else of the configuration file, else the built-in ones."""
        return PromptSet(self.prompts or file.prompts)

    def wording_mode(self, file: RunConfig) -> WordingMode:
        return self.wording or file.wording or WordingMode.auto
