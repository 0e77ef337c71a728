"""What the fifth hostile sweep found in eval's files (N10, N11): every file a user names is
read through the one bounded reader (a pipe, a socket or a device is refused, a huge file
stops at its bound), and eval never replaces a report.json, report.md or --html page of the
user's: refused before any model call, while a report an earlier eval wrote is replaced."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, reference_set, run_cli
from fakeserver import fake_openai, reference_answers

DEAD = "http://127.0.0.1:9/v1"  # an eval that reached the model would exit 3, not 2
ONLY = ["--only", "brics-2024-09-11"]
EVALS = str(ROOT / "evals")
# Far below run_cli's own: a read that waits on a pipe fails the test, not the session.
PATIENCE = 40


def _plant(path: Path, kind: str) -> None:
    """A pipe no one writes to, or a link to /dev/zero (no end), where a file is expected."""
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")


def _refused(result: subprocess.CompletedProcess, path: Path, kind: str) -> None:
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    said = "is a pipe, not a file" if kind == "fifo" else "is a device, not a file"
    assert f"{path} {said}" in stderr and "internal error" not in stderr, stderr
    assert len(stderr.strip().splitlines()) == 1, stderr


@pytest.mark.parametrize("kind", ["fifo", "devzero"])
@pytest.mark.parametrize("option", ["--compare", "--baseline"])
def test_a_pipe_or_a_device_as_an_eval_reference_is_refused(tmp_path: Path, option: str, kind: str) -> None:
    reference = tmp_path / "reference.json"
    _plant(reference, kind)
    result = run_cli("eval", EVALS, *ONLY, "--base-url", DEAD, "--wording", "extract", option, str(reference),
                     "--report-dir", str(tmp_path / "out"), timeout=PATIENCE)  # fmt: skip
    _refused(result, reference, kind)
    assert not (tmp_path / "out" / "report.json").exists()


@pytest.mark.parametrize("kind", ["fifo", "devzero"])
def test_a_gold_file_that_is_a_pipe_or_a_device_is_refused(tmp_path: Path, kind: str) -> None:
    dataset = reference_set(tmp_path, "brics")
    gold = dataset / "gold" / "brics.json"
    _plant(gold, kind)
    result = run_cli("eval", str(dataset), "--base-url", DEAD, "--wording", "extract",
                     "--report-dir", str(tmp_path / "out"), timeout=PATIENCE)  # fmt: skip
    _refused(result, gold, kind)
    assert "cannot read the gold file" in result.stderr.decode()


@pytest.mark.parametrize("kind", ["fifo", "devzero"])
def test_a_recorded_answer_that_is_a_pipe_or_a_device_is_refused(tmp_path: Path, kind: str) -> None:
    replay = tmp_path / "replay"
    shutil.copytree(ROOT / "tests" / "data" / "replay", replay)
    exchange = next(p for p in sorted(replay.glob("*.json")) if len(p.stem) == 32)
    _plant(exchange, kind)
    result = run_cli("eval", EVALS, *ONLY, "--replay", str(replay), "--base-url", DEAD,
                     "--report-dir", str(tmp_path / "out"), timeout=PATIENCE)  # fmt: skip
    _refused(result, exchange, kind)
    assert "cannot read the recording" in result.stderr.decode()


@pytest.mark.parametrize("kind", ["fifo", "devzero"])
def test_a_prompt_template_that_is_a_pipe_or_a_device_is_refused(tmp_path: Path, kind: str) -> None:
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    for template in (ROOT / "prompts").glob("*.j2"):
        shutil.copy(template, prompts / template.name)
    _plant(prompts / "meta.j2", kind)
    result = run_cli("summarize", str(ROOT / "examples" / "brics-2024-09-11.txt"), "--base-url", DEAD,
                     "--prompts", str(prompts), timeout=PATIENCE)  # fmt: skip
    _refused(result, prompts / "meta.j2", kind)
    assert "cannot read the prompt template" in result.stderr.decode()


def test_a_huge_report_to_compare_with_stops_at_its_bound(tmp_path: Path) -> None:
    """A regular file over the bound is refused by its size, before a byte is read."""
    report = tmp_path / "huge.json"
    with report.open("wb") as sparse:
        sparse.truncate(1 << 30)  # 1 GiB, taking no disk
    result = run_cli("eval", EVALS, *ONLY, "--base-url", DEAD, "--wording", "extract", "--compare", str(report),
                     "--report-dir", str(tmp_path / "out"), timeout=PATIENCE)  # fmt: skip
    stderr = result.stderr.decode()
    assert result.returncode == 2 and f"{report} is 1,073,741,824 bytes, over the limit of" in stderr, stderr


def _eval(cwd: Path, server_url: str, *args: str) -> subprocess.CompletedProcess:
    # The default --report-dir: the directory eval is run from.
    return run_cli("eval", EVALS, *ONLY, "--base-url", server_url, "--wording", "extract", *args, cwd=cwd)


@pytest.mark.parametrize(
    ("name", "mine"), [("report.md", "# my report\n"), ("report.json", '{"mine": true}\n')]
)
def test_a_users_report_in_the_working_directory_is_not_replaced(
    tmp_path: Path, name: str, mine: str
) -> None:
    (tmp_path / name).write_text(mine)
    with fake_openai(reference_answers()) as server:
        result = _eval(tmp_path, server.url)
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert f"{name} exists and was not written by summarizer: refusing to replace it" in stderr, stderr
    assert "give another --report-dir" in stderr and len(stderr.strip().splitlines()) == 1, stderr
    assert server.chat_requests == []  # refused before the model was asked anything
    assert (tmp_path / name).read_text() == mine
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_users_page_given_as_html_is_not_replaced(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><title>my page</title>\n")
    with fake_openai(reference_answers()) as server:
        result = _eval(tmp_path, server.url, "--html", str(page))
    stderr = result.stderr.decode()
    assert result.returncode == 2 and "give another --html" in stderr, stderr
    assert server.chat_requests == [] and "my page" in page.read_text()


def test_a_second_eval_replaces_the_reports_the_first_wrote(tmp_path: Path) -> None:
    page = tmp_path / "eval.html"
    with fake_openai(reference_answers()) as server:
        first = _eval(tmp_path, server.url, "--html", str(page))
        assert first.returncode == 0, first.stderr.decode()
        markdown = (tmp_path / "report.md").read_text()
        # The mark that says the file is ours: an HTML comment, which Markdown shows as nothing.
        mark, title = markdown.splitlines()[:2]
        assert mark.startswith("<!--") and mark.endswith("-->") and "summarizer eval" in mark
        assert title == "# summarizer eval"
        assert '<meta name="generator" content="summarizer eval">' in page.read_text()
        # A report.md an earlier version wrote (no mark), beside its report.json, is ours too.
        (tmp_path / "report.md").write_text(markdown.split("\n", 1)[1])
        second = _eval(tmp_path, server.url, "--html", str(page))
    assert second.returncode == 0, second.stderr.decode()
    assert (tmp_path / "report.md").read_text().startswith(f"{mark}\n{title}\n")  # written again
    assert json.loads((tmp_path / "report.json").read_text())["variants"][0]["metrics"]["proposal_f1"] == 1.0
