"""Immutable in-memory model of the knowledge base.

Everything here is a frozen dataclass holding tuples, so a loaded KnowledgeBase can be shared by
every task and replaced as one reference when moderators reload it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, TypeVar, get_args

FigureKind = Literal[
    "average",
    "range",
    "entry",
    "mid",
    "senior",
    "ceiling",
    "floor",
    "bonus",
    "raise",
    "percentile",
    "premium",
]
FIGURE_KINDS: tuple[str, ...] = get_args(FigureKind)

EntityKind = Literal["role", "certification", "term", "place", "resource"]


@dataclass(frozen=True, slots=True)
class Source:
    """A publication that facts are taken from."""

    id: str
    title: str
    publisher: str
    date: str | None = None
    url: str | None = None
    note: str | None = None

    def citation(self) -> str:
        """The one-line credit shown under a reply: "Title, Publisher, 2021"."""
        parts = [self.title, self.publisher]
        if self.date:
            parts.append(self.date)
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Figure:
    """One number from a source: a salary, a range, a bonus, a premium over a baseline..."""

    kind: str
    measures: str
    source: str
    amount: int | None = None
    low: int | None = None
    high: int | None = None
    percent: float | None = None
    percent_high: float | None = None
    percentile: int | None = None
    place: str | None = None
    baseline: str | None = None
    baseline_amount: int | None = None
    delta_amount: int | None = None
    note: str | None = None

    def numbers(self) -> tuple[float, ...]:
        """Every number this figure states, for source-coverage checks."""
        values = (
            self.amount,
            self.low,
            self.high,
            self.percent,
            self.percent_high,
            self.percentile,
            self.baseline_amount,
            self.delta_amount,
        )
        return tuple(v for v in values if v is not None)


@dataclass(frozen=True, slots=True)
class PlaceRanking:
    """Places a source says pay a role more, in the source's order."""

    places: tuple[str, ...]
    source: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Role:
    """A job title with what it needs, does, values and pays."""

    id: str
    name: str
    aliases: tuple[str, ...]
    summary: str
    source: str
    qualifications: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    duties: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    career_next: tuple[str, ...] = ()
    career_notes: tuple[str, ...] = ()
    salary: tuple[Figure, ...] = ()
    salary_notes: tuple[str, ...] = ()
    paying_more: PlaceRanking | None = None
    parent: str | None = None
    plural: str | None = None
    asks: tuple[str, ...] = ()
    # example questions moderators gave for single list items: (the item's text, its asks)
    item_asks: tuple[tuple[str, tuple[str, ...]], ...] = ()
    featured: int | None = None  # offered (1 first) when a question names no role
    kind: EntityKind = "role"


@dataclass(frozen=True, slots=True)
class Certification:
    """A professional certification and how it relates to the others."""

    id: str
    name: str
    abbreviation: str
    issuer: str
    aliases: tuple[str, ...]
    summary: str
    source: str
    level: str | None = None
    covers: tuple[str, ...] = ()
    builds_on: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()
    valued_by: tuple[str, ...] = ()
    preparation: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()
    # example questions moderators gave for single list items: (the item's text, its asks)
    item_asks: tuple[tuple[str, tuple[str, ...]], ...] = ()
    kind: EntityKind = "certification"


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary entry: an acronym, an organisation, a product, a concept."""

    id: str
    name: str
    aliases: tuple[str, ...]
    definition: str
    source: str
    expansion: str | None = None
    details: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()
    # example questions moderators gave for single list items: (the item's text, its asks)
    item_asks: tuple[tuple[str, tuple[str, ...]], ...] = ()
    featured: int | None = None  # offered (1 first) when a definition names no term
    kind: EntityKind = "term"


@dataclass(frozen=True, slots=True)
class Place:
    """A city, state or country that figures are given for."""

    id: str
    name: str
    place_kind: str
    aliases: tuple[str, ...]
    within: str | None = None
    national: bool = False  # the country national figures are for
    kind: EntityKind = "place"


@dataclass(frozen=True, slots=True)
class Resource:
    """A book, study guide, course or guide the source recommends."""

    id: str
    title: str
    resource_kind: str
    aliases: tuple[str, ...]
    summary: str
    source: str
    publisher: str | None = None
    edition: str | None = None
    priority: int | None = None
    free: bool = False  # the source says it costs nothing
    helps_with: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()
    kind: EntityKind = "resource"

    @property
    def name(self) -> str:
        """Resources are named by their title."""
        return self.title

    @property
    def pick_order(self) -> tuple[bool, int]:
        """Sort key: the source's picks first, by priority; the rest keep the knowledge's order."""
        return (self.priority is None, self.priority or 0)


@dataclass(frozen=True, slots=True)
class Intent:
    """Something people ask for (salary, qualifications...), with the words that signal it."""

    id: str
    name: str
    keywords: tuple[str, ...]
    phrases: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


Entity = Role | Certification | Term | Place | Resource


V = TypeVar("V")


def _frozen(mapping: dict[str, V]) -> Mapping[str, V]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """The whole validated knowledge base; built once by the loader and never mutated."""

    sources: Mapping[str, Source]
    roles: Mapping[str, Role]
    certifications: Mapping[str, Certification]
    terms: Mapping[str, Term]
    places: Mapping[str, Place]
    resources: Mapping[str, Resource]
    intents: Mapping[str, Intent]
    stopwords: frozenset[str] = field(default_factory=frozenset)
    domain_words: frozenset[str] = field(default_factory=frozenset)
    synonyms: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # The place national figures are for (``national: true``), and the roles and terms offered,
    # in order, when a question names none (``featured:``).
    national: str | None = None
    featured_roles: tuple[str, ...] = ()
    featured_terms: tuple[str, ...] = ()
    # Roles that are a whole field: other roles name them as their ``parent``.
    parent_roles: frozenset[str] = frozenset()
    # Each place's ``places_around``, worked out once (it is asked on every question with a place).
    around: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def build(
        cls,
        *,
        sources: dict[str, Source],
        roles: dict[str, Role],
        certifications: dict[str, Certification],
        terms: dict[str, Term],
        places: dict[str, Place],
        resources: dict[str, Resource],
        intents: dict[str, Intent],
        stopwords: frozenset[str] = frozenset(),
        domain_words: frozenset[str] = frozenset(),
        synonyms: dict[str, str] | None = None,
    ) -> KnowledgeBase:
        """Freeze the given tables into a KnowledgeBase."""
        return cls(
            sources=_frozen(sources),
            roles=_frozen(roles),
            certifications=_frozen(certifications),
            terms=_frozen(terms),
            places=_frozen(places),
            resources=_frozen(resources),
            intents=_frozen(intents),
            stopwords=stopwords,
            domain_words=domain_words,
            synonyms=MappingProxyType(dict(synonyms or {})),
            national=next((p.id for p in places.values() if p.national), None),
            featured_roles=_featured(roles.values()),
            featured_terms=_featured(terms.values()),
            parent_roles=frozenset(r.parent for r in roles.values() if r.parent),
            around=MappingProxyType({p: _places_around(places, p) for p in places}),
        )

    def entity(self, entity_id: str) -> Entity | None:
        """Find a role, certification, term, place or resource by id."""
        tables: tuple[Mapping[str, Entity], ...] = (
            self.roles,
            self.certifications,
            self.terms,
            self.places,
            self.resources,
        )
        for table in tables:
            found = table.get(entity_id)
            if found is not None:
                return found
        return None

    def entities(self) -> tuple[Entity, ...]:
        """Every entity that questions can be about, in a stable order."""
        return (
            *self.roles.values(),
            *self.certifications.values(),
            *self.terms.values(),
            *self.places.values(),
            *self.resources.values(),
        )

    def source(self, source_id: str) -> Source:
        """The source with this id (the validator guarantees it exists)."""
        return self.sources[source_id]

    def place_and_parents(self, place_id: str) -> tuple[str, ...]:
        """The place followed by what contains it: san-francisco, california, united-states."""
        return tuple(_chain(self.places, place_id))

    def places_around(self, place_id: str) -> frozenset[str]:
        """The place, the places containing it and the places inside it, without the national
        place (whose figures are every place's): a figure for any of them is one for the place
        ("in California": San Francisco's; "in Deer Park": California's). Empty for the national
        place itself."""
        known = self.around.get(place_id)
        return known if known is not None else _places_around(self.places, place_id)


def _chain(places: Mapping[str, Place], place_id: str) -> list[str]:
    """The place followed by what contains it (see ``KnowledgeBase.place_and_parents``)."""
    chain: list[str] = []
    current: str | None = place_id
    while current is not None and current not in chain:
        chain.append(current)
        place = places.get(current)
        current = place.within if place else None
    return chain


def _places_around(places: Mapping[str, Place], place_id: str) -> frozenset[str]:
    """``KnowledgeBase.places_around``, worked out from the places."""
    national = {p.id for p in places.values() if p.national}
    if place_id in national:
        return frozenset()
    around = set(_chain(places, place_id))
    around |= {p for p in places if place_id in _chain(places, p)}
    return frozenset(around - national)


def _featured(entries: Iterable[Role | Term]) -> tuple[str, ...]:
    """The ids of the entries with a ``featured`` rank, lowest rank first."""
    ranked = sorted((e.featured, e.id) for e in entries if e.featured is not None)
    return tuple(entry_id for _, entry_id in ranked)
