"""The fifth hostile sweep's N7: a server that drips its response headers a byte at a time,
each byte well inside any read timeout, held a request for as long as it kept dripping
(`summarize --timeout 3`: 202 s). `--timeout` is now a wall-clock bound on each request."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx2 as httpx
import pytest
from conftest import run_cli
from fakeserver import Reply, fake_openai
from test_batch import answers, copy_articles
from test_hostile_inputs import one_error_line

from summarizer import connection
from summarizer.endpoint import EndpointConfig

DRIP = Reply(header_drip=0.3)  # a byte every 0.3 s: no single read ever waits 2 s


def drip_chat(path: str, body: dict) -> Reply:
    return DRIP


def test_header_drip_summarize_is_cut_at_the_timeout(seed_path: Path) -> None:
    with fake_openai(drip_chat) as server:
        started = time.monotonic()
        # Before the fix this ran for the server's whole minute of dripping, and more.
        result = run_cli("summarize", str(seed_path), "--base-url", server.url, "--backend", "llamacpp",
                         "--wording", "extract", "--timeout", "2", timeout=45)  # fmt: skip
        seconds = time.monotonic() - started
    assert "did not answer within 2 s" in one_error_line(result, 3)
    assert seconds < 12, seconds  # start-up, then one question cut at 2 s


@pytest.mark.parametrize("where", ["models", "chat"])
def test_header_drip_doctor_is_not_ready_within_the_timeout(where: str) -> None:
    with fake_openai(drip_chat if where == "chat" else answers()) as server:
        if where == "models":
            server.models_reply = DRIP
        started = time.monotonic()
        result = run_cli(
            "doctor", "--base-url", server.url, "--backend", "llamacpp", "--timeout", "2", timeout=45
        )
        seconds = time.monotonic() - started
    stdout = result.stdout.decode()
    assert result.returncode == 3, stdout
    check = "reachable" if where == "models" else "chat answers"
    assert f"NOT READY: {check}: no answer within 2 s" in stdout, stdout
    assert seconds < 12, seconds


def test_header_drip_batch_finishes_its_articles_on_the_good_endpoint(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    copy_articles(inputs, 3)
    with fake_openai(drip_chat) as dripping, fake_openai(answers()) as good:
        result = run_cli("batch", str(inputs), "--out", str(tmp_path / "o"), "--base-url", dripping.url,
                         "--base-url", good.url, "--timeout", "2", "--no-cache", "--wording", "extract",
                         "--backend", "llamacpp", timeout=90)  # fmt: skip
        asked = len(dripping.chat_requests)
    stderr = result.stderr.decode()
    assert result.returncode == 0 and "3 articles: 3 summarised" in stderr, stderr
    assert len(list((tmp_path / "o").glob("*.json"))) == 3
    assert 1 <= asked <= 3  # a dripping endpoint is not asked again for the same article
    seconds = float(re.search(r"summarised.*?, in ([\d.]+) s", stderr).group(1))
    # Before the fix: 202 s for 2 articles. Loose: a loaded CI machine starts processes slowly.
    assert seconds <= 40, stderr


def test_header_drip_leaves_no_socket_busy_after_the_timeout() -> None:
    with fake_openai(drip_chat) as server:
        endpoint = EndpointConfig(base_url=server.url, backend="llamacpp")
        stack = connection.transport_stack(timeout=1.5, retry_seconds=2)
        with connection.http_client(endpoint, stack, 1.5) as http:
            started = time.monotonic()
            with pytest.raises(httpx.TimeoutException):
                http.post(f"{server.url}/chat/completions", json={"model": "fake-model", "messages": []})
            cut = time.monotonic()
            assert cut - started < 2.5, cut - started
            # The connection is closed when the request gives up, not when the client does:
            # the server's next byte finds nobody there.
            while not server.drips_cut and time.monotonic() - cut < 3:
                time.sleep(0.05)
            assert server.drips_cut and server.drips_cut[0] - cut < 3
