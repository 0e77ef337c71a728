"""The second hostile sweep, secrets (issue 11, later items 1-2): a key is masked in every
spelling an output gives it, and a key that is also a word of the article leaves the
article's words in the result verbatim while every diagnostic still masks it."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli
from fakeserver import fake_openai, reference_answers
from test_secrets import assert_nowhere, echo_auth

from summarizer.redact import register_secret, spellings


def test_a_key_with_quotes_and_backslashes_is_masked_in_json_and_url_spellings(
    tmp_path: Path, seed_path: Path
) -> None:
    key = 'sk-"quoted"\\back/slash key+0123456789'
    box: list = []
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    with fake_openai(echo_auth(box)) as server:
        box.append(server)
        runs = [
            run_cli("batch", str(seed_path), "--out", str(tmp_path / "out"), "--base-url", server.url,
                    "--api-key", key, env=env),
            run_cli("batch", str(seed_path), "--out", str(tmp_path / "r.jsonl"), "--base-url", server.url,
                    "--api-key", key, env=env),
            run_cli("summarize", str(seed_path), "--base-url", server.url, "--api-key", key, env=env),
        ]  # fmt: skip
    assert [r.returncode for r in runs] == [1, 1, 3]
    assert list((tmp_path / "out").glob("*.error.json"))
    forms = spellings(key)
    assert json.dumps(key)[1:-1] in forms and len(forms) >= 3
    assert_nowhere(sorted(forms), tmp_path, *runs)


def test_every_spelling_is_registered() -> None:
    from summarizer.redact import redact

    register_secret('pw"with\\odd chars')
    assert "pw" not in redact(json.dumps({"e": 'bad pw"with\\odd chars'}))
    assert redact("u=pw%22with%5Codd%20chars") == "u=***"


def test_a_key_that_is_a_word_of_the_article_leaves_its_evidence_verbatim(
    tmp_path: Path, seed_path: Path
) -> None:
    word = "cooperation"  # in the seed article, and in the evidence of its proposals
    text = seed_path.read_text(encoding="utf-8")
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    with fake_openai(reference_answers()) as server:
        args = ["--base-url", server.url, "--api-key", word, "--wording", "extract"]
        stdout = run_cli("-v", "summarize", str(seed_path), *args, env=env)
        batch = run_cli("batch", str(seed_path), "--out", str(tmp_path / "out"), *args, env=env)
        rerun = run_cli("batch", str(seed_path), "--out", str(tmp_path / "again"), *args, env=env)
    assert stdout.returncode == 0 and batch.returncode == 0 and rerun.returncode == 0, batch.stderr
    assert "0 summarised, 1 from cache" in rerun.stderr.decode()  # the cached row is verbatim too
    for result in (stdout.stdout, *(p.read_bytes() for p in tmp_path.glob("*/*.json"))):
        summary = json.loads(result)
        evidence = [e for p in summary["proposals"] for e in p["evidence"]]
        assert evidence and any(word in e["text"] for e in evidence)
        assert all(text[e["start"] : e["end"]] == e["text"] for e in evidence)
    box: list = []
    with fake_openai(echo_auth(box)) as bad:  # a diagnostic that quotes the key still masks it
        box.append(bad)
        failed = run_cli("summarize", str(seed_path), "--base-url", bad.url, "--api-key", word, env=env)
    assert failed.returncode == 3 and f"Bearer {word}" not in failed.stderr.decode()
    assert "Bearer ***" in failed.stderr.decode()
