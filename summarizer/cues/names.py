"""The parts of a person's name that the text may use alone ("Wang Yi", "Yi"; "Jean-Yves
Le Drian", "Drian"): one rule for every place that looks for the speaker by name."""

from __future__ import annotations

import re


def name_parts(name: str | None) -> list[str]:
    """The capitalised parts of a name, hyphens splitting: "bin" or "al" are not names
    alone, a one-letter initial matches too much, and two capitals are an office or a body
    ("FM", "PM", "UN"), not a name ("Yi")."""
    parts = (name or "").replace("-", " ").split()
    return [p for p in parts if p[0].isupper() and (len(p) >= 3 or (len(p) == 2 and not p.isupper()))]


def any_part(name: str | None) -> str | None:
    """A case-sensitive regex matching any part of the name as a word; None for no name."""
    parts = name_parts(name)
    return rf"(?-i:\b(?:{'|'.join(re.escape(p) for p in parts)})\b)" if parts else None
