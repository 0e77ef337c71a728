"""Read the place and day of the event from a wire-service dateline.

"ST. PETERSBURG, Sept. 11 (Xinhua) --", "JAKARTA, Sept 6 (Reuters) -",
"SUVA, Fiji, May 30, 2022 (Xinhua) --", "ASTANA, November 27. /TASS/." and, without a day,
"BEIJING --" followed by "... on Saturday".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..sentences import Sentence
from .lexicon import WEEKDAYS

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_CITY = r"(?P<city>[A-Z][A-Za-z.'\-]*(?:\s+(?:[A-Z][A-Za-z.'\-]*|de|da|do|del|es|al|el)){0,3})"
_DATELINE = re.compile(
    rf"^\s*{_CITY}(?:\s*,\s*(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)[A-Z][A-Za-z.\-]*(?:\s+[A-Z][A-Za-z.\-]*){{0,2}})?"
    rf"(?:\s*,\s*{_MONTH}\s+(?P<day>\d{{1,2}})(?:\s*,\s*(?P<year>\d{{4}}))?)?\.?"
    r"\s*(?:\([^)]{1,40}\)|/[^/]{1,20}/\.?)?\s*(?:--|-|\u2014|\u2013|\.)\s"
)
_WEEKDAYS = [day.lower() for day in WEEKDAYS]
_ON_WEEKDAY = re.compile(rf"\bon\s+({'|'.join(WEEKDAYS)})\b")
_IN_TEXT_DATE = re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:\s*,\s*(?P<year>\d{{4}}))?\b")


@dataclass(frozen=True)
class Dateline:
    location: str | None
    date: dt.date | None


_LOWER_PARTICLES = {"de", "da", "do", "del", "es", "al", "el", "of", "the"}


def _title_case(city: str) -> str:
    words = []
    for word in city.split():
        if word.lower() in _LOWER_PARTICLES and words:
            words.append(word.lower())
            continue
        parts = re.split(r"([\-.'])", word.lower())
        words.append("".join(p.capitalize() if p.isalpha() else p for p in parts))
    return " ".join(words)


def _resolve_year(month: int, day: int, year: int | None, published: dt.date | None) -> dt.date | None:
    try:
        if year:
            return dt.date(year, month, day)
        if published is None:
            return None
        candidate = dt.date(published.year, month, day)
        # A dateline never lies after the publication date: "Dec. 31" published Jan. 1.
        return candidate if candidate <= published else dt.date(published.year - 1, month, day)
    except ValueError:
        return None


def read_dateline(sentences: list[Sentence], published: dt.date | None) -> Dateline:
    for sentence in sentences[:4]:
        match = _DATELINE.match(sentence.text)
        if not match or len(match.group("city")) < 3:
            continue
        date = None
        if match.group("month"):
            month = _MONTHS[match.group("month")[:3].lower()]
            year = int(match.group("year")) if match.group("year") else None
            date = _resolve_year(month, int(match.group("day")), year, published)
        if date is None:
            date = _date_from_text(sentences[:6], published)
        return Dateline(location=_title_case(match.group("city")), date=date)
    return Dateline(location=None, date=_date_from_text(sentences[:6], published))


def _date_from_text(sentences: list[Sentence], published: dt.date | None) -> dt.date | None:
    for sentence in sentences:
        if match := _IN_TEXT_DATE.search(sentence.text):
            month = _MONTHS[match.group("month")[:3].lower()]
            year = int(match.group("year")) if match.group("year") else None
            if date := _resolve_year(month, int(match.group("day")), year, published):
                return date
        if published and (match := _ON_WEEKDAY.search(sentence.text)):
            # "on Wednesday" in a report published on Thursday: the latest such day.
            back = (published.weekday() - _WEEKDAYS.index(match.group(1).lower())) % 7
            return published - dt.timedelta(days=back)
    return None
