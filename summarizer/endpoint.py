"""Where a model is: plain settings, importable without the client libraries."""

from __future__ import annotations

from dataclasses import dataclass

NO_KEY = "no-key"  # local servers want some bearer token, any will do


@dataclass(frozen=True)
class EndpointConfig:
    base_url: str
    model: str | None = None
    api_key: str | None = None
    backend: str | None = None  # a profile name; None asks the server
