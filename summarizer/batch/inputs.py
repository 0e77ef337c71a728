"""Expand a batch's inputs (files, directories, globs) into article paths.

A directory is walked without following symbolic links, and a link found inside it is
skipped (with one warning): a link to /etc/passwd in a folder of articles must not be
read and sent to an endpoint. A file named on the command line is read as named.
"""

from __future__ import annotations

import glob
import logging
import os
from pathlib import Path

from ..errors import InputError

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}


def _walk(directory: Path, skipped: list[Path]) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(directory, followlinks=False):
        here = Path(root)
        skipped += [here / d for d in dirs if (here / d).is_symlink()]
        for name in files:
            path = here / name
            if path.is_symlink():
                skipped.append(path)
            elif path.suffix.lower() in ARTICLE_SUFFIXES and path.is_file():
                found.append(path)
    return sorted(found)


def expand_inputs(inputs: list[str]) -> list[Path]:
    """Every article named, in a stable order, each once."""
    found: dict[Path, None] = {}
    skipped: list[Path] = []
    for entry in inputs:
        path = Path(entry)
        if path.is_dir():
            matches = _walk(path, skipped)
        elif path.exists():
            matches = [path]
        elif glob.has_magic(entry):
            hits = [Path(p) for p in glob.glob(entry, recursive=True)]
            skipped += [p for p in hits if p.is_symlink()]
            matches = sorted(p for p in hits if p.is_file() and not p.is_symlink())
        else:
            raise InputError(f"no such file or directory: {entry}")
        if not matches:
            raise InputError(f"{entry} holds no articles ({', '.join(sorted(ARTICLE_SUFFIXES))})")
        found.update(dict.fromkeys(p.resolve() for p in matches))
    if skipped:
        log.warning(
            "skipped %d symbolic link(s), which a batch does not follow: %s",
            len(skipped), ", ".join(str(p) for p in skipped[:3]) + (" ..." if len(skipped) > 3 else ""),
        )  # fmt: skip
    return list(found)
