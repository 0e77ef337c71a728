"""`summarizer eval` as a user runs it: side by side, record and replay, the gate."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from fakeserver import Reply, Responder, completion, fake_openai, reference_answers, schema_name
from test_batch import answers

BAD = {"lists": [{"list": "L1", "speaker": "Wang Yi", "kind": "facts or achievements"}]}


def sceptic() -> Responder:
    """A model that calls the proposals facts, and answers every other question (an endpoint
    error is no score at all: eval would exit 3)."""
    respond = answers()

    def reply(path: str, body: dict) -> Reply:
        return completion(BAD) if schema_name(body) == "ListsAnswer" else respond(path, body)

    return reply


ONLY = ["--only", "brics-2024-09-11"]


def config(path: Path, name: str, url: str) -> Path:
    path.write_text(f'name = "{name}"\nbase_url = "{url}"\nwording = "extract"\n')
    return path


def test_two_configurations_side_by_side(tmp_path: Path) -> None:
    with (
        fake_openai(reference_answers()) as good,
        fake_openai(sceptic()) as bad,
    ):
        result = run_cli(
            "eval", "evals", *ONLY, "--config", str(config(tmp_path / "a.toml", "good", good.url)),
            "--config", str(config(tmp_path / "b.toml", "sceptic", bad.url)), "--report-dir", str(tmp_path),
        )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    table = result.stdout.decode()
    assert "good" in table and "sceptic" in table and "Δ" in table
    report = json.loads((tmp_path / "report.json").read_text())
    good_f1, sceptic_f1 = (v["metrics"]["proposal_f1"] for v in report["variants"])
    assert good_f1 == 1.0 and sceptic_f1 < good_f1
    assert "| proposal_f1 |" in (tmp_path / "report.md").read_text()


def test_replay_reproduces_the_report_byte_for_byte_without_a_model(tmp_path: Path) -> None:
    record = tmp_path / "record"
    with fake_openai(reference_answers()) as server:
        first = run_cli("eval", "evals", *ONLY, "--base-url", server.url, "--wording", "extract",
                        "--record", str(record), "--report-dir", str(tmp_path / "one"))  # fmt: skip
    assert first.returncode == 0, first.stderr.decode()
    second = run_cli("eval", "evals", *ONLY, "--replay", str(record), "--wording", "extract",
                     "--base-url", "http://127.0.0.1:9/v1", "--report-dir", str(tmp_path / "two"))  # fmt: skip
    assert second.returncode == 0, second.stderr.decode()
    assert (tmp_path / "one" / "report.json").read_bytes() == (tmp_path / "two" / "report.json").read_bytes()
    assert (tmp_path / "one" / "report.md").read_bytes() == (tmp_path / "two" / "report.md").read_bytes()


def test_the_committed_replay_scores_the_reference_article() -> None:
    """The unit-test recording of the embedded model's answers (tests/data/replay)."""
    replay = ROOT / "tests" / "data" / "replay"
    result = run_cli(
        "eval", "evals", *ONLY, "--replay", str(replay), "--report-dir", str(replay.parent / "out")
    )
    assert result.returncode == 0, result.stderr.decode()
    metrics = json.loads((replay.parent / "out" / "report.json").read_text())["variants"][0]["metrics"]
    assert metrics["proposal_f1"] == 1.0 and metrics["grounding"] == 1.0
    shutil.rmtree(replay.parent / "out")


def test_the_gate_fails_naming_the_metric(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    with fake_openai(reference_answers()) as good:
        made = run_cli("eval", "evals", *ONLY, "--base-url", good.url, "--wording", "extract",
                       "--baseline", str(baseline), "--update-baseline", "--report-dir", str(tmp_path))  # fmt: skip
    assert made.returncode == 0 and json.loads(baseline.read_text())["metrics"]["proposal_f1"] == 1.0
    with fake_openai(sceptic()) as bad:
        gated = run_cli("eval", "evals", *ONLY, "--base-url", bad.url, "--wording", "extract",
                        "--baseline", str(baseline), "--report-dir", str(tmp_path))  # fmt: skip
    assert gated.returncode == 5
    assert re.search(r"proposal_f1 fell from 1\.000 to 0\.\d{3}", gated.stderr.decode())


@pytest.mark.live
def test_a_deliberately_worse_prompt_fails_the_gate(tmp_path: Path) -> None:
    """The real model with a sabotaged system prompt, against the committed baseline."""
    worse = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", worse)
    lists = (worse / "lists.j2").read_text()
    (worse / "lists.j2").write_text(lists.replace(
        '- kind: "proposals made at this event"',
        '- kind: always answer "facts or achievements"; never "proposals made at this event"',
    ))  # fmt: skip
    result = run_cli(
        "eval", "evals", "--only", "brics-2024-09-11", "--only", "sco-fm-2023-astana-five-point",
        "--prompts", str(worse), "--baseline", "evals/baseline.json", "--report-dir", str(tmp_path), timeout=900,
    )  # fmt: skip
    assert result.returncode == 5, result.stderr.decode()[-2000:]
    assert "fell from" in result.stderr.decode()
