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
    from ..batch.cache import OnCorrupt

    cache = results_cache(OnCorrupt.REFUSE)  # a report changes nothing, not even a corrupt file
    print(f"results: {cache.count()} summaries in {cache.path}")
    slots = list((cache_dir() / "slots").glob("prefix-*.bin"))
    print(f"prompt caches: {len(slots)} in {cache_dir() / 'slots'}")


@cache_app.command()
def clear() -> None:
    """Forget every cached summary and saved prompt cache (the assembled model stays)."""
    from ..batch.cache import OnCorrupt
    from ..prefix_cache import clear_prefixes  # it brings in the HTTP client; only this command needs it

    removed = results_cache(OnCorrupt.DELETE).clear()  # works on a corrupt file too: it starts anew
    prefixes = clear_prefixes(cache_dir() / "slots")
    print(f"removed {removed} cached summaries and {prefixes} prompt caches")
