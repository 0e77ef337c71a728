"""Write the output contract's JSON Schema: `python -m summarizer.schemas.export`.

The committed `schemas/summary.schema.json` is what other tools validate our JSON with;
`tests/test_schema.py` fails when it no longer matches the Pydantic models.
"""

from __future__ import annotations

import json
from pathlib import Path

from .summary import Summary

SCHEMA_FILE = Path(__file__).with_name("summary.schema.json")


def output_schema() -> dict[str, object]:
    schema = Summary.model_json_schema()
    schema["$id"] = "https://github.com/summarizer/summarizer/schemas/summary.schema.json"
    schema["title"] = "summarizer output, schema version 1"
    return schema


def render() -> str:
    return json.dumps(output_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    SCHEMA_FILE.write_text(render(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")
