"""The second hostile sweep (issue 11, later items 3, 6, 11-14): every bad option or file is
exit 2 in one line that names it, before any model call; an unwritable or corrupt file is
named with its cause."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from fakeserver import fake_openai, reference_answers
from test_batch import answers, copy_articles
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


@pytest.mark.parametrize(("content", "pattern"), [("{not json", "is not JSON"), ("[1, 2]", "no 'metrics'")])
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


def test_a_write_failure_names_the_file_and_the_cause(tmp_path: Path) -> None:
    replay = ROOT / "tests" / "data" / "replay"
    result = run_cli("eval", "evals", *ONLY, "--replay", str(replay), "--report-dir", str(tmp_path),
                     "--html", "/dev/full")  # fmt: skip
    stderr = one_error_line(result, 1)
    assert "cannot write /dev/full: No space left on device" in stderr and "internal error" not in stderr


def damage(database: Path) -> None:
    """Overwrite the pages past the first few: sqlite opens it, counting fails part-way."""
    data = bytearray(database.read_bytes())
    for i in range(4096 * 3, len(data), 7):
        data[i] = (i * 131) % 256
    database.write_bytes(bytes(data))


def test_cache_info_says_a_damaged_cache_is_corrupt_and_clear_still_works(tmp_path: Path) -> None:
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path)}
    database = tmp_path / "results.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute(
            "CREATE TABLE results (key TEXT PRIMARY KEY, article_sha256 TEXT, summary TEXT, created REAL)"
        )
        db.executemany(
            "INSERT INTO results VALUES (?, 'a', ?, 0)", [(str(i), "x" * 3000) for i in range(300)]
        )
    damage(database)
    info = one_error_line(run_cli("cache", "info", env=env), 1)
    assert f"the result cache {database} is corrupt" in info
    cleared = run_cli("cache", "clear", env=env)
    assert cleared.returncode == 0 and b"Traceback" not in cleared.stderr, cleared.stderr
    assert b"results: 0 summaries" in run_cli("cache", "info", env=env).stdout


def test_a_corrupt_recording_is_named_not_blamed_on_the_server(tmp_path: Path) -> None:
    replay = tmp_path / "replay"
    shutil.copytree(ROOT / "tests" / "data" / "replay", replay)
    exchange = sorted(p for p in replay.glob("*.json") if len(p.stem) == 32)[0]
    exchange.write_text(exchange.read_text()[:40])
    result = run_cli("eval", "evals", *ONLY, "--replay", str(replay), "--report-dir", str(tmp_path))
    stderr = one_error_line(result, 2)
    assert f"the recording {exchange} is corrupt" in stderr and "server" not in stderr


def test_cached_rows_that_do_not_parse_or_do_not_match_are_summarised_again(tmp_path: Path) -> None:
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    copy_articles(tmp_path / "in", 3)
    args = ["batch", str(tmp_path / "in"), "--wording", "extract"]
    with fake_openai(answers()) as server:
        first = run_cli(*args, "--out", str(tmp_path / "one"), "--base-url", server.url, env=env)
        assert first.returncode == 0, first.stderr.decode()
        with sqlite3.connect(tmp_path / "cache" / "results.sqlite3") as db:
            rows = {key: json.loads(row) for key, row in db.execute("SELECT key, summary FROM results")}
            # Keys hold the server's port: pick by content, one row with evidence to alter.
            grounded = next(key for key, row in rows.items() if row["proposals"])
            other = next(key for key in sorted(rows) if key != grounded)
            rows[grounded]["proposals"][0]["evidence"][0]["text"] = "words the article never said"
            db.execute("UPDATE results SET summary = '{not json' WHERE key = ?", (other,))
            db.execute("UPDATE results SET summary = ? WHERE key = ?", (json.dumps(rows[grounded]), grounded))
        again = run_cli(*args, "--out", str(tmp_path / "two"), "--base-url", server.url, env=env)
    stderr = again.stderr.decode()
    assert again.returncode == 0, stderr
    assert "3 articles: 2 summarised, 1 from cache" in stderr
    assert stderr.count("cannot be used") == 1
    for result in (tmp_path / "two").glob("*.json"):
        assert "never said" not in result.read_text()


def test_a_base_url_with_a_query_string_keeps_it_on_every_request(seed_path: Path) -> None:
    with fake_openai(reference_answers()) as server:
        url = server.url + "?api-version=2024-01&tenant=t1"
        result = run_cli("summarize", str(seed_path), "--base-url", url, "--wording", "extract")
        paths = [r.path for r in server.requests]
    assert result.returncode == 0, result.stderr.decode()
    assert paths and all(p.endswith("?api-version=2024-01&tenant=t1") for p in paths), paths
    assert {p.split("?")[0] for p in paths} >= {"/v1/models", "/v1/chat/completions"}
