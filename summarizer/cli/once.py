"""An option that takes one value, given twice, is a usage error, not "the last one wins".

`summarize --base-url A --base-url B` would silently ask B only. Options documented to
repeat (batch's `--base-url` pool, eval's `--config`) are `multiple` and are left alone;
flags (`--no-cache` twice) change nothing by repeating and are left alone too.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import typer
from typer.core import TyperCommand


class OnceCommand(TyperCommand):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # Parsed twice: the parser itself is pure (callbacks and conversions run later, in
        # super()), and only its list of occurrences says what was repeated.
        _, _, order = self.make_parser(ctx).parse_args(args=list(args))
        for param, count in Counter(order).items():
            repeatable = getattr(param, "multiple", True) or getattr(param, "is_flag", True)
            if count > 1 and not repeatable and getattr(param, "count", False) is False:
                ctx.fail(f"{param.opts[0]} was given {count} times: it takes one value")
        return super().parse_args(ctx, args)


def refuse_repeats(*apps: typer.Typer) -> None:
    """Every command of these apps parses with OnceCommand (set once, here, for all)."""
    for typer_app in apps:
        for info in typer_app.registered_commands:
            info.cls = OnceCommand
