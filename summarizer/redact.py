"""Keep secrets out of everything the tool prints or writes.

Secrets are registered where settings are made (`EndpointConfig`, `ModelSettings`): the
API key, and the password of a base URL with its Basic token. Every output path goes
through `redact()`: the stdout/stderr streams of the CLI (`RedactingStream`), log records
(`RedactingFilter`), every file written (`files.write_atomic`, the JSONL sink, recordings)
and every cache row. A path that forgets to redact still cannot leak through the streams.
"""

from __future__ import annotations

import base64
import errno
import json
import logging
import re
import threading
from typing import TextIO
from urllib.parse import quote, quote_plus, unquote, unquote_plus, urlsplit

from .errors import StreamFailed
from .render.safe import plain

MASK = "***"
# A long secret is masked wherever it appears, even inside a longer string; a short one
# only as a whole word, or a key like "abc" would mask every "abc" in an article.
WHOLE_WORD_BELOW = 8
# A message cut to length may cut a key: its first characters end one message, its last
# ones start pydantic's "head...tail" quote of an answer. Of a secret this long or longer,
# every prefix and suffix of PARTIAL_MIN characters or more is masked too.
PARTIAL_FROM = 12
PARTIAL_MIN = 8

# A query parameter whose name says it holds a credential. `code` is Azure Functions' key
# (`?code=...`), named whole: "country_code" is no credential.
_SECRET_PARAMETER = re.compile(r"key|token|secret|pass|auth|sig|^code$", re.IGNORECASE)

_SECRETS: set[str] = set()
_LOCK = threading.Lock()
_PATTERN: re.Pattern[str] | None = None


def register_secret(value: str | None) -> None:
    """Mask `value` from now on, in every spelling an output may give it: as is, escaped in a
    JSON string or a Python repr (a `"` or `\\` in a key becomes `\\"`, `\\\\`), escaped
    twice or three times, URL-encoded and in base64."""
    if not value:
        return
    forms = (spellings(value) | _partials(value)) - _SECRETS
    if not forms:
        return
    global _PATTERN
    with _LOCK:
        _SECRETS.update(forms)
        _PATTERN = _compile(_SECRETS)


def spellings(value: str) -> set[str]:
    escaped = {
        value,
        json.dumps(value)[1:-1],  # ensure_ascii: what json.dumps writes by default
        json.dumps(value, ensure_ascii=False)[1:-1],  # what the JSONL sink writes
        # Python's repr (an error that quotes a dict, `{'message': '...'}`): `\` doubled,
        # a quote escaped when both kinds are in the key, non-printables as \xNN.
        repr(value)[1:-1],
        repr(value + "'\"")[1:-4],  # with both quote kinds in it, repr escapes the '
        value.encode("unicode_escape").decode("ascii"),
    }
    # An escaped spelling escaped once more (a JSON body quoted in an error's repr, a
    # message recorded as JSON), and each form URL-encoded.
    twice = _escaped_again(escaped)
    # Three levels: an echo of a JSON-encoded echo, quoted in an error's repr (a tab or a
    # quote in a key then shows as `\\\\t`).
    twice |= _escaped_again(twice)
    # A server that echoes a credential may re-encode it: base64, as in a Basic token.
    # With its padding (so `b64=***`, not `b64=***==`) and without (a server that strips it).
    encoded = {base64.b64encode(value.encode()).decode(), base64.urlsafe_b64encode(value.encode()).decode()}
    forms = escaped | twice | encoded | {form.rstrip("=") for form in encoded}
    quoted = {quote(form, safe="") for form in forms} | {quote_plus(form, safe="") for form in forms}
    # Percent escapes are case-blind (RFC 3986): "%2f" is "%2F", as a user may type it.
    lower = {re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), form) for form in quoted}
    return forms | quoted | lower


def _partials(value: str) -> set[str]:
    """The prefixes and suffixes a cut message may leave of a long secret."""
    if len(value) < PARTIAL_FROM:
        return set()
    sizes = range(PARTIAL_MIN, len(value))
    return {value[:n] for n in sizes} | {value[-n:] for n in sizes}


def _escaped_again(forms: set[str]) -> set[str]:
    return {form for once in forms for form in (json.dumps(once)[1:-1], repr(once)[1:-1])}


def register_endpoint(base_url: str | None, api_key: str | None) -> None:
    """Everything secret about one endpoint: the key, the URL's password, its Basic token."""
    register_secret(api_key)
    if not base_url:
        return
    try:
        parts = urlsplit(base_url)
        password, user = parts.password, parts.username or ""
    except ValueError:  # a malformed URL is refused elsewhere; mask what looks like a password
        match = re.search(r"//[^/@:]*:([^/@]+)@", base_url)
        password, user = (match.group(1) if match else None), ""
    # Some gateways take the key in the query string (?api-key=..., ?token=...): masked as
    # given ("tok%2fQr", escapes in any case) and decoded. Split on ";" too: the legacy
    # separator (`?a=1;token=...`) that Python's parse_qsl no longer honours, a server may.
    query = base_url.partition("?")[2].partition("#")[0]
    for name, _, raw in (part.partition("=") for part in re.split(r"[&;]", query)):
        if _SECRET_PARAMETER.search(unquote_plus(name)):
            register_secret(raw)
            register_secret(unquote_plus(raw))
    # A user name with no password is how some gateways take a token (http://TOKEN@host/v1):
    # then it is the credential, masked with the Basic token it makes. Beside a password
    # it is a name ("alice"), which stays readable.
    for form in {user, unquote(user)} if user and password is None else ():
        register_secret(form)
        register_secret(base64.b64encode(f"{form}:".encode()).decode())
    if password:
        for form in {password, unquote(password)}:
            register_secret(form)
            token = base64.b64encode(f"{unquote(user)}:{form}".encode()).decode()
            register_secret(token)


def _compile(secrets: set[str]) -> re.Pattern[str]:
    """The mask, case-blind: an endpoint may echo a header upper-cased (`BEARER SK-...`), and
    any spelling above can come back so. It matches lowered text (see `_masked`): literal
    alternatives search several times faster than under re.IGNORECASE."""
    parts = []
    # Longest first, so a secret that contains another is masked whole.
    for secret in sorted({secret.lower() for secret in secrets}, key=len, reverse=True):
        escaped = re.escape(secret)
        parts.append(escaped if len(secret) >= WHOLE_WORD_BELOW else rf"(?<![\w-]){escaped}(?![\w-])")
    return re.compile("|".join(parts))


def _masked(pattern: re.Pattern[str], text: str) -> str:
    folded = text.lower()
    if len(folded) != len(text):  # a character that lowers to two ("İ"): offsets would drift
        return re.compile(pattern.pattern, re.IGNORECASE).sub(MASK, text)
    pieces, cursor = [], 0
    for match in pattern.finditer(folded):
        pieces += [text[cursor : match.start()], MASK]
        cursor = match.end()
    return "".join(pieces) + text[cursor:] if pieces else text


def redact(text: str, keep: str = "") -> str:
    """`text` with every registered secret masked, whatever its case.

    `keep` is a result's article: a secret that is also a word of the article (a key
    "Beijing") is not masked in that result, whose evidence must stay verbatim; the article
    is the user's own input, so this shows nothing the input did not. Everywhere else (logs,
    errors, endpoints, recordings, reports) it is masked as always.
    """
    pattern = _PATTERN
    if pattern is None:
        return text
    # Spared as the mask matches: whatever the case (a key "Beijing", an article's "BEIJING").
    folded = keep.lower()
    if keep and (spared := {s for s in _SECRETS if s.lower() in folded}):
        rest = _SECRETS - spared
        if not rest:
            return text
        pattern = _compile(rest)
    return _masked(pattern, text)


def write_result(stream: TextIO, text: str, keep: str) -> None:
    """A result to stdout: masked sparing its article (see `redact`), past the stream's own mask."""
    if not isinstance(stream, RedactingStream):
        stream.write(redact(text, keep))
        return
    try:
        stream._open().write(redact(text, keep))
    except OSError as error:  # a full disk, a closed stdout: named like every other stream fault
        raise StreamFailed(stream._name, error) from None


def redact_bytes(data: bytes) -> bytes:
    if _PATTERN is None:
        return data
    return redact(data.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")


def one_line(text: str) -> str:
    """Line breaks (from a file name, a server's answer) shown as \\n: one record, one line;
    and no other control character (a model id with ESC in it cannot drive the terminal)."""
    return plain(text.replace("\r", "\\r").replace("\n", "\\n"))


class RedactingFilter(logging.Filter):
    """Masks secrets in every log record and keeps it on one line of stderr."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = one_line(redact(record.getMessage()))
        record.args = None
        return True


class RedactingStream:
    """A text stream that masks secrets in whatever is written to it (stdout, stderr), and
    names itself when it cannot be written (`summarizer schema > /dev/full`)."""

    def __init__(self, inner: TextIO | None, name: str = "stdout") -> None:
        self._inner = inner  # None when the process was started with it closed (`>&-`)
        self._name = name

    def write(self, text: str) -> int:
        try:
            self._open().write(redact(text))
        except OSError as error:
            raise StreamFailed(self._name, error) from None
        return len(text)

    def flush(self) -> None:
        if self._inner is None:  # nothing was taken, so nothing is pending (and exit flushes too)
            return
        try:
            self._inner.flush()
        except OSError as error:
            raise StreamFailed(self._name, error) from None

    def _open(self) -> TextIO:
        if self._inner is None:
            raise OSError(errno.EBADF, "it is closed")
        return self._inner

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)
