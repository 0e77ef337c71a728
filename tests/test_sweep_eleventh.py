"""What the sixth hostile sweep found (issue 11): `--out` that is the article itself is refused
before the model is asked; an absurd `--timeout` and a run id past SQLite's integers are bad
input, not internal errors; a key after a `;` in the base URL's query is masked; a redirect's
relative Location is resolved before it is given as advice, and a redirect to itself is named
so; an article with no one in it says so, never "None"."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from fakeserver import Reply, fake_openai, reference_answers
from test_secrets import assert_nowhere

ARGS = ["--backend", "llamacpp", "--wording", "extract"]
HUGE = str(2**63)  # one past SQLite's largest integer


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"), "SUMMARIZER_DATA_DIR": str(tmp_path / "data")}


def _refused(result, *words: str) -> str:
    """Exit 2 with one error line, the last, that names the fault: bad input, never an internal error."""
    stderr = result.stderr.decode()
    errors = [line for line in stderr.splitlines() if line.startswith("summarizer: error: ")]
    assert result.returncode == 2, stderr
    assert len(errors) == 1 and stderr.rstrip().endswith(errors[0]), stderr
    assert all(word in errors[0] for word in words) and "internal error" not in stderr, stderr
    return errors[0]


@pytest.mark.parametrize("spelling", ["same", "dotted", "symlink", "hardlink"])
@pytest.mark.parametrize("fmt", ["json", "md"])
def test_out_that_is_the_article_itself_is_refused_before_the_model_is_asked(
    tmp_path: Path, seed_path: Path, env: dict, spelling: str, fmt: str
) -> None:
    article = tmp_path / "a.txt"
    article.write_bytes(seed_path.read_bytes())
    out = {
        "same": article,
        "dotted": tmp_path / "." / "sub" / ".." / "a.txt",
        "symlink": tmp_path / "link.txt",
        "hardlink": tmp_path / "hard.txt",
    }[spelling]
    (tmp_path / "sub").mkdir()
    if spelling == "symlink":
        out.symlink_to(article)
    if spelling == "hardlink":
        os.link(article, out)
    with fake_openai(reference_answers()) as server:
        result = run_cli("summarize", str(article), "--base-url", server.url, *ARGS, "-f", fmt, "-o", str(out),
                         env=env)  # fmt: skip
        asked = server.chat_requests
    _refused(result, "is the article being summarised")
    assert article.read_bytes() == seed_path.read_bytes() and not asked


def test_out_beside_the_article_is_still_written(tmp_path: Path, seed_path: Path, env: dict) -> None:
    article, out = tmp_path / "a.txt", tmp_path / "a.json"
    article.write_bytes(seed_path.read_bytes())
    with fake_openai(reference_answers()) as server:
        result = run_cli("summarize", str(article), "--base-url", server.url, *ARGS, "-o", str(out), env=env)
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(out.read_text())["speaker"]["name"] == "Wang Yi"


def test_batch_out_that_is_one_of_its_articles_is_still_refused(
    tmp_path: Path, seed_path: Path, env: dict
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a0.txt").write_bytes(seed_path.read_bytes())
    with fake_openai(reference_answers()) as server:
        result = run_cli("batch", str(inputs), "--out", str(inputs / "a0.txt"), "--base-url", server.url, *ARGS,
                         env=env)  # fmt: skip
    assert result.returncode == 2, result.stderr.decode()
    assert (inputs / "a0.txt").read_bytes() == seed_path.read_bytes()


@pytest.mark.parametrize("timeout", ["1e10", "1e16", "1e300", "86400.5"])
@pytest.mark.parametrize("command", ["summarize", "batch", "doctor", "eval"])
def test_an_absurd_timeout_is_refused_as_bad_input(
    tmp_path: Path, seed_path: Path, env: dict, command: str, timeout: str
) -> None:
    given = {
        "summarize": [str(seed_path)],
        "batch": [str(seed_path.parent), "--out", str(tmp_path / "o")],
        "doctor": [],
        "eval": ["evals", "--only", "brics-2024-09-11", "--report-dir", str(tmp_path / "r")],
    }[command]
    with fake_openai(reference_answers()) as server:
        result = run_cli(command, *given, "--base-url", server.url, "--backend", "llamacpp", "--timeout", timeout,
                         env=env)  # fmt: skip
        asked = server.chat_requests
    _refused(result, "--timeout", "at most 86400")
    assert not asked


def test_a_timeout_of_a_day_is_accepted_and_the_bound_is_in_the_help(seed_path: Path, env: dict) -> None:
    with fake_openai(reference_answers()) as server:
        result = run_cli(
            "summarize", str(seed_path), "--base-url", server.url, *ARGS, "--timeout", "86400", env=env
        )
    assert result.returncode == 0, result.stderr.decode()
    for command in ("summarize", "doctor"):
        shown = run_cli(command, "--help", env={**env, "COLUMNS": "200"}).stdout.decode()
        assert "at most 86400" in " ".join(shown.split()), shown


@pytest.fixture
def logged(seed_path: Path, env: dict) -> dict:
    """A run log holding one run."""
    with fake_openai(reference_answers()) as server:
        result = run_cli("summarize", str(seed_path), "--base-url", server.url, *ARGS, env=env)
    assert result.returncode == 0, result.stderr.decode()
    return env


@pytest.mark.parametrize(
    "args, words",
    [
        (["logs", "-n", HUGE], ["at most"]),
        (["logs", "show", HUGE], [f"no run {HUGE}"]),
        (["logs", "show", str(10**30), "--json"], [f"no run {10**30}"]),
        (["logs", "show", "--", str(-(2**64))], ["no run"]),
    ],
)
def test_a_run_id_past_sqlites_integers_is_bad_input(logged: dict, args: list[str], words: list[str]) -> None:
    _refused(run_cli(*args, env=logged), *words)


def test_replaying_a_run_id_past_sqlites_integers_is_bad_input(logged: dict, seed_path: Path) -> None:
    result = run_cli("summarize", str(seed_path), "--replay-log", HUGE, "--wording", "extract", env=logged)
    _refused(result, f"no run {HUGE}")


def test_the_largest_count_still_lists_the_runs(logged: dict) -> None:
    result = run_cli("logs", "-n", str(2**63 - 1), "--json", env=logged)
    assert result.returncode == 0 and len(json.loads(result.stdout)) == 1, result.stderr.decode()


TOKEN = "tokEleventhQ7r8s9T0"


@pytest.mark.parametrize("query", [f"a=1;token={TOKEN}", f"token={TOKEN};a=1", f"a=1&b=2;api-key={TOKEN}"])
def test_a_key_after_a_semicolon_in_the_query_is_masked(
    tmp_path: Path, seed_path: Path, env: dict, query: str
) -> None:
    def echo(path: str, body: dict) -> Reply:  # rejects each question, quoting the URL it was asked at
        return Reply({"error": {"message": f"no such account: {server.requests[-1].path}"}}, status=400)

    with fake_openai(echo) as server:
        url = f"{server.url}?{query}"
        result = run_cli("summarize", str(seed_path), "--base-url", url, *ARGS, env=env)
    stderr = result.stderr.decode()
    assert result.returncode == 3 and "rejected the request" in stderr, stderr
    assert "no such account" in stderr and TOKEN in server.requests[-1].path, stderr  # it was echoed
    assert_nowhere([TOKEN], tmp_path, result)


def redirected(seed_path: Path, env: dict, on: str, target: str) -> tuple[subprocess.CompletedProcess, Any]:
    """A summarize whose server answers `on` (models or chat) with a 302 to `target`."""
    moved = Reply("", status=302, headers={"Location": target})
    with fake_openai(lambda path, body: moved) as server:
        if on == "models":
            server.models_reply = moved
        return run_cli("summarize", str(seed_path), "--base-url", server.url, *ARGS, env=env), server


@pytest.mark.parametrize("on", ["models", "chat"])
def test_a_relative_redirect_is_resolved_into_a_base_url_to_give(seed_path: Path, env: dict, on: str) -> None:
    target = "/ok/v1/models" if on == "models" else "/ok/v1/chat/completions"
    result, server = redirected(seed_path, env, on, target)
    stderr = result.stderr.decode()
    root = f"http://127.0.0.1:{server.port}"
    assert result.returncode == 3, stderr  # an endpoint fault, on /models as on chat
    assert f"redirects (HTTP 302) to {root}{target}: give {root}/ok/v1 as --base-url" in stderr, stderr


@pytest.mark.parametrize("on", ["models", "chat"])
def test_a_redirect_to_itself_is_named_a_loop(seed_path: Path, env: dict, on: str) -> None:
    result, _ = redirected(seed_path, env, on, "/v1/models" if on == "models" else "/v1/chat/completions")
    stderr = result.stderr.decode()
    assert result.returncode == 3, stderr
    assert "redirects (HTTP 302) to itself" in stderr and "give " not in stderr, stderr


def test_doctor_resolves_a_relative_redirect_and_names_a_loop(env: dict) -> None:
    for target, said in [("/ok/v1/models", "give http://127.0.0.1:{port}/ok/v1 as --base-url"),
                         ("/v1/models", "redirects (HTTP 302) to itself")]:  # fmt: skip
        with fake_openai(reference_answers()) as server:
            server.models_reply = Reply("", status=302, headers={"Location": target})
            result = run_cli("doctor", "--base-url", server.url, "--backend", "llamacpp", env=env)
        out = result.stdout.decode()
        assert result.returncode != 0 and said.format(port=server.port) in out, out


@pytest.mark.parametrize("text", ["x", "é"])
def test_an_article_with_no_one_in_it_says_so_never_none(tmp_path: Path, env: dict, text: str) -> None:
    article = tmp_path / "one.txt"
    article.write_text(text, encoding="utf-8")
    with fake_openai(reference_answers()) as server:
        result = run_cli("summarize", str(article), "--base-url", server.url, *ARGS, "-f", "md", env=env)
    stderr, page = result.stderr.decode(), result.stdout.decode()
    assert result.returncode == 0, stderr
    assert "names no one who speaks; speaker left empty" in stderr, stderr
    assert "None" not in stderr and "None" not in page and "the model named" not in stderr, stderr
