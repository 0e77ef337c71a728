"""The fourth hostile sweep (issue 11): an empty endpoint variable, a run-log bound that is no
bound, options that are silently ignored or repeated, a hostile model id, Ray Client without
its extra, endpoints that answer nothing, odd byte-order marks, batch outputs that are not the
tool's own, hanging pools, and a full stdout."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import reference_set, run_cli
from fakeserver import Reply, completion, fake_openai, reference_answers
from markdown_it import MarkdownIt
from test_batch import answers
from test_hostile_inputs import one_error_line

from summarizer.errors import InputError
from summarizer.loader import load_article

DEAD = "http://127.0.0.1:9/v1"  # nothing listens on the discard port


def test_a_set_but_empty_base_url_variable_is_an_error_not_the_embedded_model(seed_path) -> None:
    result = run_cli("summarize", str(seed_path), env={"SUMMARIZER_BASE_URL": ""}, timeout=30)
    assert "SUMMARIZER_BASE_URL is empty" in one_error_line(result, 2)


@pytest.mark.parametrize("value", ["inf", "-1", "0", "nan", "lots"])
def test_a_run_log_bound_that_is_no_bound_is_refused(seed_path, value: str) -> None:
    env = {"SUMMARIZER_LOG_MAX_MB": value}
    assert "SUMMARIZER_LOG_MAX_MB must be a positive number" in one_error_line(run_cli("logs", env=env), 2)
    # refused before any model call: a dead endpoint would be exit 3
    result = run_cli("summarize", str(seed_path), "--base-url", DEAD, env=env)
    assert "SUMMARIZER_LOG_MAX_MB" in one_error_line(result, 2)


@pytest.mark.parametrize(
    ("args", "pattern"),
    [
        (["logs", "-n", "-1"], "--count"),
        (["batch", "examples", "--out", "OUT", "--actors", "2"], "--actors and --cpus-per-actor need --ray"),
        (["batch", "examples", "--out", "OUT", "--cpus-per-actor", "2"], "need --ray"),
        (["summarize", "SEED", "--base-url", DEAD, "--base-url", DEAD], "--base-url was given 2 times"),
        (["summarize", "SEED", "--timeout", "3", "--timeout=4", "--base-url", DEAD], "--timeout was given 2"),
        (["eval", "evals", "--report-dir", "OUT", "--report-dir", "OUT"], "--report-dir was given 2 times"),
    ],
)
def test_an_option_ignored_or_given_twice_is_a_usage_error(seed_path, tmp_path, args, pattern) -> None:
    args = [str(seed_path) if a == "SEED" else str(tmp_path / "o") if a == "OUT" else a for a in args]
    assert pattern in one_error_line(run_cli(*args), 2)


def test_a_pool_of_base_urls_may_still_repeat(seed_path, tmp_path) -> None:
    with fake_openai(reference_answers()) as one, fake_openai(reference_answers()) as two:
        result = run_cli("batch", str(seed_path), "--out", str(tmp_path / "o"), "--base-url", one.url,
                         "--base-url", two.url, "--no-cache", "--wording", "extract")  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()


def test_a_hostile_model_id_reaches_stderr_without_its_control_characters(seed_path) -> None:
    hostile = "evil\x1b]52;c;aGk=\x07\x1b[2J\x9b31m"
    with fake_openai(reference_answers(), models=[{"id": hostile}]) as server:
        result = run_cli("summarize", str(seed_path), "--base-url", server.url, "--model", "other")
    stderr = one_error_line(result, 2)
    assert "is not served" in stderr and "evil" in stderr
    assert not any(c in stderr for c in "\x1b\x07\x9b"), repr(stderr)


@pytest.mark.skipif(importlib.util.find_spec("grpc") is not None, reason="Ray Client's extra is installed")
def test_a_ray_client_address_without_the_client_extra_names_it(seed_path, tmp_path) -> None:
    result = run_cli("batch", str(seed_path), "--out", str(tmp_path / "o"), "--ray", "ray://127.0.0.1:1",
                     "--base-url", DEAD)  # fmt: skip
    assert "pip install 'ray[client]'" in one_error_line(result, 2)
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def _tool_call_only(path: str, body: dict) -> Reply:
    reply = completion("unused")
    choice = reply.body["choices"][0]
    choice["finish_reason"] = "tool_calls"
    choice["message"] = {"role": "assistant", "content": None, "tool_calls": [
        {"id": "c1", "type": "function", "function": {"name": "GroundedMeta", "arguments": "{}"}}]}  # fmt: skip
    return reply


@pytest.mark.parametrize(
    ("responder", "pattern"),
    [
        (lambda path, body: Reply(b"", status=204), "answered HTTP 204 with an empty body"),
        (lambda path, body: Reply(b""), "answered HTTP 200 with an empty body"),
        (_tool_call_only, "a tool call and no content"),
    ],
)
def test_an_empty_answer_or_a_bare_tool_call_is_the_endpoints_fault(seed_path, responder, pattern) -> None:
    with fake_openai(responder) as server:
        result = run_cli("summarize", str(seed_path), "--base-url", server.url, "--wording", "extract")
    assert pattern in one_error_line(result, 3)


def test_a_full_stdout_is_named_in_one_line() -> None:
    command = Path(sys.executable).with_name("summarizer")
    with open("/dev/full", "w") as full:
        result = subprocess.run([str(command), "schema"], stdout=full, stderr=subprocess.PIPE, timeout=60)
    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    assert stderr == "summarizer: error: cannot write to stdout: No space left on device\n"


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_a_utf32_file_is_named_utf32_and_reads_with_that_hint(tmp_path, codec: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffThe minister spoke in Geneva. She proposed a treaty.".encode(codec))
    with pytest.raises(InputError, match="is UTF-32 .* --encoding utf-32$"):
        load_article(path)
    assert load_article(path, encoding="utf-32").text.startswith("The minister")


@pytest.mark.parametrize(
    "content", [b"\xef\xbb\xbf", b"\xef\xbb\xbf \n", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"]
)
@pytest.mark.parametrize("encoding", [None, "utf-16"])
def test_a_file_that_is_only_a_byte_order_mark_says_so(tmp_path, content: bytes, encoding) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty after its byte-order mark"):
        load_article(path, encoding=encoding)


def test_an_article_name_is_text_in_the_eval_markdown_report(tmp_path) -> None:
    hostile = "x[click](javascript:alert(1))<img src=y onerror=alert(2)>|z"
    root = reference_set(tmp_path, hostile)
    report = tmp_path / "report"
    with fake_openai(reference_answers()) as server:
        result = run_cli("eval", str(root), "--base-url", server.url, "--wording", "extract",
                         "--report-dir", str(report))  # fmt: skip
    assert result.returncode in (0, 1), result.stderr.decode()
    page = (report / "report.md").read_text()
    assert "onerror" in page and "<img" not in page
    html = MarkdownIt().render(page)
    assert "<img" not in html and "<a " not in html


def _batch(inputs: Path, out: Path, url: str, *extra: str):
    return run_cli("batch", str(inputs), "--out", str(out), "--base-url", url, "--no-cache",
                   "--wording", "extract", *extra)  # fmt: skip


def test_a_batch_never_replaces_a_users_index_html_and_replaces_its_own(seed_path, tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("<h1>my own page</h1>\n")
    with fake_openai(answers()) as server:
        refused = _batch(seed_path, out, server.url, "-f", "html")
        assert "index.html exists and was not written by summarizer" in one_error_line(refused, 2)
        assert (out / "index.html").read_text() == "<h1>my own page</h1>\n"
        assert not server.chat_requests  # refused before the first article
        (out / "index.html").unlink()
        for _ in range(2):  # the second run replaces what the first wrote
            result = _batch(seed_path, out, server.url, "-f", "html")
            assert result.returncode == 0, result.stderr.decode()
    assert "summarizer batch index" in (out / "index.html").read_text()


def test_a_batch_never_replaces_a_users_file_at_a_result_name(seed_path, tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{seed_path.stem}.json").write_text("my notes\n")
    with fake_openai(answers()) as server:
        assert "was not written by summarizer" in one_error_line(_batch(seed_path, out, server.url), 2)
    assert (out / f"{seed_path.stem}.json").read_text() == "my notes\n"


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_a_page_format_with_a_jsonl_out_is_refused(seed_path, tmp_path, fmt: str) -> None:
    result = _batch(seed_path, tmp_path / "x.jsonl", DEAD, "-f", fmt)
    assert "give --out a directory, not x.jsonl" in one_error_line(result, 2)


@pytest.mark.parametrize("inside", [False, True])
def test_a_symlink_at_a_result_name_is_refused_and_never_written_through(seed_path, tmp_path, inside) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    target = (out if inside else elsewhere) / "target.json"
    (out / f"{seed_path.stem}.json").symlink_to(target)
    with fake_openai(answers()) as server:
        result = _batch(seed_path, out, server.url)
        assert "is a symbolic link: a batch never writes through one" in one_error_line(result, 2)
        assert not server.chat_requests
    assert not target.exists() and not any(elsewhere.iterdir())


def test_a_pool_whose_endpoints_all_hang_costs_endpoints_times_timeout_per_article(
    seed_path, tmp_path
) -> None:
    # Measured before the fix: 2 articles, 2 hanging endpoints, --timeout 1: 89 s (5 tries
    # each, and the pool's 20 s rests waited out); after: 6.5 s.
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(3):
        shutil.copy(seed_path, inputs / f"a{n}.txt")
    hang = lambda path, body: Reply({}, delay=8)  # noqa: E731
    with fake_openai(hang) as one, fake_openai(hang) as two:
        result = run_cli("batch", str(inputs), "--out", str(tmp_path / "o"), "--base-url", one.url,
                         "--base-url", two.url, "--timeout", "1", "--no-cache", "--wording", "extract",
                         "--backend", "llamacpp", timeout=60)  # fmt: skip
        asked = (len(one.chat_requests), len(two.chat_requests))
    stderr = result.stderr.decode()
    assert result.returncode == 1 and "3 articles: 0 summarised, 0 from cache, 3 failed" in stderr, stderr
    assert asked == (3, 3)  # each endpoint once per article: a hung endpoint is not asked again
    seconds = float(re.search(r"failed, in ([\d.]+) s", stderr).group(1))
    # articles x endpoints x --timeout is 6 s; before the fix 3 articles took over 100 s. The
    # bound is loose because a loaded CI machine starts each process slowly; speed figures
    # live in benchmarks/, this pins that no rest is waited out.
    assert seconds <= 40, stderr


def test_a_hostile_model_id_served_and_logged_never_reaches_the_terminal_raw(seed_path, tmp_path) -> None:
    hostile = "evil\x1b[2J\x9b31m-model"
    env = {"SUMMARIZER_DATA_DIR": str(tmp_path / "data")}
    with fake_openai(reference_answers(), models=[{"id": hostile, "owned_by": "llamacpp"}]) as server:
        result = run_cli(
            "summarize", str(seed_path), "--base-url", server.url, "--wording", "extract", env=env
        )
    assert result.returncode == 0, result.stderr.decode()
    listing = run_cli("logs", env=env)
    shown = run_cli("logs", "show", "1", env=env)
    for output in (result.stderr, listing.stdout, shown.stdout):
        text = output.decode()
        assert "evil" in text and not any(c in text for c in "\x1b\x9b"), repr(text)
