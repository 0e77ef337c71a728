"""Read an article from a file or stdin into an `Article`: decoded text, metadata, sentences.

All offsets in the output are character offsets into `Article.text`, the text as read
(decoded, nothing normalised, a UTF-8 byte-order mark kept as U+FEFF), so
`open(file, encoding="utf-8", newline="").read()[start:end] == evidence.text` holds for the
user's own file (newline="": line ends as they are, CRLF two characters); `article.sha256`
is the sha256 of that text in UTF-8, i.e. of a UTF-8 file's bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .bounded import TooLarge, file_chunks, read_bounded, read_file
from .errors import InputError
from .htmltext import declared_charset, extract_html_text, looks_like_html
from .sentences import Sentence, split_sentences

DEFAULT_MAX_BYTES = 2_000_000
STDIN = "-"

_METADATA_LINE = re.compile(r"[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]+(.*\S)[ \t]*")
_MARKDOWN_HEADLINE = re.compile(r"[ \t]*#{1,3}[ \t]+(.*\S)[ \t]*")
_LINE_END = re.compile(r"[\r\n]")
# Longest first: a UTF-32 LE mark begins with the UTF-16 LE one. UTF-8's is read as UTF-8.
_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
    b"\xef\xbb\xbf": "UTF-8",
}


@dataclass(frozen=True)
class Article:
    text: str
    source: str
    headline: str | None = None
    published: dt.date | None = None
    body_start: int = 0
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def sentence(self, sentence_id: int) -> Sentence:
        return self.sentences[sentence_id - 1]


def read_bytes(source: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, article: bool = True) -> bytes:
    """The article's bytes, read through the bounded reader: never more than `max_bytes` + 1.
    `article=False` (a configuration file): the same checks, without the hints that only
    help an article (stdin, --max-bytes)."""
    if max_bytes < 1:
        raise InputError(f"--max-bytes must be a positive number of bytes, not {max_bytes}")
    if str(source) == STDIN:
        if sys.stdin is None or sys.stdin.closed:
            raise InputError("stdin is closed: there is no article to read (give a file, or pipe one in)")
        return _bounded(sys.stdin.buffer, "stdin", max_bytes)
    path = Path(source)
    pipe_hint = f": pipe it to stdin instead (summarizer summarize - < {path})" if article else ""
    # A device (/dev/stdin, a terminal) is read, up to the bound: a pipe or a socket is not.
    return read_file(
        path,
        max_bytes,
        devices=True,
        what="an article file" if article else "a file",
        pipe_hint=pipe_hint,
        limit_hint=" (raise it with --max-bytes)" if article else "",
    )


def _bounded(handle: BinaryIO, name: str, max_bytes: int) -> bytes:
    try:
        return read_bounded(file_chunks(handle), max_bytes)
    except TooLarge:
        raise InputError(
            f"{name} is over the limit of {max_bytes:,} bytes (raise it with --max-bytes)"
        ) from None
    except (OSError, ValueError) as error:  # ValueError: a stdin closed under us
        raise InputError(f"cannot read {name}: {getattr(error, 'strerror', None) or error}") from None


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """UTF-8 unless told otherwise; anything else is refused with a hint, never guessed."""
    bom, label = next(((b, label) for b, label in _BOMS.items() if data.startswith(b)), (b"", ""))
    if bom and not data[len(bom) :].strip(b" \t\r\n\x00"):
        raise InputError(f"{name} is empty after its byte-order mark ({label}): there is no article text")
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise InputError(f"unknown encoding: {encoding}") from None
        except UnicodeDecodeError as error:
            raise InputError(
                f"{name} is not valid {encoding} (byte {error.start}); try another --encoding"
            ) from None
    if label and label != "UTF-8":
        raise InputError(
            f"{name} is {label} (it starts with a byte-order mark); "
            f"re-save it as UTF-8 or pass --encoding {label.lower()}"
        )
    if b"\x00" in data[:8192]:
        raise InputError(f"{name} looks like a binary file, not a text article")
    try:
        # A byte-order mark stays in the text, as U+FEFF at offset 0: offsets then index the
        # file as any UTF-8 reader opens it, and sha256 covers exactly the file's bytes.
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name} is not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})"
            f"{_encoding_hint(data)}"
        ) from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text[:8192]) // 100):
        raise InputError(f"{name} looks like a binary file, not a text article")
    return text


def _encoding_hint(data: bytes) -> str:
    if _looks_western(data):
        return "; it looks like Latin-1 or Windows-1252: pass --encoding cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is None:
        return "; it may be a binary file"
    return f"; it looks like {best.encoding}: pass --encoding {best.encoding}"


def _looks_western(data: bytes) -> bool:
    """Mostly ASCII with lone high bytes (é, ü, ñ): a Western 8-bit file. A statistical guesser
    calls short ones "big5"; a lone accented letter between ASCII ones is far likelier."""
    sample = data[:65536]
    high = [i for i, byte in enumerate(sample) if byte >= 0x80]
    if not high or 2 * len(high) > len(sample):  # more high bytes than ASCII: not Western text
        return False
    lone = sum(
        1 for i in high if (i == 0 or sample[i - 1] < 0x80) and (i + 1 >= len(sample) or sample[i + 1] < 0x80)
    )
    return 2 * lone >= len(high)  # double-byte CJK text pairs its high bytes


def parse_article(text: str, source: str) -> Article:
    """Split off the metadata line (` date 2024-09-12 Headline`) and number the sentences."""
    page_published = None
    if looks_like_html(text):
        page = extract_html_text(text, source)
        text, page_published = page.text, page.published
    if not text.strip():
        raise InputError(f"{source} is empty: there is no article text to summarise")
    headline, published, body_start = _metadata(text)
    published = published or page_published
    sentences = split_sentences(text, body_start)
    if not sentences:
        raise InputError(f"{source} has a headline but no article text")
    return Article(
        text=text,
        source=source,
        headline=headline,
        published=published,
        body_start=body_start,
        sentences=sentences,
    )


def _metadata(text: str) -> tuple[str | None, dt.date | None, int]:
    first = re.match(r"[\s\ufeff]*", text).end()  # past a byte-order mark too
    newline = _LINE_END.search(text, first)  # CR alone ends a line too (old Mac files)
    line_end = newline.start() if newline else len(text)
    line = text[first:line_end].rstrip("\r")
    if match := _METADATA_LINE.fullmatch(line):
        try:
            published = dt.date.fromisoformat(match.group(1))
        except ValueError:
            published = None
        if _looks_like_headline(match.group(2)):
            return match.group(2), published, line_end
        # Archived copy often fuses the lead paragraph into the date line: after the date
        # it is article text, not a headline.
        return None, published, first + match.start(2)
    if match := _MARKDOWN_HEADLINE.fullmatch(line):
        return match.group(1), None, line_end
    followed_by_blank = re.match(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)", text[line_end:]) is not None
    if followed_by_blank and _looks_like_headline(line) and line_end < len(text.rstrip()):
        return line.strip(), None, line_end
    return None, None, 0


HEADLINE_WORDS = 25
_SENTENCE_END = re.compile(r"[a-z]{2}[.!?][\"'\u201d]?\s+[A-Z]")  # "... planet. Modi called"


def _looks_like_headline(line: str) -> bool:
    """Short, and not a sentence: no full stop at the end or between sentences."""
    line = line.strip()
    return (
        len(line.split()) <= HEADLINE_WORDS
        and not line.endswith((".", '"'))
        and not _SENTENCE_END.search(line)
    )


def source_name(source: str | Path) -> str:
    """The name a result, a record and a message give an input: a file name's bytes that are
    not UTF-8 (legal on Linux; Python holds them as lone surrogates, which no UTF-8 output
    can take) shown as \\xNN, so the result can still be written."""
    return str(source).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def load_article(
    source: str | Path, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Article:
    name = "stdin" if str(source) == STDIN else source_name(source)
    data = read_bytes(source, max_bytes)
    if not data.strip():
        raise InputError(f"{name} is empty: there is no article text to summarise")
    # A saved page says how it is encoded (<meta charset=...>); --encoding still overrides.
    return parse_article(decode(data, name, encoding or declared_charset(data)), source_name(source))
