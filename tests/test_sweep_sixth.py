"""What the fourth sweep left (issue 11): a result cache cut short is set aside, not read as
empty; a pipe named like an article is skipped with a word; a JSONL file of someone else's
lines is appended to with a word; SIGTERM stops a batch the way Ctrl-C does, counting."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli
from fakeserver import fake_openai
from test_batch import answers, copy_articles, slow_answers, stop_batch_after


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
