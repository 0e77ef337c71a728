"""`summarizer eval --compare OLD/report.json`, and the committed replay's report pinned
byte for byte (no model: the committed recording, or a scripted server)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from fakeserver import fake_openai
from test_eval_cli import ONLY, sceptic

REPLAY = ROOT / "tests" / "data" / "replay"
EXPECTED = ROOT / "tests" / "data" / "replay-report"  # written by the scorer before its registry
DEAD = "http://127.0.0.1:9/v1"  # an eval that reached the model would exit 3, not 2


def replayed(*args: str) -> tuple[int, str, str]:
    # A wide terminal, so that no table cell wraps the text a test looks for.
    result = run_cli("eval", "evals", *ONLY, "--replay", str(REPLAY), *args, env={"COLUMNS": "250"})
    return result.returncode, result.stdout.decode(), result.stderr.decode()


def earlier_report(tmp_path: Path) -> Path:
    """The committed replay's report, as if an earlier run had got one ordinal wrong."""
    report = json.loads((EXPECTED / "report.json").read_text())
    variant = report["variants"][0]
    variant["metrics"]["proposal_precision"] = 0.8  # not gated: shown, never failing
    [article] = variant["articles"]
    article["ordinal_correct"] -= 1
    article["differences"].append("wrong ordinal: 'an old title' is 1, gold 2")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "report.json").write_text(json.dumps(report))
    return tmp_path / "old" / "report.json"


def test_the_committed_replay_writes_the_committed_report_byte_for_byte(tmp_path: Path) -> None:
    code, _, stderr = replayed("--report-dir", str(tmp_path))
    assert code == 0, stderr
    for name in ("report.json", "report.md"):
        assert (tmp_path / name).read_bytes() == (EXPECTED / name).read_bytes(), name


def test_compare_shows_what_moved_per_metric_and_per_article(tmp_path: Path) -> None:
    old = earlier_report(tmp_path)
    ordinals = json.loads(old.read_text())["variants"][0]["articles"][0]["ordinal_correct"]
    # The report replaces the one it compares with: that one is read before the run.
    code, table, stderr = replayed("--compare", str(old), "--report-dir", str(old.parent),
                                   "--html", str(tmp_path / "report.html"))  # fmt: skip
    assert code == 0, stderr
    assert "earlier" in table and "Δ earlier" in table and "+0.200" in table
    assert "gone: wrong ordinal: 'an old title' is 1, gold 2" in table
    compared = json.loads(old.read_text())["compare"]
    assert compared["metrics"]["proposal_precision"] == 0.8 and compared["regressions"] == []
    assert compared["articles"] == [{"name": "brics-2024-09-11", "changes": [
        f"figures: ordinal_correct {ordinals} → {ordinals + 1}",
        "gone: wrong ordinal: 'an old title' is 1, gold 2",
    ]}]  # fmt: skip
    markdown = (old.parent / "report.md").read_text()
    assert "| metric | earlier | current | Δ earlier |" in markdown
    assert "| proposal_precision | 0.800 | 1.000 | +0.200 |" in markdown
    assert f"## Changes since {old}" in markdown and "- gone: wrong ordinal:" in markdown
    page = (tmp_path / "report.html").read_text()
    assert "<th>Δ earlier</th>" in page and "gone: wrong ordinal: &#39;an old title&#39;" in page


def test_compare_fails_with_exit_5_when_a_headline_metric_fell(tmp_path: Path) -> None:
    with fake_openai(sceptic()) as worse:
        args = ["eval", "evals", *ONLY, "--base-url", worse.url, "--wording", "extract",
                "--compare", str(EXPECTED / "report.json")]  # fmt: skip
        gated = run_cli(*args, "--report-dir", str(tmp_path))
        lenient = run_cli(*args, "--tolerance", "1", "--report-dir", str(tmp_path / "lenient"))
    stderr = gated.stderr.decode()
    assert gated.returncode == 5, stderr
    assert "regression since the earlier report: proposal_f1 fell from 1.000" in stderr
    assert stderr.strip().splitlines()[-1].startswith("summarizer: error: ")
    assert "fell beyond the tolerance since" in stderr.strip().splitlines()[-1]
    compared = json.loads((tmp_path / "report.json").read_text())["compare"]
    assert any(r.startswith("proposal_f1 fell from 1.000") for r in compared["regressions"])
    [article] = compared["articles"]
    assert any(change.startswith("new: ") for change in article["changes"])
    assert "- regression: proposal_f1 fell from 1.000" in (tmp_path / "report.md").read_text()
    assert lenient.returncode == 0, lenient.stderr.decode()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (None, "no such report"),
        ("not json {", "is not JSON"),
        ('{"variants": []}', "is not a report.json"),
        ('{"variants": [{"name": "a", "metrics": {"proposal_f1": "high"}}]}', "is not a report.json"),
        ('[1, 2]', "is not a report.json"),
    ],
)  # fmt: skip
def test_a_missing_or_broken_earlier_report_is_one_line_and_exit_2(
    tmp_path: Path, content: str | None, said: str
) -> None:
    old = tmp_path / "old.json"
    if content is not None:
        old.write_text(content)
    out = tmp_path / "out"
    result = run_cli(
        "eval", "evals", *ONLY, "--base-url", DEAD, "--compare", str(old), "--report-dir", str(out)
    )
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert stderr.startswith("summarizer: error: --compare: ") and said in stderr
    assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr
    assert not (out / "report.json").exists()  # refused before the run, nothing written


def test_compare_takes_the_directory_of_the_earlier_report(tmp_path: Path) -> None:
    shutil.copytree(EXPECTED, tmp_path / "last")
    code, table, stderr = replayed("--compare", str(tmp_path / "last"), "--report-dir", str(tmp_path))
    assert code == 0, stderr
    assert f"no article changed since {tmp_path / 'last' / 'report.json'}" in table
