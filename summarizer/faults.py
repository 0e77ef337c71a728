"""What an HTTP failure under the OpenAI client means, in one line, and whether to try again.

One classification for every caller: `transport.is_transient` says which statuses are
retried; this turns what is left after the retries into an `EndpointError` whose
`transient` flag tells a batch whether another try (later, elsewhere) can help.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import openai

from .errors import EndpointError
from .redact import redact
from .transport import EndpointFault, is_transient


def endpoint_error(error: openai.APIError, where: str, timeout: float) -> EndpointError:
    if isinstance(error, openai.APITimeoutError):
        return EndpointError(
            f"the model server at {where} did not answer within {timeout:g} s", timed_out=True
        )
    if (fault := _fault(error)) is not None:  # it answered, with something unusable
        return EndpointError(f"the model server at {where} {short(str(fault))}", transient=False)
    if isinstance(error, openai.APIConnectionError):
        return EndpointError(f"cannot reach the model server at {where}: {reason(error)}")
    if isinstance(error, openai.APIStatusError):
        status = error.status_code
        if status in (401, 403):
            return EndpointError(f"{where} refused the API key (HTTP {status})", transient=False)
        if error.response.is_redirect:
            location = error.response.headers.get("location", "?")
            asked = str(error.response.request.url)
            return EndpointError(redirected(where, status, location, asked), transient=False)
        detail = redact(short(error.message))
        if is_transient(status):
            return EndpointError(f"{where} kept failing (HTTP {status}) after retrying: {detail}")
        return EndpointError(f"{where} rejected the request (HTTP {status}): {detail}", transient=False)
    return EndpointError(f"{where}: {redact(short(str(error)))}")


def redirected(url: str, status: int, location: str, request_url: str | None = None) -> str:
    """A redirect, on `/models` or on chat: named with where it points (masked: it may carry
    the key back), never followed, since the key would travel with it."""
    return f"{url} {redirect_advice(request_url or url, status, location)}"


def redirect_advice(request_url: str, status: int, location: str) -> str:
    """ "redirects (HTTP 302) to X: give B as --base-url". A relative Location (RFC 9110
    allows one) is resolved against the request first: a bare path is no base URL. The
    advice is the base URL it implies, without the `/chat/completions` or `/models` the
    client adds itself; a redirect back to the same address has none to give."""
    try:
        target = urljoin(request_url, location)
    except ValueError:  # a malformed Location: named as it came
        target = location
    shown = redact(short(target))
    address = _address(shown)
    if _address(target) == _address(request_url):
        return (
            f"redirects (HTTP {status}) to itself ({shown}), a loop: ask its operator for the API's address"
        )
    base = _ENDPOINT_PATH.sub("", address)
    advice = f"give {base} as --base-url" if base != address else "give that address as --base-url"
    return f"redirects (HTTP {status}) to {shown}: {advice}"


def _address(url: str) -> str:
    """The URL without its query and fragment."""
    return url.partition("?")[0].partition("#")[0]


_ENDPOINT_PATH = re.compile(r"/(?:chat/completions|models)/?$")


def short(message: str) -> str:
    return " ".join(message.split())[:300]


def _fault(error: BaseException | None) -> EndpointFault | None:
    while error is not None and not isinstance(error, EndpointFault):
        error = error.__cause__ or error.__context__
    return error


def reason(error: BaseException) -> str:
    """The innermost cause, in words: "connection refused", not a chain of wrappers."""
    while error.__cause__ is not None or error.__context__ is not None:
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    text = str(error) or type(error).__name__
    if "refused" in text.lower():
        return "connection refused"
    return redact(short(text))
