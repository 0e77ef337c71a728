"""Who writes the summaries and key points: one vocabulary for the CLI, batches and evals."""

from __future__ import annotations

from enum import StrEnum


class WordingMode(StrEnum):
    auto = "auto"  # the model, unless it is a small one (the embedded model)
    model = "model"
    extract = "extract"  # cut from the evidence; the model only titles

    @property
    def by_model(self) -> bool | None:
        return None if self is WordingMode.auto else self is WordingMode.model
