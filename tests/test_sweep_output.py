"""The second hostile sweep, inputs and outputs (issue 11, later items 7-10): Markdown output
holds no live link or remote image, a declared HTML charset is honoured, offsets index the
file as documented for CR, CRLF and a BOM, and a batch never reads its own output."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from fakeserver import REFERENCE_LISTS, REFERENCE_META, by_question, fake_openai, reference_answers
from markdown_it import MarkdownIt
from test_batch import answers, copy_articles

HOSTILE = "[press here](javascript:alert(1)) ![](https://tracker.example/pixel.png) [r][1]"


def test_markdown_output_has_no_javascript_link_or_remote_image(tmp_path: Path, seed_path: Path) -> None:
    article = tmp_path / "a.txt"
    text = seed_path.read_text(encoding="utf-8")
    article.write_text(f"Talks end {HOSTILE}\n\n[1]: javascript:alert(2)\n\n{text}", encoding="utf-8")
    meta = {**REFERENCE_META, "event": f"a meeting {HOSTILE}"}
    with fake_openai(by_question({"GroundedMeta": [meta], "ListsAnswer": [REFERENCE_LISTS]})) as server:
        result = run_cli(
            "summarize", str(article), "--base-url", server.url, "--wording", "extract", "-f", "md"
        )
    assert result.returncode == 0, result.stderr.decode()
    markdown = result.stdout.decode()
    assert "press here" in markdown and "pixel.png" in markdown  # shown as text ...
    page = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<a " not in page and "<img" not in page  # ... never a link or an image


PAGE = """<!DOCTYPE html><html><head>{meta}<title>Ministers meet in Genève</title></head><body>
<article><h1>Ministers meet in Genève</h1>
<p>The minister said on Tuesday that the café talks in Genève had gone well and that both
sides would meet again next month to review the plan.</p>
<p>He proposed a joint fund for rivers, a working group on trade, and a yearly forum; he
called the fund \u201cthe first step\u201d toward a wider accord between the two countries.</p>
</article></body></html>"""


def test_a_declared_html_charset_is_honoured(tmp_path: Path) -> None:
    from summarizer.loader import load_article

    for meta in (
        '<meta charset="windows-1252">',
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
    ):
        page = tmp_path / "page.html"
        page.write_bytes(
            PAGE.format(meta=meta).replace("\u201c", '"').replace("\u201d", '"').encode("cp1252")
        )
        article = load_article(page)
        assert "café talks in Genève" in article.text and "\ufffd" not in article.text
    page.write_bytes(PAGE.format(meta='<meta charset="windows-1252">').encode("cp1252"))
    assert "\u201cthe first step\u201d" in load_article(page).text  # 0x93/0x94: Windows-1252 quotes


def readme_offsets_contract() -> str:
    """The expression the README's output contract gives for reading offsets."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"\(`(open\(f, encoding=\"utf-8\"[^`]*\)\.read\(\)\[start:end\] == text)`\)", readme)
    assert match, "the README states how offsets index the file"
    return match.group(1)


@pytest.mark.parametrize(("name", "transform"), [("crlf", "\r\n"), ("cr", "\r"), ("bom", "\ufeff")])
def test_offsets_index_the_file_as_the_readme_says(
    tmp_path: Path, seed_path: Path, name: str, transform: str
) -> None:
    text = seed_path.read_text(encoding="utf-8")
    text = "\ufeff" + text if name == "bom" else text.replace("\n", transform)
    article = tmp_path / f"{name}.txt"
    article.write_bytes(text.encode("utf-8"))
    with fake_openai(reference_answers()) as server:
        result = run_cli("summarize", str(article), "--base-url", server.url, "--wording", "extract")
    assert result.returncode == 0, result.stderr.decode()
    summary = json.loads(result.stdout)
    assert summary["article"]["sha256"] == hashlib.sha256(article.read_bytes()).hexdigest()
    evidence = [e for p in summary["proposals"] for e in p["evidence"]]
    contract = readme_offsets_contract()
    assert len(evidence) >= 3
    for item in evidence:
        assert eval(
            contract,
            {"open": open, "f": article, "start": item["start"], "end": item["end"], "text": item["text"]},
        )


def test_a_batch_never_reads_its_own_results_as_articles(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    copy_articles(inputs, 2)
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    with fake_openai(answers()) as server:
        args = ["--base-url", server.url, "--wording", "extract", "-f", "md"]
        same = run_cli("batch", str(inputs), "--out", str(inputs), *args, env=env)
        inside = [
            run_cli("batch", str(inputs), "--out", str(inputs / "summaries"), *args, env=env)
            for _ in range(2)
        ]
        asked = len(server.chat_requests)
    assert same.returncode == 2 and "is the input directory" in same.stderr.decode()
    assert not list(inputs.glob("*.json"))  # refused before writing anything
    assert [r.returncode for r in inside] == [0, 0], inside[-1].stderr.decode()
    assert "2 articles: 2 summarised" in inside[0].stderr.decode()
    assert "2 articles: 0 summarised, 2 from cache" in inside[1].stderr.decode()  # its .md not read
    assert asked > 0
