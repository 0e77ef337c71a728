"""`summarizer logs`: the runs `summarize` and `batch` kept, and each one's exchanges."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from ..render.safe import plain

logs_app = typer.Typer(
    help="The run log: every model exchange of `summarize` and `batch` (SQLite in the user data "
    "directory; SUMMARIZER_DATA_DIR moves it, --no-log or SUMMARIZER_NO_LOG=1 turns it off).\n\n"
    "Examples:\n\n  summarizer logs -n 5\n\n  summarizer logs --article brics --json\n\n"
    "  summarizer logs show 12\n\n  summarizer summarize article.txt --replay-log 12",
    invoke_without_command=True,
    no_args_is_help=False,
)

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@logs_app.callback()
def recent(
    ctx: typer.Context,
    count: Annotated[int, typer.Option("-n", "--count", help="How many runs, newest first.", min=1)] = 20,
    article: Annotated[
        str | None,
        typer.Option("--article", help="Only runs of this article: a sha256 prefix or part of its path."),
    ] = None,
    model: Annotated[str | None, typer.Option("--model", help="Only runs of models named so.")] = None,
    as_json: AsJson = False,
) -> None:
    """List recent runs (with no command)."""
    if ctx.invoked_subcommand is not None:
        return
    from ..runlog.store import read_log

    store = read_log()
    try:
        runs = store.runs(count, article, model)
    finally:
        store.close()
    if as_json:
        print(json.dumps(runs, indent=1, ensure_ascii=False))
        return
    _echo(
        f"{'id':>5}  {'started (UTC)':<25} {'status':<6} {'calls':>5} {'tokens':>7} {'s':>6}  model  source"
    )
    for run in runs:
        tokens = run["prompt_tokens"] + run["completion_tokens"]
        _echo(
            f"{run['id']:>5}  {run['started']:<25} {run['status']:<6} {run['exchanges']:>5} {tokens:>7} "
            f"{run['seconds']:>6.1f}  {run['model']}  {run['source']}"
        )


@logs_app.command()
def show(
    run_id: Annotated[int, typer.Argument(metavar="ID", help="A run's id, as `summarizer logs` lists it.")],
    as_json: AsJson = False,
) -> None:
    """One run's exchanges: each request's messages, the answer, tokens, seconds, attempt
    and the validation error an answer failed."""
    from ..runlog.store import read_log

    store = read_log()
    try:
        run = store.run(run_id)
    finally:
        store.close()
    if as_json:
        print(json.dumps(run, indent=1, ensure_ascii=False))
        return
    _echo(f"run {run['id']}: {run['source']} (sha256 {run['article_sha256']}), {run['status']}")
    _echo(f"  {run['started']}, {run['seconds']:.1f} s, summarizer {run['version']}")
    _echo(
        f"  model {run['model']} at {run['endpoint']} ({run['backend']}), prompts {run['prompt_sha256'][:12]}"
    )
    if run["error"]:
        _echo(f"  error: {run['error']}")
    for exchange in run["exchanges"]:
        _print_exchange(exchange)


def _print_exchange(exchange: dict[str, Any]) -> None:
    _echo(
        f"\n#{exchange['seq']} {exchange['question']}, attempt {exchange['attempt']}: "
        f"HTTP {exchange['status'] or '-'}, {exchange['seconds']:.1f} s, "
        f"{exchange['prompt_tokens']} prompt + {exchange['completion_tokens']} completion tokens"
    )
    for message in (exchange["request"] or {}).get("messages", []):
        _echo(f"--- {message.get('role')}:\n{message.get('content')}")
    _echo(f"--- answer:\n{exchange['answer'] if exchange['answer'] is not None else exchange['body']}")
    if exchange["error"]:
        _echo(f"--- failed: {exchange['error']}")


def _echo(text: str) -> None:
    """A line of the text view: the run log holds articles and server answers, so no control
    character of theirs reaches the terminal (JSON escapes them itself)."""
    print(plain(text))
