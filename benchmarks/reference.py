"""Time the reference article on the embedded model and compare with the model's own limit.

    python benchmarks/reference.py [--runs 3]

For each run, as a user runs it (`summarizer summarize examples/brics-2024-09-11.txt`):
wall seconds of the whole command, seconds of the summarising itself, prompt tokens sent
(and how many the server actually computed, the rest coming from its cache), completion
tokens, model calls, the server's own prompt and generation speed, and the ratio of our
time to the model's limit: computed prompt tokens / prompt speed + completion tokens /
generation speed, both speeds from llama.cpp's timings. Targets: <= 30 s, ratio <= 1.3.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timings import server_totals

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "brics-2024-09-11.txt"
SUMMARIZER = str(Path(sys.executable).with_name("summarizer"))


def one_run(out: Path) -> dict[str, float]:
    started = time.monotonic()
    result = subprocess.run(
        [SUMMARIZER, "-v", "summarize", str(ARTICLE), "--out", str(out)], capture_output=True, text=True
    )
    wall = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(result.stderr[-2000:])
    run = json.loads(out.read_text())["run"]
    server = server_totals(result.stderr)
    limit = server.limit_s
    return {
        "wall_s": wall,
        "summarise_s": run["seconds"],
        "prompt_tokens": run["prompt_tokens"],
        "computed_prompt_tokens": server.computed,
        "completion_tokens": run["completion_tokens"],
        "attempts": run["attempts"],
        "prompt_tok_per_s": server.prompt_speed,
        "gen_tok_per_s": server.gen_speed,
        "model_limit_s": limit,
        "ratio_summarise": run["seconds"] / limit if limit else float("nan"),
        "ratio_wall": wall / limit if limit else float("nan"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for n in range(args.runs):
            row = one_run(Path(scratch) / f"run{n}.json")
            rows.append(row)
            print(f"run {n + 1}: " + ", ".join(f"{k} {v:.2f}" for k, v in row.items()), flush=True)
    print("\nmedian over runs:")
    for key in rows[0]:
        print(f"  {key:24} {statistics.median(r[key] for r in rows):10.2f}")


if __name__ == "__main__":
    main()
