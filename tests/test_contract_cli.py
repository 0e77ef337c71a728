"""What a user asks of the tool itself (issue 13): its version, and its JSON Schemas."""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

from conftest import run_cli
from fakeserver import fake_openai, reference_answers
from summarizer.schemas.export import SCHEMA_FILE, render

from summarizer import __version__


def test_version_prints_the_installed_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.decode() == f"summarizer {version('summarizer')}\n"
    assert version("summarizer") == __version__  # pyproject reads it from the package: one place


def test_every_result_and_doctor_name_the_version(seed_path: Path) -> None:
    with fake_openai(reference_answers()) as server:
        summary = run_cli("summarize", str(seed_path), "--base-url", server.url, "--wording", "extract")
        checked = run_cli("doctor", "--base-url", server.url, "--json")
        told = run_cli("doctor", "--base-url", server.url)
    assert json.loads(summary.stdout)["run"]["version"] == __version__
    assert json.loads(checked.stdout)["summarizer"] == __version__
    assert told.stdout.decode().splitlines()[0] == f"summarizer {__version__}"


def test_the_committed_schema_is_current_and_printed_by_the_schema_command() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render(), "run python -m summarizer.schemas.export"
    result = run_cli("schema")
    assert result.returncode == 0 and result.stdout.decode() == render()
    assert "version" in json.loads(result.stdout)["$defs"]["RunInfo"]["properties"]


def test_schema_answers_prints_each_questions_answer_schema() -> None:
    from summarizer.questions import QUESTIONS

    result = run_cli("schema", "--answers")
    assert result.returncode == 0, result.stderr.decode()
    schemas = json.loads(result.stdout)
    assert list(schemas) == [q.template for q in QUESTIONS] == ["meta", "lists", "find", "wording"]
    assert "speaker_name" in schemas["meta"]["properties"]
    assert schemas["find"]["properties"]["sentences"]["items"]["enum"] == [3, 5, 8, 9]
    assert all(s["type"] == "object" and s["additionalProperties"] is False for s in schemas.values())
