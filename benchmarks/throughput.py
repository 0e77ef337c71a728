"""Batch throughput on the embedded model, against one `summarize` run per article.

    python benchmarks/throughput.py [--articles 10]

Prints, for N articles of the eval set: seconds per article as N separate
`summarizer summarize` runs; as one `summarizer batch` at concurrency 1 and 2 (no
cache); articles per minute; the whole batch again from the result cache; the prompt
tokens the server's prompt cache saved (and the seconds that is at its prompt speed);
and the ratio of batch time to the model's own compute time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timings import server_totals

ROOT = Path(__file__).resolve().parents[1]
SUMMARIZER = str(Path(sys.executable).with_name("summarizer"))


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        # A failed article is part of the measurement, not the end of it.
        failures = [line for line in result.stderr.splitlines() if "failed:" in line or "error:" in line]
        print(f"note: {' '.join(command[1:3])}... exit {result.returncode}: " + " | ".join(failures)[-400:])
    return time.monotonic() - started, result.stderr


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10)
    args = parser.parse_args()
    articles = sorted((ROOT / "evals" / "articles").glob("*.txt"))[: args.articles]
    n = len(articles)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        env = {**os.environ, "SUMMARIZER_CACHE_DIR": str(work / "cache")}
        # Warm: assemble the model once and save the system prompt's cache, as any user's
        # first run does; every measurement below starts from there.
        timed([SUMMARIZER, "summarize", str(articles[0]), "--out", str(work / "warm.json")], env)
        # Keep the assembled model but measure with an empty result cache.
        (work / "cache" / "results.sqlite3").unlink(missing_ok=True)

        separate = 0.0
        for article in articles:
            seconds, _ = timed([SUMMARIZER, "summarize", str(article), "--out", str(work / "one.json")], env)
            separate += seconds
        rows = [("separate summarize runs", separate)]
        totals = {}
        for concurrency in (1, 2):
            seconds, stderr = timed(
                [SUMMARIZER, "-v", "batch", *map(str, articles), "--out", str(work / f"j{concurrency}"),
                 "--no-cache", "-j", str(concurrency)],
                env,
            )  # fmt: skip
            rows.append((f"batch, concurrency {concurrency}", seconds))
            totals[concurrency] = server_totals(stderr)
        timed([SUMMARIZER, "batch", *map(str, articles), "--out", str(work / "fill")], env)  # fill the cache
        cached_seconds, _ = timed([SUMMARIZER, "batch", *map(str, articles), "--out", str(work / "hit")], env)

    print(f"{n} articles from evals/articles\n")
    print(f"{'mode':28} {'total s':>9} {'s/article':>10} {'articles/min':>13} {'vs separate':>12}")
    for name, seconds in rows:
        print(
            f"{name:28} {seconds:9.1f} {seconds / n:10.1f} {60 * n / seconds:13.2f} {separate / seconds:11.2f}x"
        )
    print(f"{'batch again, all cached':28} {cached_seconds:9.2f} {cached_seconds / n:10.2f}")
    server = totals[1]
    print(
        f"\nprompt cache (concurrency 1): {server.cached:.0f} of {server.cached + server.computed:.0f} prompt "
        f"tokens served from cache ({server.cached / (server.cached + server.computed):.0%}), about "
        f"{server.cached / server.prompt_speed:.0f} s saved at {server.prompt_speed:.1f} tok/s"
    )
    print(f"model's own compute time (concurrency 1): {server.limit_s:.1f} s for {server.computed:.0f} prompt + "
          f"{server.generated:.0f} generated tokens; batch/limit ratio {rows[1][1] / server.limit_s:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
