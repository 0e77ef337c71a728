from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.errors import InputError, SummarizerError
from summarizer.loader import decode, load_article, parse_article


def test_the_metadata_line_gives_headline_and_publication_date(seed_path: Path) -> None:
    article = load_article(seed_path)
    assert article.published == dt.date(2024, 9, 12)
    assert article.headline.startswith("China advocates BRICS enhancing counter-terrorism")
    assert "date 2024" not in article.sentences[0].text


def test_a_markdown_or_plain_headline_is_recognised() -> None:
    assert parse_article("# Big news\n\nBody text here.", "x").headline == "Big news"
    plain = parse_article("Minister makes three proposals\n\nBEIJING -- Body here.", "x")
    assert plain.headline == "Minister makes three proposals"
    assert plain.sentences[0].text.startswith("BEIJING")


def test_an_article_without_headline_keeps_all_its_text() -> None:
    article = parse_article("Wang said this. He said that.", "x")
    assert article.headline is None and len(article.sentences) == 2


def test_offsets_point_into_the_text_as_read_with_windows_newlines() -> None:
    text = " date 2024-01-02 Head\r\n\r\nFirst sentence. Second one.\r\n"
    article = parse_article(text, "x")
    assert [text[s.start : s.end] for s in article.sentences] == ["First sentence.", "Second one."]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_article(tmp_path / "nope.txt")


@pytest.mark.parametrize("content", [b"", b"   \n\t \n"])
def test_empty_and_blank_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty"):
        load_article(path)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="binary"):
        load_article(path)


def test_utf16_is_refused_with_a_hint_and_read_with_encoding(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("Wang made two proposals. First, talk.".encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16.*--encoding utf-16"):
        load_article(path)
    assert load_article(path, encoding="utf-16").sentences[0].text == "Wang made two proposals."


def test_latin1_is_refused_with_a_guess_and_read_with_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Le ministre a présenté ses propositions à Genève. Il a parlé.".encode("latin-1"))
    with pytest.raises(InputError, match=r"not valid UTF-8 \(byte 0xe9"):
        load_article(path)
    article = load_article(path, encoding="latin-1")
    assert "présenté" in article.text


def test_too_large_is_refused_naming_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Words and words. " * 1_300_000)  # about 22 MB
    with pytest.raises(InputError, match=r"22,100,000 bytes, over the limit of 2,000,000 bytes.*--max-bytes"):
        load_article(path)
    with pytest.raises(InputError, match="over the limit of 1,000 bytes"):
        load_article(path, max_bytes=1_000)
    path.write_bytes(b"Words and words. " * 200_000)  # 3.4 MB: admitted when the limit is raised
    assert len(load_article(path, max_bytes=4_000_000).sentences) == 200_000


def test_an_html_page_is_reduced_to_its_article_text() -> None:
    html = (
        "<!doctype html><html><head><title>Xi makes four proposals</title>"
        "<script>var tracker = 1;</script></head><body><nav>Home | World | Sport</nav>"
        "<article><h1>Xi makes four proposals</h1>"
        "<p>BEIJING, May 1 (Xinhua) -- President Xi made four proposals on Monday at the summit in Beijing.</p>"
        "<p>First, deepen trade between the two regions and cut tariffs on farm goods.</p>"
        "<p>Second, expand people-to-people exchanges through culture, tourism and education.</p>"
        "</article><footer>Copyright</footer></body></html>"
    )
    article = parse_article(html, "page.html")
    assert "tracker" not in article.text and "<p>" not in article.text
    assert any(s.text.startswith("First, deepen trade") for s in article.sentences)


_PAGE_BODY = (
    "<article><h1>{h1}</h1>"
    "<p>BEIJING -- The minister made two proposals on Monday at the forum in Beijing, officials said.</p>"
    "<p>First, deepen trade between the two regions and cut tariffs on farm goods.</p>"
    "<p>Second, expand exchanges through culture and education, as agreed on 12 March 2020.</p>"
    "</article>"
)


def _page(head: str, h1: str = "Minister makes two proposals") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{_PAGE_BODY.format(h1=h1)}</body></html>"


@pytest.mark.parametrize(
    ("head", "headline", "published"),
    [
        (
            '<title>Site | Minister makes two proposals</title><meta property="og:title" '
            'content="Minister makes two proposals"><meta property="article:published_time" '
            'content="2024-09-11T08:30:00+08:00">',
            "Minister makes two proposals",
            dt.date(2024, 9, 11),
        ),
        (
            '<title>Site</title><script type="application/ld+json">{"@context": "https://schema.org", '
            '"@type": "NewsArticle", "headline": "Minister proposes two steps", '
            '"datePublished": "2023-03-02T10:00:00Z"}</script>',
            "Minister proposes two steps",
            dt.date(2023, 3, 2),
        ),
        # No date in the metadata: none is taken from the prose ("12 March 2020").
        ("<title>Minister makes two proposals</title>", "Minister makes two proposals", None),
    ],
    ids=["meta-published-time", "json-ld-date-published", "no-date"],
)
def test_an_html_page_gives_its_headline_and_date_from_its_metadata(
    head: str, headline: str, published: dt.date | None
) -> None:
    article = parse_article(_page(head), "page.html")
    assert article.headline == headline
    assert article.published == published
    assert any(s.text.startswith("BEIJING") for s in article.sentences)


@given(st.binary(max_size=300))
def test_the_loader_raises_nothing_but_its_own_errors(data: bytes) -> None:
    try:
        text = decode(data, "fuzz")
        parse_article(text, "fuzz")
    except SummarizerError:
        pass
