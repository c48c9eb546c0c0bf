"""A fragment with nothing to refer to asks back with the entries its words hint at.

"the highest one?" or "which one is better", sent with no conversation before it, names no
entry; declining it or showing the help card leaves the asker where they were. The words it
does use say among what it picks: a rank word the knowledge gives a certification's ``level``
or an entry's alias ("entry level", "highest") narrows it to those entries; a bare comparison
("better") compares roles or certifications. A term alone that also begins the names of
several roles ("pacs??") may ask what it is or about those roles, so it offers both. With a
conversation, the fragment refers to it: ``decide`` reads it as a follow-up, and only a rank
word it could not read picks, among the entries of that rank, the one of the kind the
conversation was about ("and the highest one?" after a certification is the highest one).
"""

from __future__ import annotations

from bot.intents import CERTIFICATIONS, COMPARISON, HELP, RESOURCES
from bot.knowledge.facts import level_words
from bot.knowledge.model import Certification, KnowledgeBase, Role
from bot.matching.analyse import Analysis
from bot.matching.context import Conversation
from bot.matching.decide import ANAPHORA, MAX_OPTIONS, Match
from bot.matching.english import (
    COMMON_WORDS,
    MEANT,
    NEGATIONS,
    ONE_THING_WORDS,
    STOPWORDS,
    VAGUE_PRAISE,
)
from bot.matching.index import MatchIndex
from bot.matching.normalise import tokenize


def ask_back(
    knowledge: KnowledgeBase,
    index: MatchIndex,
    analysis: Analysis,
    match: Match,
    context: Conversation | None = None,
) -> Match | None:
    """A clarification for a fragment that refers to "one" of something unnamed (with a
    ``context``, the entry of its rank it refers to); None when ``match`` already reads the
    question or its words hint at nothing the knowledge has."""
    alone = _term_or_roles(knowledge, analysis) if context is None else None
    if alone is not None:
        return alone
    one_thing = _one_of_a_kind(knowledge, analysis) if context is None else None
    if one_thing is not None:
        return one_thing
    if analysis.mentions or analysis.partial or not _alias_words_only(index, analysis.unknown):
        return None
    tokens = analysis.tokens
    corrects = any(t in MEANT and at > 0 and tokens[at - 1] == "i" for at, t in enumerate(tokens))
    compares_alone = all(n == COMPARISON for n, _ in analysis.intents) and bool(analysis.intents)
    if not ANAPHORA & set(tokens) and not corrects and not compares_alone:
        return None  # "i meant the top rung" refers back as "the top one" does
    declined = match.outcome == "decline" and match.reason == "off_topic"
    compares = match.intent == HELP and all(n == COMPARISON for n, _ in analysis.intents)
    if not (declined or compares):
        return None
    # "i meant the top one, not the first": what is corrected to, not what is set aside, nor
    # the everyday words around it ("sorry", "wait") unless they name a rank
    aside = {at + 2 for at in range(len(tokens) - 2) if tokens[at] in NEGATIONS}
    ranks = {w for c in knowledge.certifications.values() for w in _level_vocabulary(c.level)}
    words = [
        w
        for at, w in enumerate(tokens)
        if w not in STOPWORDS
        and w not in ANAPHORA
        and w not in MEANT
        and at not in aside
        and (w in ranks or w not in COMMON_WORDS)
    ]
    ranked = _ranked_as(knowledge, words) if declined else ()
    if context is not None:
        return _in_context(knowledge, ranked, context)
    if ranked:
        return Match("clarify", 0.3, None, options=ranked[:MAX_OPTIONS], reason="fragment")
    if compares and analysis.intents:
        certifications = tuple(knowledge.certifications)
        options = (*knowledge.featured_roles[:2], *certifications)[:MAX_OPTIONS]
        return Match("clarify", 0.3, COMPARISON, options=options, reason="fragment")
    return None


def _ranked_as(knowledge: KnowledgeBase, words: list[str]) -> tuple[str, ...]:
    """The certifications whose level, then the roles one of whose aliases, has every word."""
    if not words:
        return ()
    wanted = set(words)
    # a certification's level is a level, and its rank words name it ("top" for "highest")
    certs = [
        c.id
        for c in knowledge.certifications.values()
        if c.level and wanted <= _level_vocabulary(c.level)
    ]
    # then the certifications and roles one of whose aliases has every word ("the interface one")
    named = [
        e.id
        for e in _named_entries(knowledge)
        if any(wanted <= set(tokenize(a)) for a in e.aliases)
    ]
    return tuple(dict.fromkeys([*certs, *named]))


def _alias_words_only(index: MatchIndex, unknown: tuple[str, ...]) -> bool:
    """Whether every unknown word is a word of some certification's or role's alias: "interface"
    alone is half of "interface analyst", so "the interface one?" refers to that entry."""
    return all(
        any(
            index.entity_kind.get(e) in ("certification", "role")
            for e in index.word_owners.get(w, ())
        )
        for w in unknown
    )


def _named_entries(knowledge: KnowledgeBase) -> list[Certification | Role]:
    """The certifications, then the roles: the entries a fragment may name by a word."""
    return [*knowledge.certifications.values(), *knowledge.roles.values()]


def _level_vocabulary(level: str | None) -> set[str]:
    """The words naming a certification's level: its own, its rank words ("top" for
    "highest") and "level" itself."""
    if not level:
        return set()
    return {"level", *tokenize(level), *level_words(level).split()}


def _in_context(
    knowledge: KnowledgeBase, ranked: tuple[str, ...], context: Conversation
) -> Match | None:
    """The one entry of this rank of the kind the conversation was about, asked as it was."""
    kinds = {getattr(knowledge.entity(s), "kind", None) for s in context.subjects}
    same = [r for r in ranked if getattr(knowledge.entity(r), "kind", None) in kinds]
    if len(same) != 1 or context.intent is None:
        return None
    return Match("answer", 0.7, context.intent, (same[0],), context.location)


def _term_or_roles(knowledge: KnowledgeBase, analysis: Analysis) -> Match | None:
    """A question that is one term's name alone, offering the term and the featured roles one of
    whose aliases begins with it; None for any other question, or when fewer than two roles begin
    so (a term naming one role's field, "RIS", is asked about as a term)."""
    terms = analysis.of_kind("term")
    if len(analysis.tokens) != 1 or len(analysis.mentions) != 1 or not terms or analysis.intents:
        return None
    word = analysis.tokens[0]
    roles = [
        role_id
        for role_id in knowledge.featured_roles
        if any(tokenize(alias)[:1] == [word] for alias in knowledge.roles[role_id].aliases)
    ]
    if len(roles) < 2:  # "RIS = ?" asks what RIS is; only the field's own name is a fragment
        return None
    options = (terms[0].entity_id, *roles)[:MAX_OPTIONS]
    return Match("clarify", 0.3, None, options=options, reason="fragment")


def _one_of_a_kind(knowledge: KnowledgeBase, analysis: Analysis) -> Match | None:
    """A message that is one thing's kind alone ("cert?", "the guide pls", "which course is
    good"), offering the entries of that kind; None for any other message, or when the kind has
    fewer than two entries (the one there is answers)."""
    if analysis.mentions or analysis.partial or set(analysis.unknown) - VAGUE_PRAISE:
        return None
    words = [t for t in analysis.tokens if t not in STOPWORDS and t not in VAGUE_PRAISE]
    if len(words) != 1 or words[0] not in ONE_THING_WORDS:
        return None
    kind = ONE_THING_WORDS[words[0]]
    if kind == "certification":
        options, intent = tuple(knowledge.certifications), CERTIFICATIONS
    else:
        options = tuple(
            r.id
            for r in knowledge.resources.values()
            if r.resource_kind == kind or words[0] in tokenize(r.title)
        )
        intent = RESOURCES
    if len(options) < 2:
        return None
    return Match("clarify", 0.3, intent, options=options[:MAX_OPTIONS], reason="fragment")
