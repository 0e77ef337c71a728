"""How pages print the day of a statement, each pinned by a text written for this test (no
published sentence): the page's own date line, the dateline, and the weekday of the event."""

from __future__ import annotations

import datetime as dt

from summarizer.cues.dateline import read_dateline
from summarizer.sentences import split_sentences


def day_of(text: str, published: dt.date | None = None, headline: str | None = None) -> dt.date | None:
    return read_dateline(split_sentences(text), published, headline).date


def test_a_weekday_without_on_is_the_day_before_the_page() -> None:
    thursday = dt.date(2020, 6, 18)
    assert day_of("President Ana Rocha Wednesday made three proposals to the forum.", thursday) == dt.date(
        2020, 6, 17
    )
    assert day_of("She spoke at Wednesday's opening session of the forum.", thursday) == dt.date(2020, 6, 17)


def test_a_weekday_the_event_is_not_held_on_is_no_day() -> None:
    thursday = dt.date(2021, 12, 2)
    assert day_of("The minister said the offer stands until Friday.", thursday) is None
    assert day_of("The envoys will meet again next Monday.", thursday) is None


def test_a_page_date_line_with_a_clock_or_a_byline_resolves_the_weekday() -> None:
    clock = "Mar 3, 2024, 9:05 AM\n\nLIMA, Mar. 3 (Andes) - The minister proposed two steps."
    assert day_of(clock) == dt.date(2024, 3, 3)
    byline = "By Jo Smith 9 minutes ago Fri 03rd December 2021 | 10:15 AM\n\nThe ministers met on Friday."
    assert day_of(byline) == dt.date(2021, 12, 3)
    day_first = "14 Apr, 2015 3:15 pm\n\nQUITO - The minister laid out a plan on Tuesday."
    assert day_of(day_first) == dt.date(2015, 4, 14)
    no_space = "Posted Jun 4,2018\n\nThe president on Sunday hosted the new secretary-general."
    assert day_of(no_space) == dt.date(2018, 6, 3)


def test_the_page_date_is_not_the_event_when_the_text_gives_another() -> None:
    text = "Share Print Agency, September 26, 2015\n\nThe two leaders met on Sept. 25, 2015 in the capital."
    assert day_of(text) == dt.date(2015, 9, 25)


def test_a_dateline_day_without_a_year_is_never_replaced_by_a_photo_caption_date() -> None:
    text = (
        "DAKAR, Nov. 29 (Agency) -- The president made four proposals on Monday.\n\n"
        "Farmers harvest rice near a Chinese-built dam in Senegal on Jan. 11, 2017."
    )
    assert day_of(text) is None  # no year anywhere for Nov. 29
    agency_day = (
        "NEWSWIRE (Apr 10) - The spokesman held his weekly briefing today April 10th.\n\n"
        "The spokesman at a news conference in the capital on November 1, 2022."
    )
    assert day_of(agency_day) is None


def test_the_dateline_day_steps_back_to_the_weekday_the_story_names() -> None:
    text = "New Delhi, September 28\n\nThe ambassador spoke at an event on Tuesday. He made four proposals."
    assert day_of(text, dt.date(2022, 9, 29)) == dt.date(2022, 9, 27)


def test_a_dateline_taken_for_the_headline_still_dates_and_places_the_story() -> None:
    found = read_dateline(
        split_sentences("I suggest that member states think about a secretariat, the president said."),
        dt.date(2021, 10, 11),
        headline="QUITO, Ecuador, October 11",
    )
    assert (found.location, found.date) == ("Quito", dt.date(2021, 10, 11))


def test_menu_lines_before_the_dateline_do_not_hide_it() -> None:
    text = (
        "Edited by Jo Smith\n\n2022-03-12 10:21:07\n\nPinterest\n\nTelegram\n\nWhatsApp\n\n"
        "LIMA, March 12 (Agency)-- The president said on Friday that he brings a set of proposals."
    )
    found = read_dateline(split_sentences(text), None)
    assert (found.location, found.date) == ("Lima", dt.date(2022, 3, 11))


def test_this_evening_is_the_day_of_the_page() -> None:
    text = "The two presidents witnessed the signing of five agreements this evening."
    assert day_of(text, dt.date(2019, 1, 16)) == dt.date(2019, 1, 16)


def test_a_title_a_month_or_a_sentence_opening_is_not_a_dateline_city() -> None:
    def city(text: str) -> str | None:
        return read_dateline(split_sentences(text), None).location

    assert city("Prime Minister — Rocha said that free trade is old.") is None
    assert city("Oct. 31, 2015 (Review)—The deputy minister brought a plan to the talks.") is None
    assert city("The U.S. and Peruvian presidents discussed the conflict.") is None
    assert city("Mexico City. – The president reiterated the need for action.") == "Mexico City"
    assert city("LIMA, Oct. 3 (Andes) -- The minister spoke.") == "Lima"


def test_yesterday_is_the_day_before_the_page() -> None:
    assert day_of("Peru proposed a river summit yesterday.", dt.date(2019, 8, 28)) == dt.date(2019, 8, 27)
