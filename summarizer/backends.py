"""One table of what each kind of OpenAI-compatible server needs.

Servers agree on `/v1/chat/completions` but not on how to ask for JSON that follows a
schema. The profile decides the instructor mode and the `response_format` shape; the
rest of the code never asks which server it talks to.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx2 as httpx
import instructor
import openai

from .errors import ConfigError


@dataclass(frozen=True)
class BackendProfile:
    name: str
    mode: instructor.Mode
    # How the JSON Schema travels: "json_schema" (OpenAI's response_format shape),
    # "json_object+schema" (llama-cpp-python's), "llguidance" (a llama.cpp grammar that
    # also forbids the pretty-printing whitespace: ~40% fewer tokens to generate), or
    # "prompt" (in the system message).
    schema_via: str
    extra_body: dict[str, Any] = field(default_factory=dict)
    note: str = ""

    def request_extras(self, schema: dict[str, Any]) -> dict[str, Any]:
        """The `extra_body` for one request: it overrides what instructor put there."""
        extras = dict(self.extra_body)
        if self.schema_via == "json_object+schema":
            extras["response_format"] = {"type": "json_object", "schema": schema}
        elif self.schema_via == "llguidance":
            extras["response_format"] = openai.omit
            extras["grammar"] = llguidance_grammar(schema)
        return extras


def llguidance_grammar(schema: dict[str, Any]) -> str:
    """The schema as an llguidance grammar that emits compact JSON (no indentation)."""
    compact = {**schema, "x-guidance": {"whitespace_flexible": False}}
    return "%llguidance {}\nstart: %json " + json.dumps(compact, separators=(",", ":"))


PROFILES: dict[str, BackendProfile] = {
    profile.name: profile
    for profile in (
        BackendProfile(
            "llamacpp",
            instructor.Mode.JSON_SCHEMA,
            "json_schema",
            # Keep the KV cache of the shared prefix between the questions of one article.
            {"cache_prompt": True},
            "llama.cpp server and xllamacpp (the embedded model): enforce response_format json_schema",
        ),
        BackendProfile(
            "llamacpp-llguidance",
            instructor.Mode.JSON_SCHEMA,
            "llguidance",
            {"cache_prompt": True},
            "llama.cpp built with llguidance (xllamacpp, the embedded model): compact JSON grammar",
        ),
        BackendProfile(
            "llama-cpp-python",
            instructor.Mode.JSON_SCHEMA,
            "json_object+schema",
            note="llama-cpp-python's server rejects type json_schema; it takes json_object + schema",
        ),
        BackendProfile(
            "ollama",
            instructor.Mode.JSON_SCHEMA,
            "json_schema",
            note="Ollama >= 0.5 maps response_format json_schema to its `format` field",
        ),
        BackendProfile(
            "vllm",
            instructor.Mode.JSON_SCHEMA,
            "json_schema",
            note="vLLM enforces response_format json_schema with guided decoding",
        ),
        BackendProfile(
            "openai",
            instructor.Mode.JSON_SCHEMA,
            "json_schema",
            note="OpenAI structured outputs (response_format json_schema)",
        ),
        BackendProfile(
            "generic",
            instructor.Mode.JSON,
            "prompt",
            note="unknown server: json_object with the schema in the system message, validated here",
        ),
    )
}


def get_profile(name: str) -> BackendProfile:
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(PROFILES)
        raise ConfigError(f"unknown backend '{name}' (known: {known})") from None


def detect_profile(base_url: str, client: httpx.Client, owners: frozenset[str]) -> BackendProfile:
    """What the server is, from who owns its models (`ServerInfo.owners`) and what it
    answers; the generic profile when it doesn't say."""
    host = urlsplit(base_url).hostname or ""
    if host.endswith("openai.com"):
        return PROFILES["openai"]
    root = base_url.rstrip("/").removesuffix("/v1")
    if "llamacpp" in owners or _answers(client, f"{root}/props"):
        return PROFILES["llamacpp-llguidance" if _takes_llguidance(client, base_url) else "llamacpp"]
    if "vllm" in owners:
        return PROFILES["vllm"]
    if "library" in owners or _answers(client, f"{root}/api/version"):
        return PROFILES["ollama"]
    if "me" in owners:
        return PROFILES["llama-cpp-python"]
    return PROFILES["generic"]


def _takes_llguidance(client: httpx.Client, base_url: str) -> bool:
    """One token with an llguidance grammar: accepted only by builds that have it."""
    body = {
        "messages": [{"role": "user", "content": "Say ok."}],
        "max_tokens": 1,
        "grammar": '%llguidance {}\nstart: "ok"',
    }
    try:
        response = client.post(f"{base_url.rstrip('/')}/chat/completions", json=body, timeout=30)
    except httpx.HTTPError:
        return False
    return response.status_code == 200


def _answers(client: httpx.Client, url: str) -> bool:
    try:
        return client.get(url, timeout=5).status_code == 200
    except httpx.HTTPError:
        return False
