"""A terminal view: who, where, when; the proposals with what they cite; the rest."""

from __future__ import annotations

import io
import sys

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..schemas import Summary


def _header(summary: Summary) -> Text:
    text = Text()
    text.append((summary.article.headline or summary.article.source) + "\n\n", style="bold")
    text.append(summary.speaker.name or "Unknown speaker", style="bold")
    if summary.speaker.title:
        text.append(f", {summary.speaker.title}")
    for label, value in (
        ("Event", summary.event),
        ("Where", summary.location),
        ("When", str(summary.date) if summary.date else None),
    ):
        if value:
            text.append(f"\n{label}: ", style="dim")
            text.append(value)
    stated = summary.proposal_count_stated
    text.append("\nProposals: ", style="dim")
    text.append(f"{len(summary.proposals)} found" + (f", {stated} stated" if stated is not None else ""))
    return text


def _proposals(summary: Summary) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", width=2, no_wrap=True)
    table.add_column("Proposal", ratio=3)
    table.add_column("Cites", ratio=2)
    for proposal in summary.proposals:
        cell = Text(proposal.title, style="bold")
        if proposal.summary:
            cell.append(f"\n{proposal.summary}", style="default")
        sentences = ", ".join(f"S{e.sentence}" for e in proposal.evidence)
        cell.append(f"\n{sentences}", style="dim")
        table.add_row(str(proposal.ordinal), cell, "\n".join(proposal.initiatives) or "-")
    return table


def to_table(summary: Summary, width: int = 80, colour: bool | None = None) -> str:
    """The summary laid out for a terminal `width` columns wide (80 by default)."""
    colour = sys.stdout.isatty() if colour is None else colour
    console = Console(
        width=width, file=io.StringIO(), record=True, force_terminal=colour, color_system="standard"
    )
    parts: list[object] = [_header(summary)]
    if summary.proposals:
        parts.append(_proposals(summary))
    else:
        parts.append(Text("\nNo proposals in this article.", style="italic"))
    loose = [i for i in summary.initiatives if i.cited_in_proposal is None]
    if loose:
        parts.append(
            Text("\nAlso named (in no proposal): ", style="dim") + Text("; ".join(i.name for i in loose))
        )
    for warning in summary.warnings:
        parts.append(Text(f"\nwarning: {warning}", style="yellow"))
    console.print(Panel(Group(*parts), title="summarizer", title_align="left", box=box.ROUNDED))
    return console.export_text(styles=colour)
