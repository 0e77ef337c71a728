"""Batch and cache faults (issue 11, items 5-7 and 17): no finished result is lost, a bad
output or cache is named before any model call, and a corrupt cache never stops work."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from conftest import run_cli
from fakeserver import fake_openai
from test_batch import answers, copy_articles

from summarizer.batch.sinks import JsonlSink

RECORD = {"source": "a", "ok": True, "summary": {"article": {"sha256": "abc"}}}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}


def test_a_complete_last_record_without_newline_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(RECORD))  # no newline at the end, but a whole record
    sink = JsonlSink(path)
    assert sink.has(Path("a"), "abc")
    assert path.read_text() == json.dumps(RECORD) + "\n"


def test_a_torn_last_line_is_set_aside_with_a_warning(tmp_path: Path, caplog) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(RECORD) + "\nsome notes a user typed")
    with caplog.at_level(logging.WARNING):
        JsonlSink(path)
    assert path.read_text() == json.dumps(RECORD) + "\n"
    assert (tmp_path / "r.jsonl.torn").read_text() == "some notes a user typed\n"
    assert "r.jsonl.torn" in caplog.text


def test_a_second_batch_on_the_same_jsonl_is_refused(tmp_path: Path) -> None:
    first = JsonlSink(tmp_path / "r.jsonl")
    with pytest.raises(Exception, match="another batch is writing"):
        JsonlSink(tmp_path / "r.jsonl")
    first.close()
    JsonlSink(tmp_path / "r.jsonl").close()


def test_an_unwritable_out_is_refused_before_any_model_call(tmp_path: Path, env: dict) -> None:
    (tmp_path / "file").write_text("x")
    copy_articles(tmp_path / "in", 2)
    with fake_openai(answers()) as server:
        results = [
            run_cli("batch", str(tmp_path / "in"), "--out", str(out), "--base-url", server.url, env=env)
            for out in (
                tmp_path / "file" / "out",
                tmp_path / "file",
                Path("/dev/null"),
                tmp_path / "file" / "r.jsonl",
            )
        ]
        asked = len(server.chat_requests)
    for result in results:
        stderr = result.stderr.decode()
        assert result.returncode == 2 and "Traceback" not in stderr, stderr
        assert len(stderr.strip().splitlines()) == 1, stderr
    assert asked == 0


def test_a_result_that_cannot_be_written_is_kept_in_the_cache(tmp_path: Path, env: dict) -> None:
    blocked = copy_articles(tmp_path / "in", 3)[0].stem + ".json"
    out = tmp_path / "out"
    (out / blocked).mkdir(parents=True)  # that one result cannot be written
    with fake_openai(answers()) as server:
        first = run_cli("batch", str(tmp_path / "in"), "--out", str(out), "--base-url", server.url,
                        "--wording", "extract", env=env)  # fmt: skip
        (out / blocked).rmdir()
        asked = len(server.chat_requests)
        again = run_cli("batch", str(tmp_path / "in"), "--out", str(out), "--base-url", server.url,
                        "--wording", "extract", env=env)  # fmt: skip
        assert len(server.chat_requests) == asked  # the rerun spent no model call
    stderr = first.stderr.decode()
    assert first.returncode == 1 and "3 articles: 2 summarised, 0 from cache, 1 failed" in stderr
    assert "kept in the result cache" in stderr and "results.sqlite3" in stderr
    assert again.returncode == 0 and "0 summarised, 3 from cache" in again.stderr.decode()
    assert (out / blocked).is_file()


def test_a_corrupt_cache_is_set_aside_and_cache_clear_always_works(tmp_path: Path, env: dict) -> None:
    cache = tmp_path / "cache" / "results.sqlite3"
    cache.parent.mkdir()
    cache.write_bytes(bytes(range(256)) * 64)
    info = run_cli("cache", "info", env=env)
    assert info.returncode == 1 and str(cache) in info.stderr.decode() and b"Traceback" not in info.stderr
    copy_articles(tmp_path / "in", 2)
    with fake_openai(answers()) as server:
        result = run_cli("batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--base-url",
                         server.url, "--wording", "extract", env=env)  # fmt: skip
    stderr = result.stderr.decode()
    assert result.returncode == 0, stderr
    assert stderr.count("set aside as") == 1 and str(cache) in stderr
    assert list(cache.parent.glob("results.sqlite3.corrupt-*"))
    cache.write_bytes(b"garbage" * 1000)
    cleared = run_cli("cache", "clear", env=env)
    assert cleared.returncode == 0, cleared.stderr
    assert run_cli("cache", "info", env=env).returncode == 0


def test_a_cache_directory_that_cannot_be_used_is_bad_input(tmp_path: Path, seed_path: Path) -> None:
    (tmp_path / "not-a-dir").write_text("x")
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "not-a-dir")}
    result = run_cli("batch", str(seed_path), "--out", str(tmp_path / "out"), "--base-url", "http://127.0.0.1:9/v1",
                     env=env)  # fmt: skip
    stderr = result.stderr.decode()
    assert result.returncode == 2 and "not-a-dir" in stderr and len(stderr.strip().splitlines()) == 1


def test_results_jsonl_in_capitals_is_a_file(tmp_path: Path, env: dict, seed_path: Path) -> None:
    with fake_openai(answers()) as server:
        result = run_cli("batch", str(seed_path), "--out", str(tmp_path / "Results.JSONL"), "--base-url",
                         server.url, "--wording", "extract", env=env)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "Results.JSONL").is_file()


def test_eval_checks_where_its_reports_go_before_the_model_runs(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with fake_openai(answers()) as server:
        results = [
            run_cli("eval", "evals", "--only", "brics-2024-09-11", "--base-url", server.url, *where)
            for where in (
                ["--report-dir", str(tmp_path / "file" / "r")],
                ["--record", str(tmp_path / "file")],
            )
        ]
        asked = len(server.chat_requests)
    for result in results:
        assert result.returncode == 2 and b"cannot write results to" in result.stderr, result.stderr
    assert asked == 0
