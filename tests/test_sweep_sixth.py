"""What the fourth and fifth sweeps left (issue 11): a result cache cut short is set aside,
not read as empty; a pipe named like an article is skipped with a word, and one at a
result's name refused; a JSONL file of someone else's lines is appended to with a word;
SIGTERM stops a batch the way Ctrl-C does, counting, and a second signal ends it at once;
a key echoed into an answer is masked in every format, a key a message cuts in two is
masked in both halves, and a token in the query string in whatever case its escapes."""

from __future__ import annotations

import html
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_cli
from fakeserver import Reply, completion, fake_openai, schema_name
from test_batch import META, answers, copy_articles, slow_answers, stop_batch_after


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}


def _batch(inputs: Path, out: Path, url: str, env: dict) -> subprocess.CompletedProcess:
    return run_cli("batch", str(inputs), "--out", str(out), "--base-url", url, "--backend", "llamacpp",
                   "--wording", "extract", env=env)  # fmt: skip


def test_a_cache_cut_to_half_its_size_is_set_aside_with_one_warning(tmp_path: Path, env: dict) -> None:
    copy_articles(tmp_path / "in", 3)
    with fake_openai(answers()) as server:
        assert _batch(tmp_path / "in", tmp_path / "o1", server.url, env).returncode == 0
        cache = tmp_path / "cache" / "results.sqlite3"
        db = sqlite3.connect(cache)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every row in the main file
        db.close()
        os.truncate(cache, cache.stat().st_size // 2)
        info = run_cli("cache", "info", env=env)
        again = _batch(tmp_path / "in", tmp_path / "o2", server.url, env)
    assert info.returncode == 1 and "is corrupt (" in info.stderr.decode()
    stderr = again.stderr.decode()
    assert again.returncode == 0, stderr
    assert stderr.count("set aside as") == 1 and "is unusable (" in stderr, stderr
    assert len(list(cache.parent.glob("results.sqlite3.corrupt-*"))) == 1
    assert run_cli("cache", "info", env=env).returncode == 0  # a new cache, holding this run's results


def test_a_pipe_named_like_an_article_is_skipped_with_a_warning(tmp_path: Path, env: dict) -> None:
    copy_articles(tmp_path / "in", 1)
    os.mkfifo(tmp_path / "in" / "waiting.txt")
    with fake_openai(answers()) as server:
        result = _batch(tmp_path / "in", tmp_path / "out", server.url, env)
    stderr = result.stderr.decode()
    assert result.returncode == 0, stderr
    assert "skipped 1 pipe(s), socket(s) or device(s)" in stderr and "waiting.txt" in stderr
    assert "1 articles: 1 summarised" in stderr


def test_a_jsonl_of_other_lines_is_kept_and_the_append_is_said(tmp_path: Path, env: dict) -> None:
    notes = tmp_path / "notes.jsonl"
    notes.write_text("my own notes\n\nsecond line of them\n")
    copy_articles(tmp_path / "in", 1)
    with fake_openai(answers()) as server:
        result = _batch(tmp_path / "in", notes, server.url, env)
    stderr = result.stderr.decode()
    assert result.returncode == 0, stderr
    assert "holds 2 line(s) that are not summarizer records" in stderr
    assert notes.read_text().startswith("my own notes\n\nsecond line of them\n")
    assert len(notes.read_text().splitlines()) == 4


def test_sigterm_stops_a_batch_like_ctrl_c_counting_what_is_done(tmp_path: Path, env: dict) -> None:
    inputs = tmp_path / "in"
    copy_articles(inputs, 6)
    out = tmp_path / "out"
    with fake_openai(slow_answers()) as server:  # one server: the cache key holds its address
        code, stderr = stop_batch_after(1, signal.SIGTERM, inputs, out, server.url, env)
        written = len(list(out.glob("*.json")))
        again = _batch(inputs, out, server.url, env)
    assert code == 143, stderr
    assert "Traceback" not in stderr and stderr.rstrip().endswith("summarizer: interrupted")
    count_line = next(line for line in stderr.splitlines() if "not done;" in line)
    assert 1 <= written < 6 and f"stopped with {6 - written} not done" in count_line, count_line
    assert f"{written} summarised" in count_line, (count_line, written)
    assert f"{written} from cache" in again.stderr.decode() and len(list(out.glob("*.json"))) == 6


LONG_KEY = 'sk-SIXTH/+="q<\\z9&]|[' + "x9Y8z7W6v5U4t3S2r1Q0" * 4  # escapes in every format, and long


def _echoing_event(path: str, body: dict, server: object) -> Reply:
    """The model puts the request's Authorization header into the event it names."""
    if schema_name(body) != "GroundedMeta":
        return answers()(path, body)
    auth = {k.lower(): v for k, v in server.requests[-1].headers.items()}.get("authorization", "")
    return completion({**META, "event": f"talks {auth}"})


def test_a_key_echoed_into_an_answer_is_masked_in_every_format(seed_path: Path) -> None:
    with fake_openai(lambda path, body: _echoing_event(path, body, server)) as server:
        for fmt in ("html", "md", "table"):
            result = run_cli("summarize", str(seed_path), "--base-url", server.url, "--backend", "llamacpp",
                             "--api-key", LONG_KEY, "--wording", "extract", "-f", fmt)  # fmt: skip
            assert result.returncode == 0, result.stderr.decode()
            page = result.stdout.decode()
            unescaped = html.unescape(page).replace("\\", "")  # entities and Markdown's escapes undone
            folded = re.sub(r"[\s\u2500-\u257f]+", "", unescaped)  # a table's line breaks and borders
            assert "talks" in page or fmt != "html", fmt
            for spelling in (LONG_KEY, LONG_KEY.replace("\\", "")):
                assert spelling not in unescaped and spelling.replace(" ", "") not in folded, fmt
            assert LONG_KEY[-20:] not in folded, fmt


def test_a_key_cut_in_two_by_a_shortened_message_is_masked_in_both_halves(
    seed_path: Path, tmp_path: Path
) -> None:
    key = "sk-SIXTH-a1B2c3D4e5F6g7H8"
    env = {"SUMMARIZER_DATA_DIR": str(tmp_path / "data")}
    for pad in range(226, 262, 5):  # the message is cut at 300 characters: somewhere in the key
        reply = Reply({"error": {"message": "P" * pad + f" Bearer {key} tail"}}, status=400)
        with fake_openai(lambda path, body, r=reply: r) as server:
            result = run_cli("summarize", str(seed_path), "--base-url", server.url, "--backend", "llamacpp",
                             "--api-key", key, "--wording", "extract", env=env)  # fmt: skip
        stderr = result.stderr.decode()
        assert result.returncode == 3, stderr
        assert key[:10] not in stderr and key[-8:] not in stderr, (pad, stderr[-120:])


def test_a_token_in_the_query_string_is_masked_whatever_the_case_of_its_escapes(seed_path: Path) -> None:
    with fake_openai(answers()) as server:
        url = f"{server.url}?token=tok6%2fQrYlOw3Kj4%2bZz"
        result = run_cli("summarize", str(seed_path), "--base-url", url, "--backend", "llamacpp",
                         "--wording", "extract")  # fmt: skip
    written = result.stdout.decode() + result.stderr.decode()
    assert result.returncode == 0, written
    assert "token=***" in json.loads(result.stdout)["run"]["endpoint"]
    assert "QrYlOw3Kj4" not in written


def test_a_pipe_at_a_results_name_is_refused_before_any_article(tmp_path: Path, env: dict) -> None:
    copy_articles(tmp_path / "in", 1)
    (tmp_path / "out").mkdir()
    name = next((tmp_path / "in").glob("*.txt")).stem
    os.mkfifo(tmp_path / "out" / f"{name}.json")
    with fake_openai(answers()) as server:
        result = _batch(tmp_path / "in", tmp_path / "out", server.url, env)  # run_cli's timeout: no hang
    assert result.returncode == 2 and "is a pipe, socket or device" in result.stderr.decode()
    assert not server.requests


def test_a_second_ctrl_c_ends_a_batch_at_once(tmp_path: Path, env: dict) -> None:
    copy_articles(tmp_path / "in", 4)
    out = tmp_path / "r.jsonl"
    respond = answers()
    asked: list[str] = []

    def very_slow(path: str, body: dict) -> Reply:  # an article in flight for many seconds
        asked.append(path)
        reply = respond(path, body)
        reply.delay = 3.0
        return reply

    with fake_openai(very_slow) as server:
        command = [str(Path(sys.executable).with_name("summarizer")), "batch", str(tmp_path / "in"), "--out",
                   str(out), "--base-url", server.url, "--backend", "llamacpp", "--wording", "extract",
                   "-j", "2"]  # fmt: skip
        job = subprocess.Popen(command, env={**os.environ, **env}, stderr=subprocess.PIPE)
        while len(asked) < 2:  # both workers asking: two articles in flight
            time.sleep(0.05)
        job.send_signal(signal.SIGINT)
        time.sleep(0.5)  # the first one handled: it waits for the articles in flight
        assert job.poll() is None, job.communicate()[1].decode()
        job.send_signal(signal.SIGINT)
        stopped = time.monotonic()
        job.communicate(timeout=30)
    assert time.monotonic() - stopped < 2, "the second Ctrl-C did not end the batch at once"
    assert job.returncode == -signal.SIGINT
    lines = out.read_text().splitlines() if out.exists() else []
    assert not any("client has been closed" in line for line in lines)
