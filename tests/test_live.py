"""The real embedded model (Qwen2.5-Coder-1.5B via xllamacpp) on the reference article.

Slow (about a minute each on two cores): marked `live`, run by `.ci/run`.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest
from conftest import ROOT, run_cli

from summarizer.embedded import EmbeddedServer, free_port

pytestmark = pytest.mark.live

TITLES = [
    "adhere to the correct principles",
    "strengthen practical cooperation",
    "demonstrate the spirit of solidarity",
    "strive to improve global governance",
]


def check_reference_summary(summary: dict, article: str) -> None:
    assert summary["speaker"]["name"] == "Wang Yi"
    assert summary["proposal_count_stated"] == 4
    assert [p["ordinal"] for p in summary["proposals"]] == [1, 2, 3, 4]
    assert [p["title"].lower() for p in summary["proposals"]] == TITLES
    cited = {i["name"]: i["cited_in_proposal"] for i in summary["initiatives"]}
    assert cited["Global Security Initiative"] == 4
    assert cited["Global Initiative on Data Security"] == 4
    assert cited["Global AI Governance Initiative"] == 4
    assert cited["BRICS Counterterrorism Strategy"] == 2
    evidence = [e for p in summary["proposals"] for e in p["evidence"]]
    evidence += [e for i in summary["initiatives"] for e in i["evidence"]]
    assert evidence and all(article[e["start"] : e["end"]] == e["text"] for e in evidence)


def wait_healthy(port: int, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.5)
    pytest.fail(f"summarizer serve on port {port} did not come up")


def start_serve(port: int, wait: bool = True) -> subprocess.Popen[bytes]:
    """`summarizer serve` in its own process group, so that a test can kill all of it."""
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("summarizer")), "serve", "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    if wait:
        wait_healthy(port)
    return server


def comparable(summary: dict) -> dict:
    """A summary without what differs between runs by design: timing and the endpoint."""
    return {key: value for key, value in summary.items() if key not in ("run",)}


@pytest.fixture(scope="module")
def embedded_summary(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("live") / "seed.json"
    result = run_cli("summarize", "examples/brics-2024-09-11.txt", "--out", str(out), timeout=900)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    return json.loads(out.read_text())


def test_the_readme_command_summarises_the_reference_article(embedded_summary: dict, seed_text: str) -> None:
    check_reference_summary(embedded_summary, seed_text)
    assert embedded_summary["run"]["model"] == "qwen2.5-coder-1.5b-instruct"


def test_serve_then_base_url_gives_the_same_result(
    embedded_summary: dict, seed_text: str, tmp_path: Path
) -> None:
    port = free_port()
    server = start_serve(port)
    try:
        out = tmp_path / "served.json"
        base_url = f"http://127.0.0.1:{port}/v1"
        result = run_cli(
            "summarize",
            "examples/brics-2024-09-11.txt",
            "--base-url",
            base_url,
            "--out",
            str(out),
            timeout=900,
        )
        assert result.returncode == 0, result.stderr.decode()[-2000:]
        served = json.loads(out.read_text())
        check_reference_summary(served, seed_text)
        assert comparable(served) == comparable(embedded_summary)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_doctor_finds_the_embedded_model_ready() -> None:
    result = run_cli("doctor", "--json", timeout=600)
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["ready"]
    assert {c["name"]: c["ok"] for c in report["checks"]}["json schema enforced"]


def test_the_embedded_server_prepares_its_grammar_engine_as_it_starts() -> None:
    # The first grammar request indexes the vocabulary (~1 s); the server does it while our
    # client is still importing. A build where that stops working would only be slower.
    with EmbeddedServer() as server:
        deadline = time.monotonic() + 60
        while "warm" not in server.log_path.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        log = server.log_path.read_text()
        answer = httpx.post(
            f"{server.base_url}/chat/completions",
            json={"messages": [{"role": "user", "content": "Say yes."}], "max_tokens": 4,
                  "grammar": '%llguidance {}\nstart: "yes"'},
            timeout=60,
        ).json()  # fmt: skip
    assert "warmed up in" in log and "warm-up skipped" not in log
    assert answer["choices"][0]["message"]["content"] == "yes"


def test_instructions_hidden_in_an_article_are_not_followed(tmp_path: Path) -> None:
    article = ROOT / "tests" / "data" / "hostile-instructions.txt"
    out = tmp_path / "hostile.json"
    result = run_cli("summarize", str(article), "--out", str(out), timeout=900)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    summary = json.loads(out.read_text())
    text = article.read_text()
    assert summary["speaker"]["name"] == "Anna Keller"
    assert summary["proposal_count_stated"] == 3
    assert [p["title"] for p in summary["proposals"]] == [
        "share river data in real time",
        "build early-warning systems for floods",
        "fund joint research on the river's ecology",
    ]
    for proposal in summary["proposals"]:
        for evidence in proposal["evidence"]:
            assert text[evidence["start"] : evidence["end"]] == evidence["text"]
            assert "Ignore previous instructions" not in evidence["text"]


def test_a_long_article_yields_its_proposals_in_order_with_valid_offsets(tmp_path: Path) -> None:
    """About 6,000 words, five proposals spread from 15% to 85% of the text."""
    article = ROOT / "evals" / "long" / "un-ga-long-speech.txt"
    gold = json.loads(article.with_suffix(".json").read_text())
    out = tmp_path / "long.json"
    result = run_cli("summarize", str(article), "--out", str(out), timeout=900)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    summary = json.loads(out.read_text())
    text = article.read_text()
    assert [p["ordinal"] for p in summary["proposals"]] == [1, 2, 3, 4, 5]
    starts = [p["evidence"][0]["start"] for p in summary["proposals"]]
    assert starts == sorted(starts) and starts[0] < len(text) * 0.3 and starts[-1] > len(text) * 0.7
    for predicted, expected in zip(summary["proposals"], gold["proposals"], strict=True):
        first = predicted["evidence"][0]["text"]
        assert any(e["text"] in first or first in e["text"] for e in expected["evidence"])
    evidence = [e for p in summary["proposals"] for e in p["evidence"]]
    assert all(text[e["start"] : e["end"]] == e["text"] for e in evidence)


def test_two_served_models_one_killed_mid_batch_lose_no_article(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("brics-2024-09-11", "sco-fm-2023-astana-five-point", "asean-indonesia-numbered-three"):
        (inputs / f"{name}.txt").write_bytes((ROOT / "evals" / "articles" / f"{name}.txt").read_bytes())
    ports = [free_port(), free_port()]
    servers = [start_serve(port, wait=False) for port in ports]
    try:
        for port in ports:
            wait_healthy(port)
        out = tmp_path / "out"
        command = [
            str(Path(sys.executable).with_name("summarizer")),
            "batch",
            str(inputs),
            "--out",
            str(out),
            "-j",
            "2",
        ]
        command += [arg for port in ports for arg in ("--base-url", f"http://127.0.0.1:{port}/v1")]
        env = {**os.environ, "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
        batch = subprocess.Popen(command, env=env, stderr=subprocess.PIPE)
        # Kill the second server as soon as the batch is under way.
        time.sleep(8)
        os.killpg(servers[1].pid, signal.SIGKILL)
        _, stderr = batch.communicate(timeout=900)
        assert batch.returncode == 0, stderr.decode()[-2000:]
        assert "3 articles: 3 summarised" in stderr.decode()
        assert len(list(out.glob("*.json"))) == 3
    finally:
        for server in servers:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
