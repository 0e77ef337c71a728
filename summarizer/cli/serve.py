"""`summarizer serve`: the embedded model as an OpenAI-compatible endpoint."""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
from pathlib import Path
from typing import Annotated

import typer

from ..embedded import DEFAULT_CONTEXT, default_model_path, serve_forever
from ..errors import ConfigError
from .options import ModelPath

log = logging.getLogger("summarizer")
# llama.cpp holds these in 32-bit integers; past them it fails with an OverflowError.
MAX_TOKENS = 2**31 - 1
MAX_SLOTS = 256
MAX_THREADS = 1024


def serve(
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8080,
    host: Annotated[
        str, typer.Option(help="Address to bind. Anything but loopback exposes the model to the network.")
    ] = "127.0.0.1",
    model_path: ModelPath = None,
    slots: Annotated[
        int, typer.Option(help="Requests served at once (each gets the full context).", min=1, max=MAX_SLOTS)
    ] = 1,
    context: Annotated[
        int, typer.Option(help="Context length per slot, in tokens.", min=1, max=MAX_TOKENS)
    ] = DEFAULT_CONTEXT,
    threads: Annotated[
        int | None, typer.Option(help="CPU threads (default: all cores).", min=1, max=MAX_THREADS)
    ] = None,
) -> None:
    """Serve the embedded model (or --model-path) until stopped with Ctrl-C, for
    `summarizer summarize --base-url` and any other OpenAI-compatible client.

    Examples:

      summarizer serve --port 8080

      summarizer summarize article.txt --base-url http://127.0.0.1:8080/v1
    """
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        log.warning("binding %s: the model is reachable from other machines, with no API key", host)
    if slots * context > MAX_TOKENS:
        raise ConfigError(
            f"--slots {slots} x --context {context} is more tokens than llama.cpp can hold ({MAX_TOKENS})"
        )
    path = model_path or default_model_path()
    # Checked here, before llama.cpp loads anything: its own failure names no argument.
    check_model_file(path)
    check_port_free(host, port)
    serve_forever(path, host, port, slots, context, threads, quiet=True)


def check_model_file(path: Path) -> None:
    """A readable regular file that starts as a GGUF model does ("GGUF"), or exit 2 saying why."""
    if not path.exists():
        raise ConfigError(f"--model-path {path}: no such file")
    if not path.is_file():
        raise ConfigError(f"--model-path {path} is not a file (a directory, pipe or device)")
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as error:
        raise ConfigError(f"--model-path {path}: cannot read it: {error.strerror or error}") from None
    if magic != b"GGUF":
        raise ConfigError(f"--model-path {path} is not a GGUF model file (it does not start with 'GGUF')")


def check_port_free(host: str, port: int) -> None:
    """`host` resolves and `port` on it can be bound now, or exit 2 saying which is wrong."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (OSError, UnicodeError) as error:
        raise ConfigError(f"--host {host!r} is not an address to listen on ({error})") from None
    with socket.socket(family, kind, proto) as probe:
        if os.name == "posix":  # as the server binds: a port in TIME_WAIT is free
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            raise ConfigError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
