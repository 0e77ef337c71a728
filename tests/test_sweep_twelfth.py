"""What the seventh hostile sweep found (issue 11): two batches into one --out directory at
once (the second is refused, no result replaced); a pipe as an output is refused before the
model is asked, not waited on for ever; a baseline's tolerance and metrics are finite
numbers, and a NaN score fails its gate; a file nested too deep is bad input, not a crash;
`serve` checks its arguments before loading anything; `--ray` to an address where no one
listens ends at once, in one line."""

from __future__ import annotations

import json
import math
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, reference_set, run_cli
from fakeserver import Reply, completion, fake_openai, reference_answers

ARGS = ["--backend", "llamacpp", "--wording", "extract"]
DEEP = "[" * 200_000 + "]" * 200_000


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"), "SUMMARIZER_DATA_DIR": str(tmp_path / "data")}


def _failed(result, code: int, *words: str) -> str:
    """Exit `code` with one error line, the last, naming the fault: never an internal error."""
    stderr = result.stderr.decode()
    errors = [line for line in stderr.splitlines() if line.startswith("summarizer: error: ")]
    assert result.returncode == code, stderr
    assert len(errors) == 1 and stderr.rstrip().endswith(errors[0]), stderr
    assert all(word in errors[0] for word in words) and "internal error" not in stderr, stderr
    assert "Traceback" not in stderr, stderr
    return errors[0]


# E2: two batches into one --out directory at once.


def test_two_batches_into_one_directory_at_once_lose_no_result(
    tmp_path: Path, seed_path: Path, env: dict
) -> None:
    first, second = tmp_path / "in1", tmp_path / "in2"
    first.mkdir()
    second.mkdir()
    (first / "a.txt").write_bytes(seed_path.read_bytes())
    # The same stem, another article: both would be written as o/a.json.
    (second / "a.txt").write_bytes(seed_path.read_bytes() + b"\nThe meeting ended at noon.\n")
    out, respond, asked = tmp_path / "o", reference_answers(), []

    def slow(path: str, body: dict) -> Reply:
        asked.append(path)
        reply = respond(path, body)
        reply.delay = 1.0
        return reply

    with fake_openai(slow) as server:
        command = [str(Path(sys.executable).with_name("summarizer")), "batch", str(first), "--out", str(out),
                   "--base-url", server.url, *ARGS]  # fmt: skip
        job = subprocess.Popen(command, env={**os.environ, **env}, stderr=subprocess.PIPE)
        while not asked and job.poll() is None:  # the first batch is at work on its article
            time.sleep(0.05)
        other = run_cli("batch", str(second), "--out", str(out), "--base-url", server.url, *ARGS, env=env)
        job.communicate(timeout=120)
        assert job.returncode == 0
        _failed(other, 2, "another batch is writing to")
        rerun = run_cli("batch", str(second), "--out", str(out), "--base-url", server.url, *ARGS, env=env)
    assert rerun.returncode == 0, rerun.stderr.decode()
    written = {json.loads(p.read_text())["article"]["source"] for p in out.glob("*.json")}
    assert len(written) == 2 and len(list(out.glob("*.json"))) == 2, written


# E1: a pipe as an output.


def _eval(tmp_path: Path, url: str, env: dict, *more: str):
    dataset = reference_set(tmp_path, "brics-2024-09-11")
    return run_cli("eval", str(dataset), "--base-url", url, *ARGS, "--report-dir", str(tmp_path / "r"), *more,
                   env=env, timeout=60)  # fmt: skip


@pytest.mark.parametrize("where", ["summarize-json", "summarize-md", "html", "report-md", "record"])
def test_a_pipe_as_an_output_is_refused_before_the_model_is_asked(
    tmp_path: Path, seed_path: Path, env: dict, where: str
) -> None:
    fifo = {
        "summarize-json": tmp_path / "out.json",
        "summarize-md": tmp_path / "out.md",
        "html": tmp_path / "page.html",
        "report-md": tmp_path / "r" / "report.md",
        "record": tmp_path / "rec" / "endpoint.json",
    }[where]
    fifo.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(fifo)
    with fake_openai(reference_answers()) as server:
        if where.startswith("summarize"):
            fmt = "md" if where.endswith("md") else "json"
            result = run_cli("summarize", str(seed_path), "--base-url", server.url, *ARGS, "-f", fmt,
                             "-o", str(fifo), env=env, timeout=60)  # fmt: skip
        else:
            more = {"html": ["--html", str(fifo)], "report-md": [], "record": ["--record", str(fifo.parent)]}
            result = _eval(tmp_path, server.url, env, *more[where])
        asked = server.chat_requests
    _failed(result, 2, str(fifo), "is a pipe")
    assert not asked


def test_stdout_by_its_device_name_is_still_written(seed_path: Path, env: dict) -> None:
    with fake_openai(reference_answers()) as server:
        result = run_cli("summarize", str(seed_path), "--base-url", server.url, *ARGS, "-o", "/dev/stdout",
                         env=env, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["speaker"]["name"] == "Wang Yi"


# E3: a baseline's tolerance and metrics.


def _baseline(tmp_path: Path, **changes: object) -> Path:
    data = json.loads((ROOT / "evals" / "baseline.json").read_text())
    data["metrics"].update(changes.pop("metrics", {}))  # type: ignore[call-overload]
    data.update(changes)
    path = tmp_path / "b.json"
    path.write_text(json.dumps(data))  # NaN and Infinity as Python's json writes (and reads) them
    return path


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"tolerance": "lots"}, "tolerance"),
        ({"tolerance": None}, "tolerance"),
        ({"tolerance": math.nan}, "tolerance"),
        ({"tolerance": math.inf}, "tolerance"),
        ({"tolerance": -1}, "tolerance"),
        ({"metrics": {"proposal_f1": math.nan}}, "proposal_f1"),
        ({"metrics": {"grounding": math.inf}}, "grounding"),
        # sweep 8's F3: a 400-digit integer is no float (it crashed the finiteness check itself)
        ({"tolerance": 10**400}, "tolerance"),
        ({"metrics": {"proposal_f1": 10**400}}, "proposal_f1"),
    ],
)
def test_a_baseline_that_would_turn_the_gate_off_is_refused(
    tmp_path: Path, env: dict, change: dict, named: str
) -> None:
    baseline = _baseline(tmp_path, **change)
    with fake_openai(reference_answers()) as server:
        result = _eval(tmp_path, server.url, env, "--baseline", str(baseline))
        asked = server.chat_requests
    _failed(result, 2, str(baseline), named)
    assert not asked


def test_a_nan_score_fails_its_gate() -> None:
    from summarizer.evaluation.gate import regressions

    found = regressions(
        {"proposal_f1": math.nan, "grounding": 1.0}, {"metrics": {"proposal_f1": 0.5, "grounding": 1.0}}
    )
    assert [r.metric for r in found] == ["proposal_f1"]


# E4: files nested too deep.


@pytest.mark.parametrize("option", ["--baseline", "--compare"])
def test_a_report_nested_too_deep_is_bad_input(tmp_path: Path, env: dict, option: str) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text(DEEP)
    with fake_openai(reference_answers()) as server:
        result = _eval(tmp_path, server.url, env, option, str(deep))
        asked = server.chat_requests
    _failed(result, 2, str(deep), "nested too deep")
    assert not asked


@pytest.mark.parametrize("figure", [math.inf, 10**400], ids=["infinity", "400-digits"])
def test_an_earlier_report_with_a_figure_no_float_holds_is_refused(
    tmp_path: Path, env: dict, figure: float
) -> None:
    # sweep 8's F3: "--compare" read 1e309 as infinity ("fell from inf", exit 5), 10**400 crashed.
    earlier = tmp_path / "earlier.json"
    earlier.write_text(
        json.dumps({"variants": [{"name": "x", "metrics": {"proposal_f1": figure}, "articles": []}]})
    )
    with fake_openai(reference_answers()) as server:
        result = _eval(tmp_path, server.url, env, "--compare", str(earlier))
        asked = server.chat_requests
    _failed(result, 2, str(earlier))
    assert not asked


def test_a_config_nested_too_deep_is_bad_input(tmp_path: Path, seed_path: Path, env: dict) -> None:
    config = tmp_path / "c.toml"
    config.write_text("x = " + "[" * 50_000 + "]" * 50_000 + "\n")
    result = run_cli("summarize", str(seed_path), "--config", str(config), env=env, timeout=60)
    _failed(result, 2, str(config), "nested too deep")


@pytest.mark.parametrize("name", ["endpoint.json", "variant.json", "seconds.json", "answer"])
def test_a_recording_nested_too_deep_is_bad_input(tmp_path: Path, env: dict, name: str) -> None:
    replay = tmp_path / "replay"
    shutil.copytree(ROOT / "tests" / "data" / "replay", replay)
    if name == "answer":
        name = next(p.name for p in replay.glob("*.json") if len(p.stem) == 32)
    (replay / name).write_text(DEEP)
    result = run_cli("eval", "evals", "--only", "brics-2024-09-11", "--replay", str(replay),
                     "--report-dir", str(tmp_path / "r"), env=env, timeout=60)  # fmt: skip
    _failed(result, 2, name, "nested too deep")


# E5: serve's arguments, never loading a real model.


def _junk_model(tmp_path: Path) -> Path:
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"GGUF" + bytes(60))
    return junk


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("model", "more", "named"),
    [
        ("missing", [], "no such file"),
        ("directory", [], "is not a file"),
        ("text", [], "is not a GGUF model"),
        ("junk", ["--port", "99999"], "--port"),
        ("junk", ["--port", "-1"], "--port"),
        ("junk", ["--slots", "0"], "--slots"),
        ("junk", ["--context", "-5"], "--context"),
        ("junk", ["--threads", "0"], "--threads"),
        # sweep 8's F1: past llama.cpp's 32-bit integers (an OverflowError inside it)
        ("junk", ["--context", "99999999999"], "--context"),
        ("junk", ["--slots", "4294967297"], "--slots"),
        ("junk", ["--threads", "99999999999"], "--threads"),
        ("junk", ["--context", "1073741824", "--slots", "4"], "--slots 4 x --context"),
        ("junk", ["--host", "no such host!"], "--host"),
        ("junk", ["--host", "evil\x1b[31m"], "--host"),
    ],
)
def test_serve_refuses_a_bad_argument_before_loading_anything(
    tmp_path: Path, env: dict, model: str, more: list[str], named: str
) -> None:
    (tmp_path / "notes.txt").write_text("not a model\n")
    path = {"missing": tmp_path / "none.gguf", "directory": tmp_path, "text": tmp_path / "notes.txt",
            "junk": _junk_model(tmp_path)}[model]  # fmt: skip
    port = [] if "--port" in more else ["--port", str(_free_port())]
    result = run_cli("serve", "--model-path", str(path), *port, *more, env=env, timeout=60)
    line = _failed(result, 2, named)
    assert "\x1b" not in result.stderr.decode() and "Failed to init server" not in line


def test_serve_refuses_a_busy_port(tmp_path: Path, env: dict) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        result = run_cli(
            "serve", "--model-path", str(_junk_model(tmp_path)), "--port", port, env=env, timeout=60
        )
    _failed(result, 2, port)


def test_a_model_llama_cpp_cannot_load_is_one_line_exit_3(tmp_path: Path, env: dict) -> None:
    pytest.importorskip("xllamacpp")
    junk = _junk_model(tmp_path)
    result = run_cli("serve", "--model-path", str(junk), "--port", str(_free_port()), env=env, timeout=120)
    _failed(result, 3, "could not start", str(junk))


# E6: --ray to an address where no cluster listens.


def test_ray_to_an_address_where_no_one_listens_ends_at_once(
    tmp_path: Path, seed_path: Path, env: dict
) -> None:
    pytest.importorskip("ray")
    (tmp_path / "in").mkdir()
    shutil.copy(seed_path, tmp_path / "in" / "a.txt")
    address = f"127.0.0.1:{_free_port()}"  # bound and closed: nothing listens there
    started = time.monotonic()
    with fake_openai(reference_answers()) as server:
        result = run_cli("batch", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "--base-url", server.url,
                         *ARGS, "--ray", address, env=env, timeout=90)  # fmt: skip
        asked = server.chat_requests
    _failed(result, 3, f"no Ray cluster at {address}")
    assert time.monotonic() - started < 60 and not asked


# Sweep 8's F4 and F5: JSON nested too deep that the tool reads back, or a model answers.


def test_results_and_records_nested_too_deep_in_a_batch_out_crash_nothing(
    tmp_path: Path, seed_path: Path, env: dict
) -> None:
    inputs, out = tmp_path / "in", tmp_path / "o"
    inputs.mkdir()
    out.mkdir()
    shutil.copy(seed_path, inputs / "a0.txt")
    (out / "x.error.json").write_text(DEEP)  # a stray record: left out of the index
    jsonl = tmp_path / "r.jsonl"
    jsonl.write_text(DEEP + "\n")  # a line that is not ours: left where it is
    with fake_openai(reference_answers()) as server:
        pages = run_cli("batch", str(inputs), "--out", str(out), "-f", "html", "--base-url", server.url, *ARGS,
                        env=env)  # fmt: skip
        lines = run_cli("batch", str(inputs), "--out", str(jsonl), "--base-url", server.url, *ARGS, env=env)
    for result in (pages, lines):
        assert result.returncode == 0, result.stderr.decode()
        assert "internal error" not in result.stderr.decode()
    assert (out / "index.html").exists()
    assert jsonl.read_text().startswith(DEEP)


def test_a_report_nested_too_deep_in_the_report_dir_is_no_crash(tmp_path: Path, env: dict) -> None:
    reports = tmp_path / "r"
    reports.mkdir()
    (reports / "report.json").write_text(DEEP)
    with fake_openai(reference_answers()) as server:
        result = run_cli("eval", "evals", "--only", "brics-2024-09-11", "--report-dir", str(reports),
                         "--base-url", server.url, *ARGS, env=env)  # fmt: skip
    stderr = result.stderr.decode()
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr
    assert result.returncode in (0, 2), stderr  # written over as a report, or refused as a user's file


def test_a_run_log_row_nested_too_deep_is_one_line(tmp_path: Path, seed_path: Path, env: dict) -> None:
    import sqlite3

    with fake_openai(reference_answers()) as server:
        assert run_cli("summarize", str(seed_path), "--base-url", server.url, *ARGS, env=env).returncode == 0
    (database,) = (tmp_path / "data").rglob("*.sqlite3")
    with sqlite3.connect(database) as db:
        db.execute("UPDATE runs SET summary = ?", (DEEP,))
    _failed(run_cli("logs", "show", "1", env=env), 2, "not JSON", "nested too deep")


def test_doctor_against_an_answer_nested_too_deep_reports_no_schema_enforced(env: dict) -> None:
    with fake_openai(lambda path, body: completion(DEEP)) as server:
        result = run_cli("doctor", "--base-url", server.url, "--backend", "llamacpp", "--json", env=env)
    stderr = result.stderr.decode()
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr
    checks = {c["name"]: c["ok"] for c in json.loads(result.stdout)["checks"]}
    assert checks["json schema enforced"] is False
