"""The second hostile sweep, endpoints (issue 11, later items 4-5): an endpoint that answers
an article with a fault (HTML with 200, HTTP 400) sends that article to another member of
the pool, and a base URL's query string reaches every request."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from fakeserver import Reply, fake_openai
from test_batch import answers, copy_articles

FAULTS = {
    "html": Reply("<html><body>Gateway login</body></html>", content_type="text/html"),
    "400": Reply({"error": {"message": "this deployment does not take that request"}}, status=400),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_pool_member_that_answers_with_a_fault_sends_the_article_elsewhere(
    tmp_path: Path, fault: str
) -> None:
    copy_articles(tmp_path / "in", 4)
    with fake_openai(answers()) as good, fake_openai(lambda path, body: FAULTS[fault]) as bad:
        result = run_cli(
            "batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--base-url", bad.url,
            "--base-url", good.url, "--backend", "llamacpp", "--wording", "extract",
            env={"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}, timeout=120,
        )  # fmt: skip
        refused = len(bad.chat_requests)
    stderr = result.stderr.decode()
    assert result.returncode == 0, stderr
    assert "4 articles: 4 summarised" in stderr
    assert refused >= 1 and "trying another endpoint" in stderr


def test_an_article_every_endpoint_refuses_fails_once_each(tmp_path: Path) -> None:
    copy_articles(tmp_path / "in", 2)
    refuse = lambda path, body: FAULTS["400"]  # noqa: E731
    with fake_openai(refuse) as one, fake_openai(refuse) as two:
        result = run_cli(
            "batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--base-url", one.url,
            "--base-url", two.url, "--backend", "llamacpp", env={"SUMMARIZER_CACHE_DIR": str(tmp_path / "c")},
        )  # fmt: skip
        asked = len(one.chat_requests) + len(two.chat_requests)
    assert result.returncode == 1 and "2 failed" in result.stderr.decode()
    assert asked == 4  # each article once per endpoint: no retry of a refused request
