"""Pydantic models: the output contract (`summary`) and the model's answers (`answers`)."""

from .summary import (
    SCHEMA_VERSION,
    ArticleInfo,
    Evidence,
    Initiative,
    InitiativeKind,
    Proposal,
    RunInfo,
    Speaker,
    Summary,
)

__all__ = [
    "SCHEMA_VERSION",
    "ArticleInfo",
    "Evidence",
    "Initiative",
    "InitiativeKind",
    "Proposal",
    "RunInfo",
    "Speaker",
    "Summary",
]
