"""How real copy voices a proposal, and whose it is, where a first look at a new real set went
wrong; each pinned by a text written for this test (no published sentence): the speaker
quoted in the first person (not a guest on what they put to the speaker), a set named again
by its adjectives or a possessive, points announced with a colon one to a paragraph,
"And, finally," closing an ordinal run, a quoted "First of all, we must" opening the series,
a speech in paraphrase told with modals, another person's plan in a round-up, whom the
headline has propose, a speaker or event that is no name, and initiative names written
unusually."""

from __future__ import annotations

import pytest
from test_pipeline import META, run

from summarizer.cues.chains import modal_calls, proposal_sentences
from summarizer.cues.counted_sentences import announced_paragraphs
from summarizer.cues.counts import count_cues
from summarizer.cues.initiatives import find_initiatives
from summarizer.cues.ordinals import candidate_lists
from summarizer.loader import parse_article
from summarizer.sentences import split_sentences


def chain(text: str, speaker: str = "Ana Ruiz") -> list[int]:
    return proposal_sentences(split_sentences(text), speaker, set())


def test_the_speaker_quoted_in_the_first_person_proposes() -> None:
    text = (
        "LIMA -- Foreign Minister Ana Ruiz spoke at the river summit on Monday. "
        "Delegates praised the water council. "
        '"We propose that a joint flood office be set up in Iquitos," the minister said. '
        '"I also suggest pooling the basin\'s rain records," she added.'
    )
    assert chain(text) == [3, 4]


def test_a_first_person_sentence_without_a_proposing_verb_is_no_proposal() -> None:
    text = (
        'Ana Ruiz spoke at the river summit on Monday. Delegates met. "We think the river matters," she said.'
    )
    assert chain(text) == []


def test_a_set_named_again_with_its_adjectives_is_no_new_proposal() -> None:
    text = (
        "Ana Ruiz spoke at the river summit on Monday. Delegates met. "
        "Years later we put forward these well-known five principles, and the neighbours had to answer."
    )
    assert chain(text) == []


def test_a_proposal_named_again_by_its_possessive_is_no_new_proposal() -> None:
    text = (
        "Ana Ruiz has suggested a shared register of river pilots. "
        "She put forward her proposal at a plenary session on Thursday."
    )
    assert chain(text) == [1]


def paragraph_lists(text: str) -> list[list[str]]:
    sentences = split_sentences(text)
    found = announced_paragraphs(sentences, count_cues(sentences), first_key=1)
    return [[text[item.start : item.end] for item in candidate.items] for candidate in found]


def test_points_announced_with_a_colon_stand_one_to_a_paragraph() -> None:
    text = (
        "LIMA -- Ana Ruiz presented a three-point plan for the river basin on Monday.\n\n"
        "The main points of the plan are as follows:A shared register of river pilots, kept in "
        "Iquitos, open to every riverside town.\n\n"
        "Sharing flood data in real time with the downstream towns.\n\n"
        "Training young hydrologists together every summer.\n\n"
        "Ruiz also called for a basin summit next year."
    )
    assert paragraph_lists(text) == [
        [
            "A shared register of river pilots, kept in Iquitos, open to every riverside town.",
            "Sharing flood data in real time with the downstream towns.",
            "Training young hydrologists together every summer.",
        ]
    ]


def test_a_colon_with_fewer_paragraphs_than_the_count_makes_no_list() -> None:
    text = (
        "Ana Ruiz presented a four-point plan on Monday.\n\n"
        "The main points are as follows:\n\n"
        "Sharing flood data in real time.\n\n"
        "Training young hydrologists together."
    )
    assert paragraph_lists(text) == []


def test_a_colon_far_from_the_count_announces_no_list() -> None:
    text = (
        "Ana Ruiz presented a three-point plan on Monday. She spoke for an hour. The hall was full. "
        "Delegates applauded. Her schedule is as follows:\n\nA dinner.\n\nA visit to the port.\n\nA flight home."
    )
    assert paragraph_lists(text) == []


def test_a_conjunction_set_off_by_commas_still_closes_the_ordinal_run() -> None:
    text = (
        "Ruiz made three proposals. First, the towns should share flood data. "
        "Secondly, the council should meet every year. And, finally, we should train hydrologists together."
    )
    found = candidate_lists(split_sentences(text))
    assert [len(candidate.items) for candidate in found] == [3]


@pytest.mark.parametrize("named", [",", ", a river council was proposed at the"])
def test_a_speaker_that_is_no_name_is_no_one_and_the_article_s_speaker_is_taken(named: str) -> None:
    article = parse_article(
        "A river council was proposed at the summit on Monday.\n\nRuiz said the council should meet every year.",
        "x.txt",
    )
    summary, _ = run(article, {"GroundedMeta": [{**META, "speaker_name": named}]})
    assert summary.speaker.name == "Ruiz"
    assert any("named no one" in warning for warning in summary.warnings)


def initiative_names(text: str) -> list[str]:
    return [found.name for found in find_initiatives(split_sentences(text), frozenset())]


def test_a_named_group_with_a_numeral_is_an_initiative() -> None:
    text = "Ruiz proposed the establishment of the Andean Vision Group II to study the river's future."
    assert initiative_names(text) == ["Andean Vision Group II"]


def test_a_code_of_conduct_written_with_a_capital_of_is_an_initiative() -> None:
    text = "The parties will start talks to finalise the Code Of Conduct framework next year, Ruiz said."
    assert initiative_names(text) == ["Code Of Conduct"]


ROUND_UP = (
    "The council on Wednesday endorsed the plan of the river envoy Tomas Vidal. "
    "Vidal's five-point plan includes sharing flood data, building weather stations, and training hydrologists. "
    "Secretary Ana Ruiz said the council had sent a clear message."
)


def test_what_someone_else_s_plan_includes_is_no_proposal_of_the_speaker() -> None:
    assert chain(ROUND_UP) == []
    assert chain(ROUND_UP.replace("Vidal's five-point plan", "Peru's five-point plan")) == [2]


def test_a_round_up_of_reactions_to_another_s_plan_states_no_count_of_the_speaker() -> None:
    summary, _ = run(
        parse_article(ROUND_UP, "x.txt"), {"GroundedMeta": [{**META, "speaker_name": "Ana Ruiz"}]}
    )
    assert summary.speaker.name == "Ana Ruiz"
    assert summary.proposals == []
    assert summary.proposal_count_stated is None


def test_whom_the_headline_has_propose_is_the_speaker_though_another_relays_it() -> None:
    article = parse_article(
        "Ruiz proposes a basin summit of river towns - Peruvian envoy\n\n"
        "LIMA -- President Ana Ruiz supports a summit of the river towns, envoy Tomas Vidal said on Monday. "
        '"She will invite the mayors next spring," Vidal said.',
        "x.txt",
    )
    summary, _ = run(article, {"GroundedMeta": [{**META, "speaker_name": "Tomas Vidal"}]})
    assert summary.speaker.name == "Ana Ruiz"
    assert any("headline has propose" in warning for warning in summary.warnings)


def test_a_country_the_headline_has_propose_leaves_the_speaker_to_the_model() -> None:
    article = parse_article(
        "Peru proposes a basin summit\n\nLIMA -- Foreign Minister Ana Ruiz said on Monday the river towns should meet.",
        "x.txt",
    )
    summary, _ = run(article, {"GroundedMeta": [{**META, "speaker_name": "Ana Ruiz"}]})
    assert summary.speaker.name == "Ana Ruiz"


def test_a_speech_told_in_paraphrase_gives_its_modal_calls_where_nothing_is_proposed() -> None:
    text = (
        "LIMA -- Speaking at the river summit, Ana Ruiz touched on many issues. "
        "The region must formulate a joint flood plan, she stated. "
        "Possibly soon, the towns can also open up their river ports to trade, she said. "
        "The river must be kept clean for the young, she added."
    )
    sentences = split_sentences(text)
    assert proposal_sentences(sentences, "Ana Ruiz", set()) == []
    assert modal_calls(sentences, "Ana Ruiz", set()) == [2, 3]


def test_a_guest_quoted_on_what_they_put_to_the_speaker_is_not_the_speaker_proposing() -> None:
    text = (
        "Ana Ruiz met the visiting premier on Monday. "
        '"I made a clear proposal to President Ruiz: that Peru leads the river talks," he said. '
        "Ruiz proposed that Peru host the talks."
    )
    assert chain(text) == [3]


def test_an_event_that_is_a_scrap_of_a_sentence_is_left_empty() -> None:
    article = parse_article("Ruiz said the council should meet every year, to this end.", "x.txt")
    summary, _ = run(article, {"GroundedMeta": [{**META, "speaker_name": "Ruiz", "event": ", to this end"}]})
    assert summary.event is None
    assert any("a scrap" in warning for warning in summary.warnings)


def test_an_office_with_of_in_it_is_a_name_to_resolve_not_no_one() -> None:
    article = parse_article(
        "LIMA -- Foreign Minister Ana Ruiz held talks with her Chilean counterpart on Monday.\n\n"
        "Ruiz suggested the two sides keep in touch on river projects.",
        "x.txt",
    )
    summary, _ = run(
        article, {"GroundedMeta": [{**META, "speaker_name": "Minister of Foreign Affairs of Peru"}]}
    )
    assert summary.speaker.name == "Ana Ruiz"
    assert not any("named no one" in warning for warning in summary.warnings)


def test_a_quoted_call_that_opens_the_series_is_a_proposal() -> None:
    text = (
        "LIMA -- Ana Ruiz put forward a number of initiatives at the river summit. "
        '"First of all, we must make full use of the river\'s transit potential," said Ana Ruiz. '
        "Ruiz also thinks the towns should share flood data."
    )
    assert chain(text) == [2, 3]
