"""How real published copy lists proposals, and the cues that find each way.

Every text here is written for this test (no published sentence): each pins one pattern
of the language that real agency and ministry articles use.
"""

from __future__ import annotations

from types import SimpleNamespace

from conftest import RUN_INFO
from summarizer.schemas import ArticleInfo, Proposal, Speaker, Summary

from summarizer.choice import choose_list
from summarizer.cues.chains import calls_after, proposal_sentences
from summarizer.cues.clauses import spread_to_count
from summarizer.cues.counts import count_cues
from summarizer.cues.initiatives import find_initiatives, hosts
from summarizer.cues.names import name_parts
from summarizer.cues.ordinals import candidate_lists
from summarizer.cues.sentence_lists import clause_lists
from summarizer.cues.speaker import speaking_people
from summarizer.evaluation.metrics import unsupported_words
from summarizer.extractive import title_of
from summarizer.loader import parse_article
from summarizer.pipeline import _found_items, _opens_set
from summarizer.questions.lists import PROPOSALS_NOW
from summarizer.sentences import split_sentences
from summarizer.who import _is_person


def clause_texts(text: str) -> list[list[str]]:
    sentences = split_sentences(text)
    lists = clause_lists(sentences, count_cues(sentences))
    return [[text[i.start : i.end] for i in found.items] for found in lists]


def test_all_points_in_one_sentence_are_split_when_a_count_beside_it_says_how_many() -> None:
    text = (
        "LIMA -- Both regions should open their ports to each other, train young engineers together, "
        "protect the coastal forests, and share weather data, President Ruiz said on Monday. "
        "Ruiz made the four proposals at the summit."
    )
    assert clause_texts(text) == [
        [
            "open their ports to each other",
            "train young engineers together",
            "protect the coastal forests",
            "share weather data",
        ]
    ]


def test_a_noun_list_without_a_serial_comma_splits_at_its_last_and() -> None:
    text = "The envoy made four proposals. They were better roads, fair tariffs, joint patrols and student exchanges."
    assert clause_texts(text) == [["better roads", "fair tariffs", "joint patrols", "student exchanges"]]


def test_commas_make_no_list_without_a_count_or_when_the_items_are_adjectives() -> None:
    assert clause_texts("The minister praised the calm, open, frank and friendly talks with her hosts.") == []
    text = "She made four proposals. We uphold common, comprehensive, cooperative and sustainable security."
    assert clause_texts(text) == []


def test_an_inline_numbered_list_stays_one_sentence_and_gives_one_item_per_number() -> None:
    text = "He set out a 3-point plan, which called for:\n\n1. Cheaper credit for farmers; 2. New grain silos; 3. Faster customs."
    sentences = split_sentences(text)
    assert len(sentences) == 2
    [found] = candidate_lists(sentences)
    assert [text[i.start : i.end] for i in found.items] == [
        "Cheaper credit for farmers",
        "New grain silos",
        "Faster customs.",
    ]


def test_a_list_may_open_at_second_when_its_first_point_has_no_ordinal() -> None:
    text = (
        "Premier Alves put forward a three-point proposal on river trade. The two sides should dredge the delta. "
        "Second, they should cut port fees. Third, they should share pilots."
    )
    [found] = candidate_lists(split_sentences(text))
    assert [(i.rank, i.sentence) for i in found.items] == [(1, 2), (2, 3), (3, 4)]


def test_bullets_of_any_shape_open_items() -> None:
    text = "He named three steps:\n\n\u25ab\ufe0f Closing the border crossings;\n\n\u25ab\ufe0f Freezing the accounts;\n\n\u25ab\ufe0f Recalling the envoys;"
    [found] = candidate_lists(split_sentences(text))
    assert len(found.items) == 3


def test_unnumbered_proposals_in_prose_are_the_sentences_where_the_speaker_puts_something_forward() -> None:
    text = (
        "Minister Okafor put forward a number of initiatives at the forum. "
        "Okafor proposed that member states pool their vaccine orders. "
        "He also suggested a shared fund for rural clinics. "
        "In his third proposal, the minister called on donors to cancel old debts. "
        "Delegates applauded the speech. "
        "There was no reply yet, he said of the debt proposal."
    )
    assert proposal_sentences(split_sentences(text), "Ayo Okafor", set()) == [2, 3, 4]


def test_a_title_is_the_proposals_own_words_after_its_proposing_verb() -> None:
    article = parse_article(
        "Ruiz proposed that the two ports share one customs office, which would save time.", "x.txt"
    )
    [item] = _found_items(article, [1])
    assert title_of(item, article.text) == "the two ports share one customs office"


def test_a_sentence_holding_two_points_is_split_to_reach_the_stated_count() -> None:
    text = (
        "The plan provides for lower tariffs on grain; the opening of two new rail links. "
        "It also calls for a joint fund for research."
    )
    article = parse_article(text, "x.txt")
    items = spread_to_count(article.sentences, _found_items(article, [1, 2]), 3)
    assert [text[i.start : i.end] for i in items][:2] == [
        "lower tariffs on grain",
        "the opening of two new rail links",
    ]
    assert [i.rank for i in items] == [1, 2, 3]


def test_hard_wrapped_copy_joins_its_lines_into_sentences() -> None:
    lines = [
        "The president said on Friday that his country had offered to host",
        "talks between the two neighbours, and that both had been invited to",
        "send their foreign ministers to the capital before the end of the",
        "month. Officials said a date would follow once both had answered the",
        "invitation, which was sent by the foreign ministry on Thursday and",
        "copied to the regional body that oversees the ceasefire talks.",
    ]
    text = "\n".join(lines)
    sentences = split_sentences(text)
    assert len(sentences) == 2
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_a_date_line_with_the_lead_paragraph_fused_into_it_has_no_headline() -> None:
    article = parse_article(
        " date 2021-05-04 Premier Alves on Tuesday proposed a river pact. He urged quick talks.", "x.txt"
    )
    assert article.headline is None and str(article.published) == "2021-05-04"
    assert article.sentences[0].text.startswith("Premier Alves")


def test_informally_written_initiatives_are_found() -> None:
    text = (
        "The two sides should push for results at the next round of the Sino-Andean strategic and economic dialogue. "
        'He also suggested launching a new project "Young Voices of the Andes". '
        "They should coordinate within the Group of 20. The Harbour Safety Act 2024 takes effect soon."
    )
    names = [c.name for c in find_initiatives(split_sentences(text))]
    assert names == [
        "Sino-Andean strategic and economic dialogue",
        "Young Voices of the Andes",
        "Group of 20",
        "Harbour Safety Act 2024",
    ]


def test_a_body_is_an_initiative_only_where_the_speaker_proposes_creating_it() -> None:
    text = "Member states should establish an Andean Water Union. Peru works closely with the African Union."
    sentences = split_sentences(text)
    assert [c.name for c in find_initiatives(sentences, frozenset({1, 2}))] == ["Andean Water Union"]
    assert [c.name for c in find_initiatives(sentences)] == []


def test_the_grouping_that_holds_the_event_is_its_host_not_a_cited_initiative() -> None:
    assert hosts("Group of 20", "G20 Leaders' Summit in Rio")
    assert not hosts("Group of 20", "meeting with the US president")


def test_words_the_article_never_uses_are_counted_as_unsupported() -> None:
    proposal = Proposal(
        ordinal=1, title="deepen trade and investment", summary="Open ports.", key_points=[], evidence=[]
    )
    summary = Summary(
        article=ArticleInfo(source="x", sha256="0", headline=None, published=None),
        speaker=Speaker(name=None, title=None), event=None, location=None, date=None,
        proposal_count_stated=None, proposals=[proposal], initiatives=[], warnings=[], run=RUN_INFO,
    )  # fmt: skip
    assert unsupported_words(summary, "They agreed to open ports and deepen ties.") == ["trade", "investment"]


def test_the_nth_and_final_point_states_the_count() -> None:
    [cue] = count_cues(
        split_sentences("The fifth and final initiative he put forward is to hold a youth forum.")
    )
    assert (cue.value, cue.text) == (5, "fifth and final initiative")


def test_a_list_between_semicolons_after_a_proposing_verb_needs_no_count() -> None:
    text = (
        "The envoy said the plan calls for lower grain tariffs and for faster visas; for a joint river "
        "authority; and for shared weather data."
    )
    assert clause_texts(text) == [
        ["lower grain tariffs", "faster visas", "a joint river authority", "shared weather data"]
    ]


def test_semicolons_after_a_dash_are_the_parts_of_one_proposal_not_a_list() -> None:
    text = "She called for a new charter made of four parts - cheap credit; open data; fair courts; and clean rivers."
    assert clause_texts(text) == []


def test_a_coordination_after_proposed_is_split_by_the_count_before_it() -> None:
    text = (
        "The minister laid out a three-point plan on Friday. "
        "Ruiz proposed a truce, food convoys, and a national dialogue at a press conference in Quito."
    )
    assert clause_texts(text) == [
        ["a truce", "food convoys", "a national dialogue at a press conference in Quito"]
    ]


def test_floating_an_idea_puts_it_forward() -> None:
    sentences = split_sentences("Ruiz spoke in Quito. Ruiz also floated the idea of a joint coast guard.")
    assert proposal_sentences(sentences, "Ana Ruiz", set()) == [2]


SIGNED = (
    "Peru and Chile signed three agreements on Monday.\n\n"
    "The list of agreements signed by the two governments:\n\n"
    "1. Memorandum of Understanding on Cooperation in Fisheries, Ports and Related Fields between the two ministries.\n\n"
    "2. Agreement on the Mutual Recognition of Driving Licences.\n\n"
    "3. Memorandum of Understanding between the Ministry of Culture of Peru and the Ministry of Culture of Chile.\n"
)


def test_a_numbered_list_of_signed_documents_is_no_ones_proposals() -> None:
    article = parse_article(SIGNED, "signed.txt")
    lists = candidate_lists(article.sentences)
    says_proposals = [SimpleNamespace(list=c.key, kind=PROPOSALS_NOW, speaker=None) for c in lists]
    chosen, scores = choose_list(lists, article, count_cues(article.sentences), says_proposals, "Ana Ruiz")
    assert len(lists) == 1 and chosen is None
    assert "introduced as outcomes" in scores[0].reasons


def test_a_list_item_that_is_a_documents_title_is_one_name_commas_and_all() -> None:
    names = [c.name for c in find_initiatives(parse_article(SIGNED, "signed.txt").sentences)]
    assert names == [
        "Memorandum of Understanding on Cooperation in Fisheries, Ports and Related Fields between the two ministries",
        "Agreement on the Mutual Recognition of Driving Licences",
        "Memorandum of Understanding between the Ministry of Culture of Peru and the Ministry of Culture of Chile",
    ]


def test_a_call_for_good_relations_in_a_readout_proposes_nothing() -> None:
    text = (
        "LIMA, May 2 -- Foreign Minister Ana Ruiz on Tuesday called for the stable and sound development "
        "of Peru-Chile relations during a phone call with her Chilean counterpart. "
        "Ruiz also proposed a joint fisheries patrol."
    )
    assert proposal_sentences(split_sentences(text), "Ana Ruiz", set()) == [2]


def test_an_ordinal_after_an_opening_attribution_or_a_guillemet_is_a_cue() -> None:
    text = (
        "President Ruiz said Peru will propose several initiatives at the assembly.\n\n"
        "In particular, according to the head of state, first, Peru will propose a forum on river security.\n\n"
        "According to Ruiz, second, talks with UN agencies will be proposed on a glacier programme.\n\n"
        "\u00abThird, is the creation of a regional climate centre in Lima\u00bb, the president said."
    )
    [found] = candidate_lists(split_sentences(text))
    assert [item.rank for item in found.items] == [1, 2, 3]


def test_points_spread_over_two_sentences_are_split_towards_the_stated_count() -> None:
    text = (
        "The minister set out seven suggestions. First and foremost they asked for an early truce. "
        "Further, the suggestions asked for opening the border crossings, funding the field hospitals, "
        "rebuilding the Andean-run, Andean-owned water network, training local police, "
        "and finally returning the refugees with dignity."
    )
    sentences = split_sentences(text)
    items = spread_to_count(sentences, _found_items(parse_article(text, "x.txt"), [2, 3]), 7)
    assert [text[i.start : i.end] for i in items[1:]] == [
        "opening the border crossings",
        "funding the field hospitals",
        "rebuilding the Andean-run, Andean-owned water network",
        "training local police",
        "returning the refugees with dignity",
    ]


def test_a_sentence_restating_a_proposal_is_not_a_second_one() -> None:
    text = (
        "Minister Ana Ruiz proposed the creation of an open regional committee on river disputes. "
        "In her speech, Ruiz proposed forming a regional committee with open membership to settle river disputes. "
        "Ruiz also proposed a regional committee on fisheries."
    )
    assert proposal_sentences(split_sentences(text), "Ana Ruiz", set()) == [1, 3]


def test_after_an_announced_set_the_speakers_calls_are_candidates_only_when_verbs_fall_short() -> None:
    text = (
        "Prime Minister Ana Ruiz has placed three recommendations to end the war. "
        "Ruiz called for an immediate ceasefire. "
        "She said there was an urgent need to open a humanitarian corridor. "
        '"We must all return to the negotiating table." '
        "Analysts say the war should end soon."
    )
    sentences = split_sentences(text)
    assert proposal_sentences(sentences, "Ana Ruiz", set()) == [2]
    assert calls_after(sentences, "Ana Ruiz", set(), announced=1) == [2, 3, 4]


def test_what_the_speaker_had_urged_before_is_not_proposed_now() -> None:
    text = "Ruiz said that Peru had consistently urged both sides to talk. Ruiz proposed a truce."
    assert proposal_sentences(split_sentences(text), "Ana Ruiz", set()) == [2]


def test_a_name_is_its_capitalised_parts_but_two_capitals_are_an_office() -> None:
    assert name_parts("Wang Yi") == ["Wang", "Yi"]
    assert name_parts("Chinese FM") == ["Chinese"]
    assert name_parts("Mohammed bin Salman") == ["Mohammed", "Salman"]


def test_the_sentence_stating_the_count_may_hold_the_first_point() -> None:
    text = (
        "Peru's three suggestions were spelt out by the minister, in which it first asked for an early truce. "
        "Further, the suggestions asked for opening the border crossings and funding the field hospitals."
    )
    article = parse_article(text, "x.txt")
    [cue] = [c for c in count_cues(article.sentences) if c.sentence == 1]
    assert _opens_set(article, cue, 1)
    assert not _opens_set(parse_article("Ruiz put forward three suggestions on Monday.", "y.txt"), cue, 1)


def test_a_reference_to_the_set_or_to_an_earlier_plan_is_not_a_proposal() -> None:
    text = (
        "Ruiz has placed three recommendations. She proposed the suggestions in a recorded speech. "
        "The plan proposed by Chile will allow a truce, Ruiz said. Ruiz called for a truce."
    )
    assert proposal_sentences(split_sentences(text), "Ana Ruiz", set()) == [4]


def test_short_of_the_count_only_a_list_of_actions_is_split() -> None:
    text = (
        "The minister set out five suggestions. The minister called for a truce. "
        '"We must honour our decisions at the UN, the Andean Pact, and the River Road Map," she said.'
    )
    sentences = split_sentences(text)
    items = spread_to_count(sentences, _found_items(parse_article(text, "x.txt"), [2, 3]), 5)
    assert len(items) == 2


def test_a_list_of_reasons_told_as_facts_is_not_proposals() -> None:
    text = (
        "Why did the plan succeed? First of all, the proposal was put forward by a respected leader. "
        "Secondly, Peru had already signed the treaty. Thirdly, the initiative was supported by the UN."
    )
    article = parse_article(text, "x.txt")
    lists = candidate_lists(article.sentences)
    says_proposals = [SimpleNamespace(list=c.key, kind=PROPOSALS_NOW, speaker=None) for c in lists]
    chosen, scores = choose_list(lists, article, count_cues(article.sentences), says_proposals, "Ana Ruiz")
    assert chosen is None and "items report facts" in scores[0].reasons


def test_panels_and_networks_are_named_initiatives() -> None:
    text = "Peru backs a UN High-Level Panel on River Recovery. The chair launched the Andean Youth Network."
    names = [c.name for c in find_initiatives(split_sentences(text))]
    assert names == ["UN High-Level Panel on River Recovery", "Andean Youth Network"]


def test_the_speaker_may_propose_by_a_lower_case_office() -> None:
    text = "Prime Minister Ana Ruiz spoke at the summit in Quito on Monday. The prime minister called for a truce."
    assert proposal_sentences(split_sentences(text), "Ana Ruiz", set()) == [2]


def test_a_place_before_a_full_name_after_of_is_not_part_of_it() -> None:
    text = "Senate Speaker of Peru Ana Maria Ruiz explained the plan. Ruiz said it worked."
    assert speaking_people(None, text) == ["Ana Maria Ruiz"]


def test_an_event_a_country_or_an_office_is_not_a_person() -> None:
    assert [
        name
        for name in ("Andean Unity Conference", "Peru", "Peruvian President", "Ana Ruiz")
        if _is_person(name)
    ] == ["Ana Ruiz"]


def test_a_telephone_call_on_a_day_is_not_a_call_on_anyone() -> None:
    text = (
        "LIMA (AA) - The Peruvian and Chilean foreign ministers discussed river trade during a telephone call on "
        "Thursday. Ruiz called on Chile to reopen the border."
    )
    assert proposal_sentences(split_sentences(text), "Ana Ruiz", set()) == [2]
