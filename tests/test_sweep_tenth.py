"""What the fifth sweep observed (issue 11): a user's page beside a batch result is neither
taken as its page nor replaced; a JSONL's own ok records count as done, whatever endpoint
made them; a stopped html batch rebuilds its index; a cache path that is a symbolic link is
never written through."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_cli
from fakeserver import fake_openai
from test_batch import answers, copy_articles, slow_answers


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}


def _batch(inputs: Path, out: Path, url: str, env: dict, *more: str) -> subprocess.CompletedProcess:
    return run_cli("batch", str(inputs), "--out", str(out), "--base-url", url, "--wording", "extract",
                   *more, env=env)  # fmt: skip


def _one_article(tmp_path: Path) -> tuple[Path, str]:
    inputs = tmp_path / "in"
    return inputs, copy_articles(inputs, 1)[0].stem


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("first_as_json", [True, False])
def test_a_users_page_beside_a_result_is_kept_and_never_taken_as_its_page(
    tmp_path: Path, env: dict, fmt: str, first_as_json: bool
) -> None:
    inputs, name = _one_article(tmp_path)
    out = tmp_path / "o"
    mine = f"# my own notes on {name}\n"
    with fake_openai(answers()) as server:
        if first_as_json:
            assert _batch(inputs, out, server.url, env).returncode == 0
        else:
            out.mkdir()
        (out / f"{name}.{fmt}").write_text(mine)
        results = [_batch(inputs, out, server.url, env, "-f", fmt) for _ in range(2)]
    for result in results:  # a warning, not a lost article: and said again on each run
        stderr = result.stderr.decode()
        assert result.returncode == 0, stderr
        warning = [line for line in stderr.splitlines() if f"{name}.{fmt} exists" in line]
        assert len(warning) == 1 and "left as it is, its page not written" in warning[0], stderr
        assert f"the result is in {out / name}.json" in warning[0], stderr
    assert (out / f"{name}.{fmt}").read_text() == mine
    if fmt == "html":  # the index lists the article, but does not link the user's file as its page
        index = (out / "index.html").read_text()
        assert "summarizer batch index" in index and f'href="{name}.html"' not in index
    assert json.loads((out / f"{name}.json").read_text())["article"]["source"].endswith(f"{name}.txt")


def test_the_batchs_own_md_page_is_replaced_an_earlier_versions_too(tmp_path: Path, env: dict) -> None:
    inputs, name = _one_article(tmp_path)
    out, page = tmp_path / "o", tmp_path / "o" / f"{name}.md"
    with fake_openai(answers()) as server:
        first = _batch(inputs, out, server.url, env, "-f", "md")
        marked = page.read_text()
        assert first.returncode == 0 and marked.startswith("<!-- generator: summarizer batch"), marked
        page.write_text(marked.split("\n", 1)[1])  # as a version without the mark wrote it
        again = _batch(inputs, out, server.url, env, "-f", "md")
        page.unlink()
        third = _batch(inputs, out, server.url, env, "-f", "md")
    assert "exists" not in again.stderr.decode() and again.returncode == 0, again.stderr.decode()
    assert "1 from cache" in again.stderr.decode()  # its own page: done, not rewritten
    assert third.returncode == 0 and page.read_text() == marked  # a missing page is written


def test_a_jsonl_counts_its_own_ok_records_as_done_on_another_endpoint(tmp_path: Path, env: dict) -> None:
    inputs = tmp_path / "in"
    copy_articles(inputs, 4)
    out = tmp_path / "r.jsonl"
    with fake_openai(answers()) as first:
        assert _batch(inputs, out, first.url, env).returncode == 0
    before = out.read_text()
    with fake_openai(answers()) as other:  # another address: the cache does not answer
        again = _batch(inputs, out, other.url, env)
        asked, after = len(other.chat_requests), out.read_text()
        redo = _batch(inputs, out, other.url, env, "--no-cache")
    assert again.returncode == 0 and "4 articles: 0 summarised, 4 from cache" in again.stderr.decode()
    assert asked == 0 and after == before
    # --no-cache redoes them: appended after the earlier lines, which are never rewritten.
    assert redo.returncode == 0 and "4 summarised" in redo.stderr.decode(), redo.stderr.decode()
    assert out.read_text().startswith(before) and len(out.read_text().splitlines()) == 8


def test_a_directory_counts_its_own_results_as_done_on_another_endpoint(tmp_path: Path, env: dict) -> None:
    inputs = tmp_path / "in"
    copy_articles(inputs, 2)
    with fake_openai(answers()) as first:
        assert _batch(inputs, tmp_path / "o", first.url, env).returncode == 0
    with fake_openai(answers()) as other:
        again = _batch(inputs, tmp_path / "o", other.url, env)
        assert other.chat_requests == []
    assert again.returncode == 0 and "0 summarised, 2 from cache" in again.stderr.decode()


def test_a_stopped_html_batch_rebuilds_its_index_from_what_was_written(tmp_path: Path, env: dict) -> None:
    inputs = tmp_path / "in"
    copy_articles(inputs, 6)
    out = tmp_path / "o"
    command = [str(Path(sys.executable).with_name("summarizer")), "batch", str(inputs), "--out", str(out),
               "--wording", "extract", "-f", "html"]  # fmt: skip
    with fake_openai(slow_answers()) as server:
        job = subprocess.Popen([*command, "--base-url", server.url], env={**os.environ, **env},
                               stderr=subprocess.PIPE)  # fmt: skip
        deadline = time.monotonic() + 60
        while not list(out.glob("*.html")) and time.monotonic() < deadline:
            time.sleep(0.05)
        job.send_signal(signal.SIGTERM)
        stderr = job.communicate(timeout=60)[1].decode()
    assert job.returncode == 143 and "not done;" in stderr, stderr
    pages = sorted(p.name for p in out.glob("*.html") if p.name != "index.html")
    assert 1 <= len(pages) < 6, pages
    index = (out / "index.html").read_text()
    assert "summarizer batch index" in index and all(page in index for page in pages)


@pytest.mark.parametrize("content", [b"", b"my precious notes\n" * 100])
def test_a_cache_that_is_a_symbolic_link_is_never_written_through(
    tmp_path: Path, env: dict, content: bytes
) -> None:
    inputs, _ = _one_article(tmp_path)
    mine = tmp_path / "mine.dat"
    mine.write_bytes(content)
    cache = tmp_path / "cache" / "results.sqlite3"
    cache.parent.mkdir()
    cache.symlink_to(mine)
    with fake_openai(answers()) as server:
        first = _batch(inputs, tmp_path / "o1", server.url, env)
        second = _batch(inputs, tmp_path / "o2", server.url, env)  # from the new cache
    stderr = first.stderr.decode()
    assert first.returncode == 0, stderr
    assert (
        stderr.count("(a symbolic link: never written through)") == 1 and f"{cache} is unusable" in stderr
    ), stderr
    assert mine.read_bytes() == content
    aside = list(cache.parent.glob("results.sqlite3.corrupt-*"))
    assert len(aside) == 1 and aside[0].is_symlink() and aside[0].resolve() == mine.resolve()
    assert not cache.is_symlink() and "1 from cache" in second.stderr.decode()
    # `cache clear` sets a link aside too, never deleting or emptying what it names.
    cache.unlink()
    cache.symlink_to(mine)
    clear = run_cli("cache", "clear", env=env)
    assert clear.returncode == 0, clear.stderr.decode()
    assert mine.read_bytes() == content and not cache.is_symlink()
