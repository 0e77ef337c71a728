"""Expand a batch's inputs (files, directories, globs) into article paths.

A directory is walked without following symbolic links, and a link found inside it is
skipped (with one warning): a link to /etc/passwd in a folder of articles must not be
read and sent to an endpoint. A pipe, socket or device with an article's name is skipped
too, with a warning (reading one could block the batch for ever). A file named on the
command line is read as named. The results directory (`--out`) is never read as input:
inside an input directory it is skipped, and as the input directory itself it is refused.
"""

from __future__ import annotations

import glob
import logging
import os
from pathlib import Path

from ..errors import ConfigError, InputError

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}


class Skipped:
    """What a walk passed over, by why: each kind named once in a warning."""

    def __init__(self) -> None:
        self.links: list[Path] = []
        self.special: list[Path] = []  # pipes, sockets, devices

    def warn(self) -> None:
        for paths, what in (
            (self.links, "symbolic link(s), which a batch does not follow"),
            (
                self.special,
                "pipe(s), socket(s) or device(s) named like articles, which a batch does not read",
            ),
        ):
            if paths:
                shown = ", ".join(str(p) for p in paths[:3]) + (" ..." if len(paths) > 3 else "")
                log.warning("skipped %d %s: %s", len(paths), what, shown)


def _is_special(path: Path) -> bool:
    """A pipe, socket or device: not a file to read, not a directory to walk."""
    return path.exists() and not path.is_symlink() and not (path.is_file() or path.is_dir())


def _walk(directory: Path, skipped: Skipped, out: Path | None = None) -> list[Path]:
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
        skipped.links += [here / d for d in dirs if (here / d).is_symlink()]
        if out is not None:  # the results directory inside an input directory: not articles
            dirs[:] = [d for d in dirs if (here / d).resolve() != out]
        for name in files:
            path = here / name
            if path.is_symlink():
                skipped.links.append(path)
            elif path.suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            elif path.is_file():
                found.append(path)
            else:
                skipped.special.append(path)
    return sorted(found)


def expand_inputs(inputs: list[str], out: Path | None = None) -> list[Path]:
    """Every article named, in a stable order, each once; none from the `out` directory."""
    out = out.resolve() if out is not None else None
    found: dict[Path, None] = {}
    skipped = Skipped()
    for entry in inputs:
        path = Path(entry)
        if path.is_dir():
            matches = _walk(path, skipped, out)
        elif path.exists():
            matches = [path]
        elif glob.has_magic(entry):
            hits = [Path(p) for p in glob.glob(entry, recursive=True)]
            skipped.links += [p for p in hits if p.is_symlink()]
            skipped.special += [p for p in hits if _is_special(p)]
            matches = sorted(p for p in hits if p.is_file() and not p.is_symlink())
        else:
            raise InputError(f"no such file or directory: {entry}")
        if not matches:
            skipped.warn()  # why it holds none may be what was skipped
            raise InputError(f"{entry} holds no articles ({', '.join(sorted(ARTICLE_SUFFIXES))})")
        found.update(dict.fromkeys(p.resolve() for p in matches))
    skipped.warn()
    return list(found)
