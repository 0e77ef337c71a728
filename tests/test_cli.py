"""The command line as a user meets it: one line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from fakeserver import REFERENCE_META, by_question, fake_openai, reference_answers


def assert_one_line_error(result, pattern: str, code: int | None = None) -> None:
    stderr = result.stderr.decode()
    assert result.returncode != 0
    if code is not None:
        assert result.returncode == code
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if "error" in line]
    assert len(errors) == 1, stderr
    assert pytest.importorskip("re").search(pattern, errors[0]), errors[0]


@pytest.fixture
def dead_url() -> str:
    with fake_openai(by_question({})) as server:
        return server.url


@pytest.mark.parametrize(
    ("content", "pattern"),
    [
        (b"", "is empty"),
        (b"  \n \n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00" + bytes(range(256)), "binary"),
        ("Le ministre à Genève.".encode("latin-1"), "not valid UTF-8.*--encoding"),
        ("Wang made proposals.".encode("utf-16"), "UTF-16.*--encoding utf-16"),
    ],
)
def test_bad_article_files(tmp_path: Path, content: bytes, pattern: str, dead_url: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    assert_one_line_error(run_cli("summarize", str(path), "--base-url", dead_url), pattern, code=2)


def test_missing_file(dead_url: str) -> None:
    assert_one_line_error(
        run_cli("summarize", "no/such/article.txt", "--base-url", dead_url), "no such file", 2
    )


def test_dead_endpoint(seed_path: Path, dead_url: str) -> None:
    result = run_cli(
        "summarize", str(seed_path), "--base-url", dead_url, env={"SUMMARIZER_RETRY_SECONDS": "1"}
    )
    assert_one_line_error(result, "cannot reach the model server.*connection refused", 3)
    assert "retrying" not in result.stderr.decode()


def test_unknown_model(seed_path: Path) -> None:
    with fake_openai(by_question({})) as server:
        result = run_cli("summarize", str(seed_path), "--base-url", server.url, "--model", "no-such-model")
    assert_one_line_error(result, "model 'no-such-model' is not served", 2)


def test_an_answer_failing_a_check_of_fact_names_the_check(tmp_path: Path) -> None:
    article = tmp_path / "single.txt"
    article.write_text(
        "Tokayev makes a single proposal\n\nTokayev said he made a single proposal. He proposed a forum. "
        "He also urged talks.\n"
    )
    answers = {
        "GroundedMeta": [{**REFERENCE_META, "speaker_name": "Tokayev"}],
        "FoundProposals": [{"sentences": [45]}],
    }
    with fake_openai(by_question(answers)) as server:
        result = run_cli("summarize", str(article), "--base-url", server.url, "--max-retries", "1")
    assert_one_line_error(result, "check 'sentence-ids'.*S45", 4)


def test_json_goes_to_stdout_and_logs_to_stderr(seed_path: Path) -> None:
    with fake_openai(reference_answers()) as server:
        result = run_cli("summarize", str(seed_path), "--base-url", server.url, "--wording", "extract")
    assert result.returncode == 0, result.stderr.decode()
    summary = json.loads(result.stdout)
    assert summary["schema_version"] == 1 and len(summary["proposals"]) == 4
    assert "done in" in result.stderr.decode()


def test_stdin_and_markdown_output(seed_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "seed.md"
    with fake_openai(reference_answers()) as server:
        result = run_cli(
            "summarize", "-", "--base-url", server.url, "--wording", "extract", "--format", "md", "--out", str(out),
            stdin=seed_path.read_bytes(),
        )  # fmt: skip
    assert result.returncode == 0 and result.stdout == b""
    markdown = out.read_text()
    assert "## 1. adhere to the correct principles" in markdown and "> [S" in markdown


def test_help_shows_examples() -> None:
    result = run_cli("summarize", "--help")
    assert b"Examples" in result.stdout and b"--base-url" in result.stdout


def test_the_table_view_fits_an_80_column_terminal(seed_path: Path) -> None:
    from rich.cells import cell_len

    with fake_openai(reference_answers()) as server:
        result = run_cli(
            "summarize", str(seed_path), "--base-url", server.url, "--wording", "extract", "--format", "table",
        )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    view = " ".join(" ".join(lines).split())
    assert "Wang Yi" in view and "adhere to the correct principles" in view


def test_the_commands_load_without_the_client_libraries() -> None:
    # `summarize` starts the embedded model first and imports these while it loads;
    # a top-level import of any of them would delay every start.
    heavy = ["openai", "instructor", "summarizer.schemas", "summarizer.batch.runner", "rich.progress", "ray"]
    code = f"import sys, summarizer.cli; print([m for m in {heavy!r} if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_every_package_of_the_source_tree_is_installed() -> None:
    """A package missing from pyproject's list installs in editable mode and not from a wheel."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "summarizer").rglob("__init__.py")}
    assert found <= listed, f"not in pyproject's packages: {sorted(found - listed)}"
