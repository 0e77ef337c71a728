"""The deterministic cues: what code finds before any model is asked."""

from __future__ import annotations

import datetime as dt

import pytest

from summarizer.cues.counts import count_cues, stated_count
from summarizer.cues.dateline import read_dateline
from summarizer.cues.initiatives import find_initiatives
from summarizer.cues.ordinals import candidate_lists, cue_items
from summarizer.cues.speaker import office_of
from summarizer.loader import parse_article
from summarizer.sentences import split_sentences
from summarizer.spans import item_sentences


def sentences(text: str):
    return split_sentences(text)


@pytest.mark.parametrize(
    ("text", "rank", "heading"),
    [
        ("Firstly, adhere to the correct principles.", 1, "adhere to the correct principles"),
        ("Second, build a BRICS committed to innovation.", 2, "build a BRICS committed to innovation"),
        ("The third is to put development front and centre.", 3, "put development front and centre"),
        (
            "3. Strengthen the ability of ASEAN to respond to crises.",
            3,
            "Strengthen the ability of ASEAN to respond to crises",
        ),
        (
            '"Fifth, we should firmly uphold the authority of the UN," Wang said.',
            5,
            "firmly uphold the authority of the UN",
        ),
        ("Last but not least, Lula said, the G20 must not lose sight of peace.", 99, None),
        ("A third priority, he said, is to speed up energy transitions.", 3, "speed up energy transitions"),
    ],
)
def test_sentence_start_cues(text: str, rank: int, heading: str | None) -> None:
    [item] = cue_items(sentences(text)[0])
    assert item.rank == rank
    if heading is not None:
        assert item.heading == heading


def test_subject_then_adverb_is_a_cue_but_has_no_heading() -> None:
    [item] = cue_items(sentences("He firstly called on the two sides to deepen trade.")[0])
    assert (item.rank, item.heading, item.style) == (1, None, "subject-adverb")


def test_an_inline_list_gives_one_item_per_segment() -> None:
    text = "Li put forward two suggestions: first, to uphold mutual respect; and second, to pursue common development."
    items = cue_items(sentences(text)[0])
    assert [(i.rank, i.heading) for i in items] == [
        (1, "uphold mutual respect"),
        (2, "pursue common development"),
    ]
    assert text[items[1].start : items[1].end] == "to pursue common development."


@pytest.mark.parametrize(
    "text",
    [
        "For the first time, the two sides signed a deal.",
        "First Vice Premier Ding said the talks went well.",
        "It was the first visit by a Chinese premier since 2016.",
        "The second round of talks ended on Friday.",
    ],
)
def test_other_uses_of_first_are_not_cues(text: str) -> None:
    assert cue_items(sentences(text)[0]) == []


def test_lists_need_two_items_in_order_and_survive_a_stray_first() -> None:
    text = (
        "First, uphold peace.\n\nSecond, put development first.\n\nThird, keep markets open.\n\n"
        "Fourth, reform governance.\n\nXi first proposed the initiative in 2023.\n\n"
        "Fifth, uphold the UN.\n\nSecond, this stray cue belongs to nothing."
    )
    main, stray = candidate_lists(sentences(text))
    assert [i.rank for i in main.items] == [1, 2, 3, 4, 5]
    # The stray pair is a candidate too; judging it is the model's and the scorer's job.
    assert [(i.rank, i.sentence) for i in stray.items] == [(1, 5), (2, 7)]


def test_stated_counts_ignore_ordinals_and_other_numbers() -> None:
    found = count_cues(
        sentences(
            "He spoke at the 14th meeting, three decades after the first one. "
            "To that end, Wang proposed four suggestions. It was a five-point proposal."
        )
    )
    assert [(c.value, c.text) for c in found] == [(4, "four suggestions"), (5, "five-point")]


def test_the_count_nearest_before_the_list_wins_and_the_past_is_skipped() -> None:
    cues = count_cues(
        sentences(
            "Last year he put forward a four-point plan. Today Lavrov made three proposals. "
            "First, talk. Second, act. Third, review."
        )
    )
    chosen = stated_count(cues, first_item=3, list_size=3)
    assert chosen is not None and chosen.value == 3


@pytest.mark.parametrize(
    ("opening", "published", "location", "date"),
    [
        (
            "ST. PETERSBURG, Sept. 11 (Xinhua) -- Wang spoke.",
            dt.date(2024, 9, 12),
            "St. Petersburg",
            dt.date(2024, 9, 11),
        ),
        (
            "New Delhi, September 9 (Xinhua) -- Li spoke.",
            dt.date(2023, 9, 10),
            "New Delhi",
            dt.date(2023, 9, 9),
        ),
        ("SUVA, Fiji, May 30, 2022 (Xinhua) -- Wang spoke.", None, "Suva", dt.date(2022, 5, 30)),
        (
            "RIO DE JANEIRO, Nov 18 (Reuters) - Lula spoke.",
            dt.date(2024, 11, 19),
            "Rio de Janeiro",
            dt.date(2024, 11, 18),
        ),
        ("BEIJING -- Xi held talks on Saturday.", dt.date(2024, 11, 10), "Beijing", dt.date(2024, 11, 9)),
        ("MOSCOW, Dec. 31 (TASS) -- He spoke.", dt.date(2025, 1, 1), "Moscow", dt.date(2024, 12, 31)),
    ],
)
def test_datelines(opening: str, published: dt.date | None, location: str, date: dt.date) -> None:
    read = read_dateline(sentences(opening), published)
    assert (read.location, read.date) == (location, date)


def test_initiative_names_split_on_and_and_keep_their_tails() -> None:
    text = (
        "Wang said the countries should implement the Global Initiative on Data Security and the Global AI "
        "Governance Initiative. He backed the BRICS Counterterrorism Strategy and Strategic Action Plan. "
        "He welcomed China's Global Development Initiative in March. The Dakar Action Plan (2022-2024) ended. "
        "The IMF, or International Monetary Fund, was not mentioned by the third Belt and Road Forum. "
        "Both support signing a memorandum of understanding on BRICS cybersecurity cooperation, Wang noted."
    )
    found = {c.name: c.kind for c in find_initiatives(sentences(text))}
    assert found == {
        "Global Initiative on Data Security": "initiative",
        "Global AI Governance Initiative": "initiative",
        "BRICS Counterterrorism Strategy": "strategy",
        "Strategic Action Plan": "plan",
        "Global Development Initiative": "initiative",
        "Dakar Action Plan (2022-2024)": "plan",
        "memorandum of understanding on BRICS cybersecurity cooperation": "agreement",
    }


def test_an_initiative_named_twice_is_listed_once_with_both_sentences() -> None:
    text = "Xi praised the Belt and Road Initiative. The Belt and Road Initiative turns ten."
    [one] = find_initiatives(sentences(text))
    assert one.sentences == (1, 2)


def test_office_comes_from_the_article_not_from_memory(seed_text: str) -> None:
    assert (
        office_of("Wang Yi", seed_text)
        == "director of the Office of the Central Commission for Foreign Affairs"
    )
    assert office_of("Li Qiang", "Chinese Premier Li Qiang on Wednesday urged ...") == "Premier"
    assert office_of("Nobody", "Nothing here.") is None


def test_a_proposal_runs_until_material_that_is_not_the_speakers() -> None:
    article = parse_article(
        "To that end, Wang proposed two suggestions.\n\nFirstly, adhere to principles.\n\n"
        "Wang said the countries should act.\n\nThe figures Wang cited come from a UN report.\n\n"
        "Secondly, strengthen cooperation.\n\nThe countries shall coordinate, he added.\n\n"
        "The meeting also reviewed the working groups.",
        "x",
    )
    [candidate] = candidate_lists(article.sentences)
    spans = item_sentences(article.sentences, candidate.items, "Wang Yi")
    assert spans == [[2, 3], [5, 6]]


def test_bullet_paragraphs_make_a_list_without_numbers() -> None:
    text = (
        "He made three proposals.\n\n-- Deepen trade between the regions. He said it matters.\n\n"
        "-- Expand exchanges of students.\n\n-- Build a joint fund.\n\nPrices rose - as expected - in May."
    )
    [bullets] = candidate_lists(sentences(text))
    assert [(i.rank, i.heading) for i in bullets.items] == [
        (1, "Deepen trade between the regions"),
        (2, "Expand exchanges of students"),
        (3, "Build a joint fund"),
    ]


def test_connectives_make_a_list_only_when_an_opener_starts_it() -> None:
    opened = "To begin with, stop the fighting.\n\nMoreover, let aid in.\n\nFinally, resume talks."
    assert [i.rank for i in candidate_lists(sentences(opened))[0].items] == [1, 2, 99]
    prose = "Firstly, keep peace.\n\nMoreover, the weather was fine.\n\nSecondly, trade more."
    assert [i.rank for i in candidate_lists(sentences(prose))[0].items] == [1, 2]
