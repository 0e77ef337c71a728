"""The gate: which headline metrics fell against a reference (a baseline, or an earlier
report), and whether the scores measure the summariser at all."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EndpointError, SummarizerError
from .compare import comparison
from .metrics import COST, GATED, REGISTRY

DEFAULT_TOLERANCE = 0.05


@dataclass(frozen=True)
class Regression:
    metric: str
    baseline: float
    current: float
    tolerance: float

    def __str__(self) -> str:
        drop = self.current - self.baseline
        moved = "rose" if drop > 0 else "fell"
        return (
            f"{self.metric} {moved} from {self.baseline:.3f} to {self.current:.3f} "
            f"({drop:+.3f}; tolerance {self.tolerance:.3f})"
        )


class RegressionFound(SummarizerError):
    exit_code = 5


def regressions(
    metrics: dict[str, Any], reference: dict[str, Any], tolerance: float | None = None
) -> list[Regression]:
    """Every headline metric that fell by more than the tolerance (default: the
    reference's own, or 0.05), and every lower-is-better one that rose at all."""
    allowed = float(reference.get("tolerance", DEFAULT_TOLERANCE) if tolerance is None else tolerance)
    one_article = 1.0 / metrics["articles"] if metrics.get("articles") else 0.0
    found = []
    for name in GATED:
        if name not in reference.get("metrics", {}) or name not in metrics:
            continue
        flags = REGISTRY.get(name)
        before, now = float(reference["metrics"][name]), float(metrics[name])
        if not math.isfinite(now) and math.isfinite(before):  # NaN compares false: never "fell"
            found.append(Regression(name, before, now, 0.0))
            continue
        if flags and flags.lower_is_better:
            if now > before + 1e-9:
                found.append(Regression(name, before, now, 0.0))
            continue
        slack = max(allowed, one_article) if flags and flags.per_article else allowed
        if now < before - slack - 1e-9:
            found.append(Regression(name, before, now, slack))
    return found


@dataclass(frozen=True)
class Verdict:
    """The report with what the gate found in it, and the regressions, by reference."""

    report: dict[str, Any]
    against_baseline: list[Regression] = field(default_factory=list)
    against_earlier: list[Regression] = field(default_factory=list)

    def messages(self) -> list[str]:
        """One line per regression (rich markup) for stderr."""
        return [f"[red]regression:[/red] {r}" for r in self.against_baseline] + [
            f"[red]regression since the earlier report:[/red] {r}" for r in self.against_earlier
        ]

    def error(self) -> RegressionFound | None:
        if found := self.against_baseline:
            return RegressionFound(f"{len(found)} metric(s) fell beyond the tolerance: {found[0]}")
        if found := self.against_earlier:
            where = self.report["compare"]["report"]
            return RegressionFound(
                f"{len(found)} metric(s) fell beyond the tolerance since {where}: {found[0]}"
            )
        return None


def judge(
    report: dict[str, Any],
    baseline: dict[str, Any] | None,
    earlier: tuple[Path, dict[str, Any]] | None = None,
    tolerance: float | None = None,
) -> Verdict:
    """Gate the first variant against the baseline and against the earlier report (each
    optional, by the same rule), and say so in a copy of the report."""
    judged = dict(report)
    metrics = report["variants"][0]["metrics"]
    against_baseline = regressions(metrics, baseline, tolerance) if baseline else []
    if baseline:
        judged["baseline"] = baseline
        judged["regressions"] = [str(r) for r in against_baseline]
    against_earlier = []
    if earlier is not None:
        then = comparison(*earlier, report["variants"][0])
        against_earlier = regressions(metrics, then, tolerance)  # the earlier report has no tolerance
        judged["compare"] = {**then, "regressions": [str(r) for r in against_earlier]}
    return Verdict(judged, against_baseline, against_earlier)


def baseline_document(metrics: dict[str, Any], config: str, tolerance: float) -> dict[str, Any]:
    """What --update-baseline writes: the gated metrics and the cost, with the tolerance."""
    return {
        "config": config,
        "tolerance": tolerance,
        "metrics": {name: metrics[name] for name in (*GATED, *COST) if name in metrics},
    }


class NotMeasured(SummarizerError):
    """The scores measure a failing endpoint, not the summariser: the run must not pass."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def fail_if_not_measured(failures: dict[str, list[SummarizerError]], cases: int) -> None:
    """After the reports are written: an endpoint fault on any article, or every article
    failing, ends the eval with that failure's exit code (3 for the endpoint), never 0."""
    for name, errors in failures.items():
        endpoint = [e for e in errors if isinstance(e, EndpointError)]
        if endpoint:
            raise NotMeasured(
                f"[{name}] {len(endpoint)} of {cases} articles failed at the endpoint: {endpoint[0]}", 3
            )
        if errors and len(errors) == cases:
            raise NotMeasured(f"[{name}] every article failed: {errors[0]}", errors[0].exit_code)
