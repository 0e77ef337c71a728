"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..session import DEFAULT_TIMEOUT, ModelSettings

MODEL_PANEL = "Model endpoint"

BaseUrl = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 "
        "[env: SUMMARIZER_BASE_URL]. Default: start the embedded model.",
        rich_help_panel=MODEL_PANEL,
        show_default=False,
    ),
]
Model = Annotated[
    str | None,
    typer.Option(
        "--model",
        help="Model name on that endpoint [env: SUMMARIZER_MODEL]. Default: the first it serves.",
        rich_help_panel=MODEL_PANEL,
        show_default=False,
    ),
]
ApiKey = Annotated[
    str | None,
    typer.Option(
        "--api-key",
        help="API key [env: OPENAI_API_KEY]. Never printed or stored.",
        rich_help_panel=MODEL_PANEL,
        show_default=False,
    ),
]
Backend = Annotated[
    str | None,
    typer.Option(
        "--backend",
        help="Server kind: llamacpp, llama-cpp-python, ollama, vllm, openai, generic "
        "[env: SUMMARIZER_BACKEND]. Default: ask the server.",
        rich_help_panel=MODEL_PANEL,
        show_default=False,
    ),
]
ModelPath = Annotated[
    Path | None,
    typer.Option(
        "--model-path",
        help="Serve this GGUF file instead of the embedded Qwen2.5-Coder-1.5B.",
        rich_help_panel=MODEL_PANEL,
        show_default=False,
    ),
]
Timeout = Annotated[
    float,
    typer.Option("--timeout", help="Seconds one model answer may take.", rich_help_panel=MODEL_PANEL),
]

NoLog = Annotated[
    bool,
    typer.Option(
        "--no-log",
        help="Keep no record of this run in the run log (`summarizer logs`) [env: SUMMARIZER_NO_LOG=1].",
    ),
]


def model_settings(
    base_url: str | None,
    model: str | None,
    api_key: str | None,
    backend: str | None,
    model_path: Path | None,
    timeout: float = DEFAULT_TIMEOUT,
    **extra: object,
) -> ModelSettings:
    return ModelSettings(
        base_url=base_url,
        model=model,
        api_key=api_key,
        backend=backend,
        model_path=model_path,
        timeout=timeout,
        **extra,  # type: ignore[arg-type]
    )


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
