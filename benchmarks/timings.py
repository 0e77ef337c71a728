"""llama.cpp's own timings, summed from a `summarizer -v` run's stderr.

`-v` logs one line per answer: "answer: P prompt tokens (C from cache) in S s, G generated in T s".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ServerTotals:
    computed: float = 0.0  # prompt tokens the server read (the rest came from its cache)
    cached: float = 0.0
    prompt_s: float = 0.0
    generated: float = 0.0
    gen_s: float = 0.0

    @property
    def prompt_speed(self) -> float:
        return self.computed / self.prompt_s if self.prompt_s else float("nan")

    @property
    def gen_speed(self) -> float:
        return self.generated / self.gen_s if self.gen_s else float("nan")

    @property
    def limit_s(self) -> float:
        """The model's own compute time: what no client can beat."""
        return self.prompt_s + self.gen_s


def server_totals(stderr: str) -> ServerTotals:
    totals = ServerTotals()
    for line in stderr.splitlines():
        if "answer:" in line and "prompt tokens" in line:
            words = line.split()
            totals.computed += float(words[words.index("prompt") - 1])
            totals.cached += float(words[words.index("from") - 1].lstrip("("))
            totals.prompt_s += float(words[words.index("in") + 1])
            totals.generated += float(words[words.index("generated") - 1])
            totals.gen_s += float(words[words.index("generated") + 2])
    return totals
