"""summarizer: grounded, validated structured summaries of diplomatic statements."""

from .api import summarize
from .schemas import Summary
from .session import ModelSettings

__version__ = "0.1.0"
__all__ = ["ModelSettings", "Summary", "__version__", "summarize"]
