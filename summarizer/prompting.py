"""Render the question templates of `prompts/` (shipped as package data `summarizer.prompts`)."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path

from .bounded import read_file
from .errors import ConfigError, InputError

TEMPLATE_SUFFIX = ".j2"
# A template is a page of instructions: a megabyte is far past any, and far below harm.
TEMPLATE_LIMIT = 1 << 20


class PromptSet:
    """A directory of templates: the built-in one, or a user's own (`--prompts DIR`).

    Every template is read when the set is made, through the bounded reader: a pipe, a
    device or a huge file among them is refused now (exit 2), not waited on mid-article."""

    def __init__(self, directory: Path | None = None) -> None:
        root = Path(str(resources.files("summarizer.prompts"))) if directory is None else directory
        sources = {path.name: _read(path) for path in sorted(root.glob(f"*{TEMPLATE_SUFFIX}"))}
        if f"system{TEMPLATE_SUFFIX}" not in sources:  # refused now, not mid-article
            raise ConfigError(f"--prompts {root} holds no prompt templates (no system{TEMPLATE_SUFFIX})")
        self.directory = root
        digest = hashlib.sha256()
        for name, data in sources.items():
            digest.update(name.encode() + b"\0" + data + b"\0")
        self._sha256 = digest.hexdigest()
        self._env = jinja2.Environment(
            loader=_BoundedLoader(root, sources),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=False,
            autoescape=False,  # plain-text prompts, not HTML
        )

    @property
    def sha256(self) -> str:
        """Fingerprint of the whole template set: any edit changes `run.prompt_sha256`."""
        return self._sha256

    def render(self, name: str, **values: Any) -> str:
        return self._env.get_template(name + TEMPLATE_SUFFIX).render(**values).strip()

    def render_block(self, name: str, block: str, **values: Any) -> str:
        """One block of a template: a question's `instructions` or its `question`."""
        template = self._env.get_template(name + TEMPLATE_SUFFIX)
        if block not in template.blocks:
            raise jinja2.TemplateError(f"{name}{TEMPLATE_SUFFIX} has no block '{block}'")
        return "".join(template.blocks[block](template.new_context(values))).strip()


def _read(path: Path) -> bytes:
    try:
        data = read_file(path, TEMPLATE_LIMIT)
        data.decode("utf-8")
    except InputError as error:
        raise ConfigError(f"cannot read the prompt template: {error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"the prompt template {path} is not UTF-8 (byte {error.start})") from None
    return data


class _BoundedLoader(jinja2.BaseLoader):
    """The templates read at the start; one a template includes from a subdirectory is read
    on first use, through the same bounded reader."""

    def __init__(self, root: Path, sources: dict[str, bytes]) -> None:
        self.root = root
        self.sources = sources

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        path = self.root.joinpath(*split_template_path(template))
        if template not in self.sources:
            if not path.exists():
                raise jinja2.TemplateNotFound(template)
            self.sources[template] = _read(path)
        return self.sources[template].decode("utf-8"), str(path), lambda: True
