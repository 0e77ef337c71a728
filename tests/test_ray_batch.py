"""`batch --ray`: the same batch on Ray actors, on a local Ray runtime and the scripted server.

Each test runs the installed command, which starts its own local Ray runtime (2 CPUs at
most: one per actor) and stops it at the end.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from fakeserver import Recorded, fake_openai, schema_name
from test_batch import answers, copy_articles

# Ray workers put the driver's directory first on their path: run from the repository with a
# non-editable install (CI), they would import its source tree, which has no `schemas`.
OUTSIDE = Path(tempfile.gettempdir())

pytest.importorskip("ray", reason="Ray is not installed: pip install '.[ray]' (the README's setup does)")

COUNT = 20


@pytest.fixture
def twenty(tmp_path: Path) -> Path:
    """20 articles: the eval set's 12, and 8 of them again with a line of their own added."""
    inputs = tmp_path / "in"
    originals = copy_articles(inputs, 12)
    for number, source in enumerate(originals[:8], start=1):
        text = source.read_text(encoding="utf-8") + f"\n\nDesk note {number}: filed for the archive.\n"
        (inputs / f"{source.stem}-again.txt").write_text(text, encoding="utf-8")
    assert len(list(inputs.iterdir())) == COUNT
    return inputs


def env_for(tmp_path: Path, name: str) -> dict[str, str]:
    return {"SUMMARIZER_CACHE_DIR": str(tmp_path / name)}


def results(out: Path) -> dict[str, dict]:
    """Each article's summary, without the run record (timings, the server's port)."""
    found = {}
    for path in out.glob("*.json"):
        summary = json.loads(path.read_text())
        summary.pop("run", None)
        found[path.name] = summary
    return found


def ray_batch(inputs: Path, out: Path, url: str, env: dict, *more: str) -> subprocess.CompletedProcess:
    args = ("batch", str(inputs), "--out", str(out), "--base-url", url, "--wording", "extract", *more)
    return run_cli(*args, "--actors", "2", "--ray", env=env, timeout=300, cwd=OUTSIDE)


def test_twenty_articles_through_two_actors_match_a_local_batch(tmp_path: Path, twenty: Path) -> None:
    with fake_openai(answers()) as server:
        local = run_cli(
            "batch", str(twenty), "--out", str(tmp_path / "local"), "--base-url", server.url,
            "--wording", "extract", env=env_for(tmp_path, "local-cache"),
        )  # fmt: skip
        assert local.returncode == 0, local.stderr.decode()
        on_ray = ray_batch(twenty, tmp_path / "ray", server.url, env_for(tmp_path, "ray-cache"))
    stderr = on_ray.stderr.decode()
    assert on_ray.returncode == 0, stderr
    assert f"{COUNT} articles: {COUNT} summarised, 0 from cache, 0 failed" in stderr
    expected = results(tmp_path / "local")
    assert len(expected) == COUNT
    assert results(tmp_path / "ray") == expected
    assert not list((tmp_path / "ray").glob("*.error.json"))


def owner_of(port: int, server_port: int) -> int | None:
    """The process whose TCP socket goes from this local port to the server (Linux /proc).

    Both ports: Linux reuses a local port for connections to other places."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            ports = (int(fields[1].rsplit(":", 1)[1], 16), int(fields[2].rsplit(":", 1)[1], 16))
            if ports == (port, server_port):
                inodes.add(f"socket:[{fields[9]}]")
    for fd in Path("/proc").glob("[0-9]*/fd/*"):
        try:
            if os.readlink(fd) in inodes:
                return int(fd.parts[2])
        except OSError:
            continue
    return None


def test_an_actor_killed_mid_article_loses_nothing(tmp_path: Path, twenty: Path) -> None:
    killed: list[int] = []
    seen: list[Recorded] = []

    def kill_the_asker(request: Recorded) -> bool:
        """The 15th request (an article half-way through): its actor's process dies, unanswered."""
        seen.append(request)
        if killed or len(seen) < 15:
            return False
        pid = owner_of(request.peer_port, server.port)
        assert pid is not None and pid != os.getpid()
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)
        return True

    with fake_openai(answers()) as server:
        server.intercept = kill_the_asker
        on_ray = ray_batch(twenty, tmp_path / "out", server.url, env_for(tmp_path, "cache"))
    stderr = on_ray.stderr.decode()
    assert killed, "the batch made fewer than 15 requests"
    assert on_ray.returncode == 0, stderr
    assert "its Ray actor died (try 1 of 3)" in stderr
    assert f"{COUNT} articles: {COUNT} summarised, 0 from cache, 0 failed" in stderr
    out = results(tmp_path / "out")
    assert len(out) == COUNT  # the victim's article too, on another try
    assert not list((tmp_path / "out").glob("*.error.json"))


def test_a_rerun_after_an_interrupted_job_computes_only_what_is_missing(tmp_path: Path, twenty: Path) -> None:
    respond = answers()
    # The first job is slow enough to be interrupted half-way: after its first 40 questions
    # (about ten articles) each takes 2 s, so a loaded machine cannot finish all twenty
    # before the Ctrl-C (at 0.25 s throughout, one CI run did).
    slow, asked_so_far = [True], [0]

    def delay() -> float:
        asked_so_far[0] += 1
        return 0.0 if not slow[0] else 0.25 if asked_so_far[0] <= 40 else 2.0

    out = tmp_path / "out"
    env = {**os.environ, **env_for(tmp_path, "cache"), "SUMMARIZER_RETRY_SECONDS": "2"}
    command = [str(Path(sys.executable).with_name("summarizer")), "batch", str(twenty), "--out", str(out)]
    # One server for both jobs: its URL is part of the cache key.
    with fake_openai(lambda path, body: replace(respond(path, body), delay=delay())) as server:
        command += ["--base-url", server.url, "--wording", "extract", "--actors", "2", "--ray"]
        job = subprocess.Popen(command, env=env, cwd=OUTSIDE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 240
        while len(list(out.glob("*.json"))) < 4 and time.monotonic() < deadline and job.poll() is None:
            time.sleep(0.2)
        job.send_signal(signal.SIGINT)  # Ctrl-C in the driver
        _, stderr = job.communicate(timeout=120)
        assert job.returncode == 130, stderr.decode()
        done = len(results(out))
        assert 4 <= done < COUNT, stderr.decode()
        slow[0] = False
        server.requests.clear()
        rerun = ray_batch(twenty, out, server.url, env_for(tmp_path, "cache"))
        # One GroundedMeta question per article summarised (the first of its questions).
        asked = sum(schema_name(r.body) == "GroundedMeta" for r in server.chat_requests)
    stderr_text = rerun.stderr.decode()
    assert rerun.returncode == 0, stderr_text
    line = f"{COUNT} articles: {COUNT - done} summarised, {done} from cache, 0 failed"
    assert line in stderr_text
    assert len(results(out)) == COUNT
    assert asked == COUNT - done  # not one request for an article the interrupted job finished


def test_ray_takes_actors_not_concurrency(tmp_path: Path, twenty: Path) -> None:
    result = run_cli("batch", str(twenty), "--out", str(tmp_path / "out"), "-j", "2", "--ray")
    assert result.returncode == 2
    assert "with --ray, give --actors N" in result.stderr.decode()


def test_an_input_taken_for_the_address_is_refused(tmp_path: Path, twenty: Path) -> None:
    result = run_cli("batch", "--out", str(tmp_path / "out"), "--ray", str(twenty), str(twenty))
    assert result.returncode == 2
    assert "put --ray after the inputs" in result.stderr.decode()


@pytest.mark.live
def test_one_actor_on_the_embedded_model_summarises_the_reference_article(tmp_path: Path) -> None:
    from test_live import check_reference_summary

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "brics-2024-09-11.txt").write_bytes((ROOT / "examples" / "brics-2024-09-11.txt").read_bytes())
    out = tmp_path / "out"
    # The user's cache directory, where the model is assembled already; --no-cache: computed anew.
    result = run_cli("batch", str(inputs), "--out", str(out), "--no-cache", "--ray", timeout=900, cwd=OUTSIDE)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert "1 articles: 1 summarised, 0 from cache, 0 failed" in result.stderr.decode()
    summary = json.loads((out / "brics-2024-09-11.json").read_text())
    check_reference_summary(summary, (inputs / "brics-2024-09-11.txt").read_text(encoding="utf-8"))
