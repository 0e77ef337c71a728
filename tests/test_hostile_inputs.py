"""Hostile inputs and options (issue 11, items 13 and 15-17): bad input is exit 2 in one
line, output cannot act on the reader's terminal or page, a batch follows no symlink,
and odd but honest files (CR line ends, a BOM, Latin-1) are read or refused helpfully."""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

import pytest
from conftest import run_cli
from fakeserver import REFERENCE_LISTS, REFERENCE_META, by_question, fake_openai
from test_batch import answers

from summarizer.loader import load_article

DEAD = "http://127.0.0.1:9/v1"


def one_error_line(result, code: int) -> str:
    stderr = result.stderr.decode()
    assert result.returncode == code, stderr
    assert "Traceback" not in stderr and len([x for x in stderr.splitlines() if "error" in x]) == 1, stderr
    return stderr


@pytest.mark.parametrize(
    ("args", "env", "pattern"),
    [
        (["--base-url", "http://[::1/v1"], {}, "not a valid URL"),
        (["--base-url", "ftp://host/v1"], {}, "must look like http"),
        (["--base-url", DEAD, "--timeout", "-5"], {}, "--timeout must be a positive"),
        (["--base-url", DEAD], {"SUMMARIZER_RETRY_SECONDS": "abc"}, "SUMMARIZER_RETRY_SECONDS must be"),
        (["--base-url", DEAD, "--prompts", "no/such/dir"], {}, "holds no prompt templates"),
    ],
)
def test_bad_options_are_exit_2_in_one_line(seed_path: Path, args: list, env: dict, pattern: str) -> None:
    assert pattern in one_error_line(run_cli("summarize", str(seed_path), *args, env=env), 2)


@pytest.mark.parametrize(
    "args",
    [
        ["summarize", "x.txt", "--timeout", "abc"],
        ["summarize"],
        ["bogus"],
        ["batch", "x.txt"],
        ["summarize", str(Path("examples/brics-2024-09-11.txt")), "--max-bytes", "0"],
    ],
)
def test_usage_errors_are_exit_2_in_one_line(args: list) -> None:
    result = run_cli(*args)
    stderr = result.stderr.decode()
    assert result.returncode == 2 and len(stderr.strip().splitlines()) == 1, stderr
    assert stderr.startswith("summarizer: error: ") and "╭" not in stderr


def test_closed_stdin_is_bad_input() -> None:
    import subprocess

    command = [str(Path(sys.executable).with_name("summarizer")), "summarize", "-", "--base-url", DEAD]
    result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    assert "is empty" in one_error_line(result, 2)
    closed = subprocess.run(
        " ".join(command) + " <&-", shell=True, capture_output=True, timeout=60, executable="/bin/bash"
    )
    assert "stdin is closed" in one_error_line(closed, 2)


def test_an_internal_error_is_exit_1_in_one_line(monkeypatch, capsys) -> None:
    from summarizer import cli

    def broken(**kwargs) -> None:
        raise RuntimeError("an unexpected\nsurprise")

    monkeypatch.setattr(cli, "app", broken)
    monkeypatch.delenv("SUMMARIZER_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    stderr = capsys.readouterr().err
    assert exit_.value.code == 1
    assert stderr.count("\n") == 1 and "internal error: RuntimeError: an unexpected surprise" in stderr


HOSTILE_HEADLINE = "Talks \x1b]52;c;ZXZpbA==\x07 end \x1b[2J<script>alert(1)</script>"


def test_table_and_markdown_cannot_act_on_the_reader(tmp_path: Path, seed_path: Path) -> None:
    article = tmp_path / "a.txt"
    text = seed_path.read_text(encoding="utf-8")
    article.write_text(f"{HOSTILE_HEADLINE}\n\n{text}", encoding="utf-8")
    meta = {**REFERENCE_META, "event": 'meeting <img src=x onerror="alert(1)">\x1b[31m'}
    with fake_openai(by_question({"GroundedMeta": [meta], "ListsAnswer": [REFERENCE_LISTS]})) as server:
        table, md = (
            run_cli("summarize", str(article), "--base-url", server.url, "--wording", "extract", "-f", fmt)
            for fmt in ("table", "md")
        )
    assert table.returncode == 0 and md.returncode == 0, table.stderr + md.stderr
    for output in (table.stdout, md.stdout):
        assert b"\x1b" not in output and b"\x07" not in output
    assert b"Talks" in table.stdout and b"<script>" in table.stdout  # text stays text in a terminal
    assert b"<script>" not in md.stdout and b"<img" not in md.stdout
    assert b"&lt;script&gt;" in md.stdout and b"&lt;img src=x" in md.stdout


def test_a_batch_follows_no_symlink_out_of_its_directory(tmp_path: Path) -> None:
    secret = tmp_path / "outside.txt"
    secret.write_text("Top secret: the launch codes are 0000. Nobody may read this.\n")
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "real.txt").write_text(Path("examples/brics-2024-09-11.txt").read_text())
    (inputs / "link.txt").symlink_to(secret)
    (inputs / "linked-dir").symlink_to(tmp_path, target_is_directory=True)
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    with fake_openai(answers()) as server:
        result = run_cli("batch", str(inputs), "--out", str(tmp_path / "out"), "--base-url", server.url,
                         "--wording", "extract", env=env)  # fmt: skip
        sent = b"".join(str(r.body).encode() for r in server.requests)
    stderr = result.stderr.decode()
    assert result.returncode == 0, stderr
    assert "1 articles: 1 summarised" in stderr and "skipped 2 symbolic link(s)" in stderr
    assert b"launch codes" not in sent


def test_cr_only_line_ends_are_read(tmp_path: Path, seed_path: Path) -> None:
    crlf_free = seed_path.read_bytes().replace(b"\r\n", b"\n")
    path = tmp_path / "mac.txt"
    path.write_bytes(crlf_free.replace(b"\n", b"\r"))
    mac, unix = load_article(path), load_article(seed_path)
    assert [s.text for s in mac.sentences] == [s.text for s in unix.sentences]
    assert mac.headline == unix.headline and mac.published == unix.published


def test_a_bom_keeps_offsets_and_hash_true_to_the_file(tmp_path: Path, seed_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + seed_path.read_bytes())
    article = load_article(path)
    assert article.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    opened = path.read_text(encoding="utf-8")  # what a user's editor or script opens
    for sentence in article.sentences:
        assert opened[sentence.start : sentence.end] == sentence.text
    assert article.headline == load_article(seed_path).headline
    assert [s.text for s in article.sentences] == [s.text for s in load_article(seed_path).sentences]


@pytest.mark.parametrize(
    "text",
    # A statistical guesser called these big5, mac_latin2 and cp1250 (which would misread them).
    ["élève.", "Le député a déclaré: élève, été, société.", "Déclaration à Genève: élève réélu."],
)
def test_a_latin1_file_gets_a_latin1_hint(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fr.txt"
    path.write_bytes(text.encode("latin-1"))
    result = run_cli("summarize", str(path), "--base-url", DEAD)
    stderr = one_error_line(result, 2)
    assert "--encoding cp1252" in stderr and "big5" not in stderr


def test_a_newline_in_an_input_name_stays_on_one_line(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "evil\nsummarizer: error: fake.txt").write_bytes(b"\x00\x01binary")
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    result = run_cli("batch", str(inputs), "--out", str(tmp_path / "out"), "--base-url", DEAD, env=env)
    lines = [line for line in result.stderr.decode().splitlines() if line.strip()]
    assert result.returncode == 1
    assert all(line.startswith("summarizer: ") for line in lines), lines
    assert not any(line.startswith("summarizer: error: fake") for line in lines), lines


def test_summarize_out_is_checked_before_the_model_and_devices_stay_devices(
    tmp_path: Path, seed_path: Path
) -> None:
    import stat

    (tmp_path / "file").write_text("x")
    with fake_openai(
        by_question({"GroundedMeta": [REFERENCE_META], "ListsAnswer": [REFERENCE_LISTS]})
    ) as server:
        bad = [
            run_cli("summarize", str(seed_path), "--base-url", server.url, "--out", str(out))
            for out in (tmp_path, tmp_path / "file" / "s.json")
        ]
        asked = len(server.chat_requests)
        null = run_cli("summarize", str(seed_path), "--base-url", server.url, "--wording", "extract",
                       "--out", "/dev/null")  # fmt: skip
    for result in bad:
        one_error_line(result, 2)
    assert asked == 0
    assert null.returncode == 0, null.stderr
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_one_very_long_word_is_read_in_linear_time() -> None:
    from summarizer.cues.speaker import speaking_people

    text = "Anna Keller said so. " + "A" * 200_000 + ". Keller said."
    started = time.monotonic()
    speaking_people(None, text)
    assert time.monotonic() - started < 5


def test_one_very_long_word_before_a_proposing_verb_or_a_possessive_is_read_in_linear_time() -> None:
    from summarizer.cues.owners import someone_elses
    from summarizer.cues.speaker import headline_proposer

    heading = "A" * 120_000 + " Keller proposes a plan"
    article = "Vidal's five-point plan includes a, b. " + "-".join(["A"] * 60_000) + " Tomas Vidal met."
    started = time.monotonic()
    headline_proposer([heading], heading)
    someone_elses(article, "Anna Keller", article)
    assert time.monotonic() - started < 5
