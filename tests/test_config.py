"""`--config FILE` on summarize and batch (issue 13): the eval configuration's keys, a
default file in the user config directory, flags > environment > file, a key in the file
masked like a key given by flag, and bad files refused in one line with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from fakeserver import fake_openai, reference_answers
from test_secrets import assert_nowhere, echo_auth

KEY = "sk-config-file-SECRET-9876543210fedcba"
NAMES = ("file-model", "env-model", "flag-model", "default-file", "other", "batch-model")


def serving():
    """The reference model, under every name these tests ask for."""
    return fake_openai(reference_answers(), [{"id": name, "owned_by": "llamacpp"} for name in NAMES])


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def models_asked(server) -> set[str]:
    return {r.body.get("model") for r in server.chat_requests} - {None}  # None: a probe


def test_summarize_takes_endpoint_model_key_and_wording_from_the_file(
    tmp_path: Path, seed_path: Path
) -> None:
    with serving() as server:
        config = write(
            tmp_path / "remote.toml",
            f'base_url = "{server.url}"\nmodel = "file-model"\napi_key = "{KEY}"\nwording = "extract"\n',
        )
        result = run_cli("-v", "summarize", str(seed_path), "--config", str(config))
        sent = {v for r in server.chat_requests for k, v in r.headers.items() if k.lower() == "authorization"}
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["run"]["model"] == "file-model"
    assert models_asked(server) == {"file-model"}
    assert sent == {f"Bearer {KEY}"}


def test_a_key_in_the_file_is_masked_when_the_endpoint_echoes_it(tmp_path: Path, seed_path: Path) -> None:
    box: list = []
    with fake_openai(echo_auth(box)) as server:
        box.append(server)
        config = write(
            tmp_path / "c.toml", f'base_url = "{server.url}"\napi_key = "{KEY}"\nbackend = "llamacpp"\n'
        )
        runs = [
            run_cli("-v", "summarize", str(seed_path), "--config", str(config), "--wording", "extract"),
            run_cli("-v", "batch", str(seed_path), "--out", str(tmp_path / "out"), "--config", str(config),
                    "--wording", "extract", env={"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}),
        ]  # fmt: skip
    assert all(r.returncode != 0 for r in runs)
    assert all(b"bad credentials Bearer ***" in r.stderr for r in runs), [r.stderr for r in runs]
    assert_nowhere([KEY, "SECRET-9876"], tmp_path / "out", *runs)


def test_flags_win_over_the_environment_and_the_environment_over_the_file(
    tmp_path: Path, seed_path: Path
) -> None:
    with serving() as server:
        config = write(tmp_path / "c.toml", f'base_url = "{server.url}"\nmodel = "file-model"\n')
        args = ["summarize", str(seed_path), "--config", str(config), "--wording", "extract"]
        env = {"SUMMARIZER_MODEL": "env-model"}
        by_file = run_cli(*args)
        by_env = run_cli(*args, env=env)
        by_flag = run_cli(*args, "--model", "flag-model", env=env)
    models = [json.loads(r.stdout)["run"]["model"] for r in (by_file, by_env, by_flag)]
    assert models == ["file-model", "env-model", "flag-model"]


def test_a_default_file_in_the_user_config_directory_is_read_and_config_replaces_it(
    tmp_path: Path, seed_path: Path
) -> None:
    with serving() as server:
        directory = tmp_path / "user-config"
        write(
            directory / "config.toml",
            f'base_url = "{server.url}"\nmodel = "default-file"\nwording = "extract"\n',
        )
        env = {"SUMMARIZER_CONFIG_DIR": str(directory)}
        default = run_cli("summarize", str(seed_path), env=env)
        chosen = write(
            tmp_path / "other.toml", f'base_url = "{server.url}"\nmodel = "other"\nwording = "extract"\n'
        )
        explicit = run_cli("summarize", str(seed_path), "--config", str(chosen), env=env)
    assert default.returncode == 0, default.stderr.decode()
    assert json.loads(default.stdout)["run"]["model"] == "default-file"
    assert json.loads(explicit.stdout)["run"]["model"] == "other"


def test_batch_takes_its_endpoint_from_the_file(tmp_path: Path, seed_path: Path) -> None:
    with serving() as server:
        config = write(
            tmp_path / "c.toml", f'base_url = "{server.url}"\nmodel = "batch-model"\nwording = "extract"\n'
        )
        result = run_cli(
            "batch", str(seed_path), "--out", str(tmp_path / "out"), "--config", str(config),
            env={"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")},
        )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    assert models_asked(server) == {"batch-model"}
    summary = json.loads((tmp_path / "out" / f"{seed_path.stem}.json").read_text())
    assert summary["run"]["model"] == "batch-model"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('base_url = "http://127.0.0.1:1/v1"\ntemperature = "0"\n', "unknown keys temperature"),
        ('wording = "fast"\n', "wording must be one of auto, model, extract, not 'fast'"),
        ("api_key = 12345678901234\nmodel = 'm'\n", "api_key must be a string in quotes, not a number"),
        ("model = \n", "cannot read the configuration"),
    ],
    ids=["unknown-key", "bad-wording", "key-not-a-string", "not-toml"],
)
@pytest.mark.parametrize("command", ["summarize", "batch"])
def test_a_bad_file_is_one_line_and_exit_2(
    tmp_path: Path, seed_path: Path, command: str, text: str, message: str
) -> None:
    config = write(tmp_path / "bad.toml", text)
    extra = ["--out", str(tmp_path / "out")] if command == "batch" else []
    result = run_cli(command, str(seed_path), *extra, "--config", str(config))
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert err.count("\n") == 1 and err.startswith("summarizer: error: ") and message in err, err
    assert "12345678901234" not in err and "Traceback" not in err


def test_a_missing_config_file_is_exit_2(tmp_path: Path, seed_path: Path) -> None:
    result = run_cli("summarize", str(seed_path), "--config", str(tmp_path / "nope.toml"))
    assert result.returncode == 2
    assert "cannot read the configuration" in result.stderr.decode()
