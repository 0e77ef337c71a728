"""Runs of capitalised words joined by connectors: the raw material of names.

"Treaty of Amity and Cooperation in Southeast Asia" is one run; "the" joins only after
another connector, and "and" only where the word after it belongs to the run.
"""

from __future__ import annotations

import re

LOWERCASE_HEADS = {"programme", "program", "initiative", "plan", "strategy", "agreement"}
CONNECTORS = {
    "of", "on", "for", "and", "in", "against", "to", "until", "with", "among", "between",
    "de", "da", "do", "del", "the", "a", "an", "up",
}  # fmt: skip
# "the" only follows another connector ("Code of Conduct in the South China Sea"); after
# "and" it starts a new name ("... Strategy and the Strategic Action Plan").
_THE_AFTER = {"of", "on", "for", "in", "to", "with", "among", "against", "between"}
_TOKEN = re.compile(r"[A-Za-z0-9\u00c0-\u024f][\w\u00c0-\u024f'\u2019\-+&]*")


def _is_capitalised(token: str) -> bool:
    return token[0].isupper() or token[0].isdigit()


def capitalised_runs(text: str) -> list[list[re.Match[str]]]:
    """Maximal runs of capitalised tokens joined by connectors."""
    tokens = list(_TOKEN.finditer(text))
    spans: list[list[re.Match[str]]] = []
    i = 0
    while i < len(tokens):
        if not _is_capitalised(tokens[i].group()):
            i += 1
            continue
        span = [tokens[i]]
        j = i + 1
        while j < len(tokens):
            gap = text[span[-1].end() : tokens[j].start()]
            if gap.strip() not in ("", "-"):
                break  # punctuation ends a name
            word = tokens[j].group()
            if _is_capitalised(word):
                span.append(tokens[j])
                j += 1
                continue
            run, k = [], j
            while k < len(tokens) and tokens[k].group() in CONNECTORS and len(run) < 3:
                if text[tokens[k - 1].end() : tokens[k].start()].strip():
                    break
                run.append(tokens[k])
                k += 1
            words = [t.group() for t in run]
            in_span = {t.group() for t in span}
            allowed = bool(run) and all(
                (w != "the" or (n > 0 and words[n - 1] in _THE_AFTER))
                # "... for Good and for All" repeats a connector; "Nations and for the
                # Pact" starts a new phrase.
                and (w != "and" or n == len(words) - 1 or words[n + 1] in in_span)
                for n, w in enumerate(words)
            )
            next_ok = (
                k < len(tokens)
                and _is_capitalised(tokens[k].group())
                and not text[tokens[k - 1].end() : tokens[k].start()].strip()
            )
            if allowed and next_ok:
                span.extend(run)
                j = k
                continue
            if word in LOWERCASE_HEADS and len(span) >= 2:
                span.append(tokens[j])
                j += 1
            break
        spans.append(span)
        i = j
    return spans
