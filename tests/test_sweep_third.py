"""The third hostile sweep (issue 11): a name that would be another article's error record,
a server's odd token counts, a password in a Ray address, an empty or endless config file,
markup in an eval configuration's name."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import run_cli
from fakeserver import completion, fake_openai, reference_answers
from test_batch import answers
from test_hostile_inputs import one_error_line

from summarizer.llm import _tokens


def test_an_article_named_like_an_error_record_keeps_its_own_result(seed_path: Path, tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    shutil.copy(seed_path, inputs / "a.error.txt")
    (inputs / "a.txt").write_bytes(b"\xff\xfe\x00 not text")  # fails: its record is a.error.json
    with fake_openai(answers()) as server:
        run_cli(
            "batch",
            str(inputs),
            "--out",
            str(out),
            "--base-url",
            server.url,
            "--no-cache",
            "--wording",
            "extract",
        )
    results = {p.name: json.loads(p.read_text()) for p in out.glob("*.json")}
    summaries = [r for r in results.values() if "proposals" in r]
    assert len(summaries) == 1 and summaries[0]["article"]["source"].endswith("a.error.txt")
    assert "UTF-16" in json.dumps(results["a.error.json"])  # a.txt's error record, beside it


def test_token_counts_a_server_gets_wrong_count_as_none() -> None:
    assert [_tokens(v) for v in (12, -5, "7", 3.5, None, True)] == [12, 0, 0, 0, 0, 0]


def test_a_server_reporting_negative_tokens_still_gives_the_summary(seed_path: Path) -> None:
    good = reference_answers()

    def negative(path: str, body: dict):
        reply = good(path, body)
        if isinstance(reply.body, dict) and "usage" in reply.body:
            reply.body["usage"] = {"prompt_tokens": -3, "completion_tokens": -1, "total_tokens": -4}
        return reply

    with fake_openai(negative) as server:
        result = run_cli("summarize", str(seed_path), "--base-url", server.url, "--wording", "extract")
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["run"]["prompt_tokens"] == 0


def test_a_password_in_a_ray_address_is_masked(seed_path: Path, tmp_path: Path) -> None:
    result = run_cli(
        "batch", str(seed_path), "--out", str(tmp_path / "out"), "--ray", "ray://alice:Sw33pPw@127.0.0.1:1"
    )
    assert b"Sw33pPw" not in result.stdout + result.stderr
    assert all("Sw33pPw" not in p.read_text() for p in (tmp_path / "out").glob("*") if p.is_file())


def test_an_empty_base_url_or_an_endless_config_file_is_exit_2(seed_path: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text('base_url = ""\n')
    assert "base_url is empty" in one_error_line(
        run_cli("summarize", str(seed_path), "--config", str(empty)), 2
    )
    assert "over the limit" in one_error_line(
        run_cli("summarize", str(seed_path), "--config", "/dev/zero"), 2
    )


def test_markup_in_a_configuration_name_is_text_in_the_eval_report(tmp_path: Path) -> None:
    config = tmp_path / "x.toml"
    with fake_openai(reference_answers()) as server:
        config.write_text(
            f'name = "<img src=x onerror=alert(1)>"\nbase_url = "{server.url}"\nwording = "extract"\n'
        )
        run_cli("eval", "evals", "--only", "brics-2024-09-11", "--config", str(config), "--report-dir", str(tmp_path),
                "--html", str(tmp_path / "r.html"))  # fmt: skip
    page = (tmp_path / "r.html").read_text()
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_completion_helper_is_a_completion() -> None:  # the scripted server's own shape, used above
    assert "choices" in completion({"a": 1}).body
