"""`summarizer schema`: the JSON Schema of what `summarize` writes, or of the model's answers."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer


def schema(
    answers: Annotated[
        bool, typer.Option("--answers", help="The model's answer schemas instead, one per question.")
    ] = False,
) -> None:
    """Print the output contract's JSON Schema (the committed schemas/summary.schema.json).

    With --answers: the schema each question's answer must meet, keyed by question, shown
    for an example article (the counts, list keys and sentence ids are each article's own).

    Examples:

      summarizer schema > summary.schema.json

      summarizer schema --answers
    """
    if answers:
        from ..questions import answer_schemas  # the model client's libraries: only for this

        text = json.dumps(answer_schemas(), indent=2, ensure_ascii=False) + "\n"
    else:
        from ..schemas.export import render

        text = render()
    sys.stdout.write(text)
