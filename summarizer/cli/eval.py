"""`summarizer eval`: score against the gold set, compare configurations, gate on a
baseline or an earlier report. The work is in `summarizer.evaluation`; this reads options."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import ConfigError
from ..files import (
    GENERATOR,
    check_directory,
    check_file,
    json_keys,
    read_head,
    refuse_foreign,
    refuse_special,
    refuse_special_entries,
    write_atomic,
)
from ..modes import WordingMode
from ..session import ModelSettings
from .options import ModelOptions, takes_options

if TYPE_CHECKING:
    from ..evaluation.gate import Verdict

log = logging.getLogger("summarizer")

Dataset = Annotated[Path, typer.Argument(help="Evaluation set: a directory with articles/ and gold/.")]
Only = Annotated[list[str] | None, typer.Option("--only", help="Evaluate only this article (repeatable).")]
Prompts = Annotated[Path | None, typer.Option(help="Prompt templates to evaluate.")]
Wording = Annotated[
    WordingMode, typer.Option(help="Who writes summaries: auto (model unless small), model, extract.")
]
Configs = Annotated[
    list[Path] | None,
    typer.Option(
        "--config",
        help="A configuration to evaluate (TOML: name, base_url, model, api_key, api_key_env, backend, "
        "model_path, prompts, wording). Give two to compare them side by side.",
    ),
]
Baseline = Annotated[Path | None, typer.Option(help="Fail if a headline metric falls below this.")]
Compare = Annotated[
    Path | None,
    typer.Option(
        help="An earlier report.json: show what moved per metric and per article, and fail "
        "(exit 5) if a headline metric fell beyond the tolerance."
    ),
]
Tolerance = Annotated[
    float | None, typer.Option(help="Allowed fall per metric (default: the baseline's, or 0.05).", min=0.0)
]
UpdateBaseline = Annotated[bool, typer.Option(help="Write the scores as the new --baseline.")]
Record = Annotated[Path | None, typer.Option(help="Store every model exchange in this directory.")]
Replay = Annotated[Path | None, typer.Option(help="Answer from exchanges stored with --record: no model.")]
ReportDir = Annotated[Path, typer.Option(help="Where report.json and report.md go.")]
Html = Annotated[Path | None, typer.Option(help="Also write an HTML report here.")]


@takes_options(ModelOptions)
def eval_command(
    dataset: Dataset = Path("evals"),
    only: Only = None,
    *,
    model_options: ModelOptions,
    prompts: Prompts = None,
    wording: Wording = WordingMode.auto,
    config: Configs = None,
    baseline: Baseline = None,
    compare: Compare = None,
    tolerance: Tolerance = None,
    update_baseline: UpdateBaseline = False,
    record: Record = None,
    replay: Replay = None,
    report_dir: ReportDir = Path("."),
    html: Html = None,
) -> None:
    """Run the summariser on every gold article and score it.

    Aligns predicted and gold proposals and initiatives (Hungarian matching on rapidfuzz
    similarity) and reports precision/recall/F1, count, ordinal and link accuracy,
    grounding, speaker/event/date accuracy, attempts, seconds and tokens. Prints a table
    and writes report.json and report.md with each article's differences to gold.

    Examples:

      summarizer eval

      summarizer eval --baseline evals/baseline.json

      summarizer eval --compare last/report.json    # what moved since that run

      summarizer eval --config a.toml --config b.toml

      summarizer eval --record runs/today    # later: --replay runs/today
    """
    # The scorer's libraries (scipy among them) load only for this command.
    from rich.console import Console

    from ..evaluation.dataset import load_cases
    from ..evaluation.gate import fail_if_not_measured, judge
    from ..evaluation.report import print_table
    from ..evaluation.runner import run_variants

    _check_destinations(record, replay, report_dir, html)
    if tolerance is not None and not math.isfinite(tolerance):
        raise ConfigError(f"--tolerance must be a number of at least 0, not {tolerance}")
    base, earlier = _references(None if update_baseline else baseline, compare)
    variants = _variants(config, model_options.settings, prompts, wording)
    cases = load_cases(dataset, only)
    reports, failures = run_variants(variants, cases, record, replay)
    verdict = judge({"dataset": str(dataset), "variants": reports}, base, earlier, tolerance)
    print_table(verdict.report, Console())
    _write_reports(verdict.report, report_dir, html, cases)
    fail_if_not_measured(failures, len(cases))  # before a failing run could become the baseline
    if update_baseline:
        _update_baseline(baseline, reports[0], tolerance)
    _gate(verdict, baseline if base else None)


def _references(
    baseline: Path | None, compare: Path | None
) -> tuple[dict[str, Any] | None, tuple[Path, dict[str, Any]] | None]:
    """The baseline and the earlier report, read before the model runs: a missing or broken
    one is a mistake to hear of now, and the earlier report may be the report.json this run
    replaces."""
    from ..evaluation.compare import load_report
    from ..evaluation.report import load_baseline

    return (load_baseline(baseline) if baseline else None), (load_report(compare) if compare else None)


def _variants(
    configs: list[Path] | None,
    settings: Callable[[], ModelSettings],
    prompts: Path | None,
    wording: WordingMode,
) -> list:
    """The configurations under test: the --config files, else the options given (which
    are read, and checked, only then)."""
    from ..evaluation.runner import Variant, load_variant

    variants = [load_variant(path) for path in configs or []] or [
        Variant("current", settings(), prompts, wording)
    ]
    if len(variants) > 2:
        raise ConfigError("give at most two --config files to compare")
    return variants


def _gate(verdict: Verdict, baseline: Path | None) -> None:
    """Every regression on stderr, then exit 5 if there was one."""
    from rich.console import Console

    for message in verdict.messages():
        Console(stderr=True).print(message)
    if error := verdict.error():
        raise error
    if baseline:
        log.info("no metric fell beyond the tolerance of the baseline %s", baseline)


def _check_destinations(
    record: Path | None, replay: Path | None, report_dir: Path, html: Path | None
) -> None:
    """Where the reports and recordings go is checked before the model runs, not after:
    writable, and holding no report.json, report.md or --html page of the user's (one an
    earlier eval wrote is replaced)."""
    if record and replay:
        raise ConfigError("--record and --replay do not go together")
    check_directory(report_dir, report_dir)
    for name, ours in (("report.json", _our_report_json), ("report.md", _our_report_md)):
        refuse_special(report_dir / name)  # a pipe there would hold the finished eval for ever
        refuse_foreign(report_dir / name, ours, "--report-dir")
    if record is not None:
        check_directory(record, record)
        refuse_special_entries(record)
    if html is not None:
        check_file(html)
        refuse_foreign(html, _our_page, "--html")


def _our_report_json(path: Path) -> bool:
    return {"dataset", "variants"} <= json_keys(path)


def _our_report_md(path: Path) -> bool:
    """Our mark; or, written before there was one, our title beside our report.json."""
    from ..evaluation.report import REPORT_MARK, TITLE

    head = read_head(path)
    if head.startswith(REPORT_MARK.encode()):
        return True
    return head.startswith(f"{TITLE}\n".encode()) and _our_report_json(path.with_name("report.json"))


def _our_page(path: Path) -> bool:
    head = read_head(path)  # our generator mark; or, written before there was one, our title
    return GENERATOR in head or b"<title>summarizer eval: " in head


def _write_reports(report: dict[str, object], report_dir: Path, html: Path | None, cases: list) -> None:
    from ..evaluation.report import to_json, to_markdown

    write_atomic(report_dir / "report.json", to_json(report))
    write_atomic(report_dir / "report.md", to_markdown(report))
    if html:
        from ..render.eval_html import eval_report_html

        write_atomic(html, eval_report_html(report, cases))
    log.info("wrote %s and %s", report_dir / "report.json", report_dir / "report.md")


def _update_baseline(baseline: Path | None, current: dict, tolerance: float | None) -> None:
    from ..evaluation.gate import DEFAULT_TOLERANCE, baseline_document
    from ..evaluation.report import to_json

    if baseline is None:
        raise ConfigError("--update-baseline needs --baseline FILE")
    chosen = tolerance if tolerance is not None else DEFAULT_TOLERANCE
    write_atomic(baseline, to_json(baseline_document(current["metrics"], current["config"], chosen)))
    log.info("baseline %s updated", baseline)
