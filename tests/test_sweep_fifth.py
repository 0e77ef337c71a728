"""The fifth hostile sweep (issue 11): a key spelled the way Python's repr spells it, a file
name that is not UTF-8, two batches whose articles share a name, answers with no message,
a run-log bound that overflows, a base URL with a control character and a closed stdout."""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import reference_set, run_cli
from fakeserver import Reply, completion, fake_openai, reference_answers
from markdown_it import MarkdownIt
from test_batch import answers
from test_hostile_inputs import one_error_line

from summarizer.redact import redact, register_secret

DEAD = "http://127.0.0.1:9/v1"  # nothing listens on the discard port
SPECIAL_KEY = 'sk-FIFTH/+="q\\z9'  # a backslash and a double quote: repr and JSON escape both


def _rows(database: Path) -> str:
    db = sqlite3.connect(database)
    tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return " ".join(str(row) for table in tables for row in db.execute(f"SELECT * FROM {table}"))


def test_a_key_with_a_backslash_is_masked_in_its_repr_spelling_too(seed_path, tmp_path) -> None:
    def echo(path: str, body: dict) -> Reply:
        auth = {k.lower(): v for k, v in server.requests[-1].headers.items()}.get("authorization", "")
        return Reply({"error": {"message": f"bad credentials {auth}"}}, status=400)

    env = {"SUMMARIZER_DATA_DIR": str(tmp_path / "data")}
    with fake_openai(echo) as server:
        result = run_cli("summarize", str(seed_path), "--base-url", server.url, "--backend", "llamacpp",
                         "--api-key", SPECIAL_KEY, env=env)  # fmt: skip
    stderr = one_error_line(result, 3)
    written = stderr + "".join(_rows(p) for p in (tmp_path / "data").rglob("*.sqlite3"))
    assert "***" in stderr
    for spelling in (SPECIAL_KEY, repr(SPECIAL_KEY)[1:-1], json.dumps(SPECIAL_KEY)[1:-1], "q\\\\z9", "q\\z9"):
        assert spelling not in written, (spelling, written[:600])


def _chat(message: object) -> Reply:
    reply = completion("{}")
    reply.body["choices"][0]["message"] = message
    return reply


EMPTY_ANSWERS = {
    "no message": (None, "a choice that has no message"),
    "a refusal": ({"role": "assistant", "content": None, "refusal": "I cannot help"}, "refused to answer"),
    "empty content": ({"role": "assistant", "content": "  "}, "an empty message"),
}


def test_an_answer_with_no_message_is_an_endpoint_fault_and_moves_in_a_pool(seed_path, tmp_path) -> None:
    for name, (message, said) in EMPTY_ANSWERS.items():
        with fake_openai(lambda path, body, m=message: _chat(m)) as bad:
            result = run_cli("summarize", str(seed_path), "--base-url", bad.url, "--backend", "llamacpp",
                             "--wording", "extract")  # fmt: skip
            assert said in one_error_line(result, 3), name
            articles = tmp_path / name
            articles.mkdir()
            for i in range(3):
                (articles / f"a{i}.txt").write_bytes(seed_path.read_bytes())
            with fake_openai(answers()) as good:
                pooled = run_cli("batch", str(articles), "--out", str(tmp_path / f"{name}.jsonl"),
                                 "--base-url", bad.url, "--base-url", good.url, "--backend", "llamacpp",
                                 "--no-cache", "--wording", "extract")  # fmt: skip
        assert pooled.returncode == 0, (name, pooled.stderr.decode())
        lines = (tmp_path / f"{name}.jsonl").read_text().splitlines()
        assert len(lines) == 3 and all("error" not in json.loads(line) for line in lines), name


def test_a_file_name_that_is_not_utf8_is_summarised_written_cached_and_logged(seed_path, tmp_path) -> None:
    articles = tmp_path / "in"
    articles.mkdir()
    odd = articles / os.fsdecode(b"\xff\xfe-x.txt")
    odd.write_bytes(seed_path.read_bytes())
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"), "SUMMARIZER_DATA_DIR": str(tmp_path / "data")}
    with fake_openai(answers()) as server:
        common = ("--base-url", server.url, "--backend", "llamacpp", "--wording", "extract")
        single = run_cli("summarize", str(odd), *common, env=env)
        into_dir = run_cli("batch", str(articles), "--out", str(tmp_path / "o"), *common, env=env)
        into_jsonl = run_cli("batch", str(articles), "--out", str(tmp_path / "o.jsonl"), *common, "--no-cache",
                             env=env)  # fmt: skip
    for result in (single, into_dir, into_jsonl):
        assert result.returncode == 0 and b"internal error" not in result.stderr, result.stderr.decode()
    assert json.loads(single.stdout)["article"]["source"].endswith("\\xff\\xfe-x.txt")
    (page,) = (tmp_path / "o").glob("*.json")
    assert json.loads(page.read_text())["article"]["source"].endswith("\\xff\\xfe-x.txt")
    (record,) = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert record["ok"] and b"1 summarised" in into_jsonl.stderr, into_jsonl.stderr.decode()
    assert "xfe-x.txt" in _rows(next((tmp_path / "data").rglob("*.sqlite3")))  # the run log took it
    assert _rows(next((tmp_path / "cache").rglob("*.sqlite3")))  # and the cache


def test_a_second_batch_never_replaces_a_result_written_for_another_input(seed_text, tmp_path) -> None:
    two_articles = (seed_text, seed_text + "\nThe meeting ended with a joint photograph.\n")
    for folder, text in zip(("in1", "in2"), two_articles, strict=True):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "o"
    with fake_openai(answers()) as server:
        common = (
            "--out",
            str(out),
            "--base-url",
            server.url,
            "--backend",
            "llamacpp",
            "--wording",
            "extract",
        )
        runs = [run_cli("batch", str(tmp_path / folder), *common) for folder in ("in1", "in2", "in1", "in2")]
    assert [r.returncode for r in runs] == [0, 0, 0, 0], [r.stderr.decode() for r in runs]
    by_source = {json.loads(p.read_text())["article"]["source"]: p.name for p in out.glob("*.json")}
    assert set(by_source) == {str(tmp_path / "in1" / "a.txt"), str(tmp_path / "in2" / "a.txt")}
    assert (
        by_source[str(tmp_path / "in1" / "a.txt")] == "a.json"
    )  # the first keeps its name; reruns replace their own
    assert len(list(out.glob("*.json"))) == 2


def test_a_run_log_bound_that_overflows_and_a_base_url_with_a_control_character_are_refused(
    seed_path,
) -> None:
    too_big = run_cli("summarize", str(seed_path), "--base-url", DEAD, env={"SUMMARIZER_LOG_MAX_MB": "1e308"})
    assert "SUMMARIZER_LOG_MAX_MB must be a positive number" in one_error_line(too_big, 2)
    for given in (["--base-url", DEAD + "\x1b[2J"], []):
        env = {} if given else {"SUMMARIZER_BASE_URL": DEAD + "\n"}
        stderr = one_error_line(run_cli("summarize", str(seed_path), *given, env=env), 2)
        assert "holds a control character" in stderr and "\x1b" not in stderr


def test_a_closed_or_full_stdout_is_one_line_naming_stdout(seed_path) -> None:
    command = [str(Path(sys.executable).with_name("summarizer"))]
    closed = subprocess.run(
        [*command, "schema"], stderr=subprocess.PIPE, timeout=60, preexec_fn=lambda: os.close(1)
    )
    assert closed.returncode == 1, closed.stderr.decode()
    assert closed.stderr.decode() == "summarizer: error: cannot write to stdout: it is closed\n"
    with fake_openai(answers()) as server, open("/dev/full", "w") as full:
        result = subprocess.run([*command, "summarize", str(seed_path), "--base-url", server.url, "--backend",
                                 "llamacpp", "--wording", "extract"], stdout=full, stderr=subprocess.PIPE,
                                timeout=120)  # fmt: skip
    assert "cannot write to stdout: No space left on device" in one_error_line(result, 1)


def test_a_line_break_or_escape_in_an_eval_name_stays_text_in_report_md_and_the_terminal(tmp_path) -> None:
    article = "n|a\n# HEAD <b>x\r\x1b[2J"
    root = reference_set(tmp_path, article)
    report = tmp_path / "report"
    with fake_openai(reference_answers()) as server:
        config = tmp_path / "c.toml"
        config.write_text(f'base_url = "{server.url}"\nname = "v|x\\n# H [l](javascript:1) \\u001b[2J"\n'
                          'wording = "extract"\n')  # fmt: skip
        result = run_cli("eval", str(root), "--config", str(config), "--report-dir", str(report))
    assert result.returncode in (0, 1), result.stderr.decode()
    page = (report / "report.md").read_text()
    assert not [line for line in page.splitlines() if line.lstrip().startswith(("# H", "# HEAD"))], page
    tokens = MarkdownIt().enable("table").parse(page)
    assert "\x1b" not in result.stdout.decode() and "[l]" in result.stdout.decode(), result.stdout.decode()
    assert [t.type for t in tokens].count("table_open") >= 1  # the metrics table is still one table


def test_a_config_that_is_a_pipe_or_too_big_and_a_socket_get_messages_that_fit(seed_path, tmp_path) -> None:
    fifo = tmp_path / "c.toml"
    os.mkfifo(fifo)
    piped = one_error_line(run_cli("eval", "evals", "--config", str(fifo)), 2)
    assert "is a pipe, not a file" in piped and "summarize -" not in piped
    big = tmp_path / "big.toml"
    big.write_text("# x\n" * 300_000)
    too_big = one_error_line(run_cli("eval", "evals", "--config", str(big)), 2)
    assert "over the limit of 1,048,576 bytes" in too_big and "--max-bytes" not in too_big
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "s.sock"))
    try:
        sock = one_error_line(run_cli("summarize", str(tmp_path / "s.sock"), "--base-url", DEAD), 2)
    finally:
        server.close()
    assert "is a socket, not a file" in sock and "pipe it" not in sock


def test_an_answer_nested_too_deep_is_named_as_the_servers_answer(seed_path) -> None:
    with fake_openai(lambda path, body: Reply("[" * 200_000 + "]" * 200_000)) as server:
        result = run_cli("summarize", str(seed_path), "--base-url", server.url, "--backend", "llamacpp")
    stderr = one_error_line(result, 3)
    assert "nested too deep" in stderr and "cannot reach" not in stderr


def test_doctor_names_a_redirect_on_models_as_a_run_does() -> None:
    with fake_openai(answers()) as server:
        server.models_reply = Reply(
            "", status=307, headers={"Location": "https://elsewhere.example/v1/models"}
        )
        result = run_cli("doctor", "--base-url", server.url, "--backend", "llamacpp")
    out = result.stdout.decode()
    assert result.returncode != 0 and "redirects (HTTP 307)" in out and "elsewhere.example" in out, out
    assert "none listed" not in out


def test_a_cache_file_that_is_a_directory_is_set_aside_by_batch_and_clear(seed_path, tmp_path) -> None:
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    for command in (["cache", "clear"], ["batch", str(seed_path), "--out", str(tmp_path / "o")]):
        (tmp_path / "cache" / "results.sqlite3").mkdir(parents=True)
        (tmp_path / "cache" / "results.sqlite3" / "mine.txt").write_text("kept")
        with fake_openai(answers()) as server:
            result = run_cli(*command, "--base-url", server.url, "--backend", "llamacpp", "--wording", "extract",
                             env=env) if command[0] == "batch" else run_cli(*command, env=env)  # fmt: skip
        assert result.returncode == 0, result.stderr.decode()
        assert b"set aside" in result.stderr
        (aside,) = (tmp_path / "cache").glob("results.sqlite3.corrupt-*")
        assert (aside / "mine.txt").read_text() == "kept"  # moved, never deleted
        shutil.rmtree(aside)
        (tmp_path / "cache" / "results.sqlite3").unlink()


def test_a_key_the_endpoint_echoes_in_base64_is_masked(seed_path, tmp_path) -> None:
    key = "sk-FIFTH-base64-echo-0042"
    echoed = base64.b64encode(key.encode()).decode()

    def echo(path: str, body: dict) -> Reply:
        return Reply({"error": {"message": f"unknown credential {echoed}"}}, status=400)

    env = {"SUMMARIZER_DATA_DIR": str(tmp_path / "data")}
    with fake_openai(echo) as server:
        result = run_cli("summarize", str(seed_path), "--base-url", server.url, "--backend", "llamacpp",
                         "--api-key", key, env=env)  # fmt: skip
    written = one_error_line(result, 3) + "".join(_rows(p) for p in (tmp_path / "data").rglob("*.sqlite3"))
    assert "unknown credential ***" in written and echoed.rstrip("=") not in written


def test_an_eval_article_whose_name_is_not_utf8_is_scored_and_reported(tmp_path) -> None:
    name = os.fsdecode(b"\xff-brics")
    root = reference_set(tmp_path, name)
    report = tmp_path / "report"
    with fake_openai(reference_answers()) as server:
        result = run_cli("eval", str(root), "--base-url", server.url, "--wording", "extract",
                         "--report-dir", str(report))  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    assert "\\xff-brics" in (report / "report.md").read_text()
    assert "\\xff-brics" in (report / "report.json").read_text()


def test_a_key_escaped_three_times_by_an_echo_is_masked() -> None:
    key = "sk-FIFTH\tTAB9q-three"
    register_secret(key)
    echoed = json.dumps(json.dumps(json.dumps(key)))
    assert "TAB9q" not in redact(echoed) and "TAB9q" not in redact(repr(json.dumps(json.dumps(key))))


def test_a_key_an_http_header_cannot_carry_is_refused_in_one_line(seed_path) -> None:
    result = run_cli("summarize", str(seed_path), "--base-url", "http://127.0.0.1:9/v1",
                     "--api-key", "sk-FIFTH\u00e9nonascii9")  # fmt: skip
    assert "cannot carry" in one_error_line(result, 2)
    assert "nonascii9" not in result.stderr.decode()
