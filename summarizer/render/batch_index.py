"""`index.html` for a batch written with `--format html`: one row per article in the output
directory, linked to its page, with a text filter and a "warnings / failures only" filter.

Built from the files in the directory, not from one run: a resumed batch lists every result
in `--out`, the new ones and the earlier ones alike. Self-contained like the article pages
(no remote resource; a Content-Security-Policy admits only its own script), and every value
from an article or a model goes through Jinja2's autoescaping.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..bounded import JSON_FILE_LIMIT, UNPARSABLE, read_file
from ..errors import InputError
from ..files import GENERATOR, read_head
from ..schemas import Summary
from .html import _asset, _csp_hash, _environment

log = logging.getLogger(__name__)
INDEX = "index.html"
ERROR_SUFFIX = ".error.json"


@dataclass
class Row:
    name: str  # the file stem the batch gave this article
    source: str
    summary: Summary | None = None
    failure: str | None = None  # "Kind: message" from NAME.error.json
    page: str | None = None  # link to NAME.html, when it was written
    warnings: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        headline = self.summary.article.headline if self.summary else None
        return headline or Path(self.source).name or self.name

    @property
    def search_text(self) -> str:
        """What the text filter matches: every value shown in the row, in lower case."""
        parts = [self.title, self.source, self.failure or "", *self.warnings]
        if self.summary:
            parts += [self.summary.speaker.name or "", self.summary.speaker.title or ""]
        return " ".join(parts).lower()


def index_rows(directory: Path) -> list[Row]:
    """One row per article with a result or an error record in `directory`, by name."""
    rows: dict[str, Row] = {}
    for path in sorted(directory.glob("*.json")):
        try:
            if path.name.endswith(ERROR_SUFFIX):
                name = path.name.removesuffix(ERROR_SUFFIX)
                record = json.loads(read_file(path, JSON_FILE_LIMIT))
                row = rows.setdefault(name, Row(name, str(record.get("source", name))))
                row.failure = f"{record.get('kind', 'Error')}: {record.get('error', '')}"
            else:
                name = path.name.removesuffix(".json")
                summary = Summary.model_validate_json(read_file(path, JSON_FILE_LIMIT))
                row = rows.setdefault(name, Row(name, summary.article.source))
                row.summary, row.source, row.warnings = summary, summary.article.source, summary.warnings
        except (InputError, *UNPARSABLE, AttributeError) as error:  # ValueError: pydantic's too
            log.warning(
                "%s is not a batch result; left out of %s (%s)", path.name, INDEX, type(error).__name__
            )
    for row in rows.values():
        # Only a page of ours: a user's NAME.html there is kept by the batch, never linked as its page.
        if GENERATOR in read_head(directory / f"{row.name}.html"):
            row.page = quote(f"{row.name}.html")
    return sorted(rows.values(), key=lambda row: row.name)


def index_html(directory: Path) -> str:
    rows = index_rows(directory)
    script = _asset("batch_index.js")
    return (
        _environment()
        .get_template("batch_index.html.j2")
        .render(
            rows=rows,
            failed=sum(1 for row in rows if row.failure),
            warned=sum(1 for row in rows if row.warnings),
            style=_asset("batch_index.css"),
            script=script,
            script_hash=_csp_hash(script),
        )
    )
