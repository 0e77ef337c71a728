"""Where a model is: plain settings, importable without the client libraries."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from .errors import ConfigError
from .redact import register_endpoint

NO_KEY = "no-key"  # local servers want some bearer token, any will do


def check_base_url(url: str) -> str:
    """An http(s) URL with a host and a valid port, or a ConfigError that says what is wrong."""
    if not url.strip():
        raise ConfigError("the base URL is empty: give http://HOST:PORT/v1, or leave --base-url out")
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in url):  # httpx would refuse it mid-run
        raise ConfigError(f"the base URL {url!r} holds a control character (a stray newline or escape)")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError on a port out of range or not a number
    except ValueError as error:
        raise ConfigError(f"the base URL {url!r} is not a valid URL ({error})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"the base URL {url!r} must look like http://HOST:PORT/v1")
    return url


@dataclass(frozen=True)
class EndpointConfig:
    base_url: str
    model: str | None = None
    api_key: str | None = None
    backend: str | None = None  # a profile name; None asks the server

    def __post_init__(self) -> None:
        # Registered before anything can print or store them: every command builds one.
        register_endpoint(self.base_url, self.api_key)
        check_base_url(self.base_url)

    @property
    def api_root(self) -> str:
        """The base URL without its query string, no trailing slash: paths go after it.

        A gateway may want a query on every request (`http://h/v1?api-version=1`); pasted
        into a path ("/v1?api-version=1/models") it would be lost. Requests carry `query`."""
        parts = urlsplit(self.base_url)
        return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(urlsplit(self.base_url).query, keep_blank_values=True)
