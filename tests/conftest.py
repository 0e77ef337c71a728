from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings
from summarizer.schemas import RunInfo

# Property tests assert behaviour, not speed: a busy machine must not fail one on a deadline.
settings.register_profile("behaviour", deadline=None)
settings.load_profile("behaviour")

ROOT = Path(__file__).resolve().parents[1]
# A run record for summaries built by hand in tests.
RUN_INFO = RunInfo(
    model="m",
    endpoint="e",
    prompt_sha256="p",
    questions=2,
    attempts=2,
    prompt_tokens=1,
    completion_tokens=1,
    seconds=1.0,
)
SEED = ROOT / "examples" / "brics-2024-09-11.txt"
DATA_DIR = "SUMMARIZER_DATA_DIR"


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    # A developer's own endpoint settings must not leak into the tests.
    for name in ("SUMMARIZER_BASE_URL", "SUMMARIZER_MODEL", "SUMMARIZER_BACKEND", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    # The run log of every command a test runs goes to a directory of the test's own.
    monkeypatch.setenv(DATA_DIR, str(tmp_path_factory.mktemp("data")))


def run_cli(
    *args: str,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    cwd: Path = ROOT,
):
    """Run the installed `summarizer` command as a user would."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SUMMARIZER_", "OPENAI_"))}
    environment["SUMMARIZER_RETRY_SECONDS"] = "2"  # scripted faults need no long backoff
    # Nor a developer's own default config file: a directory no file can be in, unless a test names one.
    environment["SUMMARIZER_CONFIG_DIR"] = str(Path(os.devnull) / "summarizer")
    if DATA_DIR in os.environ:  # the test's own run log (see _isolated_environment)
        environment[DATA_DIR] = os.environ[DATA_DIR]
    environment.update(env or {})
    return subprocess.run(
        [str(Path(sys.executable).with_name("summarizer")), *args],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        env=environment,
        cwd=cwd,
    )


def reference_set(tmp_path: Path, name: str) -> Path:
    """An eval dataset holding the reference article and its gold under `name` (a hostile
    or undecodable name, for the tests of what reports do with it)."""
    root = tmp_path / "set"
    (root / "articles").mkdir(parents=True)
    (root / "gold").mkdir()
    shutil.copy(ROOT / "evals" / "articles" / "brics-2024-09-11.txt", root / "articles" / f"{name}.txt")
    shutil.copy(ROOT / "evals" / "gold" / "brics-2024-09-11.json", root / "gold" / f"{name}.json")
    return root
