"""The HTML views in a real browser (headless Chromium from Debian): highlights match the
evidence offsets, clicks bring evidence into view, an article's own script never runs."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from fakeserver import fake_openai, reference_answers

from summarizer.connection import connect
from summarizer.endpoint import EndpointConfig
from summarizer.evaluation.dataset import Case, load_gold
from summarizer.evaluation.gate import regressions
from summarizer.evaluation.metrics import pool_scores, score_article
from summarizer.loader import load_article, parse_article
from summarizer.pipeline import summarize_article
from summarizer.render.eval_html import eval_report_html
from summarizer.render.html import to_html

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "test-output" / "screenshots"


@pytest.fixture(scope="module")
def browser():
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.skip("needs Debian's chromium and chromium-driver (.ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1280,900"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()


def summarise_with_fake_model(article):
    with fake_openai(reference_answers()) as server:
        client = connect(EndpointConfig(server.url, None, None, "llamacpp"), retry_seconds=2)
        return summarize_article(article, client, model_wording=False).summary


def open_page(browser, html: str, tmp_path: Path, name: str):
    page = tmp_path / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    browser.get(page.as_uri())
    return page


def shot(browser, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / f"{name}.png"))


def test_highlights_are_exactly_the_evidence_and_clicks_show_it(
    browser, seed_path: Path, tmp_path: Path
) -> None:
    article = load_article(seed_path)
    summary = summarise_with_fake_model(article)
    open_page(browser, to_html(summary, article.text), tmp_path, "seed")
    shot(browser, "summary-seed")
    spans = browser.execute_script(
        "return Array.from(document.querySelectorAll('#article .s.ev')).map(s => "
        "[Number(s.dataset.start), Number(s.dataset.end), s.textContent, s.dataset.proposals])"
    )
    expected = {(e.start, e.end) for p in summary.proposals for e in p.evidence}
    assert {(start, end) for start, end, _, _ in spans} == expected
    for start, end, text, _ in spans:
        assert text == article.text[start:end]
    assert len(browser.find_elements("css selector", "#summary .proposal")) == 4

    fourth = summary.proposals[3].evidence[0]
    target = browser.find_element("id", f"S{fourth.sentence}")
    browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    browser.execute_script("window.scrollTo(0, 0)")
    browser.find_element("css selector", '#summary [data-proposal="4"]').click()
    time.sleep(0.3)
    top, bottom, height = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight];",
        target,
    )
    assert top >= 0 and bottom <= height, (top, bottom, height)
    assert "flash" in target.get_attribute("class")
    shot(browser, "summary-seed-clicked")


def test_an_article_with_a_script_renders_it_inert(browser, tmp_path: Path) -> None:
    text = (
        "Wang makes two proposals <script>window.__pwned = 1</script>\n\n"
        'Wang Yi made two proposals. <img src=x onerror="window.__pwned = 2"> It was late.\n\n'
        "Firstly, keep <script>window.__pwned = 3</script> peace.\n\nSecondly, trade more.\n"
    )
    article = parse_article(text, "hostile.txt")
    summary = summarise_with_fake_model(article)
    open_page(browser, to_html(summary, article.text), tmp_path, "hostile")
    shot(browser, "summary-hostile")
    assert browser.execute_script("return window.__pwned === undefined")
    assert browser.find_elements("css selector", "#article script, #article img") == []
    assert "<script>window.__pwned = 3</script>" in browser.find_element("id", "article").text


def test_the_eval_report_shows_metrics_charts_and_differences(browser, tmp_path: Path) -> None:
    root = ROOT / "evals"
    case = Case(
        "brics-2024-09-11",
        root / "articles" / "brics-2024-09-11.txt",
        load_gold(root / "gold" / "brics-2024-09-11.json"),
    )
    article = load_article(case.article)
    prediction = summarise_with_fake_model(article)
    prediction.proposals.pop(1)  # one missed: a difference to show
    score = score_article(case.name, prediction, case.gold, article.text)
    metrics = pool_scores([score])
    baseline = {"tolerance": 0.05, "metrics": {**metrics, "proposal_f1": 1.0}}
    from summarizer.evaluation.metrics import as_dict

    report = {
        "dataset": "evals",
        "variants": [{"name": "current", "config": "test", "metrics": metrics, "articles": [as_dict(score)]}],
        "baseline": baseline,
        "regressions": [str(r) for r in regressions(metrics, baseline)],
    }
    open_page(browser, eval_report_html(report, [case]), tmp_path, "eval")
    shot(browser, "eval-report")
    rows = browser.find_elements("css selector", "#metrics tbody tr")
    assert len(rows) >= 20 and len(browser.find_elements("css selector", "#metrics svg.chart")) == len(rows)
    assert "proposal_f1 fell from 1.000" in browser.find_element("css selector", ".regressions").text
    details = browser.find_element("css selector", 'details[data-article="brics-2024-09-11"]')
    assert "missed proposal 2" in details.text
    assert len(details.find_elements("css selector", "li.gold")) >= 13 - 3


def test_the_batch_index_links_every_article_and_filters(browser, tmp_path: Path) -> None:
    from conftest import run_cli
    from test_batch import answers

    inputs = tmp_path / "in"
    inputs.mkdir()
    articles = sorted((ROOT / "evals" / "articles").glob("*.txt"))[:4]
    for source in articles:
        shutil.copy(source, inputs / source.name)
    (inputs / '<img src=x onerror="window.__pwned = 1">.txt').write_bytes(b"\x00\x01binary")
    out = tmp_path / "out"
    with fake_openai(answers()) as server:
        result = run_cli("batch", str(inputs), "--out", str(out), "--base-url", server.url, "--format", "html",
                         "--wording", "extract", env={"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")})  # fmt: skip
    assert result.returncode == 1, result.stderr.decode()  # the binary file failed
    browser.get((out / "index.html").as_uri())
    shot(browser, "batch-index")
    assert browser.execute_script("return window.__pwned === undefined")
    rows = browser.find_elements("css selector", "#articles tbody tr")
    assert len(rows) == len(articles) + 1
    links = [a.get_attribute("href") for a in browser.find_elements("css selector", "#articles a")]
    assert sorted(Path(link.removeprefix("file://")).stem for link in links) == [a.stem for a in articles]

    def visible() -> list[str]:
        return [r.get_attribute("data-article") for r in rows if r.is_displayed()]

    box = browser.find_element("id", "filter")
    box.send_keys(articles[0].stem)  # its file name: in no other row
    assert visible() == [articles[0].stem]
    assert browser.find_element("id", "shown").text == f"1 of {len(rows)} shown"
    box.clear()
    box.send_keys(" ")  # clear() sends no input event: typing does
    assert len(visible()) == len(rows)
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "show")).select_by_value("failures")
    assert [r.get_attribute("data-failed") for r in rows if r.is_displayed()] == ["1"]
    shot(browser, "batch-index-failures")
    Select(browser.find_element("id", "show")).select_by_value("all")
    browser.find_element("css selector", f'tr[data-article="{articles[1].stem}"] a').click()
    assert browser.current_url.endswith(f"/{articles[1].stem}.html")
    assert browser.find_elements("css selector", "#article .s")  # the article's own page opened
