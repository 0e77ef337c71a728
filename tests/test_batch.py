"""Batches: every article gets a result or an error record, reruns come from the cache,
a killed batch resumes, a dead endpoint loses nothing."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from fakeserver import Reply, completion, fake_openai, schema_name
from summarizer.schemas import Summary

from summarizer.batch.sinks import DirectorySink, JsonlSink, safe_stem

ARTICLES = ROOT / "evals" / "articles"
META = {"speaker_name": "Wang Yi", "speaker_title": "x", "event": "meeting", "location": ""}


SPEAKERS = ("Wang Yi", "Xi Jinping", "Li Qiang", "Retno Marsudi", "Sergei Lavrov", "Lula", "Tokayev")


def run_batch(inputs: Path, out: Path, url: str, *more: str, env: dict) -> subprocess.CompletedProcess:
    return run_cli("batch", str(inputs), "--out", str(out), "--base-url", url, *more, env=env)


def answers():
    """Answers good enough for any article: the plumbing, not the judgement, is under test."""

    def respond(path: str, body: dict) -> Reply:
        name = schema_name(body)
        question = body["messages"][-1]["content"] if body.get("messages") else ""
        if name == "GroundedMeta":
            excerpt = json.dumps(body["messages"])
            speaker = next((s for s in SPEAKERS if s.split()[0] in excerpt), "Wang Yi")
            return completion({**META, "speaker_name": speaker})
        if name == "ListsAnswer":
            keys = re.findall(r"^- (L\d+):", question, re.MULTILINE)
            return completion(
                {"lists": [{"list": k, "speaker": "", "kind": "proposals made at this event"} for k in keys]}
            )
        if name == "FoundProposals":  # the first of the likely sentences, as many as stated
            likely = [int(n) for n in re.findall(r"S(\d+)", question.split("Likely sentences:")[-1])]
            stated = re.search(r"there (?:is one proposal|are (\d+) proposals)", question)
            count = int(stated.group(1) or 1) if stated else 1
            return completion({"sentences": likely[:count]})
        return Reply({"error": {"message": f"unscripted {name}"}}, status=500)

    return respond


def copy_articles(target: Path, count: int) -> list[Path]:
    target.mkdir()
    paths = []
    for source in sorted(ARTICLES.glob("*.txt"))[:count]:
        paths.append(Path(shutil.copy(source, target / source.name)))
    return paths


@pytest.fixture
def cache_env(tmp_path: Path) -> dict[str, str]:
    return {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}


def test_every_article_gets_a_result_or_an_error_record(tmp_path: Path, cache_env: dict) -> None:
    inputs = tmp_path / "in"
    copy_articles(inputs, 4)
    (inputs / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    out = tmp_path / "out"
    with fake_openai(answers()) as server:
        result = run_batch(inputs, out, server.url, "-j", "2", "--wording", "extract", env=cache_env)
    assert result.returncode == 1, result.stderr.decode()
    assert "5 articles: 4 summarised, 0 from cache, 1 failed" in result.stderr.decode()
    summaries = sorted(out.glob("*.json"))
    assert {p.name for p in summaries} == {
        "asean-indonesia-numbered-three.json", "asean-premier-firstly-called.json",
        "bilateral-meeting-no-proposals.json", "brics-2024-09-11.json", "broken.error.json",
    }  # fmt: skip
    assert "binary" in json.loads((out / "broken.error.json").read_text())["error"]
    for path in summaries:
        if not path.name.endswith(".error.json"):
            Summary.model_validate_json(path.read_text())


def test_a_rerun_comes_from_the_cache_without_a_model(tmp_path: Path, cache_env: dict) -> None:
    inputs = tmp_path / "in"
    copy_articles(inputs, 3)
    with fake_openai(answers()) as server:
        first = run_batch(inputs, tmp_path / "a.jsonl", server.url, "--wording", "extract", env=cache_env)
        url = server.url
    assert first.returncode == 0, first.stderr.decode()
    # The server is gone: only the cache can answer now.
    started = time.monotonic()
    second = run_batch(inputs, tmp_path / "a.jsonl", url, "--wording", "extract", env=cache_env)
    assert second.returncode == 0, second.stderr.decode()
    assert "3 articles: 0 summarised, 3 from cache, 0 failed" in second.stderr.decode()
    assert time.monotonic() - started < 10
    lines = (tmp_path / "a.jsonl").read_text().splitlines()
    assert len(lines) == 3 and all(json.loads(line)["ok"] for line in lines)
    # --no-cache asks again, and the dead endpoint makes each article a recorded failure.
    third = run_batch(inputs, tmp_path / "b", url, "--no-cache", env=cache_env)
    assert third.returncode == 1 and "3 failed" in third.stderr.decode()
    assert len(list((tmp_path / "b").glob("*.error.json"))) == 3


def slow_answers():
    """`answers()`, each 0.4 s late: a batch slow enough to stop half-way."""
    respond = answers()

    def slow(path: str, body: dict) -> Reply:
        reply = respond(path, body)
        reply.delay = 0.4
        return reply

    return slow


def stop_batch_after(
    results: int, signal_number: int, inputs: Path, out: Path, url: str, env: dict
) -> tuple[int, str]:
    """Start the installed command as a user's shell would, send it a signal once `results`
    results are written; its exit code and stderr."""
    command = [str(Path(sys.executable).with_name("summarizer")), "batch", str(inputs), "--out", str(out),
               "--base-url", url, "--wording", "extract"]  # fmt: skip
    job = subprocess.Popen(command, env={**os.environ, **env}, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(list(out.glob("*.json"))) < results and time.monotonic() < deadline:
        time.sleep(0.05)
    job.send_signal(signal_number)
    stderr = job.communicate(timeout=60)[1].decode()
    return job.returncode, stderr


def test_a_killed_batch_resumes_without_redoing_finished_articles(tmp_path: Path, cache_env: dict) -> None:
    inputs = tmp_path / "in"
    copy_articles(inputs, 10)
    out = tmp_path / "out"
    with fake_openai(slow_answers()) as server:
        stop_batch_after(3, signal.SIGKILL, inputs, out, server.url, cache_env)
        finished = {p.name for p in out.glob("*.json")}
        assert 3 <= len(finished) < 10
        for path in out.glob("*.json"):
            Summary.model_validate_json(path.read_text())  # no half-written file
        assert not list(out.glob(".*.tmp"))
        again = run_batch(inputs, out, server.url, "--wording", "extract", env=cache_env)
    assert again.returncode == 0, again.stderr.decode()
    cached = int(again.stderr.decode().split(" summarised, ")[1].split(" from cache")[0])
    assert cached == len(finished)
    assert len(list(out.glob("*.json"))) == 10


def test_with_two_endpoints_a_dead_one_loses_no_article(tmp_path: Path, cache_env: dict) -> None:
    inputs = tmp_path / "in"
    copy_articles(inputs, 6)
    respond = answers()
    calls = {"n": 0}

    with fake_openai(respond) as good, fake_openai(respond) as flaky:

        def dies_after_a_few(path: str, body: dict) -> Reply:
            calls["n"] += 1
            if calls["n"] > 3:
                return Reply(hang_up=True)
            return respond(path, body)

        flaky.responder = dies_after_a_few
        result = run_batch(
            inputs, tmp_path / "out", good.url, "--base-url", flaky.url, "-j", "2", "--wording", "extract",
            env=cache_env,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    assert "6 articles: 6 summarised" in result.stderr.decode()
    assert len(list((tmp_path / "out").glob("*.json"))) == 6


def test_a_torn_jsonl_line_is_cut_and_its_article_done_again(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text('{"source": "a", "ok": false, "error": "x", "kind": "y"}\n{"source": "b", "ok": tr')
    JsonlSink(path)
    assert path.read_text() == '{"source": "a", "ok": false, "error": "x", "kind": "y"}\n'


@pytest.mark.parametrize("name", ["../../etc/passwd.txt", "..txt", "/abs/path/x.txt", "we ird|name?.txt"])
def test_output_names_cannot_leave_the_output_directory(tmp_path: Path, name: str) -> None:
    sink = DirectorySink(tmp_path / "out")
    target = sink._path(Path(name), ".json")
    assert target.parent == (tmp_path / "out").resolve()
    assert "/" not in safe_stem(Path(name)) and not safe_stem(Path(name)).startswith(".")
