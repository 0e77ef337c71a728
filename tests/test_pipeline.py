"""The whole article -> Summary flow, with a scripted model: grounding, numbering, links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fakeserver import Reply, by_question, completion, fake_openai, schema_name

from summarizer.connection import connect
from summarizer.endpoint import EndpointConfig
from summarizer.errors import ModelAnswerError
from summarizer.loader import load_article, parse_article
from summarizer.pipeline import Candidates, summarize_article
from summarizer.questions import RESERVED_TOKENS, estimate_tokens
from summarizer.sentences import lede

META = {"speaker_name": "Wang Yi", "speaker_title": "Foreign Minister", "event": "the 14th meeting of BRICS security officials", "location": "St. Petersburg"}  # fmt: skip
PROPOSALS = {"lists": [{"list": "L1", "speaker": "Wang Yi", "kind": "proposals made at this event"}]}


def run(article, answers: dict, model_wording: bool = False):
    with fake_openai(by_question(answers)) as server:
        client = connect(EndpointConfig(server.url, None, None, "llamacpp"), retry_seconds=2)
        outcome = summarize_article(article, client, model_wording=model_wording)
        return outcome.summary, server


def test_the_reference_article_is_summarised_and_grounded(seed_path: Path) -> None:
    article = load_article(seed_path)
    summary, server = run(article, {"GroundedMeta": [META], "ListsAnswer": [PROPOSALS]})
    assert summary.speaker.name == "Wang Yi"
    # The article's words win over the model's memory for the office.
    assert summary.speaker.title == "director of the Office of the Central Commission for Foreign Affairs"
    assert summary.event == "14th meeting of BRICS security officials"
    assert (summary.location, str(summary.date), summary.proposal_count_stated) == (
        "St. Petersburg",
        "2024-09-11",
        4,
    )
    assert [p.ordinal for p in summary.proposals] == [1, 2, 3, 4]
    assert [p.title for p in summary.proposals] == [
        "adhere to the correct principles",
        "strengthen practical cooperation",
        "demonstrate the spirit of solidarity",
        "strive to improve global governance",
    ]
    cited = {i.name: i.cited_in_proposal for i in summary.initiatives}
    assert cited["BRICS Counterterrorism Strategy"] == 2
    assert cited["Global Security Initiative"] == cited["Global AI Governance Initiative"] == 4
    assert cited["Global Initiative on Data Security"] == 4
    assert cited["Cybersecurity Working Group"] is None
    for item in [e for p in summary.proposals for e in p.evidence] + [
        e for i in summary.initiatives for e in i.evidence
    ]:
        assert article.text[item.start : item.end] == item.text
    assert summary.warnings == []
    assert summary.run.questions == 2 and summary.run.attempts == 2
    # Every question shares the same system prompt and excerpt: the server caches them.
    first, second = (r.body["messages"] for r in server.chat_requests)
    assert first[:2] == second[:2]


def test_a_list_the_model_calls_facts_and_the_text_shows_as_facts_is_not_taken() -> None:
    article = parse_article(
        "Xi holds talks with Prabowo\n\nBEIJING -- Xi Jinping held talks with Prabowo on Saturday.\n\n"
        "Xi said ties had grown in three ways. First, bilateral trade reached 139 billion dollars. "
        "Second, the railway was completed. Third, student exchanges doubled.\n\n"
        "Both sides agreed to keep in touch.",
        "talks.txt",
    )
    meta = {**META, "speaker_name": "Xi Jinping"}
    facts = {"lists": [{"list": "L1", "speaker": "Xi Jinping", "kind": "facts or achievements"}]}
    summary, _ = run(article, {"GroundedMeta": [meta], "ListsAnswer": [facts]})
    assert summary.proposals == [] and summary.proposal_count_stated is None


def test_another_speakers_list_is_not_the_principals() -> None:
    article = parse_article(
        "Li makes two proposals\n\nNEW DELHI, Sept 9 (Xinhua) -- Li Qiang made two proposals at the summit.\n\n"
        "The first is to keep the world economy open.\n\nThe second is to put development first.\n\n"
        "Modi, for his part, made two suggestions.\n\nFirst, fund biofuels. Second, share satellite data.",
        "g20.txt",
    )
    meta = {**META, "speaker_name": "Li Qiang"}
    verdicts = {"lists": [
        {"list": "L1", "speaker": "Li Qiang", "kind": "proposals made at this event"},
        {"list": "L2", "speaker": "Li Qiang", "kind": "proposals made at this event"},  # the model echoes
    ]}  # fmt: skip
    summary, _ = run(article, {"GroundedMeta": [meta], "ListsAnswer": [verdicts]})
    assert [p.title for p in summary.proposals] == ["keep the world economy open", "put development first"]


def test_proposals_without_ordinals_are_found_by_asking_and_titled_in_the_articles_words() -> None:
    article = parse_article(
        "Tokayev makes a single proposal\n\nASTANA -- President Tokayev made a single proposal at the summit. "
        "He proposed that the conference become a full international organisation. Delegates applauded.",
        "cica.txt",
    )
    meta = {**META, "speaker_name": "Tokayev"}
    summary, _ = run(
        article,
        {
            "GroundedMeta": [meta],
            "FoundProposals": [{"sentences": [2]}],
        },
    )
    title = "the conference become a full international organisation"
    assert [(p.ordinal, p.title) for p in summary.proposals] == [(1, title)]
    assert summary.proposal_count_stated == 1
    assert summary.proposals[0].evidence[0].text.startswith("He proposed that")


def test_a_sentence_id_that_does_not_exist_is_re_asked_then_fails_naming_the_check() -> None:
    article = parse_article(
        "Tokayev makes a single proposal\n\nHe made a single proposal. He proposed a forum. He also urged talks.",
        "x.txt",
    )
    meta = {**META, "speaker_name": "Tokayev"}
    with pytest.raises(ModelAnswerError, match="sentence-ids.*S45"):
        run(article, {"GroundedMeta": [meta], "FoundProposals": [{"sentences": [45]}]})


def test_a_miscount_is_kept_and_flagged_not_dropped() -> None:
    article = parse_article(
        "Wang makes three proposals\n\nWang Yi made three proposals.\n\nFirstly, keep peace.\n\nSecondly, trade more.",
        "x.txt",
    )
    summary, _ = run(article, {"GroundedMeta": [META], "ListsAnswer": [PROPOSALS]})
    assert len(summary.proposals) == 2
    assert "article states 3 proposals ('three proposals'), found 2" in summary.warnings


def test_a_speaker_the_article_never_names_is_left_out_with_a_warning() -> None:
    article = parse_article("Talks held\n\nThe two sides met in Rome and talked.", "x.txt")
    summary, _ = run(article, {"GroundedMeta": [{**META, "speaker_name": "Wang Yi"}] * 3})
    assert summary.speaker.name is None
    assert any("names no one who speaks; speaker left empty" in w for w in summary.warnings)


def test_a_larger_model_writes_its_own_summaries_in_the_articles_words(seed_path: Path) -> None:
    article = load_article(seed_path)
    own_words = [
        {
            "item": n,
            "title": "work together",
            "summary": f"BRICS countries should {verb}.",
            "key_points": [verb],
        }
        for n, verb in enumerate(["forge a new path", "implement the strategy", "share experiences"], 1)
    ]
    leaked = {"item": 4, "title": "deepen trade and investment", "summary": "Open markets to each other's firms.",
              "key_points": ["improve global governance", "lower tariffs"]}  # fmt: skip
    summary, _server = run(
        article,
        {
            "GroundedMeta": [META],
            "ListsAnswer": [PROPOSALS],
            "WordingAnswer": [{"proposals": [*own_words, leaked]}],
        },
        model_wording=True,
    )
    # The article's own headings still win over the model's titles.
    assert summary.proposals[0].title == "adhere to the correct principles"
    assert [p.summary for p in summary.proposals[:3]] == [
        "BRICS countries should forge a new path.",
        "BRICS countries should implement the strategy.",
        "BRICS countries should share experiences.",
    ]
    assert summary.proposals[2].key_points == ["share experiences"]
    # Words the article lacks ("trade", "markets", "tariffs") are never written: each part
    # that holds one is cut from the evidence instead, with a warning.
    fourth = summary.proposals[3]
    assert fourth.title == "strive to improve global governance"
    assert "markets" not in fourth.summary and "tariffs" not in " ".join(fourth.key_points)
    assert any("proposal 4 used words the article lacks" in w for w in summary.warnings)


def test_an_excerpt_longer_than_the_context_is_asked_in_windows() -> None:
    filler = " ".join(
        f"Delegates from country {n} discussed river levels at length on the second day." for n in range(150)
    )
    article = parse_article(
        "Keller makes two proposals\n\nVIENTIANE -- Anna Keller said she made two proposals at the dialogue.\n\n"
        f"She urged states to share river data in real time. {filler}\n\n"
        "Keller also proposed a joint fund for research on the river. Delegates welcomed it. "
        "Keller called for calm on the river.",
        "long.txt",
    )
    wanted = [s.id for s in article.sentences if s.text.startswith(("She urged", "Keller also proposed"))]

    def respond(path: str, body: dict) -> Reply:
        name = schema_name(body)
        if name == "GroundedMeta":
            return completion({**META, "speaker_name": "Anna Keller"})
        shown = {int(n) for n in re.findall(r"^\[S(\d+)\]", body["messages"][1]["content"], re.M)}
        return completion({"sentences": [i for i in wanted if i in shown]})

    small = [{"id": "fake-model", "owned_by": "llamacpp", "meta": {"n_ctx": 2400}}]  # to force windows
    with fake_openai(respond, models=small) as server:
        client = connect(EndpointConfig(server.url, None, None, "llamacpp"), retry_seconds=2)
        summary = summarize_article(article, client, model_wording=False).summary
        finds = [r for r in server.chat_requests if schema_name(r.body) == "FoundProposals"]
    assert len(finds) > 1
    for request in finds:
        assert estimate_tokens(request.body["messages"][1]["content"]) <= 2400 - RESERVED_TOKENS
    assert [p.evidence[0].sentence for p in summary.proposals] == wanted
    for proposal in summary.proposals:
        for evidence in proposal.evidence:
            assert article.text[evidence.start : evidence.end] == evidence.text


def test_a_model_that_names_no_one_in_the_article_yields_to_who_speaks_most() -> None:
    article = parse_article(
        "Keller makes two proposals\n\nVIENTIANE -- Anna Keller said she had two proposals.\n\n"
        "Firstly, share river data.\n\nSecondly, fund research, Keller said.",
        "x.txt",
    )
    lists = {"lists": [{"list": "L1", "speaker": "Anna Keller", "kind": "proposals made at this event"}]}
    answers = {"GroundedMeta": [{**META, "speaker_name": "Nikolay Vygotsky"}], "ListsAnswer": [lists]}
    summary, _ = run(article, answers)
    assert summary.speaker.name == "Anna Keller"
    assert "the model named no speaker from the article; took 'Anna Keller'" in summary.warnings
    assert [p.title for p in summary.proposals] == ["share river data", "fund research"]


def test_a_speaker_named_only_further_down_yields_to_the_one_the_lede_names() -> None:
    article = parse_article(
        "Ruiz backs a river pact\n\nLIMA -- President Ana Ruiz said on Monday the two nations should sign a river pact."
        "\n\nLater, Minister Luis Soto said the talks had gone well.",
        "x.txt",
    )
    summary, _ = run(article, {"GroundedMeta": [{**META, "speaker_name": "Luis Soto"}]})
    assert summary.speaker.name == "Ana Ruiz"
    assert any("whom the lede names" in w for w in summary.warnings)


def test_an_office_named_as_the_speaker_yields_to_the_person_the_lede_names() -> None:
    article = parse_article(
        "River pact\n\nLIMA -- Peruvian President Ana Ruiz proposed a river pact on Monday, she said.",
        "x.txt",
    )
    summary, _ = run(article, {"GroundedMeta": [{**META, "speaker_name": "Peruvian President"}]})
    assert summary.speaker.name == "Ana Ruiz"


def test_a_namesake_further_down_is_not_the_speaker_the_lede_names() -> None:
    article = parse_article(
        "LAHORE -- Prime Minister Amir Khan said on Sunday that talks could be held in Doha.\n\n"
        "His brother Tariq Khan said the family backed the plan.",
        "x.txt",
    )
    summary, _ = run(article, {"GroundedMeta": [{**META, "speaker_name": "Tariq Khan"}]})
    assert summary.speaker.name == "Amir Khan"


def test_an_organisation_that_speaks_is_not_taken_for_the_lede_person() -> None:
    article = parse_article(
        "Nunez, Berg discuss river trade - Foreign Ministry\n\n"
        "Foreign Minister Rosa Nunez and her counterpart Ola Berg on Monday discussed river trade, "
        "the Foreign Ministry said.",
        "x.txt",
    )
    summary, _ = run(article, {"GroundedMeta": [{**META, "speaker_name": "Rosa Nunez"}]})
    assert summary.speaker.name == "Rosa Nunez"


def test_a_country_or_an_office_the_article_has_speak_is_not_taken_for_the_lede_person() -> None:
    article = parse_article(
        "Peru voices its initiatives at the UN General Assembly\n\nEN ES\n\n"
        "Peru voices its initiatives at the UN General Assembly\n\n"
        "President Ana Ruiz, speaking at a regional summit in Quito, said that Peru will propose several "
        "initiatives to the world community.\n\n"
        "According to Ana Ruiz, Peru will propose a forum on river security. The Peruvian President also said "
        "more talks are needed.",
        "x.txt",
    )
    for named in ("Peru", "Peruvian President"):
        summary, _ = run(article, {"GroundedMeta": [{**META, "speaker_name": named}]})
        assert summary.speaker.name == "Ana Ruiz", named


def test_a_readout_speaker_introduced_by_office_is_found_though_no_one_says_anything() -> None:
    article = parse_article(
        "Lima, May 2, ANDINA\n\nPeru`s Foreign Minister Rosa Nunez has had a telephone conversation with "
        "her Chilean counterpart Ola Berg.\n\nThe sides discussed river trade.",
        "x.txt",
    )
    summary, _ = run(article, {"GroundedMeta": [{**META, "speaker_name": "Lima"}]})
    assert summary.speaker.name == "Rosa Nunez"


def test_a_count_that_closes_the_set_keeps_the_points_before_it() -> None:
    article = parse_article(
        "LIMA -- President Ana Ruiz put forward a number of initiatives at the summit on Monday.\n\n"
        "Ruiz proposed that the members build a shared river port. She also suggested a joint fund for "
        "glacier research.\n\nThe third and final initiative Ruiz put forward is to hold a youth forum every year.",
        "x.txt",
    )
    summary, _ = run(article, {"GroundedMeta": [{**META, "speaker_name": "Ana Ruiz"}]})
    assert len(summary.proposals) == 3 and summary.proposal_count_stated == 3


def test_a_spokesman_reporting_on_a_namesake_minister_is_the_speaker() -> None:
    article = parse_article(
        "BEIJING, Oct. 28 -- State Councilor and Foreign Minister Li Na held a phone call on Thursday with "
        "her Chilean counterpart, the ministry said.\n\nSpokesperson Li Wenbo said at a press conference "
        "that China hopes all parties will keep talking.",
        "x.txt",
    )
    summary, _ = run(article, {"GroundedMeta": [{**META, "speaker_name": "Li Wenbo"}]})
    assert summary.speaker.name == "Li Wenbo"


def test_an_initiative_named_in_one_item_of_an_inline_list_is_cited_in_that_item() -> None:
    article = parse_article(
        "LIMA -- President Ana Ruiz outlined a 3-point agenda on Monday, which called for:\n\n"
        "1. Faster customs for farmers; 2. Implementing the Andean Road Map for Trade; "
        "3. Completing the River Connectivity Plan by 2030.",
        "x.txt",
    )
    lists = {"lists": [{"list": "L1", "speaker": "Ana Ruiz", "kind": "proposals made at this event"}]}
    summary, _ = run(
        article, {"GroundedMeta": [{**META, "speaker_name": "Ana Ruiz"}], "ListsAnswer": [lists]}
    )
    cited = {i.name: i.cited_in_proposal for i in summary.initiatives}
    assert cited == {"Andean Road Map for Trade": 2, "River Connectivity Plan": 3}
    assert [p.initiatives for p in summary.proposals] == [
        [],
        ["Andean Road Map for Trade"],
        ["River Connectivity Plan"],
    ]


FACTS = (
    "Xi holds talks with Prabowo\n\nBEIJING -- Xi Jinping held talks with Prabowo on Saturday.\n\n"
    "Xi said ties had grown in three ways. First, bilateral trade reached 139 billion dollars. "
    "Second, the railway was completed. Third, student exchanges doubled.\n\n"
    "Both sides agreed to keep in touch."
)


def test_the_sentences_the_candidate_lists_judge_are_read_once_with_the_lists() -> None:
    """Each list's sentences and the one introducing it: the proposal chains pass over them,
    and a count stated in them belongs to the list (see `_proposals` and `_stated`)."""
    candidates = Candidates.of(parse_article(FACTS, "talks.txt"))
    assert [(c.key, [item.sentence for item in c.items]) for c in candidates.lists] == [("L1", [3, 4, 5])]
    assert candidates.judged == {2, 3, 4, 5}
    with pytest.raises(AttributeError):
        candidates.judged = frozenset()  # type: ignore[misc]


def test_the_lede_is_read_once_per_article(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whom the lede names is asked of several names; the lede itself is built once."""
    import summarizer.who

    built = []
    monkeypatch.setattr(summarizer.who, "lede", lambda sentences: built.append(1) or lede(sentences))
    article = parse_article(
        "LAHORE -- Prime Minister Amir Khan said on Sunday that talks could be held in Doha.\n\n"
        "His brother Tariq Khan said the family backed the plan.",
        "x.txt",
    )
    summary, _ = run(article, {"GroundedMeta": [{**META, "speaker_name": "Tariq Khan"}]})
    assert summary.speaker.name == "Amir Khan" and len(built) == 1
