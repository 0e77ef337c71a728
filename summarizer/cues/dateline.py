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
from .lexicon import MONTHS, OFFICES, WEEKDAYS

# A month by its first three letters: "Sept.", "Sep", "September" are 9.
_MONTHS = {name[:3].lower(): number for number, name in enumerate(MONTHS, 1)}
_MONTH = rf"(?P<month>{'|'.join(name[:3] for name in MONTHS)})[a-z]*\.?"
# A city is not a weekday, a month, an office or a sentence's "The" ("Prime Minister — Modi
# said", "Oct. 31, 2015 (EIRNS)—", "The U.S. and Russian presidents").
_MONTH_WORDS = (*MONTHS, *(m[:3] for m in MONTHS), "Sept")
_NOT_A_CITY = rf"(?!(?:{'|'.join((*WEEKDAYS, *_MONTH_WORDS))}|The|A|Prime|Foreign)\b)(?!(?i:{OFFICES})\b)"
_CITY = (
    rf"{_NOT_A_CITY}(?P<city>[A-Z][A-Za-z.'\-]*(?:\s+(?:[A-Z][A-Za-z.'\-]*|de|da|do|del|es|al|el)){{0,3}})"
)
_DATELINE = re.compile(
    rf"^\s*{_CITY}(?:\s*,\s*(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)[A-Z][A-Za-z.\-]*(?:\s+[A-Z][A-Za-z.\-]*){{0,2}})?"
    rf"(?:\s*,\s*{_MONTH}\s+(?P<day>\d{{1,2}})(?:\s*,\s*(?P<year>\d{{4}}))?)?\.?"
    r"\s*(?:\([^)]{1,40}\)|/[^/]{1,20}/\.?)?\s*(?:(?:--|-|\u2014|\u2013|\.)\s|(?<=\d)\s*$)"
)
# The agency's own day in its parentheses: "WANA (Apr 10) -".
_AGENCY_DAY = re.compile(
    rf"^\s*[A-Z]{{2,}}\s*\(\s*{_MONTH}\s+(?P<day>\d{{1,2}})\s*\)\s*(?:--|-|\u2014|\u2013)\s"
)
_WEEKDAYS = [day.lower() for day in WEEKDAYS]
_WEEKDAY = re.compile(rf"\b(?:(\w+)\s+)?({'|'.join(WEEKDAYS)})\b")
# A weekday after these is not the day of the event: "until Friday", "next Monday".
_NOT_THE_DAY = {
    "next",
    "until",
    "till",
    "since",
    "by",
    "from",
    "every",
    "before",
    "after",
    "coming",
    "good",
    "black",
}
_IN_TEXT_DATE = re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:\s*,\s*(?P<year>\d{{4}}))?\b")


@dataclass(frozen=True)
class Dateline:
    location: str | None
    date: dt.date | None
    dated: bool = False  # the day comes from the dateline itself (even if its year is unknown)


_LOWER_PARTICLES = {"de", "da", "do", "del", "es", "al", "el", "of", "the"}


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _title_case(city: str) -> str:
    if city.endswith(".") and city.count(".") == 1:
        city = city[:-1]  # "Mexico City. -": the dateline's full stop, not "D.C."
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


# A full date as pages print them: "2015-09-26", "May 21,2019", "Sept. 25, 2015",
# "4 Jun, 2016", "Fri 03rd December 2021".
_ORDINAL_DAY = r"(?P<{0}>\d{{1,2}})(?:st|nd|rd|th)?"
_FULL_DATE = re.compile(
    rf"\b(?:(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})|{_MONTH}\s+{_ORDINAL_DAY.format('day')},?\s*(?P<year>\d{{4}})"
    rf"|{_ORDINAL_DAY.format('day2')}\s+{_MONTH.replace('month', 'month2')},?\s+(?P<year2>\d{{4}}))\b"
)
# A page's own date line ("Updated: 2015-09-26 02:44:10", "Mar 3, 2024, 9:05 AM", "Xinhua,
# September 26, 2015", "By Jane Doe 9 minutes ago Fri 03rd December 2021 | 10:15 AM"): a
# short line that holds a full date and does not end as a sentence of prose does.
STAMP_WORDS = 14
_PROSE_END = re.compile(r"[.!?\"'\u201d:]\s*$")


def _full_date(match: re.Match[str]) -> dt.date | None:
    try:
        if match.group("iso"):
            return dt.date.fromisoformat(match.group("iso"))
        month, day = (match.group("month"), match.group("day")) if match.group("month") else (
            match.group("month2"), match.group("day2"))  # fmt: skip
        year = match.group("year") or match.group("year2")
        return dt.date(int(year), _month(month), int(day))
    except ValueError:
        return None


def _stamp(line: str) -> dt.date | None:
    """The date of a page's own date line, or None if `line` is not one."""
    if len(line.split()) > STAMP_WORDS or _PROSE_END.search(line):
        return None
    match = _FULL_DATE.search(line)
    return _full_date(match) if match else None


STAMP_SENTENCES = 6
LEAD_SENTENCES = 6  # where the day of the event is read (after the page's furniture)
FURNITURE_WORDS = 3
HISTORY = dt.timedelta(days=31)
_YESTERDAY = re.compile(r"\byesterday\b", re.IGNORECASE)
_TODAY = re.compile(r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b", re.IGNORECASE)
_CITY_ALONE = re.compile(r"^\s*[A-Z][A-Z'\-]+(?:\s+[A-Z][A-Z'\-]+){0,2}\.\s*$")
_AGENCY_DASH = re.compile(r"^\s*[A-Z]{2,}\s*(?:--|-|\u2014|\u2013)\s")


def page_date(lines: list[str]) -> dt.date | None:
    """The date a page prints on a line of its own near the top, if any."""
    for line in lines[:STAMP_SENTENCES]:
        if (date := _stamp(line)) is not None:
            return date
    return None


def read_dateline(
    sentences: list[Sentence], published: dt.date | None, headline: str | None = None
) -> Dateline:
    """`published`: the article's metadata date; else the page's own date line (which may
    have been taken for the headline) resolves "on Friday" and a dateline without a year,
    and is the date of what the page says happened "today"."""
    texts = [s.text for s in sentences]
    anchor = published or page_date([headline or "", *texts])
    if headline and _DATELINE.match(headline):
        texts.insert(0, headline)  # "BAKU, Azerbaijan, October 11" taken for the headline
    lead = [text for text in texts if _DATELINE.match(text) or not _furniture(text)][:LEAD_SENTENCES]
    dateline = _dateline(lead, anchor)
    if dateline.dated or not (anchor and any(_TODAY.search(text) for text in lead)):
        return dateline
    return Dateline(dateline.location, anchor)  # "Prime Minister Harper today announced ..."


def _furniture(line: str) -> bool:
    """A page's menu or share buttons ("Pinterest", "Photo: EFE"), not article text."""
    return len(line.split()) <= FURNITURE_WORDS and not _PROSE_END.search(line)


def _dateline(lead: list[str], anchor: dt.date | None) -> Dateline:
    for city, agency in itertools.pairwise(lead[:4]):
        # "ASTANA. KAZINFORM - ...": the city ends a sentence of its own before the agency.
        if _CITY_ALONE.match(city) and _AGENCY_DASH.match(agency):
            return Dateline(_title_case(city.rstrip(". ")), _date_from_text(lead, anchor))
    for line in lead[:4]:
        if match := _AGENCY_DAY.match(line):
            return Dateline(None, _dateline_day(match, lead, anchor), dated=True)
        match = None if _stamp(line) else _DATELINE.match(line)  # (a date line is not a dateline)
        if not match or len(match.group("city")) < 3:
            continue
        if not match.group("month"):
            return Dateline(_title_case(match.group("city")), _date_from_text(lead, anchor))
        # The dateline's day is the day, or the weekday before it the story names; never
        # another date of the text (a photo caption's, an earlier event's).
        return Dateline(_title_case(match.group("city")), _dateline_day(match, lead, anchor), dated=True)
    return Dateline(location=None, date=_date_from_text(lead, anchor))


def _dateline_day(match: re.Match[str], lead: list[str], anchor: dt.date | None) -> dt.date | None:
    month, day = _month(match.group("month")), int(match.group("day"))
    year = match.groupdict().get("year")
    date = _resolve_year(month, day, int(year) if year else _year_of(month, day, lead), anchor)
    weekday = next((w for line in lead if (w := _weekday(line)) is not None), None)
    return _latest(weekday, date) if date and weekday is not None else date


def _year_of(month: int, day: int, lead: list[str]) -> int | None:
    """The year of the same day printed elsewhere near the top (the page's date line)."""
    for line in lead:
        for match in _FULL_DATE.finditer(line):
            if (date := _full_date(match)) and (date.month, date.day) == (month, day):
                return date.year
    return None


def _weekday(line: str) -> int | None:
    """The weekday a sentence names as the day of its event ("on Friday", "Ruiz Wednesday
    made", "at Wednesday's debate"), as Monday=0; not "until Friday" or "next Monday"."""
    if _stamp(line):
        return None  # "Wednesday, May 7, 2014": when the page was printed
    for match in _WEEKDAY.finditer(line):
        if (match.group(1) or "").lower() not in _NOT_THE_DAY:
            return _WEEKDAYS.index(match.group(2).lower())
    return None


def _latest(weekday: int, on_or_before: dt.date) -> dt.date:
    """ "on Wednesday" in a report of Thursday: the latest such day."""
    return on_or_before - dt.timedelta(days=(on_or_before.weekday() - weekday) % 7)


def _date_from_text(lead: list[str], anchor: dt.date | None) -> dt.date | None:
    for line in lead:
        if _stamp(line):
            continue  # the page's own date is when it was printed, not the event's
        if match := _IN_TEXT_DATE.search(line):
            month = _month(match.group("month"))
            year = int(match.group("year")) if match.group("year") else None
            date = _resolve_year(month, int(match.group("day")), year, anchor)
            if date and not (anchor and date < anchor - HISTORY):
                return date  # (a date long before the page's is history: "signed on June 8, 2012")
        if anchor and _YESTERDAY.search(line):
            return anchor - dt.timedelta(days=1)  # "proposed ... yesterday" in the day's page
        if anchor and (weekday := _weekday(line)) is not None:
            return _latest(weekday, anchor)
    return None
