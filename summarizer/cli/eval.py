"""`summarizer eval`: score against the gold set, compare configurations, gate on a baseline."""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ConfigError, EndpointError, SummarizerError
from ..files import check_directory, check_file, write_atomic
from ..session import DEFAULT_TIMEOUT
from .options import ApiKey, Backend, BaseUrl, Model, ModelPath, Timeout, model_settings

log = logging.getLogger("summarizer")


class RegressionFound(SummarizerError):
    exit_code = 5


def eval_command(
    dataset: Annotated[
        Path, typer.Argument(help="Evaluation set: a directory with articles/ and gold/.")
    ] = Path("evals"),
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Evaluate only this article (repeatable).")
    ] = None,
    base_url: BaseUrl = None,
    model: Model = None,
    api_key: ApiKey = None,
    backend: Backend = None,
    model_path: ModelPath = None,
    timeout: Timeout = DEFAULT_TIMEOUT,
    prompts: Annotated[Path | None, typer.Option(help="Prompt templates to evaluate.")] = None,
    wording: Annotated[
        str, typer.Option(help="Who writes summaries: auto (model unless small), model, extract.")
    ] = "auto",
    config: Annotated[
        list[Path] | None,
        typer.Option(
            "--config",
            help="A configuration to evaluate (TOML: name, base_url, model, api_key_env, backend, "
            "model_path, prompts, wording). Give two to compare them side by side.",
        ),
    ] = None,
    baseline: Annotated[Path | None, typer.Option(help="Fail if a headline metric falls below this.")] = None,
    tolerance: Annotated[
        float | None,
        typer.Option(help="Allowed fall per metric (default: the baseline's, or 0.05).", min=0.0),
    ] = None,
    update_baseline: Annotated[bool, typer.Option(help="Write the scores as the new --baseline.")] = False,
    record: Annotated[Path | None, typer.Option(help="Store every model exchange in this directory.")] = None,
    replay: Annotated[
        Path | None, typer.Option(help="Answer from exchanges stored with --record: no model.")
    ] = None,
    report_dir: Annotated[Path, typer.Option(help="Where report.json and report.md go.")] = Path("."),
    html: Annotated[Path | None, typer.Option(help="Also write an HTML report here.")] = None,
) -> None:
    """Run the summariser on every gold article and score it.

    Aligns predicted and gold proposals and initiatives (Hungarian matching on rapidfuzz
    similarity) and reports precision/recall/F1, count, ordinal and link accuracy,
    grounding, speaker/event/date accuracy, attempts, seconds and tokens. Prints a table
    and writes report.json and report.md with each article's differences to gold.

    Examples:

      summarizer eval

      summarizer eval --baseline evals/baseline.json

      summarizer eval --config a.toml --config b.toml

      summarizer eval --record runs/today    # later: --replay runs/today
    """
    # The scorer's libraries (scipy among them) load only for this command.
    from rich.console import Console

    from ..evaluation.dataset import load_cases
    from ..evaluation.metrics import pool_scores
    from ..evaluation.report import (
        DEFAULT_TOLERANCE,
        baseline_document,
        load_baseline,
        print_table,
        regressions,
        to_json,
        to_markdown,
    )
    from ..evaluation.runner import Variant, load_variant, recorded_label, run_variant, variant_report

    if record and replay:
        raise ConfigError("--record and --replay do not go together")
    # Where the reports and recordings go is checked before the model runs, not after.
    check_directory(report_dir, report_dir)
    if record is not None:
        check_directory(record, record)
    if html is not None:
        check_file(html)
    if tolerance is not None and not math.isfinite(tolerance):
        raise ConfigError(f"--tolerance must be a number of at least 0, not {tolerance}")
    # Read before the model runs: a missing or broken baseline is a mistake to hear of now,
    # and an eval gated on a baseline it could not read must not pass.
    base = load_baseline(baseline) if baseline and not update_baseline else None
    variants = [load_variant(path) for path in config or []]
    if not variants:
        settings = model_settings(base_url, model, api_key, backend, model_path, timeout)
        variants = [Variant("current", settings, prompts, wording)]
    if len(variants) > 2:
        raise ConfigError("give at most two --config files to compare")
    cases = load_cases(dataset, only)
    console = Console(stderr=True)
    reports = []

    def subdir(root: Path | None, variant: Variant) -> Path | None:
        return root / variant.name if root and len(variants) > 1 else root

    failures: dict[str, list[SummarizerError]] = {}
    for variant in variants:
        scores = run_variant(
            variant,
            cases,
            record=subdir(record, variant),
            replay=subdir(replay, variant),
            progress=lambda name, v=variant.name: log.info("[%s] %s", v, name),
            failures=failures.setdefault(variant.name, []),
        )
        label = recorded_label(variant, subdir(replay, variant))
        reports.append(variant_report(variant, scores, pool_scores(scores), label))
    report: dict[str, object] = {"dataset": str(dataset), "variants": reports}
    found = regressions(reports[0]["metrics"], base, tolerance) if base else []
    if base:
        report["baseline"] = base
        report["regressions"] = [str(r) for r in found]
    print_table(reports, base, Console())
    write_atomic(report_dir / "report.json", to_json(report))
    write_atomic(report_dir / "report.md", to_markdown(report))
    if html:
        from ..render.eval_html import eval_report_html

        write_atomic(html, eval_report_html(report, cases))
    log.info("wrote %s and %s", report_dir / "report.json", report_dir / "report.md")
    _fail_if_not_measured(failures, len(cases))  # before a failing run could become the baseline
    if update_baseline:
        if baseline is None:
            raise ConfigError("--update-baseline needs --baseline FILE")
        chosen = tolerance if tolerance is not None else DEFAULT_TOLERANCE
        write_atomic(
            baseline, to_json(baseline_document(reports[0]["metrics"], reports[0]["config"], chosen))
        )
        log.info("baseline %s updated", baseline)
    if found:
        for regression in found:
            console.print(f"[red]regression:[/red] {regression}")
        raise RegressionFound(f"{len(found)} metric(s) fell beyond the tolerance: {found[0]}")
    if baseline and base:
        log.info("no metric fell beyond the tolerance of the baseline %s", baseline)


class NotMeasured(SummarizerError):
    """The scores measure a failing endpoint, not the summariser: the run must not pass."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _fail_if_not_measured(failures: dict[str, list[SummarizerError]], cases: int) -> None:
    """After the reports are written: an endpoint fault on any article, or every article
    failing, ends the eval with that failure's exit code (3 for the endpoint), never 0."""
    for name, errors in failures.items():
        endpoint = [e for e in errors if isinstance(e, EndpointError)]
        if endpoint:
            raise NotMeasured(
                f"[{name}] {len(endpoint)} of {cases} articles failed at the endpoint: {endpoint[0]}", 3
            )
        if errors and len(errors) == cases:
            raise NotMeasured(f"[{name}] every article failed: {errors[0]}", errors[0].exit_code)
