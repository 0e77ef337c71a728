"""Names of initiatives that the capitalised-run pattern of `initiatives` misses.

Real copy names things less tidily than a ministry's own text:
- a capitalised owner with lower-case words before the head: "China-U.S. strategic and
  economic dialogue", "the Saudi peace initiative";
- a quoted name after its kind: 'a new project "100 outstanding people of the Turkic World"',
  'his report "Our Common Agenda"';
- the Group of 20 (a name without a head noun); "the Helsinki process", "the 3+3 format";
- laws and acts: "the forthcoming Condominium Act 2025", "the Foreclosure Law".
"""

from __future__ import annotations

import re

# Heads that name an initiative after lower-case modifiers; "mechanism", "framework" and
# "partnership" are left out: "the MLC cooperation mechanism" is the host grouping itself.
_LOWER_HEADS = {
    "initiative": "initiative", "dialogue": "mechanism", "strategy": "strategy", "plan": "plan",
    "agreement": "agreement", "process": "mechanism", "programme": "plan", "program": "plan",
}  # fmt: skip
_FUNCTION_WORDS = (
    r"(?:the|a|an|and|of|to|for|in|on|at|by|with|its|their|his|her|this|that|these|those|such|new|will|would|"
    r"has|have|is|was)"
)
_LOWER_MODIFIED = re.compile(
    r"(?<![\w.\-])((?:[A-Z][\w.\-]*[A-Za-z0-9.]\s+){1,3}"
    rf"(?:(?!{_FUNCTION_WORDS}\b)[a-z][a-z\-]+\s+(?:and\s+(?!{_FUNCTION_WORDS}\b)[a-z][a-z\-]+\s+)?){{1,2}}"
    rf"(?:{'|'.join(_LOWER_HEADS)}))\b"
)
# Capitalised words that open a sentence own no name ("The strategic plan ...").
_NOT_OWNERS = re.compile(r"^(?:(?:The|A|An|This|That|These|Its|Their|His|Her|It|He|She|And|But)\s+)+")
# A quoted title after its kind or after "titled" ('his report "Our Common Agenda"'); a
# title after another noun is capitalised ('called "a disaster"' is no title).
_QUOTED = re.compile(
    r"\b(?:(?i:project|initiative|programme|program|campaign|plan|strategy)\s+[\"\u201c]([^\"\u201d]{3,80}?)"
    r"|(?i:report|document|concept|vision|doctrine|agenda|declaration|roadmap|framework|titled|entitled|dubbed)"
    r"\s+[\"\u201c]([A-Z][^\"\u201d]{2,80}?))[\"\u201d]"
)
# "the Helsinki process", "the Normandy format", "a 3+3 format": a place's or a number's
# name for a standing way of talking, in lower case.
# The owner is one word: "the BRICS Plus format" is the host grouping's own outreach.
_OWNED_FORMAT = re.compile(
    r"(?<![\w.\-])((?:[A-Z][\w.\-]*\s+)*(?:[A-Z][a-z]+|\d\+\d)\s+(?:process|format))\b"
)
_GROUP_OF = re.compile(r"\bGroup of (?:\d{1,2}|Seven|Eight|Twenty)\b")
_LAWS = re.compile(r"\b(?:[A-Z][\w\-]+\s+){1,4}(?:Act|Law)(?:\s+(?:of\s+)?\d{4})?\b")
_GENERIC_LAWS = {"international law", "international humanitarian law", "sharia law", "martial law"}


def informal_names(text: str) -> list[tuple[str, str]]:
    """(name, kind) of every informally written name in one sentence."""
    found: list[tuple[str, str]] = []
    for match in _LOWER_MODIFIED.finditer(text):
        name = _NOT_OWNERS.sub("", match.group(1))
        if len(name.split()) >= 2 and name[0].isupper():
            found.append((name, _LOWER_HEADS[name.split()[-1]]))
    found += [((m.group(1) or m.group(2)).strip(), "initiative") for m in _QUOTED.finditer(text)]
    found += [(m.group(0), "mechanism") for m in _GROUP_OF.finditer(text)]
    owned = (_NOT_OWNERS.sub("", m.group(1)) for m in _OWNED_FORMAT.finditer(text))
    found += [(name, "mechanism") for name in owned if len(name.split()) == 2]
    for match in _LAWS.finditer(text):
        name = _NOT_OWNERS.sub("", match.group(0))
        if len(name.split()) >= 2 and " ".join(name.lower().split()) not in _GENERIC_LAWS:
            found.append((name, "other"))
    return found
