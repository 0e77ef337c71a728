"""Read the place and day of the event from a wire-service dateline.

"ST. PETERSBURG, Sept. 11 (Xinhua) --", "JAKARTA, Sept 6 (Reuters) -",
"SUVA, Fiji, May 30, 2022 (Xinhua) --", "ASTANA, November 27. /TASS/." and, without a day,
"BEIJING --" followed by "... on Saturday".
"""

from __future__ import annotations

import datetime as dt
import itertools
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


# A page's own date line: "Updated: 2015-09-26 02:44:10", "Wednesday, May 7, 2014".
_STAMP = re.compile(
    rf"^\s*(?:(?:Updated|Published|Posted)\s*:?\s*)?(?:(?:{'|'.join(WEEKDAYS)}),?\s+)?"
    rf"(?:(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})|{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}}))"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$"
)
STAMP_SENTENCES = 6
HISTORY = dt.timedelta(days=31)
_TODAY = re.compile(r"\btoday\b", re.IGNORECASE)
_CITY_ALONE = re.compile(r"^\s*[A-Z][A-Z'\-]+(?:\s+[A-Z][A-Z'\-]+){0,2}\.\s*$")
_AGENCY_DASH = re.compile(r"^\s*[A-Z]{2,}\s*(?:--|-|\u2014|\u2013)\s")


def page_date(lines: list[str]) -> dt.date | None:
    """The date a page prints on a line of its own near the top, if any."""
    for line in lines[:STAMP_SENTENCES]:
        if match := _STAMP.match(line):
            try:
                if match.group("iso"):
                    return dt.date.fromisoformat(match.group("iso"))
                month = _MONTHS[match.group("month")[:3].lower()]
                return dt.date(int(match.group("year")), month, int(match.group("day")))
            except ValueError:
                return None
    return None


def read_dateline(
    sentences: list[Sentence], published: dt.date | None, headline: str | None = None
) -> Dateline:
    """`published`: the article's metadata date; else the page's own date line (which may
    have been taken for the headline) resolves "on Friday" and a dateline without a year,
    and is the date of what the page says happened "today"."""
    stamp = None if published else page_date([headline or "", *(s.text for s in sentences)])
    dateline = _dateline(sentences, published or stamp)
    if stamp and any(_TODAY.search(s.text) for s in sentences[:STAMP_SENTENCES]):
        return Dateline(dateline.location, stamp)  # "Prime Minister Harper today announced ..."
    return dateline


def _dateline(sentences: list[Sentence], published: dt.date | None) -> Dateline:
    for city, agency in itertools.pairwise(sentences[:4]):
        # "ASTANA. KAZINFORM - ...": the city ends a sentence of its own before the agency.
        if _CITY_ALONE.match(city.text) and _AGENCY_DASH.match(agency.text):
            return Dateline(_title_case(city.text.rstrip(". ")), _date_from_text(sentences[:6], published))
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
        if _STAMP.match(sentence.text):
            continue  # the page's own date is when it was printed, not the event's
        if match := _IN_TEXT_DATE.search(sentence.text):
            month = _MONTHS[match.group("month")[:3].lower()]
            year = int(match.group("year")) if match.group("year") else None
            date = _resolve_year(month, int(match.group("day")), year, published)
            if date and not (published and date < published - HISTORY):
                return date  # (a date long before the page's is history: "signed on June 8, 2012")
        if published and (match := _ON_WEEKDAY.search(sentence.text)):
            # "on Wednesday" in a report published on Thursday: the latest such day.
            back = (published.weekday() - _WEEKDAYS.index(match.group(1).lower())) % 7
            return published - dt.timedelta(days=back)
    return None
