"""Which study resources a question asks for by their kind: "any books?" lists the books, "anything
free?" what the source says costs nothing, "if I buy just one book" the source's first choice."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from bot.intents import RESOURCES
from bot.knowledge.model import KnowledgeBase, Resource
from bot.matching.analyse import Analysis
from bot.matching.decide import Match
from bot.matching.english import FREE_WORDS, ONE_WORDS, RESOURCE_KIND_PAIRS, RESOURCE_KIND_WORDS
from bot.matching.index import MatchIndex


def kinds_named(tokens: tuple[str, ...]) -> set[str]:
    """The resource kinds a question's words name ("books": book, "study guide": study-guide)."""
    singular = [_singular(t) for t in tokens]
    kinds = {RESOURCE_KIND_WORDS[w] for w in singular if w in RESOURCE_KIND_WORDS}
    for pair in pairwise(singular):
        if pair in RESOURCE_KIND_PAIRS:
            kinds.add(RESOURCE_KIND_PAIRS[pair])
    return kinds


def _singular(token: str) -> str:
    """A plural kind word as its singular ("books", "classes"); other words as they are."""
    for ending in ("s", "es"):
        if token.endswith(ending) and token[: -len(ending)] in RESOURCE_KIND_WORDS:
            return token[: -len(ending)]
    return token


def by_kind(
    knowledge: KnowledgeBase, analysis: Analysis, match: Match, index: MatchIndex | None = None
) -> Match:
    """A study-resource answer naming no resource is about the resources of the kinds it names,
    the free ones when it asks for free ones, and only the top pick when it wants just one;
    given the ``index``, a word of one listed resource's own name picks that one ("the
    network+ book": of the books, only the Network+ one has "network" in its name)."""
    if match.outcome != "answer" or match.intent != RESOURCES:
        return match
    if any(s in knowledge.resources for s in match.subjects):
        return match  # a named resource is the answer already
    tokens = analysis.tokens
    kinds = kinds_named(tokens)
    free = any(t in FREE_WORDS for t in tokens)
    if not (kinds or free):
        return match
    picked = [
        r
        for r in knowledge.resources.values()
        if (not kinds or r.resource_kind in kinds) and (not free or r.free)
    ]
    # a topic named too ("free material for the CIIP") narrows the list, when any helps with it
    topics = set(match.subjects)
    helping = [r for r in picked if topics & set(r.helps_with)]
    if not helping and topics & set(knowledge.roles):
        return match  # "does an X-ray course help for a RIS job" is about the role's own facts
    picked = helping or picked
    if not picked:
        return match
    if index is not None:
        picked = _named_by_head(index, tokens, picked) or picked
    picked.sort(key=lambda r: r.pick_order)
    plural = any(_singular(t) != t for t in tokens)
    if not plural and any(t in ONE_WORDS for t in tokens) and picked[0].priority is not None:
        picked = picked[:1]  # "if I buy just one book": the source's first choice
    return replace(match, subjects=(*match.subjects, *(r.id for r in picked)))


def _named_by_head(
    index: MatchIndex, tokens: tuple[str, ...], picked: list[Resource]
) -> list[Resource]:
    """The listed resources a word of the question names by a word of their own names, when
    that word names nothing else (no keyword either, nor an entry outside the list)."""
    ids = {r.id for r in picked}
    named: set[str] = set()
    for token in tokens:
        heads = {e for e, _, _ in index.heads(token)}
        if heads and heads <= ids and not index.keyword_intents(token):
            named |= heads
    return [r for r in picked if r.id in named] if len(named) < len(ids) else []
