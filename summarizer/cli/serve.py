"""`summarizer serve`: the embedded model as an OpenAI-compatible endpoint."""

from __future__ import annotations

import ipaddress
import logging
from typing import Annotated

import typer

from ..embedded import DEFAULT_CONTEXT, default_model_path, serve_forever
from .options import ModelPath

log = logging.getLogger("summarizer")


def serve(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8080,
    host: Annotated[
        str, typer.Option(help="Address to bind. Anything but loopback exposes the model to the network.")
    ] = "127.0.0.1",
    model_path: ModelPath = None,
    slots: Annotated[int, typer.Option(help="Requests served at once (each gets the full context).")] = 1,
    context: Annotated[int, typer.Option(help="Context length per slot, in tokens.")] = DEFAULT_CONTEXT,
    threads: Annotated[int | None, typer.Option(help="CPU threads (default: all cores).")] = None,
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
    path = model_path or default_model_path()
    serve_forever(path, host, port, slots, context, threads, quiet=True)
