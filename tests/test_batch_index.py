"""`batch --format html` also writes index.html (issue 13): a row per article in --out,
linked to its page, failures and warnings shown, rebuilt over every result on a rerun."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

from conftest import ROOT
from fakeserver import fake_openai
from test_batch import answers, run_batch

ARTICLES = ROOT / "evals" / "articles"


class Index(HTMLParser):
    """The index's rows (by data-article) and each row's links."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.rows: dict[str, dict[str, object]] = {}
        self._row: dict[str, object] | None = None
        self.scripts = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "tr" and values.get("data-article"):
            self._row = {"failed": "data-failed" in values, "links": []}
            self.rows[str(values["data-article"])] = self._row
        elif tag == "a" and self._row is not None:
            self._row["links"].append(values["href"])  # type: ignore[union-attr]
        elif tag in ("script", "img", "link", "iframe"):
            self.scripts += 1


def test_the_index_lists_every_result_in_out_across_reruns(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    first = sorted(ARTICLES.glob("*.txt"))[:2]
    for source in first:
        shutil.copy(source, inputs / source.name)
    shutil.copy(first[0], inputs / "index.txt")  # must not take the index's own name
    hostile = inputs / '<img src=x onerror="alert(1)">.txt'
    hostile.write_bytes(b"\x00\x01binary")
    out = tmp_path / "out"
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    with fake_openai(answers()) as server:
        one = run_batch(inputs, out, server.url, "--format", "html", "--wording", "extract", env=env)
        later = ARTICLES / sorted(p.name for p in ARTICLES.glob("*.txt"))[2]
        two = run_batch(later, out, server.url, "--format", "html", "--wording", "extract", env=env)
    assert one.returncode == 1 and two.returncode == 0, two.stderr.decode()
    text = (out / "index.html").read_text(encoding="utf-8")
    index = Index(text)
    assert index.scripts == 1  # its own script only: the hostile file name is text
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;.txt" in text
    names = {p.stem for p in [*first, later]}
    assert names < set(index.rows) and len(index.rows) == 5  # the first run's results, and the rerun's
    for name, row in index.rows.items():
        if row["failed"]:
            assert row["links"] == []
            continue
        (link,) = row["links"]
        assert (out / str(link)).is_file() and str(link) != "index.html", name
    assert sum(1 for row in index.rows.values() if row["failed"]) == 1
    assert "1 failed" in text


def test_results_from_a_json_batch_get_their_pages_and_rows_from_the_cache(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for source in sorted(ARTICLES.glob("*.txt"))[:2]:
        shutil.copy(source, inputs / source.name)
    out = tmp_path / "out"
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    with fake_openai(answers()) as server:
        as_json = run_batch(inputs, out, server.url, "--wording", "extract", env=env)
        url = server.url
    assert as_json.returncode == 0, as_json.stderr.decode()
    # The server is gone: the pages come from the cache, not from a second model run.
    as_html = run_batch(inputs, out, url, "--format", "html", "--wording", "extract", env=env)
    assert as_html.returncode == 0, as_html.stderr.decode()
    assert "2 from cache" in as_html.stderr.decode()
    rows = Index((out / "index.html").read_text(encoding="utf-8")).rows
    assert len(rows) == 2 and all((out / str(row["links"][0])).is_file() for row in rows.values())
