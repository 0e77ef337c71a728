"""What Ray costs on one machine: `batch --ray` with one local actor against `batch -j 1`.

    python benchmarks/ray_overhead.py [--articles 10]

Both run N articles of the eval set on the embedded model with an empty result cache, as
a user would (each command starts its own model; `--ray` also starts a local Ray runtime
and one actor). Prints the seconds of each, articles per minute, and the ratio (the
issue's bar: at most 1.15x). Needs `pip install '.[ray]'`. Takes a few minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUMMARIZER = str(Path(sys.executable).with_name("summarizer"))


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.monotonic() - started
    if result.returncode != 0:  # a failed article is part of the measurement, not the end of it
        print(f"note: exit {result.returncode}: {result.stderr.strip().splitlines()[-1:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10)
    args = parser.parse_args()
    load = os.getloadavg()[0]  # other work on the machine skews both figures
    articles = [str(p) for p in sorted((ROOT / "evals" / "articles").glob("*.txt"))[: args.articles]]
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        env = {**os.environ, "SUMMARIZER_CACHE_DIR": str(work / "cache")}
        # Warm: the model assembled once and the system prompt's cache saved, as after any first run.
        timed([SUMMARIZER, "summarize", articles[0], "--out", str(work / "warm.json")], env)
        local = timed(
            [SUMMARIZER, "batch", *articles, "--out", str(work / "j1"), "--no-cache", "-j", "1"], env
        )
        on_ray = timed(
            [SUMMARIZER, "batch", *articles, "--out", str(work / "ray"), "--no-cache", "--ray"], env
        )
    n = len(articles)
    print(f"{n} articles from evals/articles, embedded model, {os.cpu_count()} CPUs, "
          f"load average before: {load:.2f}\n")  # fmt: skip
    print(f"{'mode':28} {'total s':>9} {'s/article':>10} {'articles/min':>13}")
    for name, seconds in (("batch -j 1", local), ("batch --ray, 1 local actor", on_ray)):
        print(f"{name:28} {seconds:9.1f} {seconds / n:10.1f} {60 * n / seconds:13.2f}")
    print(f"\n--ray / -j 1: {on_ray / local:.2f}x (the issue's bar: at most 1.15x)")


if __name__ == "__main__":
    main()
