"""The gold set: `articles/*.txt` beside `gold/*.json`, one hand-labelled file per article.

Gold files use the output contract's field names with evidence given as verbatim
sentences only (`{"text": ...}`), so they do not depend on one sentence splitter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..bounded import JSON_FILE_LIMIT, read_file
from ..errors import InputError
from ..loader import source_name
from ..schemas.summary import InitiativeKind, Speaker


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldEvidence(_Gold):
    text: str = Field(min_length=1)


class GoldArticle(_Gold):
    headline: str | None = None
    published: dt.date | None = None


class GoldProposal(_Gold):
    ordinal: int = Field(ge=1)
    title: str
    summary: str
    key_points: list[str] = Field(default_factory=list)
    evidence: list[GoldEvidence] = Field(default_factory=list)
    initiatives: list[str] = Field(default_factory=list)


class GoldInitiative(_Gold):
    name: str
    kind: InitiativeKind
    cited_in_proposal: int | None = None
    evidence: list[GoldEvidence] = Field(default_factory=list)


class Gold(_Gold):
    schema_version: int = 1
    article: GoldArticle
    speaker: Speaker
    event: str | None = None
    location: str | None = None
    date: dt.date | None = None
    proposal_count_stated: int | None = None
    proposals: list[GoldProposal] = Field(default_factory=list)
    initiatives: list[GoldInitiative] = Field(default_factory=list)


@dataclass(frozen=True)
class Case:
    name: str
    article: Path
    gold: Gold


def load_gold(path: Path) -> Gold:
    try:
        data = read_file(path, JSON_FILE_LIMIT)  # not /dev/zero into memory, not a pipe forever
    except InputError as error:
        raise InputError(f"cannot read the gold file: {error}") from None
    try:
        return Gold.model_validate_json(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"{path}: not a valid gold file: {where}: {first['msg']}") from None


def load_cases(root: Path, only: list[str] | None = None) -> list[Case]:
    """Every `root/articles/NAME.txt` with its `root/gold/NAME.json`, sorted by name."""
    articles = root / "articles"
    if not articles.is_dir():
        raise InputError(f"{root} has no articles/ directory: not an evaluation set")
    cases = []
    for article in sorted(articles.glob("*.txt")):
        if only and article.stem not in only:
            continue
        gold = root / "gold" / f"{article.stem}.json"
        if not gold.exists():
            raise InputError(f"{article} has no gold file ({gold})")
        # A name that is not UTF-8 is shown as \xNN in every report, which can then be written.
        cases.append(Case(source_name(article.stem), article, load_gold(gold)))
    if not cases:
        raise InputError(f"no articles to evaluate in {articles}")
    return cases
