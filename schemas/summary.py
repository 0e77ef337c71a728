"""The output contract: what `summarizer summarize` writes (schema version 1).

Field names are the contract. Fields may be added freely; renaming or removing one
needs a schema version bump (and `summary.schema.json` regenerated).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

InitiativeKind = Literal["initiative", "strategy", "plan", "agreement", "mechanism", "other"]


class _Contract(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Contract):
    """A verbatim span of the article: `article_text[start:end] == text`."""

    sentence: int = Field(description="Id of the sentence (S1 is 1) the span comes from.")
    text: str
    start: int = Field(ge=0, description="Character offset into the article text as read.")
    end: int = Field(ge=0)


class ArticleInfo(_Contract):
    source: str = Field(description='Path of the article, or "-" for stdin.')
    sha256: str = Field(description="sha256 of the article text as read (UTF-8).")
    headline: str | None = None
    published: dt.date | None = None


class Speaker(_Contract):
    name: str | None = None
    title: str | None = None


class Proposal(_Contract):
    ordinal: int = Field(ge=1, description="1..N in the article's order, numbered by the code.")
    title: str = Field(description="Short heading, as the article words it.")
    summary: str
    key_points: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    initiatives: list[str] = Field(
        default_factory=list, description="Names of the initiatives this proposal cites."
    )


class Initiative(_Contract):
    name: str = Field(description="Full name as written in the article.")
    kind: InitiativeKind
    cited_in_proposal: int | None = Field(
        default=None, description="Ordinal of the first proposal citing it, or null."
    )
    evidence: list[Evidence] = Field(default_factory=list)


class RunInfo(_Contract):
    model: str
    endpoint: str
    prompt_sha256: str
    questions: int = Field(default=0, ge=0, description="Questions put to the model.")
    attempts: int = Field(ge=0, description="Model calls made, re-asks included.")
    prompt_tokens: int = Field(ge=0)
    completion_tokens: int = Field(ge=0)
    seconds: float = Field(ge=0)
    version: str | None = Field(default=None, description="The summarizer version that made this result.")


class Summary(_Contract):
    schema_version: Literal[1] = SCHEMA_VERSION
    article: ArticleInfo
    speaker: Speaker
    event: str | None = None
    location: str | None = None
    date: dt.date | None = Field(default=None, description="Date of the event.")
    proposal_count_stated: int | None = Field(
        default=None, ge=0, description='The number the article states ("four suggestions" -> 4).'
    )
    proposals: list[Proposal] = Field(default_factory=list)
    initiatives: list[Initiative] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list, description="What the tool doubts.")
    run: RunInfo

    def ungrounded(self, article_text: str, article_sha256: str) -> str | None:
        """Why this summary does not belong to that article (None if it does): another
        article's hash, or evidence that is not `article_text[start:end]`."""
        if self.article.sha256 != article_sha256:
            return "it is the summary of another article (sha256 differs)"
        found = [e for p in self.proposals for e in p.evidence] + [
            e for i in self.initiatives for e in i.evidence
        ]
        for evidence in found:
            if article_text[evidence.start : evidence.end] != evidence.text:
                return f"its evidence at {evidence.start}:{evidence.end} is not the article's text there"
        return None
