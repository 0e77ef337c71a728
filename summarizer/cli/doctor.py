"""`summarizer doctor`: is this endpoint fit to summarise with?"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from .. import __version__
from ..embedded import EMBEDDED_PROFILE, MODEL_NAME, EmbeddedServer
from ..endpoint import EndpointConfig
from ..redact import one_line
from ..session import MAX_TIMEOUT
from .options import ModelOptions, takes_options

DOCTOR_TIMEOUT = 30.0  # a check of readiness should not take a model's full answer time
DoctorTimeout = Annotated[
    float,
    typer.Option(
        "--timeout",
        help=f"Seconds each check's request may take, retries included (at most {MAX_TIMEOUT:g}).",
    ),
]


# Its --timeout is each check's, not the model's, and stands in the main panel after --json.
@takes_options(ModelOptions, timeout=(DoctorTimeout, DOCTOR_TIMEOUT))
def doctor(
    as_json: Annotated[bool, typer.Option("--json", help="Print the checks as JSON.")] = False,
    *,
    model_options: ModelOptions,
) -> None:
    """Check an endpoint: reachable, which models it serves, whether it really enforces a
    JSON schema (probed with one no model satisfies by accident), and a verdict line.

    With no endpoint, checks the embedded model (assembling and starting it).

    Examples:

      summarizer doctor --base-url http://127.0.0.1:8080/v1

      summarizer doctor
    """
    from ..doctor import diagnose

    settings = model_options.settings().with_environment()
    timeout = model_options.timeout
    if settings.base_url:
        report = diagnose(
            EndpointConfig(settings.base_url, settings.model, settings.api_key, settings.backend), timeout
        )
        where = settings.base_url
    else:
        with EmbeddedServer(settings.model_path) as server:
            report = diagnose(EndpointConfig(server.base_url, MODEL_NAME, None, EMBEDDED_PROFILE), timeout)
            where = f"embedded model ({server.base_url})"
    if as_json:
        payload = {
            "summarizer": __version__,
            "endpoint": where,
            "checks": [check.__dict__ for check in report.checks],
            "ready": report.ok,
            "verdict": report.verdict(),
        }
        print(json.dumps(payload, indent=2))
    else:
        print(f"summarizer {__version__}")
        print(f"endpoint: {where}")
        for check in report.checks:
            print(f"  [{'ok' if check.ok else 'NO'}] {check.name}: {one_line(check.detail)}")
        print(report.verdict())
    if not report.ok:
        sys.exit(3)
