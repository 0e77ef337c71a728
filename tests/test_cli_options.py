"""The model options are declared once (`ModelOptions`) and every command that takes them lists
them the same way: same flags, help, panel and defaults, in the same place of `--help`."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Annotated, get_type_hints

import pytest
import typer
from conftest import run_cli
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.cli.options import MODEL_PANEL, ModelOptions
from summarizer.cli.options_group import takes_options

# command -> the fields it declares its own way (batch: a pool of --base-url; doctor: a
# --timeout per check), which are pinned by their own tests.
TAKERS = {"summarize": set(), "batch": {"base_url"}, "eval": set(), "doctor": {"timeout"}}


def _declared(name: str):
    """The typer option a field of ModelOptions declares."""
    (info,) = get_type_hints(ModelOptions, include_extras=True)[name].__metadata__
    return info


def _params(command: str) -> dict:
    return {param.name: param for param in typer.main.get_command(app).commands[command].params}


@pytest.mark.parametrize("command", sorted(TAKERS))
def test_each_command_lists_the_one_declaration_of_the_model_options(command):
    params = _params(command)
    for field in fields(ModelOptions):
        if field.name in TAKERS[command]:
            continue
        param, info = params[field.name], _declared(field.name)
        assert param.opts == [info.default]  # the flag (typer keeps it in `default` when Annotated)
        assert param.help == info.help
        assert param.rich_help_panel == MODEL_PANEL
        assert param.default == field.default
        assert param.show_default == info.show_default


@pytest.mark.parametrize("command", sorted(TAKERS))
def test_the_model_panel_of_help_shows_every_model_option(command):
    help_text = run_cli(command, "--help", env={"COLUMNS": "200", "TERM": "dumb"}).stdout.decode()
    panel = help_text.split(f"─ {MODEL_PANEL} ─", 1)[1].split("╰", 1)[0]
    shown = re.findall(r"│ (--[a-z-]+)", panel)
    expected = [_declared(f.name).default for f in fields(ModelOptions) if f.name not in TAKERS[command]]
    assert shown == expected


def test_doctor_and_batch_keep_their_own_timeout_and_base_url():
    assert _params("doctor")["timeout"].default == 30.0
    assert "each check" in _params("doctor")["timeout"].help
    assert _params("doctor")["timeout"].rich_help_panel is None  # main panel, after --json
    assert _params("batch")["base_url"].multiple


@dataclass(frozen=True)
class Knobs:
    speed: Annotated[int, typer.Option("--speed", help="How fast.")] = 1
    name: Annotated[str | None, typer.Option("--name", help="Who.")] = None


def _toy(**how):
    toy = typer.Typer()

    @toy.command()
    @takes_options(Knobs, **how)
    def run(
        path: Annotated[str, typer.Argument()],
        first: Annotated[bool, typer.Option("--first")] = False,
        *,
        knobs: Knobs,
        last: Annotated[int, typer.Option("--last")] = 0,
    ) -> None:
        print(path, first, knobs, last)

    @toy.command()
    def other() -> None: ...

    return toy


def test_a_group_becomes_options_in_its_place_and_comes_back_as_one_object():
    toy = _toy()
    result = CliRunner().invoke(toy, ["run", "here", "--last", "3", "--speed", "5", "--first"])
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["here", "True", "Knobs(speed=5,", "name=None)", "3"]
    names = [param.name for param in typer.main.get_command(toy).commands["run"].params]
    assert names == ["path", "first", "speed", "name", "last"]


def test_a_field_can_be_left_out_or_declared_another_way():
    toy = _toy(omit=["name"], speed=(Annotated[int, typer.Option("--speed", help="Other.")], 7))
    result = CliRunner().invoke(toy, ["run", "here"])
    assert result.output.split()[2:4] == ["Knobs(speed=7,", "name=None)"]
    params = {param.name: param for param in typer.main.get_command(toy).commands["run"].params}
    assert "name" not in params and params["speed"].help == "Other."
    assert CliRunner().invoke(toy, ["run", "here", "--name", "x"]).exit_code == 2


def test_a_mistaken_declaration_is_refused_at_import_not_run():
    with pytest.raises(TypeError, match="no field nope"):
        takes_options(Knobs, omit=["nope"])
    with pytest.raises(TypeError, match="declares speed itself"):

        @takes_options(Knobs)
        def clash(speed: int = 0, *, knobs: Knobs) -> None: ...

    with pytest.raises(TypeError, match="one parameter annotated Knobs"):

        @takes_options(Knobs)
        def missing(speed: int = 0) -> None: ...
