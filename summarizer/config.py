"""Configuration files: one TOML format for `eval --config` and for `summarize`/`batch`.

Keys: name, base_url, model, api_key, api_key_env, backend, model_path, prompts, wording.
Paths are relative to the file. `summarize` and `batch` also read a default file,
`config.toml` in the user config directory (or in `$SUMMARIZER_CONFIG_DIR`), when there is
one and no `--config` is given; flags win over the environment, the environment over a file.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .errors import ConfigError
from .modes import WordingMode
from .redact import register_endpoint, register_secret
from .session import ModelSettings

CONFIG_FILE = "config.toml"


@dataclass(frozen=True)
class RunConfig:
    """A configuration file's settings. Every value is a string (no pydantic here: this runs
    before the embedded model starts, and each import delays it)."""

    name: str | None = None
    base_url: str | None = None
    model: str | None = None
    api_key: str | None = None
    api_key_env: str | None = None  # the name of an environment variable that holds the key
    backend: str | None = None
    model_path: Path | None = None
    prompts: Path | None = None
    wording: WordingMode | None = None

    @property
    def key(self) -> str | None:
        if self.api_key or not self.api_key_env:
            return self.api_key
        return os.environ.get(self.api_key_env) or None

    def settings(self) -> ModelSettings:
        """The model settings this file alone gives (`eval --config`)."""
        return ModelSettings(
            base_url=self.base_url,
            model=self.model,
            api_key=self.key,
            backend=self.backend,
            model_path=self.model_path,
        )

    def under(self, settings: ModelSettings) -> ModelSettings:
        """`settings` (flags, then the environment) with what they leave open taken from here."""
        return replace(
            settings,
            base_url=settings.base_url or self.base_url,
            model=settings.model or self.model,
            api_key=settings.api_key or self.key,
            backend=settings.backend or self.backend,
            model_path=settings.model_path or self.model_path,
        )


CONFIG_MAX_BYTES = 1 << 20


def read_config(path: Path) -> RunConfig:
    """The file's settings, or a one-line `ConfigError` (exit 2) that names the key at fault."""
    from .errors import InputError
    from .loader import read_bytes  # bounded: not /dev/zero into memory, not a pipe forever

    try:
        data = tomllib.loads(read_bytes(path, CONFIG_MAX_BYTES, article=False).decode("utf-8"))
    except InputError as error:
        raise ConfigError(f"cannot read the configuration: {error}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read the configuration {path}: {error}") from None
    except (RecursionError, MemoryError):  # nested 50,000 deep: bad input, not a crash
        raise ConfigError(f"cannot read the configuration {path}: nested too deep or too large") from None
    # Masked before anything could print them, as a key given by flag is.
    if isinstance(data.get("api_key"), str):
        register_secret(data["api_key"])
    if isinstance(data.get("base_url"), str):
        register_endpoint(data["base_url"], None)
    known = [f.name for f in fields(RunConfig)]
    if unknown := sorted(set(data) - set(known)):
        raise ConfigError(f"{path}: unknown keys {', '.join(unknown)} (known: {', '.join(known)})")
    for key, value in data.items():
        if not isinstance(value, str):  # the value itself is not shown: it may be the key
            raise ConfigError(f"{path}: {key} must be a string in quotes, not a {_toml_type(value)}")
    if data.get("base_url") == "":  # as with --base-url "": a mistake, not "the embedded model"
        raise ConfigError(f"{path}: base_url is empty (leave the key out for the embedded model)")
    values: dict[str, object] = {key: value for key, value in data.items() if value}
    for key in ("model_path", "prompts"):
        if key in values:
            values[key] = path.parent / str(values[key])
    key_env = values.get("api_key_env")
    if key_env and not os.environ.get(str(key_env), "").strip():
        # Silently sending no key would end in a "refused the API key" far from its cause.
        raise ConfigError(f"{path}: api_key_env names {key_env}, which is not set (or empty)")
    if "wording" in values:
        try:
            values["wording"] = WordingMode(values["wording"])
        except ValueError:
            choices = ", ".join(mode.value for mode in WordingMode)
            raise ConfigError(
                f"{path}: wording must be one of {choices}, not {values['wording']!r}"
            ) from None
    return RunConfig(**values)  # type: ignore[arg-type]


def _toml_type(value: object) -> str:
    names = {bool: "boolean", int: "number", float: "number", list: "list", dict: "table"}
    return next((name for kind, name in names.items() if isinstance(value, kind)), "date")


def default_config_path() -> Path:
    import platformdirs

    root = os.environ.get("SUMMARIZER_CONFIG_DIR") or platformdirs.user_config_dir("summarizer")
    return Path(root) / CONFIG_FILE


def find_config(explicit: Path | None) -> RunConfig:
    """`--config FILE`, else the default file if there is one, else no settings at all."""
    if explicit is not None:
        return read_config(explicit)
    default = default_config_path()
    return read_config(default) if default.is_file() else RunConfig()
