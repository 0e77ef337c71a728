"""The words the cues read: every word list and verb alternation, each named once.

Every regex in `cues/`, `spans`, `choice` and `extractive` is built from these sets, so a
word added here reaches every place that reads that kind of word. Entries are regex
fragments (a few hold `\\s+` or a character class, e.g. "emphasi[sz]ed"); `alternation`
joins sets into one group body, longest entries first so that "put forward" wins over
"put". Where two places read different sets on purpose, each names its own set here and
says why.
"""

from __future__ import annotations

from collections.abc import Iterable

# --- Numbers --------------------------------------------------------------------------

CARDINALS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
# "Finally," / "Last but not least," close a list whatever its length.
LAST = 99
CLOSERS = {"finally": LAST, "lastly": LAST, "last": LAST, "final": LAST}

# --- Calendar -------------------------------------------------------------------------

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# --- Offices ------------------------------------------------------------------------

# The words of a person's office: "Foreign Minister", "Secretary-General", "Spokesperson".
OFFICES = (
    r"President|Premier|Minister|Councilor|Councillor|Secretary|Secretary-General|Chancellor|"
    r"Director|Chairman|Chairwoman|Chairperson|Chair|King|Queen|Emir|Prince|Sultan|Ambassador|"
    r"Envoy|Spokesperson|Spokesman|Spokeswoman|Governor|Mayor|Commissioner|Representative|"
    r"Advis[eo]r|Head|Leader|Vice|Deputy|Speaker|Member"
)


# --- Verbs that attribute words to a person --------------------------------------------

# Reporting a statement: "Wang said", "said Wang".
SAYING = (
    "said", "says", "noted", "notes", "added", "adds", "stressed", "stresses", "stated",
    "states", "told",
)  # fmt: skip
EMPHASISING = ("emphasi[sz]ed", "underlined", "underscored", "highlighted", r"pointed\s+out")
# Putting something forward: the verbs that make a sentence a proposal's.
PROPOSING = (
    "proposed", "suggested", "urged", "urges", "called", "calls", r"put\s+forward",
    r"set\s+out", r"laid\s+out", "outlined", "unveiled", "floated", "advocated", "requested",
    r"asked(?=\s+(?:the|his|her|its|their|[A-Z]))",  # "asked the Thai side to", not "asked about"
    r"shared(?=\s+(?:a\s+set\s+of\s+|his\s+|her\s+|their\s+|the\s+)?(?:proposals|suggestions|ideas)\b)",
)  # fmt: skip
ANNOUNCING = ("announced", "announces", "declared", "pledged", "vowed", "offered", "presented", "made")
OPINING = (
    "explained", "argued", "insisted", "warned", "believes", "believed", "thinks", "hoped",
    "hopes", "expressed",
)  # fmt: skip
# Every verb that has a person speak: the one set behind "who speaks" (the people the
# article has speak, whether a name speaks, attribution of a sentence to the speaker).
SPEECH = (*SAYING, *EMPHASISING, *PROPOSING, *ANNOUNCING, *OPINING, "addressed", r"according\s+to")
# The attributions a heading or summary is cut free of ("..., he said."): reporting verbs
# only, never a proposing verb, whose object is the proposal itself.
ATTRIBUTING = (*SAYING, *EMPHASISING, "urged")

# ", saying the two sides should ...": a participle that attributes what follows, not an
# object of the verb before it.
SPEAKING_GERUNDS = (
    "saying", "adding", "noting", "stressing", "stating", "explaining", "arguing", "insisting",
    "warning", "describing", "calling", "urging", "expressing", "hoping", "emphasizing",
    "emphasising", "underlining", "pointing", "reiterating", "reaffirming", "recalling",
)  # fmt: skip

# Stems (any ending) of the verbs that put something forward, for "someone proposes here".
PROPOSAL_STEMS = (
    r"propos\w*", r"suggest\w*", r"put\s+forward", r"putting\s+forward", r"outlin\w*", r"offer\w*",
    r"set\s+out", r"laid\s+out", r"lays?\s+out", r"unveil\w*", r"present\w*", r"rais\w+",
    r"call\w*\s+(?:for|on)", r"urg\w*", r"advanc\w*", r"float(?:ed|s|ing)", r"advocat(?:ed|ing)",
    r"ask\w*\s+for", r"c(?:a|o)m\w*\s+(?:forth|up|out|forward)\s+with", r"recommend\w*",
)  # fmt: skip
# "a telephone call on Thursday", "the call for papers": "call" there is a noun.
NOT_A_NOUN = r"(?<!phone )(?<!video )(?<!\bthe )(?<!\ba )(?<!\bhis )(?<!\bher )"
# Verbs that open a call for action ("adhere to ...", "Keep ASEAN united", "build a BRICS ...").
POLICY_VERBS = """
    accelerate act address adhere advance advocate boost build carry champion combat
    commit consolidate continue cooperate coordinate create cut deepen defend
    demonstrate develop embrace encourage enhance ensure establish expand facilitate
    fight forge foster give harness help implement improve increase invest join jointly
    keep launch leverage maintain make mobilise mobilize modernise modernize open oppose
    persist place pool promote protect provide pursue push put raise reform reinforce
    reject resist respect respond safeguard scale seek set share speed stand start stay
    step stick strengthen strive support sustain tackle take translate treat unite
    uphold upgrade use work transform convert institutionalise institutionalize
""".split()  # noqa: SIM905

# Actions a modal may call for ("ASEAN must formulate a recovery plan"): the policy verbs
# and the verbs of making an arrangement.
MODAL_ACTIONS = (
    *POLICY_VERBS, "formulate", "materialise", "materialize", "hold", r"set\s+up", "form", "convene",
    "adopt", r"draw\s+up", "conclude", "resume", "lift", "end", "reduce",
)  # fmt: skip

# The inflected verbs that put a proposal forward, for where a proposal starts in a
# sentence ("He also proposed that ...") and which sentences hold one. "called for" is
# among them though a readout "calls for sound ties" proposes nothing: on real-dev it marks
# 4 real proposals and 3 false ones.
PUTTING_FORWARD = (
    r"propos(?:ed|es|e|ing)", r"suggest(?:ed|s)?", r"put(?:s|ting)?\s+forward", r"unveil(?:ed|s)?",
    r"outlin(?:ed|es)", NOT_A_NOUN + r"call(?:ed|s)?\s+(?:for|on)", r"urg(?:ed|es)", r"invit(?:ed|es)",
    r"recommend(?:ed|s)",
    r"float(?:ed|s)", r"advocated",  # not "advocates": "war advocates" is a noun
    r"ask(?:ed|s)\s+for", r"c(?:a|o)me(?:s)?\s+(?:forth|up|out|forward)\s+with",
    # "requested the Thai side to speed up ...", "asked the Thai side to study ...", "offered
    # to set up an expert group": a request or offer with its action named (not "was asked").
    r"(?<!had )requested", r"(?<!was )(?<!were )(?<!been )(?<!had )ask(?:ed|s)\s+(?:[\w\-]+\s+){1,4}?to\s+(?=[a-z])",
    r"offer(?:ed|s)\s+to\s+(?=[a-z])",
    # "sought support of member countries in giving observer status to ...": an ask of others.
    r"s(?:ought|eeks)\s+(?:the\s+)?(?:support|backing)\b",
    # "stated the need to transform the Conference into an organisation": the need is the call
    # when it names a measure ("the need to sit at the table" is a wish for talks).
    rf"(?:stated|stressed|emphasi[sz]ed|underlined|highlighted)\s+the\s+need\s+to\s+(?=(?:{'|'.join(POLICY_VERBS)})\b)",
)  # fmt: skip

# Words that make a clause a call for action rather than a report of fact.
DIRECTIVES = (
    "should", "must", r"need\s+to", r"needs\s+to", r"ought\s+to", "shall", r"let\s+us", "let's",
    r"call\w*\s+(?:for|on)", r"urg\w*", r"propos\w*", r"suggest\w*", r"will\s+work", r"is\s+to",
    r"are\s+to",
)  # fmt: skip

# Words that open a clause or a prepositional phrase, never a noun phrase of its own.
FUNCTION_WORDS = set(
    """
    by with will would shall that which who whom for to of in on at from as and or but his
    her its their our this these those it he she they we i you is are was were be been has
    have had can could should must may might not also then there here where when while if
    over after about against between into under during via without amid
    """.split()  # noqa: SIM905
)

# --- Nouns ----------------------------------------------------------------------------

# What a set of proposals is called, singular or plural, after an ordinal ("the second
# point") or a count ("four suggestions").
PROPOSAL_NOUNS = (
    r"proposals?", r"suggestions?", r"points?", r"priorit(?:y|ies)", r"areas?", r"aspects?",
    r"steps?", r"measures?", r"initiatives?", r"pillars?", r"tasks?", r"recommendations?",
    r"ideas?", r"principles?", r"objectives?", r"goals?", r"elements?", r"components?",
    r"propositions?", r"pieces?", r"directions?", r"fronts?", r"requests?", r"calls?",
    r"actions?", r"commitments?", r"agendas?",
)  # fmt: skip


def alternation(*sets: Iterable[str]) -> str:
    """The body of a regex group matching any entry of the sets, longest first."""
    entries = dict.fromkeys(entry for words in sets for entry in words)
    return "|".join(sorted(entries, key=len, reverse=True))
