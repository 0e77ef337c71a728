"""One bounded reader for every byte that comes in: files, stdin and HTTP answers.

Nothing is read whole and measured afterwards: `/dev/zero`, a 50 MB answer or a 400 KB
gzip bomb stop at the limit, with memory never much above it. Compressed answers are
inflated here, chunk by chunk, so the bound holds for the bytes after decompression.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

CHUNK = 64 * 1024
# zlib's window bits: 16 + 15 reads gzip; 32 + 15 reads gzip or zlib, whichever it finds.
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": 32 + zlib.MAX_WBITS}
ENCODINGS = ", ".join(_WBITS)  # what we ask servers for (Accept-Encoding)


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
