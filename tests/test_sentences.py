from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from summarizer.sentences import split_sentences


def test_dateline_abbreviations_do_not_end_a_sentence() -> None:
    text = "ST. PETERSBURG, Sept. 11 (Xinhua) -- The BRICS countries should work together. Wang said so."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "ST. PETERSBURG, Sept. 11 (Xinhua) -- The BRICS countries should work together.",
        "Wang said so.",
    ]


def test_a_list_marker_stays_with_its_item() -> None:
    sentences = split_sentences("1. Keep ASEAN united. It matters.\n2. Act on the Outlook.")
    assert [s.text for s in sentences] == ["1. Keep ASEAN united.", "It matters.", "2. Act on the Outlook."]


def test_a_closing_quote_belongs_to_the_sentence_it_closes() -> None:
    sentences = split_sentences('"First, we should act," Xi said. He added more.')
    assert [s.text for s in sentences] == ['"First, we should act," Xi said.', "He added more."]


def test_initials_and_acronyms_do_not_split() -> None:
    sentences = split_sentences("The U.S. delegation met J. Smith in Washington. Talks went on.")
    assert len(sentences) == 2


def test_paragraphs_are_numbered_and_ids_count_from_one() -> None:
    sentences = split_sentences("One. Two.\n\nThree.")
    assert [(s.id, s.paragraph) for s in sentences] == [(1, 0), (2, 0), (3, 1)]


def test_offsets_can_start_after_a_metadata_line(seed_text: str) -> None:
    body_start = seed_text.index("\n")
    sentences = split_sentences(seed_text, body_start)
    assert sentences[0].start > body_start
    assert all(seed_text[s.start : s.end] == s.text for s in sentences)


@given(st.text(max_size=400))
def test_offsets_round_trip_on_any_text(text: str) -> None:
    sentences = split_sentences(text)
    previous_end = 0
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text
        assert sentence.start >= previous_end
        previous_end = sentence.end
    # Nothing but white space falls between or around the sentences.
    covered = "".join(s.text for s in sentences)
    assert "".join(covered.split()) == "".join(text.split())
