"""Markdown for notes and tickets."""

from __future__ import annotations

from ..schemas import Summary


def _quote(text: str) -> str:
    return " ".join(text.split())


def to_markdown(summary: Summary) -> str:
    lines: list[str] = []
    headline = summary.article.headline or summary.article.source
    lines.append(f"# {headline}")
    lines.append("")
    who = summary.speaker.name or "Unknown speaker"
    if summary.speaker.title:
        who += f", {summary.speaker.title}"
    facts = [f"**Speaker:** {who}"]
    if summary.event:
        facts.append(f"**Event:** {summary.event}")
    where_when = ", ".join(str(x) for x in (summary.location, summary.date) if x)
    if where_when:
        facts.append(f"**Where / when:** {where_when}")
    stated = summary.proposal_count_stated
    facts.append(
        f"**Proposals:** {len(summary.proposals)} found"
        + (f" ({stated} stated in the article)" if stated is not None else "")
    )
    lines += [f"- {fact}" for fact in facts]
    lines.append("")
    for proposal in summary.proposals:
        lines.append(f"## {proposal.ordinal}. {proposal.title}")
        lines.append("")
        if proposal.summary:
            lines.append(proposal.summary)
            lines.append("")
        lines += [f"- {point}" for point in proposal.key_points]
        if proposal.initiatives:
            lines.append(f"- Cites: {', '.join(proposal.initiatives)}")
        if proposal.key_points or proposal.initiatives:
            lines.append("")
        for evidence in proposal.evidence:
            lines.append(f"> [S{evidence.sentence}] {_quote(evidence.text)}")
        lines.append("")
    if summary.initiatives:
        lines.append("## Initiatives cited")
        lines.append("")
        lines.append("| Name | Kind | Proposal |")
        lines.append("|---|---|---|")
        for initiative in summary.initiatives:
            where = str(initiative.cited_in_proposal) if initiative.cited_in_proposal else "-"
            lines.append(f"| {initiative.name} | {initiative.kind} | {where} |")
        lines.append("")
    if summary.warnings:
        lines.append("## Warnings")
        lines.append("")
        lines += [f"- {warning}" for warning in summary.warnings]
        lines.append("")
    run = summary.run
    lines.append(
        f"_{run.model} via {run.endpoint}: {run.attempts} calls, {run.prompt_tokens} prompt + "
        f"{run.completion_tokens} completion tokens, {run.seconds:.1f} s_"
    )
    return "\n".join(lines) + "\n"
