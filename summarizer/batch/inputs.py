"""Expand a batch's inputs (files, directories, globs) into article paths."""

from __future__ import annotations

import glob
from pathlib import Path

from ..errors import InputError

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}


def expand_inputs(inputs: list[str]) -> list[Path]:
    """Every article named, in a stable order, each once."""
    found: dict[Path, None] = {}
    for entry in inputs:
        path = Path(entry)
        if path.is_dir():
            matches = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
        elif path.exists():
            matches = [path]
        elif glob.has_magic(entry):
            matches = sorted(Path(p) for p in glob.glob(entry, recursive=True) if Path(p).is_file())
        else:
            raise InputError(f"no such file or directory: {entry}")
        if not matches:
            raise InputError(f"{entry} holds no articles ({', '.join(sorted(ARTICLE_SUFFIXES))})")
        found.update(dict.fromkeys(p.resolve() for p in matches))
    return list(found)
