"""The model client's plumbing, against a scripted OpenAI-compatible server."""

from __future__ import annotations

import json
import time

import pytest
from fakeserver import Reply, completion, fake_openai, scripted
from pydantic import BaseModel, Field, field_validator

from summarizer import connection
from summarizer.backends import get_profile
from summarizer.endpoint import EndpointConfig
from summarizer.errors import ConfigError, EndpointError, ModelAnswerError
from summarizer.llm import ModelClient
from summarizer.questions.lists import Lists
from summarizer.questions.wording import Words
from summarizer.server_info import ModelMeta, ServerInfo, parse_models


class Pick(BaseModel):
    colour: str = Field(max_length=10)

    @field_validator("colour")
    @classmethod
    def known(cls, value: str) -> str:
        if value not in {"red", "blue"}:
            raise ValueError(f"[known-colour] {value!r} is not red or blue")
        return value


MESSAGES = [{"role": "user", "content": "Pick a colour."}]


def connect(url: str, **kwargs) -> ModelClient:
    backend = kwargs.pop("backend", "llamacpp")
    kwargs.setdefault("retry_seconds", 5)
    return connection.connect(
        EndpointConfig(url, kwargs.pop("model", None), kwargs.pop("api_key", None), backend), **kwargs
    )


def test_an_invalid_answer_is_re_asked_with_the_error() -> None:
    with fake_openai(scripted([completion({"colour": "green"}), completion({"colour": "red"})])) as server:
        answer = connect(server.url).ask(Pick, MESSAGES, max_retries=2)
    assert answer.value.colour == "red"
    assert (answer.cost.questions, answer.cost.attempts) == (1, 2)
    reask = server.chat_requests[1].body["messages"]
    assert "green" in json.dumps(reask[-2]) and "is not red or blue" in json.dumps(reask[-1])


def test_a_check_of_fact_that_still_fails_names_the_check() -> None:
    with fake_openai(scripted([completion({"colour": "green"})])) as server:
        with pytest.raises(ModelAnswerError, match="check 'known-colour'.*'green' is not red or blue"):
            connect(server.url).ask(Pick, MESSAGES, max_retries=1)
        assert len(server.chat_requests) == 2


def test_malformed_json_is_re_asked_then_reported() -> None:
    with fake_openai(scripted([completion("{not json")])) as server:
        with pytest.raises(ModelAnswerError, match="check 'json'"):
            connect(server.url).ask(Pick, MESSAGES, max_retries=1)


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_server_errors_and_rate_limits_are_retried(status: int) -> None:
    replies = [Reply({"error": {"message": "busy"}}, status=status), completion({"colour": "blue"})]
    with fake_openai(scripted(replies)) as server:
        answer = connect(server.url).ask(Pick, MESSAGES)
        assert answer.value.colour == "blue"
        assert len(server.chat_requests) == 2


def test_retry_after_is_honoured() -> None:
    replies = [
        Reply({"error": {"message": "slow down"}}, status=429, headers={"Retry-After": "2"}),
        completion({"colour": "red"}),
    ]
    with fake_openai(scripted(replies)) as server:
        started = time.monotonic()
        connect(server.url).ask(Pick, MESSAGES)
        assert time.monotonic() - started >= 2.0


def test_the_timeout_bounds_a_request_with_its_retries() -> None:
    # --timeout is the whole wait for one answer: a try that used it up is not tried again,
    # however long the retry window; a try that fails fast is retried inside it.
    replies = [Reply(delay=3.0, body={}), completion({"colour": "red"})]
    with fake_openai(scripted(replies)) as server:
        started = time.monotonic()
        with pytest.raises(EndpointError, match="did not answer within 1 s"):
            connect(server.url, timeout=1.0, retry_seconds=30).ask(Pick, MESSAGES)
        assert time.monotonic() - started < 2.5
    with fake_openai(scripted([Reply(hang_up=True), completion({"colour": "red"})])) as server:
        assert connect(server.url, timeout=5.0, retry_seconds=30).ask(Pick, MESSAGES).value.colour == "red"


def test_a_server_that_keeps_failing_ends_in_bounded_time_with_one_message() -> None:
    with fake_openai(scripted([Reply({"error": {"message": "down"}}, status=503)])) as server:
        client = connect(server.url, retry_seconds=3)
        started = time.monotonic()
        with pytest.raises(EndpointError, match=r"kept failing \(HTTP 503\)"):
            client.ask(Pick, MESSAGES)
        assert time.monotonic() - started < 30


def test_a_dead_endpoint_is_one_clear_error() -> None:
    with fake_openai(scripted([completion({})])) as server:
        url = server.url
    with pytest.raises(EndpointError, match="cannot reach the model server at .*connection refused"):
        connect(url, retry_seconds=1)


def test_an_unknown_model_lists_what_is_served() -> None:
    with fake_openai(scripted([completion({})])) as server:
        with pytest.raises(ConfigError, match="model 'gpt-9' is not served.*it serves: fake-model"):
            connect(server.url, model="gpt-9")


def test_a_refused_key_is_reported_without_the_key() -> None:
    def refuse(path: str, body: dict) -> Reply:
        return Reply({"error": {"message": "invalid key sk-test-SECRET-1234567890"}}, status=401)

    with fake_openai(refuse, models=[]) as server:
        client = connect(server.url, api_key="sk-test-SECRET-1234567890", model="fake-model")
        with pytest.raises(EndpointError) as raised:
            client.ask(Pick, MESSAGES)
    assert "refused the API key" in str(raised.value)
    assert "SECRET" not in str(raised.value)


@pytest.mark.parametrize(
    ("backend", "expected"),
    [
        ("llamacpp", {"response_format.type": "json_schema", "cache_prompt": True}),
        ("llamacpp-llguidance", {"response_format": None, "grammar.startswith": "%llguidance"}),
        (
            "llama-cpp-python",
            {"response_format.type": "json_object", "response_format.schema.type": "object"},
        ),
        ("ollama", {"response_format.type": "json_schema"}),
        ("vllm", {"response_format.type": "json_schema"}),
        ("openai", {"response_format.type": "json_schema"}),
        ("generic", {"response_format.type": "json_object", "system mentions schema": True}),
    ],
)
def test_each_backend_profile_shapes_the_request(backend: str, expected: dict) -> None:
    with fake_openai(scripted([completion({"colour": "red"})])) as server:
        connect(server.url, backend=backend).ask(Pick, MESSAGES)
        body = server.chat_requests[0].body
    for key, value in expected.items():
        if key == "system mentions schema":
            assert body["messages"][0]["role"] == "system" and "colour" in body["messages"][0]["content"]
        elif key.endswith(".startswith"):
            assert body[key.split(".")[0]].startswith(value)
        elif value is None:
            assert key not in body
        else:
            node = body
            for part in key.split("."):
                node = node[part]
            assert node == value


@pytest.mark.parametrize(
    ("models", "llguidance", "profile"),
    [
        ([{"id": "m", "owned_by": "llamacpp"}], True, "llamacpp-llguidance"),
        ([{"id": "m", "owned_by": "llamacpp"}], False, "llamacpp"),
        ([{"id": "m", "owned_by": "vllm"}], False, "vllm"),
        ([{"id": "m", "owned_by": "me"}], False, "llama-cpp-python"),
        ([{"id": "m", "owned_by": "someone"}], False, "generic"),
    ],
)
def test_the_backend_is_detected_from_what_the_server_says(
    models: list, llguidance: bool, profile: str
) -> None:
    def respond(path: str, body: dict) -> Reply:
        if "grammar" in body and body.get("max_tokens") == 1:
            return completion("ok") if llguidance else Reply({"error": {"message": "no grammar"}}, status=400)
        return completion({"colour": "red"})

    with fake_openai(respond, models=models) as server:
        assert connect(server.url, backend=None).profile.name == profile


def test_list_verdicts_must_name_every_list_once() -> None:
    model = Lists.answer(["L1", "L2"])
    good = {"lists": [{"list": "L1", "speaker": "Xi", "kind": "facts or achievements"},
                      {"list": "L2", "speaker": "Xi", "kind": "proposals made at this event"}]}  # fmt: skip
    assert model.model_validate(good)
    twice = {"lists": [good["lists"][0], good["lists"][0]]}
    with pytest.raises(ValueError, match=r"\[list-keys\]"):
        model.model_validate(twice)


def test_wording_items_must_be_numbered_in_order() -> None:
    model = Words.answer(2)
    item = {"title": "t", "summary": "s", "key_points": []}
    with pytest.raises(ValueError, match=r"\[item-numbers\]"):
        model.model_validate({"proposals": [{"item": 2, **item}, {"item": 1, **item}]})
    with pytest.raises(ValueError):
        model.model_validate({"proposals": [{"item": 1, **item}]})  # one too few: maxItems/minItems


def test_the_lists_instructions_name_every_kind_the_answer_allows() -> None:
    """The kinds are spelt in the template and in the answer's enum: they must not drift."""
    from summarizer.prompting import PromptSet
    from summarizer.questions.lists import KINDS, Lists

    instructions = Lists.instructions(PromptSet())
    assert all(f'"{kind}"' in instructions for kind in KINDS)


def test_the_server_is_read_from_one_get_of_models() -> None:
    served = [
        {
            "id": "big",
            "owned_by": "llamacpp",
            "aliases": ["big-alias"],
            "meta": {"n_params": 7e9, "n_ctx": 8192},
        }
    ]
    with fake_openai(scripted([]), models=served) as server:
        client = connection.connect(EndpointConfig(server.url, "big-alias", None, None), retry_seconds=2)
        gets = [r.path for r in server.requests if r.path.split("?")[0].endswith("/models")]
    assert gets == ["/v1/models"]  # the profile is told who owns the models, not asked again
    assert client.profile.name.startswith("llamacpp")  # told by the models' owner
    assert (client.parameters, client.context, client.is_small) == (7e9, 8192, False)


def test_a_models_body_of_any_shape_reads_as_what_it_says() -> None:
    info = parse_models(
        {"data": [{"id": "a", "owned_by": "vLLM"}, "junk", {"id": "b", "meta": {"n_ctx": True}}]}
    )
    assert (info.models, info.owners, info.about("b").context) == (("a", "b"), frozenset({"vllm"}), None)
    assert parse_models(["not", "a", "body"]) == parse_models({"data": "none"}) == ServerInfo()


def built_from(info: ServerInfo, url: str) -> ModelClient:
    """A client made from what a server said, as `connect` makes one, over the run's transports."""
    endpoint = EndpointConfig(url, None, None, "llamacpp")
    http = connection.http_client(endpoint, connection.transport_stack(timeout=30, retry_seconds=2), 30)
    return ModelClient(endpoint, http, profile=get_profile("llamacpp"), model="m", info=info, timeout=30)


def test_a_client_built_from_what_the_server_said_asks_without_asking_the_server_again() -> None:
    info = ServerInfo(("m",), frozenset({"llamacpp"}), {"m": ModelMeta(parameters=7e9, context=4096)})
    refused = Reply({"error": {"message": "no such key"}}, status=401)
    with fake_openai(
        scripted([completion({"colour": "green"}), completion({"colour": "red"}), refused])
    ) as server:
        client = built_from(info, server.url)
        answer = client.ask(Pick, MESSAGES, max_retries=2)  # a wrong answer, re-asked
        with pytest.raises(EndpointError, match="refused the API key"):
            client.ask(Pick, MESSAGES)
    assert answer.value.colour == "red" and answer.cost.attempts == 2
    assert [r.path for r in server.requests] == ["/v1/chat/completions"] * 3  # no /models, no probe
    assert (client.model, client.parameters, client.context, client.is_small) == ("m", 7e9, 4096, False)


def test_what_a_client_knows_is_fixed_when_it_is_built() -> None:
    with fake_openai(scripted([completion({"colour": "red"})])) as server:
        client = built_from(ServerInfo(), server.url)
        assert client.context == 8192  # a server that does not say: the default
        for name, value in [("context", 2400), ("model", "other"), ("embedded", object())]:
            with pytest.raises(AttributeError):
                setattr(client, name, value)
