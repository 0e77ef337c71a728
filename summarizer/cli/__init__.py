"""The command line: thin typer commands over the library, one module each.

Results go to stdout, logs to stderr; every failure is one line on stderr and a
non-zero exit code (2 input, 3 endpoint, 4 model answer, 1 other), never a traceback.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import signal
import sys
from typing import Annotated, NoReturn

import typer

try:  # typer carries its own copy of click; its usage errors are that copy's classes
    from typer._click import exceptions as click_errors
except ImportError:  # an older typer on the real click
    from click import exceptions as click_errors  # type: ignore[no-redef]

from .. import __version__
from ..errors import StreamFailed, SummarizerError
from ..redact import RedactingFilter, RedactingStream, redact
from ..render.safe import plain
from .batch import batch
from .cache import cache_app
from .doctor import doctor
from .eval import eval_command
from .logs import logs_app
from .once import refuse_repeats
from .ray_flags import LOCAL_RAY
from .schema import schema
from .serve import serve
from .summarize import summarize

app = typer.Typer(
    name="summarizer",
    help="Grounded structured summaries of news articles about diplomatic statements.\n\n"
    "Start with: summarizer summarize examples/brics-2024-09-11.txt",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
)


def _print_version(value: bool) -> None:
    if value:
        print(f"summarizer {__version__}")
        raise typer.Exit()


@app.callback()
def _configure(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="More detail on stderr.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
) -> None:
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("summarizer: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.getLogger("summarizer").setLevel(level)
    # Libraries stay quiet: what they would say reaches the user as our own one-line errors.
    for noisy in ("httpx", "httpx2", "openai", "instructor", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)


app.command()(summarize)
app.command()(batch)
app.command()(serve)
app.command()(doctor)
app.command("eval")(eval_command)
app.command()(schema)
app.add_typer(cache_app, name="cache")
app.add_typer(logs_app, name="logs")
refuse_repeats(app, cache_app, logs_app)


INTERNAL_ERROR = 1  # README: "1 other"


def one_line(text: str, limit: int = 600) -> str:
    """A message fit for one stderr line: no newlines from file names or server answers, no
    control characters from them either (see `redact.one_line`)."""
    return plain(" ".join(text.split()))[:limit]


def optional_values(argv: list[str]) -> list[str]:
    """`--ray` alone means `--ray local`: typer has no option whose value may be left out."""
    given = []
    for index, arg in enumerate(argv):
        given.append(arg)
        if arg == "--ray" and (index + 1 == len(argv) or argv[index + 1].startswith("-")):
            given.append(LOCAL_RAY)
    return given


def _discard_stdout() -> None:
    """What stdout could not take stays in its buffer, and Python's own flush at exit would
    fail again with a second, unformatted message: send it to the null device instead."""
    with contextlib.suppress(OSError, AttributeError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.__stdout__.fileno())


INTERRUPTED = 130  # 128 + SIGINT, what typer returns for Ctrl-C
TERMINATED = 143  # 128 + SIGTERM
_stopped_by: list[int] = []  # the signal a run was stopped by, once it is


def _on_stop(signum: int, frame: object) -> None:
    """Ctrl-C or SIGTERM stops a run: what runs is finished, written and counted. A second
    signal of either kind ends the process at once (the default action, restored here)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _stopped_by.append(TERMINATED if signum == signal.SIGTERM else INTERRUPTED)
    raise KeyboardInterrupt


def _interrupted() -> NoReturn:
    print("summarizer: interrupted", file=sys.stderr)
    sys.exit(_stopped_by[0] if _stopped_by else INTERRUPTED)


def main() -> None:
    # Every byte the CLI prints passes a secret mask, whatever path printed it.
    sys.stdout = RedactingStream(sys.stdout, "stdout")  # type: ignore[assignment]
    sys.stderr = RedactingStream(sys.stderr, "stderr")  # type: ignore[assignment]
    signal.signal(signal.SIGTERM, _on_stop)
    signal.signal(signal.SIGINT, _on_stop)
    try:
        # Not standalone: click would print a usage error as a six-line panel; we print one line.
        code = app(args=optional_values(sys.argv[1:]), standalone_mode=False)
        sys.stdout.flush()  # here, not at exit: a full disk or closed pipe is one error line
    except click_errors.NoArgsIsHelpError as error:
        error.show()  # `summarizer` alone: the help, as always
        sys.exit(error.exit_code)
    except click_errors.UsageError as error:
        where = error.ctx.command_path if error.ctx else "summarizer"
        print(f"summarizer: error: {one_line(error.format_message())} (see {where} --help)", file=sys.stderr)
        sys.exit(2)
    except click_errors.ClickException as error:
        print(f"summarizer: error: {one_line(error.format_message())}", file=sys.stderr)
        sys.exit(error.exit_code)
    except typer.Abort:
        _interrupted()
    except SummarizerError as error:
        if isinstance(error, StreamFailed):
            _discard_stdout()
        print(f"summarizer: error: {redact(one_line(str(error)))}", file=sys.stderr)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        _interrupted()
    except OSError as error:  # a file the tool had to read or write: named, with the cause
        where = f" {error.filename}" if error.filename else ""
        print(
            f"summarizer: error: cannot use{where}: {redact(one_line(error.strerror or str(error)))}",
            file=sys.stderr,
        )
        sys.exit(INTERNAL_ERROR)
    except Exception as error:  # the promise is one line, never a traceback
        if os.environ.get("SUMMARIZER_DEBUG"):
            raise
        detail = redact(one_line(str(error), 300))
        print(
            f"summarizer: internal error: {type(error).__name__}: {detail} "
            "(set SUMMARIZER_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        sys.exit(INTERNAL_ERROR)
    else:
        if code == INTERRUPTED:  # typer answers KeyboardInterrupt with exit 130, saying nothing
            _interrupted()
        sys.exit(code if isinstance(code, int) else 0)  # --help and friends return their code
    finally:
        # Python's last garbage collection at exit walks every object openai and pydantic
        # made (~0.45 s here). Nothing is left to free that the OS won't: skip it.
        gc.freeze()
