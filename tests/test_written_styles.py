"""More ways real copy writes proposals and names documents, each pinned by a text written
for this test (no published sentence)."""

from __future__ import annotations

import datetime as dt

from summarizer.cues.chains import proposal_sentences
from summarizer.cues.counts import count_cues
from summarizer.cues.dateline import read_dateline
from summarizer.cues.initiatives import find_initiatives
from summarizer.cues.objects import object_items
from summarizer.cues.ordinals import candidate_lists
from summarizer.cues.sentence_lists import clause_lists
from summarizer.loader import parse_article
from summarizer.pipeline import _opens_set
from summarizer.sentences import split_sentences
from summarizer.spans import item_sentences


def list_headings(text: str) -> list[list[str | None]]:
    return [[item.heading for item in found.items] for found in candidate_lists(split_sentences(text))]


def names(text: str, proposing: frozenset[int] = frozenset()) -> list[str]:
    """`proposing`: ids (from 1) of the sentences holding the speaker's proposals."""
    return [c.name for c in find_initiatives(split_sentences(text), proposing)]


def test_the_second_one_and_last_but_not_least_continue_a_list_of_priorities() -> None:
    text = (
        "Minh outlined four priorities for the year. The first priority is to open the market for services. "
        "The second one is to improve disaster response.\n\nThe third priority is to narrow the digital gap. "
        "Last but not least is to strengthen the bloc's voice."
    )
    assert list_headings(text) == [
        [
            "open the market for services",
            "improve disaster response",
            "narrow the digital gap",
            "strengthen the bloc's voice",
        ]
    ]


def test_a_call_told_with_should_also_is_the_speakers_next_proposal() -> None:
    text = (
        "President Aziz Karimov proposed a regional water council on Sunday. "
        "Karimov said the countries should also open a visa-free zone for tourists. "
        "The members should also be proud of their history, an analyst said."
    )
    assert proposal_sentences(split_sentences(text), "Aziz Karimov", set()) == [1, 2]


def test_a_quote_that_restates_the_lede_is_not_a_second_proposal_for_its_attribution() -> None:
    text = (
        "President Aziz Karimov proposed creating a regional water council at the summit. "
        '"We propose to set up a Regional Water Council to plan the use of rivers together," Karimov said.'
    )
    assert proposal_sentences(split_sentences(text), "Aziz Karimov", set()) == [1]


def test_the_head_before_a_tail_decides_whether_a_name_is_an_initiative() -> None:
    proposed = "Third, establish the Regional Centre for Water Research in Central Asia, she said."
    assert names(proposed, frozenset({1})) == ["Regional Centre for Water Research in Central Asia"]
    forum = "He proposed to establish the Political Forum of the Economic Cooperation Organization (ECO)."
    assert names(forum) == ["Political Forum of the Economic Cooperation Organization"]
    assert names("Ministers met at the Council of the Economic Cooperation Organization.") == []


def test_an_acronym_joins_the_name_only_where_it_abbreviates_it() -> None:
    assert names("It backs the Astana Financial Hub Fund (AFHF) this year.") == [
        "Astana Financial Hub Fund (AFHF)"
    ]


def test_a_centre_placed_somewhere_is_no_name_of_its_own() -> None:
    assert names("We are ready to host this Centre in Ashgabat, she said.", frozenset({1})) == []


def test_lower_case_documents_are_named_by_their_signing_or_their_date() -> None:
    signed = "The leaders also signed a strategy for the development of rail links until 2035 and a decision."
    assert names(signed) == ["strategy for the development of rail links until 2035"]
    joined = "The country joined the treaty on the ban of cluster munitions."
    assert names(joined) == ["treaty on the ban of cluster munitions"]
    dated = "They discussed the tripartite declaration of 3 March, 2021 and its results."
    assert names(dated) == ["tripartite declaration of 3 March, 2021"]
    assert names("Both sides seek an agreement on trade.") == []


def test_a_quoted_title_after_report_is_a_name_but_a_quoted_word_after_called_is_not() -> None:
    assert names('She presented her report "Shared Future Agenda" to the members.') == [
        "Shared Future Agenda"
    ]
    assert names('He called "a disaster" the plan of the rebels.') == []


def objects(text: str) -> list[str]:
    [sentence] = split_sentences(text)
    return [text[item.start : item.end] for item in object_items(sentence)]


def test_several_things_one_verb_proposes_are_one_proposal_each() -> None:
    text = "Ana Rocha proposed a truce, food aid, an open dialogue, and a unity government to end the war."
    assert objects(text) == ["a truce", "food aid", "an open dialogue", "a unity government to end the war"]
    quoted = 'He also said he supported "the creation of a shared grid" and "the formation of a joint fund".'
    assert objects(quoted) == ["the creation of a shared grid", "the formation of a joint fund"]
    dated = (
        "CAIRO, June 6 - President Omar Nabil proposed a truce from Monday and the exit of foreign fighters."
    )
    assert objects(dated) == ["a truce from Monday", "the exit of foreign fighters"]


def test_objects_that_are_people_unparallel_or_an_attribution_are_not_split() -> None:
    assert objects("She urged the United Nations and the African Union to act.") == []
    assert objects("He supported the African Union and the United Nations.") == []
    assert objects("He called for the security and stability of the region.") == []
    assert objects("Xi proposed lifting ties to a new level, saying the two sides should join hands.") == []


def test_a_name_with_and_without_the_is_one_initiative() -> None:
    text = "Iran proposes Forum of Economic Partners Organization\nIran proposed the Forum of the Economic Partners Organization."
    assert len(names(text)) == 1


def test_a_name_in_the_tail_of_a_heading_that_names_nothing_is_found() -> None:
    text = "7. Priority for the Mekong Economic Community in the next years."
    assert names(text, frozenset({1})) == ["Mekong Economic Community"]


def test_a_page_date_line_resolves_on_friday() -> None:
    text = "Envoys meet\n\nUpdated: 2015-09-26 02:44:10\n\nPresident Ana Rocha made three proposals on Friday in Lima."
    assert read_dateline(split_sentences(text), None).date == dt.date(2015, 9, 25)
    dated = "Wednesday, May 7, 2014\n\nThe minister made a proposal on Tuesday."
    assert read_dateline(split_sentences(dated), None).date == dt.date(2014, 5, 6)


def test_a_city_alone_before_the_agency_is_the_dateline() -> None:
    text = "CHOLPON-ATA. NEWSWIRE - The president put forward a number of initiatives on Monday."
    assert read_dateline(split_sentences(text), None).location == "Cholpon-Ata"


def test_the_words_an_announcement_refers_back_to_are_the_proposal() -> None:
    text = (
        "President Aziz Karimov thinks it is necessary to establish a fund, TV channel and a centre of history. "
        "The President put forward this proposal at the summit today."
    )
    sentences = split_sentences(text)
    assert proposal_sentences(sentences, "Aziz Karimov", set()) == [1]
    assert objects(sentences[0].text) == ["a fund", "TV channel", "a centre of history"]


def test_someone_elses_proposal_named_in_a_quote_is_not_the_speakers() -> None:
    text = (
        "President Ana Rocha proposed to create a single alphabet for the region. "
        '"The proposal that the Council of Higher Education put forward will be reviewed," Rocha said.'
    )
    assert proposal_sentences(split_sentences(text), "Ana Rocha", set()) == [1]


def test_an_initiative_told_by_it_envisages_and_a_recommendation_are_proposals() -> None:
    text = (
        "Turkmen president Aziz Karimov spoke of a new initiative at the session. "
        "It envisages the creation of a body uniting the countries of the region. "
        "The President recommended such a body on the basis of reality, suggesting regular sessions."
    )
    assert proposal_sentences(split_sentences(text), "Aziz Karimov", set()) == [2, 3]


def test_a_count_followed_by_calling_for_opens_its_set_and_its_objects_are_the_points() -> None:
    text = (
        "PM Ana Rocha proposed a six-point course of action for the bloc calling for a lasting truce, "
        "regional trade, soft and hard connectivity and a framework against graft among the member states."
    )
    article = parse_article(text, "x.txt")
    [cue] = count_cues(article.sentences)
    assert _opens_set(article, cue, cue.sentence)
    assert objects(text) == [
        "a lasting truce",
        "regional trade",
        "soft and hard connectivity",
        "a framework against graft among the member states",
    ]


def test_a_release_dated_on_its_own_line_happened_today_and_an_old_date_is_history() -> None:
    release = "News Release\nJune 15, 2007\nOttawa\nThe Prime Minister today announced a summit."
    assert read_dateline(split_sentences(release), None).date == dt.date(2007, 6, 15)
    history = (
        "Wednesday, May 7, 2014\n\nThe talks followed the declaration signed on June 8, 2012 in Trabzon."
    )
    assert read_dateline(split_sentences(history), None).date is None


def test_an_elaboration_that_names_a_segment_of_a_one_sentence_list_belongs_to_it() -> None:
    text = (
        "Ruiz made four proposals. The four areas are public health, climate action, disaster relief "
        "and student exchanges. Ruiz said the bloc must stay vigilant against health crises. "
        "On climate action, he said the bloc should work closely. "
        "In bringing people together, the bloc values student exchanges such as the Lima Youth Programme, he said."
    )
    sentences = split_sentences(text)
    [found] = clause_lists(sentences, count_cues(sentences))
    assert item_sentences(sentences, found.items, "Ana Ruiz") == [[2, 3], [2, 4], [2], [2, 5]]


def test_a_name_is_found_in_its_headline_form_but_not_in_a_lower_case_mention() -> None:
    text = (
        "Iran proposes Forum of Economic Partners Organization\n"
        "Iran praised the work of the economic partners organization forums. "
        "Iran proposed the Forum of the Economic Partners Organization."
    )
    [forum] = find_initiatives(split_sentences(text))
    assert forum.sentences == (1, 3)
