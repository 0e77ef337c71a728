"""Expand a batch's inputs (files, directories, globs) into article paths.

A directory is walked without following symbolic links, and a link found inside it is
skipped (with one warning): a link to /etc/passwd in a folder of articles must not be
read and sent to an endpoint. A file named on the command line is read as named. The
results directory (`--out`) is never read as input: inside an input directory it is
skipped, and as the input directory itself it is refused.
"""

from __future__ import annotations

import glob
import logging
import os
from pathlib import Path

from ..errors import ConfigError, InputError

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}


def _walk(directory: Path, skipped: list[Path], out: Path | None = None) -> list[Path]:
    if out is not None and directory.resolve() == out:
        # A rerun would read its own .md/.html results as articles, and `--format md` would
        # write a.md over the article a.md: refused, not guessed around.
        raise ConfigError(
            f"--out {directory} is the input directory: give another directory for the results "
            f"(one inside it, such as {directory / 'summaries'}, is skipped when reading articles)"
        )
    found = []
    for root, dirs, files in os.walk(directory, followlinks=False):
        here = Path(root)
        skipped += [here / d for d in dirs if (here / d).is_symlink()]
        if out is not None:  # the results directory inside an input directory: not articles
            dirs[:] = [d for d in dirs if (here / d).resolve() != out]
        for name in files:
            path = here / name
            if path.is_symlink():
                skipped.append(path)
            elif path.suffix.lower() in ARTICLE_SUFFIXES and path.is_file():
                found.append(path)
    return sorted(found)


def expand_inputs(inputs: list[str], out: Path | None = None) -> list[Path]:
    """Every article named, in a stable order, each once; none from the `out` directory."""
    out = out.resolve() if out is not None else None
    found: dict[Path, None] = {}
    skipped: list[Path] = []
    for entry in inputs:
        path = Path(entry)
        if path.is_dir():
            matches = _walk(path, skipped, out)
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
