"""Render the question templates of `prompts/` (shipped as package data `summarizer.prompts`)."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from .errors import ConfigError

TEMPLATE_SUFFIX = ".j2"


class PromptSet:
    """A directory of templates: the built-in one, or a user's own (`--prompts DIR`)."""

    def __init__(self, directory: Path | None = None) -> None:
        root = Path(str(resources.files("summarizer.prompts"))) if directory is None else directory
        if not (root / f"system{TEMPLATE_SUFFIX}").is_file():  # refused now, not mid-article
            raise ConfigError(f"--prompts {root} holds no prompt templates (no system{TEMPLATE_SUFFIX})")
        self.directory = root
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(root)),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=False,
            autoescape=False,  # plain-text prompts, not HTML
        )

    @property
    def sha256(self) -> str:
        """Fingerprint of the whole template set: any edit changes `run.prompt_sha256`."""
        return _fingerprint(self.directory)

    def render(self, name: str, **values: Any) -> str:
        return self._env.get_template(name + TEMPLATE_SUFFIX).render(**values).strip()

    def render_block(self, name: str, block: str, **values: Any) -> str:
        """One block of a template: a question's `instructions` or its `question`."""
        template = self._env.get_template(name + TEMPLATE_SUFFIX)
        if block not in template.blocks:
            raise jinja2.TemplateError(f"{name}{TEMPLATE_SUFFIX} has no block '{block}'")
        return "".join(template.blocks[block](template.new_context(values))).strip()


@cache
def _fingerprint(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.glob(f"*{TEMPLATE_SUFFIX}")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
