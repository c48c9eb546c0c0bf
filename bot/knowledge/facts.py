"""Every statement of the knowledge base as a fact: its entry, its aspect and its own words.

Facts are derived from a loaded KnowledgeBase; the YAML files need no extra keys for them. Each
salary figure, note, ranking, qualification, skill, duty, career step, certification detail,
glossary sentence and resource summary becomes one Fact whose ``text`` is a sentence that can lead
a reply on its own ("CPSM, the Certified PACS System Manager, is PARCA's highest qualification.").
The matcher ranks facts against a question; the composer leads a reply with the best ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from bot.knowledge.model import (
    Certification,
    Entity,
    Figure,
    KnowledgeBase,
    Resource,
    Role,
    Term,
)
from bot.replies.figures import figure_line, money

# What a fact is about. The composer maps each aspect onto the intent whose card shows it.
ASPECTS = (
    "pay",
    "place",
    "requirements",
    "duties",
    "path",
    "certification",
    "definition",
    "resource",
)

# What each kind of salary figure (the schema's ``kind``) means, in the words people use for it,
# and what each certification key states: a figure of kind "floor" answers "the lowest pay".
FIGURE_KIND_WORDS = {
    "average": "average typical mean",
    "range": "range lowest highest bottom least minimum min worst most maximum max",
    "entry": "entry starting beginner",
    "mid": "mid experienced",
    "senior": "senior experienced",
    "ceiling": "ceiling highest most maximum max",
    "floor": "floor lowest least minimum min worst bottom",
    "bonus": "bonus",
    "raise": "raise increase",
    "percentile": "percentile top",
    "premium": "premium more above",
}
# A ranking of places is found by the words for a place in an order ("the city right after San
# Francisco", "the third state").
RANKING_WORDS = "where place order rank first second third next after behind"
# A figure stating a share of pay ("1%", "+17%") is found by the words for a share as well.
PERCENT_WORDS = "percent percentage share"
KEY_WORDS = {
    "issuer": "issuer issued awarded gives grants",
    "level": "level",
    "covers": "covers",
    "builds_on": "builds built foundation prerequisite before prior other under",
    "replaces": "replaces instead alternative",
    "valued_by": "valued",
    "preparation": "prepare study",
    "skills": "skill",
    "duties": "duty task",
    "qualifications": "qualification requirement",
    "career_next": "next step promotion",
}

# A certification's level in the words people use for a rank: "entry level" answers "the
# beginner cert", "highest" answers "the top cert". A level naming one of these words gets them all.
LEVEL_WORDS = (
    "entry starting beginner first basic junior bottom lowest",
    "highest top most senior advanced peak",
    "specialised specialized specialist niche narrow",
)


def level_words(level: str) -> str:
    """The rank words a certification's level stands for ("entry level": beginner, first...)."""
    said = set(re.findall(r"[a-z]+", level.lower()))
    return " ".join(words for words in LEVEL_WORDS if said & set(words.split()))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"(])")


@dataclass(frozen=True, slots=True)
class Fact:
    """One statement: which entry it is about, which aspect, and the sentence that states it."""

    id: str  # "<entry id>/<field>/<n>", stable while the files do not change
    entity: str
    aspect: str
    field: str  # where it comes from: "qualifications", "salary", "career_next", "covers"...
    text: str  # a sentence that can open a reply
    words: str = ""  # extra words it is found by (a figure's kind and place, moderators' asks)
    place: str | None = None  # the place a figure or ranking is about
    about: tuple[str, ...] = ()  # other entries the fact names (the next role, a certification)


def own_words(fact: Fact) -> str:
    """What the fact states in its own words: its sentence, its level words and moderators'
    asks, without the tags every fact of its field carries ("qualification", a figure's kind)."""
    if fact.field == "salary":
        # "%" is a word of the sentence, spelt out
        return f"{fact.text} {PERCENT_WORDS}" if "%" in fact.text else fact.text
    tags = set(KEY_WORDS.get(fact.field, "").split())
    return " ".join([fact.text, *(w for w in fact.words.split() if w not in tags)])


def sentences(text: str) -> list[str]:
    """A paragraph split into its sentences (a summary of three sentences is three facts)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def plural(entity: Entity) -> str:
    """The entry's name for several of them: its ``plural`` key, or a regular English plural."""
    given = getattr(entity, "plural", None)
    if given:
        return str(given)
    return plural_of(entity.name)


def plural_of(name: str) -> str:
    """ "PACS Analyst / Administrator" -> "PACS Analysts / Administrators"."""
    parts = name.split(" / ")
    return " / ".join(_plural_word(part) for part in parts)


def _plural_word(text: str) -> str:
    match = re.match(r"^(.*?)(\s*\([^)]*\))?$", text)
    head, tail = (match.group(1), match.group(2) or "") if match else (text, "")
    if head.endswith("s"):
        return head + tail
    if head.endswith("y") and not head.endswith(("ay", "ey", "oy", "uy")):
        return head[:-1] + "ies" + tail
    return head + "s" + tail


_ABBREVIATED = re.compile(r"\(([A-Z0-9]{2,})\)")


def short_name(name: str) -> str:
    """A name without the words its abbreviation stands for, for titles:
    "Radiology Information Systems (RIS) Analyst" -> "RIS Analyst"."""
    found = _ABBREVIATED.search(name)
    if found is None:
        return name
    before = name[: found.start()].split()
    abbreviation = found.group(1)
    if len(before) < len(abbreviation):
        return name
    kept = before[: len(before) - len(abbreviation)]
    return " ".join([*kept, abbreviation, *name[found.end() :].split()])


def with_article(name: str) -> str:
    """The name with "a" or "an": "a PACS Analyst", "an Imaging Analyst", "a RIS Analyst" (as the
    source writes it: acronyms are read as words)."""
    return ("an " if name[:1].lower() in "aeiou" else "a ") + name


def derive_facts(knowledge: KnowledgeBase) -> tuple[Fact, ...]:
    """Every fact of the knowledge base, entry by entry in file order."""
    facts: list[Fact] = []
    for entity in knowledge.entities():
        facts.extend(entity_facts(knowledge, entity))
    return tuple(facts)


def entity_facts(knowledge: KnowledgeBase, entity: Entity) -> list[Fact]:
    """The facts one entry states, with ids numbered per field."""
    counters: dict[str, int] = {}
    result = []
    asks = " ".join(getattr(entity, "asks", ()))
    item_asks = getattr(entity, "item_asks", ())
    for aspect, field, text, words, place, about in _statements(knowledge, entity):
        words = f"{words} {KEY_WORDS.get(field, '')}".strip()
        for item, examples in item_asks:
            if item in text or item[:1].lower() + item[1:].rstrip(".") in text:
                words = f"{words} {' '.join(examples)}"  # moderators' questions for this item
        n = counters.get(field, 0)
        counters[field] = n + 1
        if n == 0 and field in ("summary", "definition") and asks:
            words = f"{words} {asks}".strip()  # moderators' example questions for the entry
        result.append(
            Fact(f"{entity.id}/{field}/{n}", entity.id, aspect, field, text, words, place, about)
        )
    return result


_Statement = tuple[str, str, str, str, str | None, tuple[str, ...]]


def _statements(knowledge: KnowledgeBase, entity: Entity) -> Iterator[_Statement]:
    if isinstance(entity, Role):
        yield from _role(knowledge, entity)
    elif isinstance(entity, Certification):
        yield from _certification(knowledge, entity)
    elif isinstance(entity, Term):
        lead = entity.name + (f" ({entity.expansion})" if entity.expansion else "")
        for i, sentence in enumerate(sentences(entity.definition)):
            text = f"{lead}: {sentence}" if i == 0 else sentence
            yield "definition", "definition", text, entity.name, None, entity.related
        for detail in entity.details:
            yield "definition", "details", detail, entity.name, None, entity.related
    elif isinstance(entity, Resource):
        for i, sentence in enumerate(sentences(entity.summary)):
            text = f"**{entity.title}**: {sentence}" if i == 0 else sentence
            yield "resource", "summary", text, entity.resource_kind, None, entity.helps_with
        if entity.edition or entity.publisher:
            bits = [b for b in (entity.edition, entity.publisher) if b]
            text = f"**{entity.title}**: " + ", ".join(bits) + "."
            yield "resource", "edition", text, "", None, ()


def _role(knowledge: KnowledgeBase, role: Role) -> Iterator[_Statement]:
    for sentence in sentences(role.summary):
        yield "definition", "summary", sentence, "", None, ()
    for figure in role.salary:
        words = f"{FIGURE_KIND_WORDS.get(figure.kind, figure.kind)} {figure.note or ''}"
        if figure.percent is not None:
            words = f"{words} {PERCENT_WORDS}"
        yield "pay", "salary", _figure_text(knowledge, figure), words, figure.place, ()
    for note in role.salary_notes:
        yield "pay", "salary_notes", note, "", None, ()
    if role.paying_more is not None:
        ranking = role.paying_more
        names = [knowledge.places[p].name for p in ranking.places]
        text = f"Places that pay {plural(role)} more, in order: {', '.join(names)}."
        if ranking.note:
            text += f" {ranking.note}"
        yield "place", "paying_more", text, RANKING_WORDS, None, ranking.places
    said = about_certification(knowledge, role)
    for item in role.qualifications:
        yield (
            "requirements",
            "qualifications",
            item,
            "",
            None,
            _certs_in(knowledge, role, item, said),
        )
    for item in role.skills:
        yield "requirements", "skills", f"{role.name} skill: {item}.", "", None, ()
    for item in role.duties:
        yield "duties", "duties", item, "", None, ()
    if role.certifications:
        text = valued_certifications(knowledge, role)
        yield "certification", "certifications", text, "", None, role.certifications
    for next_id in role.career_next:
        nxt = knowledge.roles[next_id]
        text = f"The next step for {with_article(role.name)} is {nxt.name}."
        yield "path", "career_next", text, "", None, (next_id,)
    for note in role.career_notes:
        # a note naming a next role ("can be promoted to PACS manager") is about that role too
        named = tuple(
            n for n in role.career_next if knowledge.roles[n].name.lower() in note.lower()
        )
        yield "path", "career_notes", note, "", None, named + _certs_in(knowledge, role, note, said)


def valued_certifications(knowledge: KnowledgeBase, role: Role) -> str:
    """The certifications a role values, by the body awarding them, named in full: "...: CIIP
    from ABII (American Board of Imaging Informatics); CPAS and CPSM from PARCA (...)."."""
    by_issuer: dict[str, list[str]] = {}
    for cert_id in role.certifications:
        cert = knowledge.certifications[cert_id]
        by_issuer.setdefault(cert.issuer, []).append(cert.abbreviation)
    valued = []
    for issuer_id, abbreviations in by_issuer.items():
        issuer = knowledge.terms[issuer_id]
        expansion = f" ({issuer.expansion})" if issuer.expansion else ""
        valued.append(f"{_and(abbreviations)} from {issuer.name}{expansion}")
    return f"Certifications valued for {with_article(role.name)}: {'; '.join(valued)}."


def about_certification(knowledge: KnowledgeBase, role: Role) -> list[str]:
    """The role's own statements (qualifications, career notes) naming one of the
    certifications it values or the body awarding one: what the source says of them for it."""
    names: set[str] = set()
    for cert_id in role.certifications:
        cert = knowledge.certifications[cert_id]
        issuer = knowledge.terms[cert.issuer]
        names.update(n.lower() for n in (cert.abbreviation, cert.name, issuer.name) if n)
    found = []
    for statement in (*role.qualifications, *role.career_notes):
        words = set(re.findall(r"[a-z0-9]+", statement.lower()))
        if any(n in words or (" " in n and n in statement.lower()) for n in names):
            found.append(statement)
    return found


def _certs_in(
    knowledge: KnowledgeBase, role: Role, statement: str, said: list[str]
) -> tuple[str, ...]:
    """The role's certifications a statement about certification names (its ``about``)."""
    if statement not in said:
        return ()
    lower = statement.lower()
    return tuple(
        c
        for c in role.certifications
        if knowledge.certifications[c].abbreviation.lower() in lower
        or knowledge.certifications[c].name.lower() in lower
    )


SHORT_NOTE = 60  # a figure's note this short ("upwards of this amount") belongs in its sentence


def _figure_text(knowledge: KnowledgeBase, figure: Figure) -> str:
    """The figure as one line; a long caveat stays on the card, not in the sentence that leads."""
    if figure.note and len(figure.note) > SHORT_NOTE:
        figure = replace(figure, note=None)
    return figure_line(figure, knowledge)[2:]


def _certification(knowledge: KnowledgeBase, cert: Certification) -> Iterator[_Statement]:
    issuer = knowledge.terms[cert.issuer]
    named = f"{cert.abbreviation}, the {cert.name},"
    for i, sentence in enumerate(sentences(cert.summary)):
        text = f"{cert.abbreviation} ({cert.name}): {sentence}" if i == 0 else sentence
        yield "certification", "summary", text, "", None, ()
    expansion = f" ({issuer.expansion})" if issuer.expansion else ""
    text = f"{named} is awarded by {issuer.name}{expansion}."
    yield "certification", "issuer", text, issuer.name, None, (issuer.id,)
    if cert.level:
        text = f"{named} is {issuer.name}'s {cert.level} certification."
        if issuer.name.lower() in cert.level.lower():
            text = f"{named} is the {cert.level}."
        # a level is a rung of its issuer's ladder: "the bottom of the PARCA ladder"
        yield "certification", "level", text, f"{level_words(cert.level)} ladder rung", None, ()
    for item in cert.covers:
        text = f"{cert.abbreviation} covers {item[:1].lower()}{item[1:]}".rstrip(".") + "."
        yield "certification", "covers", text, "", None, ()
    if cert.builds_on:
        names = _and(knowledge.certifications[c].abbreviation for c in cert.builds_on)
        yield (
            "certification",
            "builds_on",
            f"{cert.abbreviation} builds on {names}.",
            "",
            None,
            (cert.builds_on),
        )
    if cert.replaces:
        names = _and(knowledge.certifications[c].abbreviation for c in cert.replaces)
        text = f"{cert.abbreviation} can stand in for {names}."
        yield "certification", "replaces", text, "", None, cert.replaces
    if cert.valued_by:
        names = _and(knowledge.roles[r].name for r in cert.valued_by)
        text = f"{cert.abbreviation} is valued for {names}."
        yield "certification", "valued_by", text, "", None, cert.valued_by
    if cert.preparation:
        titles = _and(knowledge.resources[r].title for r in cert.preparation)
        text = f"To prepare for {cert.abbreviation}: {titles}."
        yield "resource", "preparation", text, "", None, cert.preparation


def _and(items: Iterator[str] | list[str] | tuple[str, ...]) -> str:
    names = list(items)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def pay_line(role: Role, national_place: str | None) -> str | None:
    """The role's headline pay in a few words ("upwards of $150,000"), for career ladders."""
    national = [f for f in role.salary if f.place in (None, national_place)]
    for figure in national:
        if figure.amount is not None:
            amount = money(figure.amount)
            if figure.note and "this amount" in figure.note:
                amount = figure.note.replace("this amount", amount)  # "upwards of $150,000"
            return f"{figure.measures}: {amount}"
        if figure.low is not None and figure.high is not None:
            return f"{figure.measures}: {money(figure.low)} – {money(figure.high)}"
    return None
