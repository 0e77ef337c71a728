"""Secrets (issue 11, items 1-4): a key or a URL password is found in no output, no file
the tool writes, no cache row, no recording, no report and no run log row (issue 13),
whichever path it takes."""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from conftest import run_cli
from fakeserver import Reply, fake_openai, reference_answers

from summarizer.redact import redact, register_endpoint

KEY = "sk-test-VERY-SECRET-0123456789abcdef"


def everything_written(root: Path, *results) -> Iterator[bytes]:
    """Each command's stdout and stderr, each file under `root`, each row of each database
    (the result cache, the run log)."""
    for result in results:
        yield result.stdout
        yield result.stderr
    for path in root.rglob("*"):
        if path.is_file() and not path.name.endswith((".sqlite3-wal", ".sqlite3-shm")):
            if path.suffix == ".sqlite3":
                db = sqlite3.connect(path)
                for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
                    yield json.dumps(db.execute(f"SELECT * FROM {table}").fetchall()).encode()
            else:
                yield path.read_bytes()


def assert_nowhere(secrets: list[str], root: Path, *results) -> None:
    for text in everything_written(root, *results):
        for secret in secrets:
            assert secret.encode() not in text, (secret, text[:400])


def authorization(server) -> str:
    """The Authorization header of the request being answered (openai spells it in lower case)."""
    return {k.lower(): v for k, v in server.requests[-1].headers.items()}.get("authorization", "")


def echo_auth(server_box: list) -> Callable[[str, dict], Reply]:
    """A server that rejects every question, quoting the Authorization header it got."""

    def respond(path: str, body: dict) -> Reply:
        auth = authorization(server_box[0])
        return Reply({"error": {"message": f"bad credentials {auth} for this account"}}, status=400)

    return respond


def test_doctor_masks_a_key_the_endpoint_echoes(tmp_path: Path) -> None:
    box: list = []
    with fake_openai(echo_auth(box)) as server:
        box.append(server)
        by_option = run_cli("doctor", "--base-url", server.url, "--api-key", KEY, "--backend", "llamacpp")
        by_env = run_cli("doctor", "--base-url", server.url, "--json", env={"OPENAI_API_KEY": KEY})
        echoed = [r.headers.get("Authorization") for r in server.requests]
    assert f"Bearer {KEY}" in echoed  # the key was sent and echoed ...
    assert b"***" in by_option.stdout + by_env.stdout
    assert_nowhere([KEY, "VERY-SECRET"], tmp_path, by_option, by_env)  # ... and printed nowhere


def test_a_password_in_the_base_url_is_masked_everywhere(tmp_path: Path, seed_path: Path) -> None:
    password = "hunter2-base-url-pw"
    token = base64.b64encode(f"alice:{password}".encode()).decode()
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"), "SUMMARIZER_DATA_DIR": str(tmp_path / "data")}
    with fake_openai(reference_answers()) as good:
        url = good.url.replace("http://", f"http://alice:{password}@")
        runs = [
            run_cli("-v", "summarize", str(seed_path), "--base-url", url, "--wording", "extract",
                    "--out", str(tmp_path / "s.json"), env=env),
            run_cli("-v", "batch", str(seed_path), "--out", str(tmp_path / "b.jsonl"), "--base-url", url,
                    "--wording", "extract", env=env),
            run_cli("eval", "evals", "--only", "brics-2024-09-11", "--base-url", url, "--wording", "extract",
                    "--record", str(tmp_path / "rec"), "--report-dir", str(tmp_path), env=env),
        ]  # fmt: skip
        auth = {r.headers.get("Authorization") for r in good.requests}
    box: list = []
    with fake_openai(echo_auth(box)) as bad:
        box.append(bad)
        url = bad.url.replace("http://", f"http://alice:{password}@")
        runs.append(
            run_cli("batch", str(seed_path), "--out", str(tmp_path / "f"), "--base-url", url, env=env)
        )
        runs.append(run_cli("summarize", str(seed_path), "--base-url", url, env=env))
    assert f"Basic {token}" in auth  # the password was used ...
    assert [r.returncode for r in runs] == [0, 0, 0, 1, 3], [r.stderr for r in runs]
    assert (tmp_path / "report.json").exists() and list((tmp_path / "rec").glob("*.json"))
    assert b"alice:***@" in (tmp_path / "s.json").read_bytes()  # ... and shown masked
    assert logged_runs(tmp_path / "data") == 4  # summarize and batch, each once on each server
    assert_nowhere([password, token], tmp_path, *runs)


def test_eval_recordings_hold_no_key_from_api_key_env(tmp_path: Path) -> None:
    respond = reference_answers()
    box: list = []

    def echo_in_answer(path: str, body: dict) -> Reply:
        reply = respond(path, body)
        reply.body["system_fingerprint"] = authorization(box[0])
        return reply

    with fake_openai(echo_in_answer) as server:
        box.append(server)
        config = tmp_path / "a.toml"
        config.write_text(
            f'name = "a"\nbase_url = "{server.url}"\napi_key_env = "MY_KEY"\nwording = "extract"\n'
        )
        result = run_cli("eval", "evals", "--only", "brics-2024-09-11", "--config", str(config),
                         "--record", str(tmp_path / "rec"), "--report-dir", str(tmp_path),
                         env={"MY_KEY": KEY})  # fmt: skip
    assert result.returncode == 0, result.stderr
    recordings = list((tmp_path / "rec").glob("*.json"))
    assert recordings and any(b"Bearer ***" in p.read_bytes() for p in recordings)
    assert_nowhere([KEY], tmp_path, result)


def test_a_short_key_is_masked_too(tmp_path: Path, seed_path: Path) -> None:
    short = "Zq7pX"
    box: list = []
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"), "SUMMARIZER_DATA_DIR": str(tmp_path / "data"),
           "OPENAI_API_KEY": short}  # fmt: skip
    with fake_openai(echo_auth(box)) as server:
        box.append(server)
        runs = [
            run_cli("summarize", str(seed_path), "--base-url", server.url, env=env),
            run_cli(
                "batch", str(seed_path), "--out", str(tmp_path / "out"), "--base-url", server.url, env=env
            ),
        ]
    assert [r.returncode for r in runs] == [3, 1]
    assert list((tmp_path / "out").glob("*.error.json"))
    assert b"Bearer ***" in runs[0].stderr
    assert logged_runs(tmp_path / "data") == 2  # the failed runs are logged, the key masked
    assert_nowhere([short], tmp_path, *runs)


def logged_runs(data: Path) -> int:
    return int(sqlite3.connect(data / "runs.sqlite3").execute("SELECT COUNT(*) FROM runs").fetchone()[0])


def test_the_run_log_holds_no_key_an_endpoint_echoes(tmp_path: Path, seed_path: Path) -> None:
    respond = reference_answers()
    box: list = []

    def echo_in_answer(path: str, body: dict) -> Reply:
        reply = respond(path, body)
        if isinstance(reply.body, dict):
            reply.body["system_fingerprint"] = authorization(box[0])
        return reply

    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"), "SUMMARIZER_DATA_DIR": str(tmp_path / "data"),
           "OPENAI_API_KEY": KEY}  # fmt: skip
    with fake_openai(echo_in_answer) as server:
        box.append(server)
        runs = [
            run_cli("summarize", str(seed_path), "--base-url", server.url, "--wording", "extract", env=env),
            run_cli("batch", str(seed_path), "--out", str(tmp_path / "out"), "--base-url", server.url,
                    "--wording", "extract", env=env),
            run_cli("logs", "show", "1", "--json", env=env),
        ]  # fmt: skip
    assert [r.returncode for r in runs] == [0, 0, 0], [r.stderr for r in runs]
    assert logged_runs(tmp_path / "data") == 2 and b"Bearer ***" in runs[2].stdout  # echoed, masked
    assert_nowhere([KEY, "VERY-SECRET"], tmp_path, *runs)


def test_a_short_key_does_not_mask_parts_of_words() -> None:
    from summarizer.redact import redact, register_secret

    register_secret("abc")
    assert redact("abc, abcd and xabc; key=abc") == "***, abcd and xabc; key=***"


def test_a_key_in_the_base_url_query_is_masked() -> None:
    from summarizer.endpoint import EndpointConfig
    from summarizer.redact import redact

    EndpointConfig("https://gateway.example/v1?api-key=qk-123456789abc&region=eu")
    assert redact("GET https://gateway.example/v1?api-key=qk-123456789abc&region=eu") == (
        "GET https://gateway.example/v1?api-key=***&region=eu"
    )


def test_a_token_given_as_the_urls_user_name_is_masked() -> None:
    register_endpoint("http://tokUSERNAMEsecret77@127.0.0.1:9/v1", None)
    assert "tokUSERNAMEsecret77" not in redact("cannot reach http://tokUSERNAMEsecret77@127.0.0.1:9/v1")
