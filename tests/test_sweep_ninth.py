"""What the fifth hostile sweep observed but did not count (issue 11): a key echoed upper-cased,
a key in Azure Functions' `?code=` and the padding of a base64 echo are masked; `-f html`
pages (single, batch, the batch index) keep no control character of the article or the
model; a page labelled UTF-16 in ASCII bytes is read as UTF-8, as browsers do; and a redirect
on chat is named as a redirect, as on `/models`."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run_cli
from fakeserver import REFERENCE_LISTS, REFERENCE_META, Reply, by_question, fake_openai, reference_answers
from test_secrets import assert_nowhere, authorization
from test_sweep_output import PAGE

from summarizer.loader import load_article

# 26 characters: its base64 ends in one "=" of padding.
KEY = "sk-Ninth-a1B2c3D4e5F6g7H8z"
ARGS = ["--backend", "llamacpp", "--wording", "extract"]


def _echo(box: list, spell: Callable[[str], str]) -> Callable[[str, dict], Reply]:
    """A server that rejects every question, quoting the key it got, spelled by `spell`."""

    def respond(path: str, body: dict) -> Reply:
        key = authorization(box[0]).removeprefix("Bearer ")
        return Reply({"error": {"message": f"denied for {spell(key)} here"}}, status=400)

    return respond


def _rejected(tmp_path: Path, seed_path: Path, spell: Callable[[str], str]) -> str:
    box: list = []
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    with fake_openai(_echo(box, spell)) as server:
        box.append(server)
        result = run_cli(
            "summarize", str(seed_path), "--base-url", server.url, "--api-key", KEY, *ARGS, env=env
        )
    stderr = result.stderr.decode()
    assert result.returncode == 3 and "denied for" in stderr, stderr
    assert_nowhere([KEY, KEY.upper(), KEY.lower(), spell(KEY)], tmp_path, result)
    return stderr


def test_a_key_echoed_in_upper_case_is_masked(tmp_path: Path, seed_path: Path) -> None:
    stderr = _rejected(tmp_path, seed_path, str.upper)
    assert "denied for *** here" in stderr, stderr


def test_a_base64_echo_of_the_key_is_masked_with_its_padding(tmp_path: Path, seed_path: Path) -> None:
    encoded = base64.b64encode(KEY.encode()).decode()
    assert encoded.endswith("=") and not encoded.endswith("==")
    stderr = _rejected(tmp_path, seed_path, lambda key: base64.b64encode(key.encode()).decode())
    assert "denied for *** here" in stderr, stderr  # not "***=": the padding is part of it


def test_a_key_in_a_code_query_parameter_is_masked(tmp_path: Path, seed_path: Path) -> None:
    code = "azFnNinthCODEq9w8e7"  # Azure Functions take the function key as ?code=
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    with fake_openai(reference_answers()) as server:
        url = f"{server.url}?code={code}"
        result = run_cli("-v", "summarize", str(seed_path), "--base-url", url, *ARGS, env=env)
        sent = [r.path for r in server.requests]
    assert result.returncode == 0, result.stderr
    assert any(f"code={code}" in path for path in sent)  # the key went to the endpoint ...
    endpoint = json.loads(result.stdout)["run"]["endpoint"]
    assert "code=***" in endpoint, endpoint
    assert_nowhere([code, code.upper()], tmp_path, result)  # ... and is shown nowhere


# ESC (OSC 52 writes the clipboard, CSI 2J clears the screen), BEL, C1 CSI, a bidi override.
CONTROLS = ["\x1b", "\x07", "\x9b", "\u202e"]
HOSTILE = "Talks \x1b]52;c;ZXZpbA==\x07 end \x1b[2J \x9b31m red \u202eEVIL"


def _hostile_article(tmp_path: Path, seed_path: Path) -> Path:
    directory = tmp_path / "in"
    directory.mkdir()
    article = directory / "hostile.txt"
    article.write_text(f"{HOSTILE}\n\n{seed_path.read_text(encoding='utf-8')}", encoding="utf-8")
    return article


def _clean(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    assert not [c for c in CONTROLS if c in text], (page.name, [c for c in CONTROLS if c in text])
    assert "Talks" in text and "EVIL" in text  # the text stays, without what would act
    return text


def test_html_pages_keep_no_control_character(tmp_path: Path, seed_path: Path) -> None:
    article = _hostile_article(tmp_path, seed_path)
    meta = {**REFERENCE_META, "event": "meeting \x1b[31m\x9b2J\u202ered"}
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    with fake_openai(by_question({"GroundedMeta": [meta], "ListsAnswer": [REFERENCE_LISTS]})) as server:
        args = ["--base-url", server.url, *ARGS, "-f", "html"]
        single = run_cli("summarize", str(article), *args, "-o", str(tmp_path / "one.html"), env=env)
        batch = run_cli("batch", str(article.parent), "--out", str(tmp_path / "out"), *args, env=env)
    assert single.returncode == 0 and batch.returncode == 0, single.stderr + batch.stderr
    pages = [tmp_path / "one.html", tmp_path / "out" / "hostile.html", tmp_path / "out" / "index.html"]
    for page in pages:
        _clean(page)
    assert "meeting" in _clean(pages[0])  # the model's text too
    result = json.loads((tmp_path / "out" / "hostile.json").read_text(encoding="utf-8"))
    assert "\x1b" in result["article"]["headline"]  # JSON keeps the article as it is, escaped


@pytest.mark.parametrize("label", ["utf-16", "UTF-16LE", "utf-16be"])
def test_a_page_labelled_utf16_in_ascii_bytes_is_read_as_utf8(tmp_path: Path, label: str) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(PAGE.format(meta=f"<meta charset='{label}'>").encode("utf-8"))
    article = load_article(page)
    assert "café talks in Genève" in article.text and "\u201cthe first step\u201d" in article.text
    assert len(article.sentences) > 2


def test_a_page_labelled_x_user_defined_is_read_as_windows_1252(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(PAGE.format(meta='<meta charset="x-user-defined">').encode("cp1252"))
    article = load_article(page)
    assert "café talks in Genève" in article.text and "\u201cthe first step\u201d" in article.text


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_on_chat_is_named_as_a_redirect(tmp_path: Path, seed_path: Path, status: int) -> None:
    where = f"http://127.0.0.1:9/v1/chat/completions?k={KEY}"  # it hands the key back
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    with fake_openai(lambda path, body: Reply("", status=status, headers={"Location": where})) as server:
        result = run_cli(
            "summarize", str(seed_path), "--base-url", server.url, "--api-key", KEY, *ARGS, env=env
        )
        chats = [r for r in server.requests if r.method == "POST"]
    stderr = result.stderr.decode()
    assert result.returncode == 3, stderr
    assert f"redirects (HTTP {status}) to http://127.0.0.1:9/v1/chat/completions?k=***" in stderr, stderr
    assert "give http://127.0.0.1:9/v1 as --base-url" in stderr and "Error code" not in stderr, stderr
    assert len(chats) == 1  # not followed, not retried
    assert_nowhere([KEY], tmp_path, result)


def test_the_mask_is_case_blind_even_where_lowering_changes_lengths() -> None:
    from summarizer.redact import redact, register_secret

    register_secret("sk-Ninth-caseBlindQ7w8")
    # "İ" lowers to two characters: the mask must not drift off the key it found.
    for text in ("BEARER SK-NINTH-CASEBLINDQ7W8 end", "İstanbul sk-ninth-caseblindq7w8 end"):
        masked = redact(text)
        assert masked.endswith("*** end") and "caseblind" not in masked.lower(), masked
    assert redact("İ plain text") == "İ plain text"
