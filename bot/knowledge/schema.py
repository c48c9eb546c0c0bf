"""The shape of every knowledge file, declared once.

The loader checks YAML against these specs (keys, types, references) and reports problems with the
file, line and column of the offending node. Keeping the schema declarative means the moderator
documentation, the validator and the loader cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.intents import NAMES
from bot.knowledge.model import FIGURE_KINDS

# \Z, not $: "$" also matches before a final newline, so "pacs-admin\n" would pass.
ID_PATTERN = r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z"
MAX_ID_LENGTH = 32  # keeps every button custom_id under Discord's 100 characters


@dataclass(frozen=True)
class Key:
    """One key of a mapping: its type, whether it is required, and what it may refer to."""

    type: str  # "str", "int", "number", "list", "map", "id"
    required: bool = False
    item: str | None = None  # element type for lists: "str", "map", or "fact" (text or map)
    ref: str | None = None  # table this value (or each list item) refers to
    spec: Spec | None = None  # for "map", or lists of maps
    enum: tuple[str, ...] = ()
    max_length: int | None = None


@dataclass(frozen=True)
class Spec:
    """The keys a mapping may have."""

    name: str
    keys: dict[str, Key] = field(default_factory=dict)
    # Keys that used to belong here, with what to do instead: reported as errors.
    retired: dict[str, str] = field(default_factory=dict)


ASKS = Key("list", item="str", max_length=300)  # moderators' example questions for an entry
# A list of facts: each item is a sentence, or {text: sentence, asks: [example questions]}.
FACT_ITEM = Spec("list item", {"text": Key("str", required=True, max_length=400), "asks": ASKS})
FACTS = Key("list", item="fact", spec=FACT_ITEM, max_length=400)
TEXT = 900  # longest single text; keeps a rendered embed field under Discord's 1024 characters
SHORT = 200
NAME = 80  # names label clarification buttons, and Discord cuts button labels at 80

# Two aliases of different entries that are alike on purpose (kb check would warn otherwise).
CLOSE_ALIAS = Spec(
    "close alias",
    {
        "alias": Key("str", required=True, max_length=80),
        "near": Key("str", required=True, max_length=80),
        "why": Key("str", required=True, max_length=SHORT),
    },
)
CLOSE_ALIASES = Key("list", item="map", spec=CLOSE_ALIAS)

SOURCE = Spec(
    "source",
    {
        "id": Key("id", required=True),
        "title": Key("str", required=True, max_length=SHORT),
        "publisher": Key("str", required=True, max_length=SHORT),
        "date": Key("str", max_length=40),
        "url": Key("str", max_length=SHORT),
        "note": Key("str", max_length=TEXT),
    },
)

FIGURE = Spec(
    "salary figure",
    {
        "kind": Key("str", required=True, enum=FIGURE_KINDS),
        "measures": Key("str", required=True, max_length=SHORT),
        "source": Key("str", required=True, ref="source"),
        "amount": Key("int"),
        "low": Key("int"),
        "high": Key("int"),
        "percent": Key("number"),
        "percent_high": Key("number"),
        "percentile": Key("int"),
        "place": Key("str", ref="place"),
        "baseline": Key("str", max_length=SHORT),
        "baseline_amount": Key("int"),
        "delta_amount": Key("int"),
        "note": Key("str", max_length=400),
    },
)

PAYING_MORE = Spec(
    "places paying more",
    {
        "places": Key("list", required=True, item="str", ref="place"),
        "source": Key("str", required=True, ref="source"),
        "note": Key("str", max_length=400),
    },
)

SALARY = Spec(
    "salary",
    {
        "figures": Key("list", item="map", spec=FIGURE),
        "notes": FACTS,
        "paying_more": Key("map", spec=PAYING_MORE),
    },
)

CAREER = Spec(
    "career",
    {
        "next": Key("list", item="str", ref="role"),
        "notes": FACTS,
    },
)

ROLE = Spec(
    "role",
    {
        "id": Key("id", required=True),
        "name": Key("str", required=True, max_length=NAME),
        "plural": Key("str", max_length=NAME),
        "aliases": Key("list", required=True, item="str", max_length=80),
        "close_aliases": CLOSE_ALIASES,
        "summary": Key("str", required=True, max_length=TEXT),
        "source": Key("str", required=True, ref="source"),
        "asks": ASKS,
        "parent": Key("str", ref="role"),
        "featured": Key("int"),
        "qualifications": FACTS,
        "skills": FACTS,
        "duties": FACTS,
        "certifications": Key("list", item="str", ref="certification"),
        "career": Key("map", spec=CAREER),
        "salary": Key("map", spec=SALARY),
    },
)

CERTIFICATION = Spec(
    "certification",
    {
        "id": Key("id", required=True),
        "name": Key("str", required=True, max_length=NAME),
        "abbreviation": Key("str", required=True, max_length=20),
        "issuer": Key("str", required=True, ref="term"),
        "aliases": Key("list", required=True, item="str", max_length=80),
        "close_aliases": CLOSE_ALIASES,
        "summary": Key("str", required=True, max_length=TEXT),
        "source": Key("str", required=True, ref="source"),
        "level": Key("str", max_length=80),
        "covers": FACTS,
        "builds_on": Key("list", item="str", ref="certification"),
        "replaces": Key("list", item="str", ref="certification"),
        "valued_by": Key("list", item="str", ref="role"),
        "preparation": Key("list", item="str", ref="resource"),
        "asks": ASKS,
    },
)

TERM = Spec(
    "term",
    {
        "id": Key("id", required=True),
        "name": Key("str", required=True, max_length=NAME),
        "aliases": Key("list", required=True, item="str", max_length=80),
        "close_aliases": CLOSE_ALIASES,
        "definition": Key("str", required=True, max_length=TEXT),
        "source": Key("str", required=True, ref="source"),
        "expansion": Key("str", max_length=SHORT),
        "details": FACTS,
        "related": Key("list", item="str", ref="entity"),
        "featured": Key("int"),
        "asks": ASKS,
    },
)

PLACE = Spec(
    "place",
    {
        "id": Key("id", required=True),
        "name": Key("str", required=True, max_length=NAME),
        "kind": Key("str", required=True, enum=("city", "state", "country")),
        "aliases": Key("list", required=True, item="str", max_length=80),
        "close_aliases": CLOSE_ALIASES,
        "within": Key("str", ref="place"),
        "national": Key("bool"),
    },
)

RESOURCE = Spec(
    "resource",
    {
        "id": Key("id", required=True),
        "title": Key("str", required=True, max_length=150),
        "kind": Key(
            "str",
            required=True,
            enum=("book", "study-guide", "practice-exam", "course", "guide", "video"),
        ),
        "aliases": Key("list", required=True, item="str", max_length=80),
        "close_aliases": CLOSE_ALIASES,
        "summary": Key("str", required=True, max_length=TEXT),
        "source": Key("str", required=True, ref="source"),
        "publisher": Key("str", max_length=SHORT),
        "edition": Key("str", max_length=SHORT),
        "priority": Key("int"),
        "free": Key("bool"),
        "helps_with": Key("list", item="str", ref="entity"),
        "asks": ASKS,
    },
)

INTENT = Spec(
    "intent",
    {
        "id": Key("str", required=True, max_length=MAX_ID_LENGTH),
        "name": Key("str", required=True, max_length=60),
        "keywords": Key("list", required=True, item="str", max_length=60),
        "phrases": Key("list", item="str", max_length=120),
        "examples": Key("list", item="str", max_length=300),
    },
)

# Top-level layout of each kind of file. A "single" file holds one entry as its top mapping; a
# "table" file holds a list of entries under one key.
SOURCES_FILE = Spec(
    "sources file", {"sources": Key("list", required=True, item="map", spec=SOURCE)}
)
GLOSSARY_FILE = Spec("glossary file", {"terms": Key("list", required=True, item="map", spec=TERM)})
PLACES_FILE = Spec("places file", {"places": Key("list", required=True, item="map", spec=PLACE)})
RESOURCES_FILE = Spec(
    "resources file", {"resources": Key("list", required=True, item="map", spec=RESOURCE)}
)
INTENTS_FILE = Spec(
    "intents file",
    {
        "intents": Key("list", required=True, item="map", spec=INTENT),
        # "word = meaning": read the word as its meaning in questions and aliases alike
        "synonyms": Key("list", item="str", max_length=80),
        "domain_words": Key("list", item="str", max_length=40),
    },
    retired={
        "stopwords": "stopwords are part of the bot now, not of the knowledge: remove this list",
    },
)

# Known intents the reply composer can answer; intents.yaml must define exactly these.
INTENT_IDS = NAMES
