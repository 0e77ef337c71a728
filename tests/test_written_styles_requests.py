"""Requests, offers, renewed proposals, "the first task is", and informal names of standing
formats, each pinned by a text written for this test (no published sentence)."""

from __future__ import annotations

from test_written_styles import list_headings, names

from summarizer.cues.chains import proposal_sentences
from summarizer.cues.clauses import sentence_list
from summarizer.cues.counts import count_cues
from summarizer.cues.speaker import speaking_people
from summarizer.loader import parse_article
from summarizer.pipeline import _opens_set
from summarizer.sentences import split_sentences


def test_a_request_an_ask_an_offer_and_support_sought_are_proposals() -> None:
    text = (
        "Premier Sok Dara has requested the Lao side to finish the border road this year. "
        "Dara also met the press in the afternoon. "
        "Dara asked the Lao side to open two more crossings. "
        "He offered to host a water forum in the spring. "
        "He also sought the support of the members in giving the delta observer status."
    )
    assert proposal_sentences(split_sentences(text), "Sok Dara", set()) == [1, 3, 4, 5]


def test_someone_elses_earlier_request_and_a_request_made_to_the_speaker_are_not() -> None:
    text = (
        "Premier Sok Dara proposed a joint patrol on Monday. "
        "Reports said Thailand had requested Dara to send troops earlier. "
        "Dara was asked to comment on the vote."
    )
    assert proposal_sentences(split_sentences(text), "Sok Dara", set()) == [1]


def test_a_proposal_renewed_here_is_one_made_here() -> None:
    text = "President Ana Rocha renewed her proposal today to form a group of neutral mediators."
    assert proposal_sentences(split_sentences(text), "Ana Rocha", set()) == [1]


def test_the_first_task_and_what_the_second_concerns_make_a_list() -> None:
    text = (
        "The president detailed four proposals to the neighbours. "
        "He said the first task is for the congress to approve a regional fund. "
        "The second concerns the status of seasonal workers. "
        "The third is to lift the trade embargo. "
        "The fourth measure is to reopen the consulates."
    )
    assert list_headings(text) == [
        [
            "for the congress to approve a regional fund",
            "the status of seasonal workers",
            "lift the trade embargo",
            "reopen the consulates",
        ]
    ]


def test_a_count_whose_sentence_says_what_it_includes_opens_its_set() -> None:
    text = "Rocha said the five-point strategy includes a truce, a census of the displaced and a donor fund."
    article = parse_article(text, "x.txt")
    [cue] = count_cues(article.sentences)
    assert _opens_set(article, cue, cue.sentence)


def test_a_contact_group_a_mission_where_it_serves_and_a_place_s_process_are_names() -> None:
    text = (
        "Belarus supports the Trilateral Contact Group on Kosovo and the Special Observer Mission in Kosovo. "
        "He recalled the Helsinki process and welcomed a 3+3 format for the region."
    )
    assert names(text) == [
        "Trilateral Contact Group on Kosovo",
        "Special Observer Mission in Kosovo",
        "Helsinki process",
        "3+3 format",
    ]


def test_an_organisation_with_its_acronym_and_any_memorandum_are_not_initiatives() -> None:
    text = (
        "He will ask the International Monetary Fund (IMF) for support. "
        "He hopes to see the signing of a Memorandum of Understanding (MoU) and new deals."
    )
    assert names(text) == []


def test_a_shorter_mention_of_a_longer_name_is_the_same_initiative() -> None:
    text = (
        "The leaders adopted the African Leaders Lusaka Declaration in May. "
        "The plan helps implement the Lusaka Declaration."
    )
    assert names(text) == ["African Leaders Lusaka Declaration"]


def clauses(text: str, size: int) -> list[str]:
    return [item.heading or "" for item in sentence_list(split_sentences(text)[0], size)]


def test_an_and_inside_the_last_of_several_actions_does_not_make_one_more() -> None:
    text = "The plan includes steps to secure food supplies, improve border checks, set up a fund for medical and school aid."
    assert clauses(text, 4) == []
    assert clauses(text, 3) == [
        "steps to secure food supplies",
        "improve border checks",
        "set up a fund for medical and school aid",
    ]


def test_both_this_and_that_qualifies_one_call_and_is_not_two_more() -> None:
    text = "He called for more schools in the north, both through the budget and through donors."
    assert clauses(text, 3) == []


def test_a_premier_who_requested_and_asked_speaks_though_a_minister_relays_it() -> None:
    text = (
        "Dara Sok, Prime Minister of the Kingdom, has requested the Lao side to finish the border road. "
        "According to Minister Vann Chea, Dara Sok also asked the Lao side to open two more crossings, "
        "Vann Chea told reporters."
    )
    assert speaking_people(None, text)[0] == "Dara Sok"


def test_a_name_that_ends_two_names_run_together_is_kept() -> None:
    text = (
        "The Action Plan for Trade between Chad and Peru and The Memorandum of Understanding on "
        "Cooperation between the Diplomatic Academies were signed."
    )
    assert "Memorandum of Understanding on Cooperation between the Diplomatic Academies" in names(text)


def test_a_grouping_s_own_plus_format_is_no_name() -> None:
    assert names("The summit goes on with an outreach session in the BRICS Plus format.") == []
