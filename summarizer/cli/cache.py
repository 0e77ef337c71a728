"""`summarizer cache`: see or clear the result cache and the saved prompt caches."""

from __future__ import annotations

import typer

from ..embedded import cache_dir
from .batch import results_cache

cache_app = typer.Typer(
    help="The result cache that lets batches skip finished articles.", no_args_is_help=True
)


@cache_app.command()
def info() -> None:
    """Where the caches live and how much they hold."""
    cache = results_cache()
    print(f"results: {cache.count()} summaries in {cache.path}")
    slots = list((cache_dir() / "slots").glob("prefix-*.bin"))
    print(f"prompt caches: {len(slots)} in {cache_dir() / 'slots'}")


@cache_app.command()
def clear() -> None:
    """Forget every cached summary and saved prompt cache (the assembled model stays)."""
    from ..prefix_cache import clear_prefixes  # it brings in the HTTP client; only this command needs it

    removed = results_cache().clear()
    prefixes = clear_prefixes(cache_dir() / "slots")
    print(f"removed {removed} cached summaries and {prefixes} prompt caches")
