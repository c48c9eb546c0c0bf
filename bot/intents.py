"""The one registry of what the bot can be asked: its intents, their aspects and slash commands.

An intent is a kind of question (salary, duties...). Its name is the ``id`` in
``knowledge/intents.yaml`` and the ``intent`` of a reply, so these names never change. Every
table the matcher, the composer, the knowledge check and the Discord layer need about intents is
derived here from one record per intent, so adding or changing an intent is one edit.

Facts carry an aspect (pay, place, requirements, duties, path, certification, definition,
resource); an intent's card is about some of them.
"""

from __future__ import annotations

from dataclasses import dataclass

# The kinds of entry a question can be about; places are a reading's location, never its subject.
SUBJECT_KINDS = ("role", "certification", "term", "resource")

SALARY = "salary"
ROLE = "role"
QUALIFICATIONS = "qualifications"
DUTIES = "duties"
CERTIFICATIONS = "certifications"
CAREER_PATH = "career_path"
DEFINITION = "definition"
LOCATION = "location"
COMPARISON = "comparison"
RESOURCES = "resources"
HELP = "help"


@dataclass(frozen=True, slots=True)
class Intent:
    """What the code knows about one intent (its words are in ``knowledge/intents.yaml``)."""

    name: str
    label: str  # what a clarification offers to show: "Pick one and I'll show its {label}"
    command: str  # the slash command that asks for this reading again (a button's command)
    applies_to: tuple[str, ...]  # the kinds of entry its first subject may be
    aspects: tuple[str, ...] = ()  # the aspects of an entry its card is about, main one first
    card_for: str | None = None  # the aspect this intent's card is the place for
    overview_of: str | None = None  # the kind of entry this intent gives the overview of
    needs_subject: bool = True  # False: answered in general when no entry is named
    searches: tuple[str, ...] = ()  # kinds of entry searched when a question names none
    compares: bool = True  # two entries of one kind named make it a comparison
    picks_one_cert: bool = False  # "the parca cert" asks which certification is meant


# Keywords and phrases every intents.yaml must keep: the core of how each intent is asked.
# Moderators add slang and phrasings around them; ``kb check`` refuses a file that drops one,
# since losing them silently costs the matcher much of its accuracy.
CORE_SIGNALS: dict[str, tuple[str, ...]] = {
    SALARY: ("salary", "pay", "paid", "earn", "make", "wage", "income", "how much"),
    ROLE: ("overview", "describe", "description"),
    QUALIFICATIONS: ("qualifications", "requirements", "need", "degree", "skills", "experience"),
    DUTIES: ("duties", "responsibilities", "tasks", "daily", "day to day"),
    CERTIFICATIONS: ("certification", "cert", "certified", "certificate", "exam"),
    CAREER_PATH: ("promotion", "advance", "path", "ladder", "next"),
    DEFINITION: ("define", "definition", "meaning", "mean", "stands", "acronym"),
    LOCATION: ("highest paying", "pay the most", "which state", "which city", "best city"),
    COMPARISON: ("vs", "versus", "compare", "difference", "better", "or"),
    RESOURCES: ("book", "resource", "study", "guide", "course", "prepare"),
    HELP: ("help", "command"),
}


# In the order knowledge/intents.yaml lists them. PRIORITY (below) breaks ties between readings.
INTENTS: tuple[Intent, ...] = (
    Intent(SALARY, "salary", "salary", ("role",), ("pay", "place"), card_for="pay"),
    Intent(
        ROLE, "overview", "role", ("role",), ("definition",), overview_of="role",
        picks_one_cert=True,
    ),
    Intent(
        QUALIFICATIONS, "what you need", "role", ("role",), ("requirements",),
        card_for="requirements", picks_one_cert=True,
    ),
    Intent(DUTIES, "what the job involves", "role", ("role",), ("duties",), card_for="duties"),
    Intent(
        CERTIFICATIONS, "certifications", "cert", ("role", "certification", "term"),
        ("certification",), card_for="certification", overview_of="certification",
        needs_subject=False, searches=("certification",), picks_one_cert=True,
    ),
    Intent(
        CAREER_PATH, "career path", "path", ("role",), ("path",), card_for="path",
        needs_subject=False, searches=("role",), compares=False,
    ),
    Intent(
        DEFINITION, "definition", "define", ("term", "role", "certification"), ("definition",),
        overview_of="term",
        searches=("term",), picks_one_cert=True,
    ),
    Intent(LOCATION, "best-paying places", "salary", ("role",), ("place", "pay"), card_for="place"),
    Intent(COMPARISON, "comparison", "compare", SUBJECT_KINDS),
    Intent(
        RESOURCES, "study resources", "ask", SUBJECT_KINDS, ("resource",), card_for="resource",
        overview_of="resource", needs_subject=False, searches=("resource",), compares=False,
    ),
    Intent(HELP, "answer", "help", SUBJECT_KINDS, needs_subject=False, compares=False),
)  # fmt: skip
BY_NAME: dict[str, Intent] = {i.name: i for i in INTENTS}
NAMES: tuple[str, ...] = tuple(BY_NAME)

# Ties between intent scores go to the more specific intent.
PRIORITY: tuple[str, ...] = (
    HELP,
    COMPARISON,
    LOCATION,
    SALARY,
    CERTIFICATIONS,
    QUALIFICATIONS,
    DUTIES,
    CAREER_PATH,
    RESOURCES,
    DEFINITION,
    ROLE,
)

# Intents about a role only: a question about a term "for" a role is about the role.
ROLE_INTENTS = frozenset(i.name for i in INTENTS if i.applies_to == ("role",))
# Role intents that need a role named; career paths are also told for the field as a whole.
ROLE_ONLY_INTENTS = frozenset(n for n in ROLE_INTENTS if BY_NAME[n].needs_subject)
# Intents answered in general when no entry is named ("what certifications are there").
GENERIC_INTENTS = frozenset(i.name for i in INTENTS if not i.needs_subject)
# Two roles named in these questions are a path or a reading list, not a comparison.
NOT_COMPARED = frozenset(i.name for i in INTENTS if not i.compares)
CERT_QUESTION_INTENTS = frozenset(i.name for i in INTENTS if i.picks_one_cert)
# The intent giving the overview of an entry, by the entry's kind.
DEFAULT_INTENT: dict[str, str] = {i.overview_of: i.name for i in INTENTS if i.overview_of}
INTENT_ASPECTS: dict[str, tuple[str, ...]] = {i.name: i.aspects for i in INTENTS if i.aspects}
ASPECT_INTENT: dict[str, str] = {i.card_for: i.name for i in INTENTS if i.card_for}
KINDS_WITHOUT_SUBJECT: dict[str, tuple[str, ...]] = {
    i.name: i.searches for i in INTENTS if i.searches
}
PAY_INTENTS = frozenset(i.name for i in INTENTS if "pay" in i.aspects)
# The kinds an intent's first subject may be, where not every subject kind is answerable.
FIRST_SUBJECT_KINDS: dict[str, frozenset[str]] = {
    i.name: frozenset(i.applies_to) for i in INTENTS if set(i.applies_to) != set(SUBJECT_KINDS)
}


def label(intent: str | None) -> str:
    """What a clarification about this intent offers to show ("salary", "career path")."""
    spec = BY_NAME.get(intent or "")
    return spec.label if spec else "answer"


def command_for(intent: str | None) -> str:
    """The slash command that asks for a reading of this intent (``/ask`` for any other)."""
    spec = BY_NAME.get(intent or "")
    return spec.command if spec else "ask"


def intents_for_kind(kind: str) -> tuple[str, ...]:
    """Every intent whose card can be about an entry of this kind alone (for ``kb check``)."""
    if kind == "role":
        return tuple(n for n in NAMES if n in ROLE_INTENTS)
    return (DEFAULT_INTENT[kind],) if kind in DEFAULT_INTENT else ()


@dataclass(frozen=True, slots=True)
class Command:
    """A slash command: the intent it fixes, and what its subject option may name."""

    name: str
    intent: str | None  # None: the command has its own handling (/ask, /help)
    kinds: tuple[str, ...] = ("role",)  # what its subject may name (autocomplete, suggestions)
    general: bool = False  # without a subject it answers about the whole field
    usage: str = ""  # its options as the help card shows them: "role [place]"
    # What it answers: Discord's description of the command (at most 100 characters) and the
    # help card's line, so the two never disagree.
    summary: str = ""


COMMANDS: tuple[Command, ...] = (
    Command(
        "ask", None, usage="question", summary="Ask anything about PACS careers in your own words."
    ),
    Command(
        SALARY,
        SALARY,
        ("role",),
        usage="role [place]",
        summary="What a role earns, with city and state figures where the source has them.",
    ),
    Command(ROLE, ROLE, ("role",), usage="role", summary="What a role does, needs and pays."),
    Command(
        "cert",
        CERTIFICATIONS,
        ("certification",),
        general=True,
        usage="[certification]",
        summary="A certification: who awards it, who it is for and what it covers.",
    ),
    Command(
        "compare",
        COMPARISON,
        ("role", "certification"),
        usage="first second",
        summary="Two roles or two certifications side by side.",
    ),
    Command(
        "path",
        CAREER_PATH,
        ("role",),
        general=True,
        usage="[role]",
        summary="Where a role leads, or PACS career paths in general.",
    ),
    Command(
        "define",
        DEFINITION,
        ("term", "certification", "role"),
        usage="term",
        summary="What a term, acronym or certification means.",
    ),
    Command(HELP, HELP, summary="What this bot can answer and how to ask."),
)
COMMAND_BY_NAME: dict[str, Command] = {c.name: c for c in COMMANDS}
# What a place option (``/salary ... location:``) may name.
PLACE_KINDS = ("place",)
