"""Check an endpoint before trusting it with a batch: reachable, models, JSON enforcement."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

import httpx2 as httpx
import openai

from .backends import detect_profile, get_profile
from .bounded import UNPARSABLE
from .connection import http_client, transport_stack
from .endpoint import EndpointConfig
from .faults import redirect_advice
from .redact import redact
from .server_info import ServerInfo, parse_models

# A schema no model satisfies by accident: only a server that constrains decoding
# returns exactly this shape on a prompt that asks for something else.
PROBE_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "pattern": "^ZQX-[0-9]{3}$"},
        "n": {"type": "integer", "minimum": 4242, "maximum": 4242},
    },
    "required": ["code", "n"],
    "additionalProperties": False,
}
PROBE_PROMPT = "Write one friendly sentence about the weather."


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks if c.name != "json schema enforced")

    def verdict(self) -> str:
        failed = [c for c in self.checks if not c.ok]
        if not self.ok:
            return f"NOT READY: {failed[0].name}: {failed[0].detail}"
        if failed:
            return "READY, WITH A CAVEAT: the server does not enforce JSON schemas; answers are validated and re-asked"
        return "READY: reachable, serving the model, enforcing JSON schemas"


def _post_chat(http: httpx.Client, endpoint: EndpointConfig, body: dict[str, object]) -> httpx.Response | str:
    """The answer to one chat request, or in words why there is none."""
    try:
        return http.post(f"{endpoint.api_root}/chat/completions", json=body)
    except httpx.TimeoutException:
        return f"no answer within {http.timeout.read:g} s"
    except httpx.HTTPError as error:
        return _short(str(error))


def _chat_answers(http: httpx.Client, endpoint: EndpointConfig, model: str) -> Check:
    """A plain question: a server whose chat answers HTML, an error or nothing is not ready."""
    body = {"model": model, "messages": [{"role": "user", "content": "Say ok."}], "max_tokens": 4}
    response = _post_chat(http, endpoint, body)
    if isinstance(response, str):
        return Check("chat answers", False, response)
    if response.status_code != 200:
        return Check("chat answers", False, f"HTTP {response.status_code}: {_short(response.text)}")
    return Check("chat answers", True, "a chat completion")


def _enforces_schema(http: httpx.Client, endpoint: EndpointConfig, model: str, profile_name: str) -> Check:
    profile = get_profile(profile_name)
    body: dict[str, object] = {
        "model": model,
        "messages": [{"role": "user", "content": PROBE_PROMPT}],
        "temperature": 0,
        "max_tokens": 40,
        "response_format": {"type": "json_schema", "json_schema": {"name": "probe", "schema": PROBE_SCHEMA}},
    }
    body.update(profile.request_extras(PROBE_SCHEMA))
    body = {key: value for key, value in body.items() if not isinstance(value, openai.Omit)}
    response = _post_chat(http, endpoint, body)
    if isinstance(response, str):
        return Check("json schema enforced", False, f"request failed: {response}")
    if response.status_code != 200:
        return Check("json schema enforced", False, f"HTTP {response.status_code}: {_short(response.text)}")
    try:
        content = response.json()["choices"][0]["message"]["content"]
        answer = json.loads(content)
        ok = answer.get("n") == 4242 and str(answer.get("code", "")).startswith("ZQX-")
    except (KeyError, IndexError, TypeError, AttributeError, *UNPARSABLE):  # an answer nested too deep too
        ok, content = False, response.text[:120]
    return Check("json schema enforced", ok, "yes" if ok else f"no: answered {_short(str(content), 100)!r}")


def _short(text: str, limit: int = 160) -> str:
    return redact(" ".join(text.split()))[:limit]


def _client(endpoint: EndpointConfig, timeout: float) -> httpx.Client:
    """Through the same retrying, bounded transport as a run: what doctor sees, a run sees."""
    transport = transport_stack(timeout=timeout, retry_seconds=min(5.0, timeout), quiet=True)
    return http_client(endpoint, transport, timeout)


def diagnose(endpoint: EndpointConfig, timeout: float = 30.0) -> Report:
    report = Report()
    with _client(endpoint, timeout) as http:
        started = time.monotonic()
        try:
            response = http.get(f"{endpoint.api_root}/models")
        except httpx.TimeoutException:
            report.checks.append(Check("reachable", False, f"no answer within {timeout:g} s"))
            return report
        except httpx.HTTPError as error:
            reason = "connection refused" if "refused" in str(error).lower() else _short(str(error), 120)
            report.checks.append(Check("reachable", False, reason))
            return report
        seconds = time.monotonic() - started
        if response.status_code in (401, 403):
            report.checks.append(
                Check("reachable", False, f"the API key was refused (HTTP {response.status_code})")
            )
            return report
        if response.is_redirect:  # not followed (the key would travel with it): named, as a run names it
            location = response.headers.get("location", "?")
            advice = redirect_advice(str(response.request.url), response.status_code, location)
            report.checks.append(Check("reachable", False, advice))
            return report
        report.checks.append(
            Check("reachable", True, f"HTTP {response.status_code} in {seconds * 1000:.0f} ms")
        )
        try:
            info = parse_models(response.json())
        except ValueError:
            info = ServerInfo()
        models = list(info.models)
        model = endpoint.model or (models[0] if models else None)
        served = Check("models served", bool(model), ", ".join(models[:8]) or "none listed")
        if endpoint.model and models and endpoint.model not in models:
            served = Check("models served", False, f"'{endpoint.model}' not among: {', '.join(models[:8])}")
        report.checks.append(served)
        profile = (
            get_profile(endpoint.backend)
            if endpoint.backend
            else detect_profile(endpoint.api_root, http, info.owners)
        )
        report.checks.append(Check("backend profile", True, f"{profile.name} ({profile.note})"))
        if model:
            report.checks.append(chat := _chat_answers(http, endpoint, model))
            if chat.ok:
                report.checks.append(_enforces_schema(http, endpoint, model, profile.name))
    return report
