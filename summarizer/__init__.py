"""summarizer: grounded, validated structured summaries of diplomatic statements.

    from summarizer import summarize
    summary = summarize("examples/brics-2024-09-11.txt")

The names below are imported on first use, so that `python -m summarizer.embedded`
(the model server's own process) starts without loading the client libraries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["ModelSettings", "Summary", "__version__", "summarize"]

if TYPE_CHECKING:
    from .api import summarize
    from .schemas import Summary
    from .session import ModelSettings


def __getattr__(name: str) -> Any:
    if name == "summarize":
        from .api import summarize

        return summarize
    if name == "Summary":
        from .schemas import Summary

        return Summary
    if name == "ModelSettings":
        from .session import ModelSettings

        return ModelSettings
    raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
