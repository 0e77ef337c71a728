"""The run log (issue 13): every model exchange of `summarize` and `batch`, read back with
`summarizer logs`, replayed without a model, bounded, and never a reason for a run to fail."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest
from conftest import run_cli
from fakeserver import REFERENCE_META, by_question, fake_openai, reference_answers, schema_name

from summarizer.runlog.capture import Exchange, LoggedRun
from summarizer.runlog.store import RunLog


def logs(*args: str, env: dict[str, str]) -> object:
    result = run_cli("logs", *args, env=env)
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def test_summarize_and_batch_runs_are_logged_and_one_replays_to_the_same_summary(
    tmp_path: Path, seed_path: Path
) -> None:
    env = {"SUMMARIZER_DATA_DIR": str(tmp_path / "data"), "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    with fake_openai(reference_answers()) as server:
        one = run_cli("summarize", str(seed_path), "--base-url", server.url, "--wording", "extract", env=env)
        many = run_cli("batch", str(seed_path), "--out", str(tmp_path / "out"), "--base-url", server.url,
                       "--wording", "extract", env=env)  # fmt: skip
        asked = [r.body for r in server.chat_requests if schema_name(r.body)]  # not the probes
    assert one.returncode == 0 and many.returncode == 0, (one.stderr, many.stderr)
    runs = logs("--json", env=env)
    assert len(runs) == 2 and {r["status"] for r in runs} == {"ok"}
    batch_run, summarize_run = runs  # newest first
    assert summarize_run["source"] == str(seed_path) and batch_run["exchanges"] == 2
    summary = json.loads(one.stdout)
    assert summarize_run["article_sha256"] == summary["article"]["sha256"]
    assert summarize_run["prompt_sha256"] == summary["run"]["prompt_sha256"]
    assert summarize_run["model"] == "fake-model" and summarize_run["endpoint"] == server.url
    shown = logs("show", str(summarize_run["id"]), "--json", env=env)
    exchanges = shown["exchanges"]
    assert [e["question"] for e in exchanges] == ["GroundedMeta", "ListsAnswer"]
    assert [e["request"]["messages"] for e in exchanges] == [body["messages"] for body in asked[:2]]
    assert json.loads(exchanges[0]["answer"]) == REFERENCE_META
    assert all(e["attempt"] == 1 and e["error"] is None and e["prompt_tokens"] == 50 for e in exchanges)
    assert all(e["seconds"] >= 0 for e in exchanges) and shown["summary"] == summary
    text = run_cli("logs", "show", str(summarize_run["id"]), env=env).stdout.decode()
    assert "#1 GroundedMeta, attempt 1" in text and "--- system:" in text and "Wang Yi" in text

    # The server is gone: the replay answers from the log alone.
    replayed = run_cli("summarize", str(seed_path), "--replay-log", str(summarize_run["id"]),
                       "--wording", "extract", env=env)  # fmt: skip
    assert replayed.returncode == 0, replayed.stderr.decode()
    again = json.loads(replayed.stdout)
    assert again["proposals"] and summary["run"].pop("seconds") >= 0 and again["run"].pop("seconds") >= 0
    assert again == summary
    assert len(logs("--json", env=env)) == 2  # a replay asks nothing new: nothing to log


def test_a_replay_of_another_article_is_refused(tmp_path: Path, seed_path: Path) -> None:
    env = {"SUMMARIZER_DATA_DIR": str(tmp_path / "data")}
    with fake_openai(reference_answers()) as server:
        run_cli("summarize", str(seed_path), "--base-url", server.url, "--wording", "extract", env=env)
    other = tmp_path / "other.txt"
    other.write_text("Someone proposed something else entirely.\n")
    result = run_cli("summarize", str(other), "--replay-log", "1", env=env)
    assert result.returncode == 2 and b"run 1 was of another article" in result.stderr
    missing = run_cli("summarize", str(seed_path), "--replay-log", "99", env=env)
    assert missing.returncode == 2 and b"has no run 99" in missing.stderr
    other_options = run_cli("summarize", str(seed_path), "--replay-log", "1", "--wording", "model", env=env)
    assert other_options.returncode == 2 and b"holds no answer for a question" in other_options.stderr


def test_each_attempt_and_the_validation_error_it_failed_are_logged(tmp_path: Path) -> None:
    article = tmp_path / "single.txt"
    article.write_text(
        "Tokayev makes a single proposal\n\nTokayev said he made a single proposal. He proposed a forum. "
        "He also urged talks.\n"
    )
    wrong = {**REFERENCE_META, "speaker_name": "Nobody Here"}
    answers = {"GroundedMeta": [wrong, {**REFERENCE_META, "speaker_name": "Tokayev"}],
               "FoundProposals": [{"sentences": [45]}]}  # fmt: skip
    env = {"SUMMARIZER_DATA_DIR": str(tmp_path / "data")}
    with fake_openai(by_question(answers)) as server:
        failed = run_cli("summarize", str(article), "--base-url", server.url, "--max-retries", "1", env=env)
    assert failed.returncode == 4  # the answer failed a check of fact: and the run is logged
    (run,) = logs("--json", env=env)
    assert run["status"] == "failed" and "sentence-ids" in run["error"]
    exchanges = logs("show", str(run["id"]), "--json", env=env)["exchanges"]
    meta = [e for e in exchanges if e["question"] == "GroundedMeta"]
    assert [e["attempt"] for e in meta] == [1, 2]
    assert "speaker-in-article" in meta[0]["error"] and meta[1]["error"] is None
    assert len(meta[1]["request"]["messages"]) > len(meta[0]["request"]["messages"])  # the re-ask


def test_no_log_and_the_environment_turn_it_off(tmp_path: Path, seed_path: Path) -> None:
    data = tmp_path / "data"
    with fake_openai(reference_answers()) as server:
        for extra, env in ((["--no-log"], {}), ([], {"SUMMARIZER_NO_LOG": "1"})):
            result = run_cli("summarize", str(seed_path), "--base-url", server.url, "--wording", "extract",
                             *extra, env={"SUMMARIZER_DATA_DIR": str(data), **env})  # fmt: skip
            assert result.returncode == 0, result.stderr.decode()
    assert not (data / "runs.sqlite3").exists()
    empty = run_cli("logs", env={"SUMMARIZER_DATA_DIR": str(data)})
    assert empty.returncode == 2 and b"no run log at" in empty.stderr


def test_a_log_that_cannot_be_written_is_one_warning_and_the_result_is_kept(
    tmp_path: Path, seed_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    env = {"SUMMARIZER_DATA_DIR": str(blocker / "data"), "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    with fake_openai(reference_answers()) as server:
        one = run_cli("summarize", str(seed_path), "--base-url", server.url, "--wording", "extract", env=env)
        many = run_cli("batch", str(seed_path), "--out", str(tmp_path / "out"), "--base-url", server.url,
                       "--wording", "extract", env=env)  # fmt: skip
    assert one.returncode == 0 and json.loads(one.stdout)["proposals"]
    assert one.stderr.count(b"the run log") == 1 and b"going on without it" in one.stderr
    assert many.returncode == 0 and list((tmp_path / "out").glob("*brics*.json"))
    assert many.stderr.count(b"the run log") == 1


def a_run(size: int) -> LoggedRun:
    run = LoggedRun("a" * 64, "a.txt", "m", "http://h/v1", "llamacpp", "p", None, 8192)
    run.exchanges.append(
        Exchange("k", "POST", "/v1/chat/completions", {"x": "y" * size}, 200, "j", "{}", 0.1)
    )
    return run


def test_a_failing_write_warns_once_and_raises_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = RunLog(tmp_path / "runs.sqlite3", 10**6)
    store._db.close()  # every write now fails
    with caplog.at_level(logging.WARNING):
        store.write(a_run(10))
        store.write(a_run(10))
    assert [r.getMessage() for r in caplog.records if "cannot be written" in r.getMessage()] != []
    assert len(caplog.records) == 1


def test_the_oldest_runs_are_pruned_past_the_size_bound(tmp_path: Path) -> None:
    store = RunLog(tmp_path / "runs.sqlite3", max_bytes=3500)
    for _ in range(6):
        store.write(a_run(1000))  # about 1.1 KB each: three fit
    kept = [r["id"] for r in store.runs(10)]
    assert kept == [6, 5, 4]
    rows = sqlite3.connect(tmp_path / "runs.sqlite3").execute("SELECT DISTINCT run_id FROM exchanges")
    assert sorted(r[0] for r in rows) == [4, 5, 6]
    huge = RunLog(tmp_path / "huge.sqlite3", max_bytes=10)
    huge.write(a_run(1000))
    assert len(huge.runs(10)) == 1  # the newest run stays, whatever its size


def test_runs_are_listed_newest_first_and_filtered(tmp_path: Path) -> None:
    store = RunLog(tmp_path / "runs.sqlite3", 10**6)
    for sha, source, model in (("ab" * 32, "news/one.txt", "qwen"), ("cd" * 32, "news/two.txt", "llama")):
        run = a_run(1)
        run.article_sha256, run.source, run.model = sha, source, model
        store.write(run)
    assert [r["source"] for r in store.runs(10)] == ["news/two.txt", "news/one.txt"]
    assert [r["source"] for r in store.runs(1)] == ["news/two.txt"]
    assert [r["model"] for r in store.runs(10, article="abab")] == ["qwen"]
    assert [r["model"] for r in store.runs(10, article="two.txt")] == ["llama"]
    assert [r["source"] for r in store.runs(10, model="qw")] == ["news/one.txt"]


def test_the_logs_command_filters_and_counts(tmp_path: Path, seed_path: Path) -> None:
    env = {"SUMMARIZER_DATA_DIR": str(tmp_path / "data")}
    with fake_openai(reference_answers()) as server:
        for _ in range(2):
            run_cli("summarize", str(seed_path), "--base-url", server.url, "--wording", "extract", env=env)
    assert len(logs("-n", "1", "--json", env=env)) == 1
    assert len(logs("--article", "brics", "--model", "fake", "--json", env=env)) == 2
    assert logs("--model", "gpt", "--json", env=env) == []
    table = run_cli("logs", env=env).stdout.decode().splitlines()
    assert table[0].split()[:2] == ["id", "started"] and len(table) == 3 and "fake-model" in table[1]


def test_a_slot_of_the_embedded_server_is_not_part_of_a_recording_key() -> None:
    import httpx2 as httpx

    from summarizer.recording import exchange_key

    def request(**extra: object) -> httpx.Request:
        return httpx.Request("POST", "http://h/v1/chat/completions", json={"messages": [], **extra})

    assert exchange_key(request(id_slot=1)) == exchange_key(request())
    assert exchange_key(request(max_tokens=5)) != exchange_key(request())
