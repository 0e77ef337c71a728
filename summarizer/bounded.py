"""One bounded reader for every byte that comes in: files, stdin and HTTP answers.

Nothing is read whole and measured afterwards: `/dev/zero`, a 50 MB answer or a 400 KB
gzip bomb stop at the limit, with memory never much above it. Compressed answers are
inflated here, chunk by chunk, so the bound holds for the bytes after decompression.
Every file a user names comes through `read_file`: articles, configurations, reports,
baselines, gold files, recordings and prompt templates.
"""

from __future__ import annotations

import os
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

CHUNK = 64 * 1024
# zlib's window bits: 16 + 15 reads gzip; 32 + 15 reads gzip or zlib, whichever it finds.
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": 32 + zlib.MAX_WBITS}
ENCODINGS = ", ".join(_WBITS)  # what we ask servers for (Accept-Encoding)


# The bound of a JSON file the tool reads (a report, a baseline, a gold file, a recorded
# exchange, a batch's own result): far above any real one (a few KB to a few hundred), far
# below what would exhaust memory, and twice the transport's bound of an answer (32 MiB),
# so that an answer it took, once recorded (JSON-escaped), can still be replayed.
JSON_FILE_LIMIT = 64 << 20
# What parsing a hostile file may raise besides ValueError: nesting 200,000 deep exhausts
# the parser's recursion (json, tomllib), and a huge literal its memory. Bad input, exit 2.
UNPARSABLE = (ValueError, RecursionError, MemoryError)


class TooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"over the limit of {limit:,} bytes")
        self.limit = limit


class UnknownEncoding(Exception):
    pass


Transform = Callable[[bytes, int], bytes]


def read_bounded(chunks: Iterable[bytes], limit: int, transform: Transform | None = None) -> bytes:
    """Join `chunks` (after `transform`, given the room left) or raise TooLarge past `limit`."""
    parts: list[bytes] = []
    total = 0
    for chunk in chunks:
        if transform is not None:
            chunk = transform(chunk, limit - total)
        total += len(chunk)
        if total > limit:
            raise TooLarge(limit)
        parts.append(chunk)
    return b"".join(parts)


def file_chunks(handle: BinaryIO) -> Iterator[bytes]:
    while chunk := handle.read(CHUNK):
        yield chunk


def inflater(content_encoding: str | None) -> Transform | None:
    """A transform that inflates one Content-Encoding without ever exceeding the room left."""
    encoding = (content_encoding or "identity").strip().lower()
    if encoding == "identity":
        return None
    if encoding not in _WBITS:
        raise UnknownEncoding(f"the answer is in an encoding this client does not read ({encoding})")
    inflate = zlib.decompressobj(_WBITS[encoding])

    def transform(chunk: bytes, room: int) -> bytes:
        try:
            # One byte more than there is room for is enough to know it is too large.
            return inflate.decompress(chunk, max(room, 0) + 1)
        except zlib.error as error:
            raise UnknownEncoding(f"the answer is not valid {encoding} ({error})") from None

    return transform


def read_file(
    path: str | Path,
    limit: int,
    *,
    devices: bool = False,
    what: str = "a file",
    pipe_hint: str = "",
    limit_hint: str = "",
) -> bytes:
    """A file's bytes, never more than `limit` + 1 read, or a one-line `InputError` (exit 2).

    A pipe or a socket is refused before it is opened (opening one waits for a writer
    forever), and so is a device unless `devices` (an article may be /dev/stdin): /dev/zero
    has no end. The open itself never waits (O_NONBLOCK), and what was opened is checked
    again, so a file swapped for a pipe in between is refused too."""
    path = Path(path)
    try:
        _refuse(path, path.stat().st_mode, devices, what, pipe_hint)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(descriptor)
        _refuse(path, status.st_mode, devices, what, pipe_hint)
        if stat.S_ISREG(status.st_mode) and status.st_size > limit:  # refused without reading
            raise InputError(
                f"{path} is {status.st_size:,} bytes, over the limit of {limit:,} bytes{limit_hint}"
            )
        os.set_blocking(descriptor, True)  # a terminal given as an article is read as it types
        try:
            return read_bounded(file_chunks(handle), limit)
        except TooLarge:  # a device, or a file that grew after its size was read
            raise InputError(f"{path} is over the limit of {limit:,} bytes{limit_hint}") from None
        except OSError as error:
            raise InputError(f"cannot read {path}: {error.strerror or error}") from None


def _refuse(path: Path, mode: int, devices: bool, what: str, pipe_hint: str) -> None:
    if stat.S_ISDIR(mode):
        raise InputError(f"{path} is a directory, not {what}")
    if stat.S_ISFIFO(mode):
        raise InputError(f"{path} is a pipe, not a file{pipe_hint}")
    if stat.S_ISSOCK(mode):
        raise InputError(f"{path} is a socket, not a file")
    if not devices and (stat.S_ISCHR(mode) or stat.S_ISBLK(mode)):
        raise InputError(f"{path} is a device, not a file")
