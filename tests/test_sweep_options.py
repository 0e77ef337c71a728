"""The second hostile sweep (issue 11, later items 3, 6, 11-14): every bad option or file is
exit 2 in one line that names it, before any model call; an unwritable or corrupt file is
named with its cause."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import run_cli
from fakeserver import fake_openai, reference_answers
from test_hostile_inputs import DEAD, one_error_line

ONLY = ["--only", "brics-2024-09-11"]


@pytest.mark.parametrize(
    ("args", "pattern"),
    [
        (["summarize", "{seed}", "--base-url", DEAD, "--timeout", "inf"], "--timeout must be a positive"),
        (["summarize", "{seed}", "--base-url", DEAD, "--timeout", "nan"], "--timeout must be a positive"),
        (["summarize", "{seed}", "--base-url", DEAD, "--max-retries", "-3"], "--max-retries"),
        (["summarize", "{seed}", "--base-url", ""], "the base URL is empty"),
        (["doctor", "--base-url", ""], "the base URL is empty"),
        (["batch", "{seed}", "--out", "{tmp}/out", "-j", "0", "--base-url", DEAD], "--concurrency"),
        (["batch", "{seed}", "--out", "{tmp}/out", "--base-url", ""], "the base URL is empty"),
        (["eval", "evals", *ONLY, "--base-url", DEAD, "--tolerance", "-1"], "--tolerance"),
        (["eval", "evals", *ONLY, "--base-url", DEAD, "--tolerance", "nan"], "--tolerance"),
        (["eval", "evals", *ONLY, "--base-url", DEAD, "--baseline", "{tmp}/missing.json"], "missing.json"),
    ],
)
def test_bad_values_are_exit_2_in_one_line(seed_path: Path, tmp_path: Path, args: list, pattern: str) -> None:
    args = [a.format(seed=seed_path, tmp=tmp_path) for a in args]
    stderr = one_error_line(
        run_cli(*args, "--report-dir", str(tmp_path)) if args[0] == "eval" else run_cli(*args), 2
    )
    assert pattern in stderr
    assert "starting the embedded model" not in stderr.lower()


@pytest.mark.parametrize(
    ("content", "pattern"), [("{not json", "not valid JSON"), ("[1, 2]", "no 'metrics'")]
)
def test_a_broken_baseline_is_exit_2_naming_it(tmp_path: Path, content: str, pattern: str) -> None:
    baseline = tmp_path / "base.json"
    baseline.write_text(content)
    result = run_cli(
        "eval", "evals", *ONLY, "--base-url", DEAD, "--baseline", str(baseline), "--report-dir", str(tmp_path)
    )
    stderr = one_error_line(result, 2)
    assert pattern in stderr and "base.json" in stderr
    assert not (tmp_path / "report.json").exists()  # refused before the run, not after


def test_an_api_key_env_that_is_not_set_is_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "a.toml"
    config.write_text(f'name = "a"\nbase_url = "{DEAD}"\napi_key_env = "NO_SUCH_KEY_VAR"\n')
    result = run_cli("eval", "evals", *ONLY, "--config", str(config), "--report-dir", str(tmp_path))
    assert "NO_SUCH_KEY_VAR, which is not set" in one_error_line(result, 2)


def test_an_api_key_with_spaces_around_it_is_sent_stripped(seed_path: Path) -> None:
    with fake_openai(reference_answers()) as server:
        result = run_cli(
            "summarize", str(seed_path), "--base-url", server.url, "--api-key", "  sk-spaced-key \n",
            "--wording", "extract",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr.decode()
        sent = {v for r in server.chat_requests for k, v in r.headers.items() if k.lower() == "authorization"}
    assert sent == {"Bearer sk-spaced-key"}
