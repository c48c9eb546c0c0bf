"""Certifications asked for by their rank: "which PARCA cert is entry", "the specialised one".

A certification's ``level`` names its rank ("entry level", "very specialised", "highest PARCA
qualification"), and the rank words it stands for (``level_words``: "beginner" for entry,
"niche" for specialised, "top" for highest) name it too. A question about certifications that
names none of them, only an issuer or nothing at all, and uses a rank word that only one
certification's level has, is about that certification; two such words ("the entry cert, and
the specialised one?") are about both.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from bot.intents import CERTIFICATIONS, DEFINITION
from bot.knowledge.facts import level_words
from bot.knowledge.model import KnowledgeBase
from bot.matching.analyse import Analysis
from bot.matching.decide import Match


def ranked_certifications(knowledge: KnowledgeBase, analysis: Analysis, match: Match) -> Match:
    """The certifications the question's rank words name, as the subjects of a certification
    answer; ``match`` itself when the question names a certification or another kind of entry,
    does not ask about certifications, or names no rank only one certification has."""
    signals = dict(analysis.intents)
    about_certs = match.intent == CERTIFICATIONS or (
        match.intent in (DEFINITION, None) and signals.get(CERTIFICATIONS, 0.0) > 0
    )
    if not about_certs:
        return match
    if match.outcome == "decline":
        ranks = {w for c in knowledge.certifications.values() for w in _rank_words(c.level or "")}
        if not _only_ranks_unknown(analysis, ranks):
            return match
    named = {m.entity_id for m in analysis.mentions if m.kind != "place"} | set(match.subjects)
    issuers = {c.issuer for c in knowledge.certifications.values() if c.issuer}
    if any(e not in issuers for e in named):
        return match  # a certification or a role is named: its own card answers
    offered = [
        c for c in knowledge.certifications.values() if c.level and (not named or c.issuer in named)
    ]
    picked: list[str] = []
    for token in analysis.tokens:
        owners = [c.id for c in offered if token in _rank_words(c.level or "")]
        if len(owners) == 1 and owners[0] not in picked:
            picked.append(owners[0])
    if not picked:
        return match
    return replace(
        match,
        outcome="answer",
        intent=CERTIFICATIONS,
        subjects=tuple(picked),
        options=(),
        confidence=max(match.confidence, 0.6),
    )


@lru_cache(maxsize=256)
def _rank_words(level: str) -> frozenset[str]:
    """The rank words a level stands for ("entry level": entry, beginner, first...), not its
    other words ("qualification", an issuer's name) that say nothing of its rank."""
    return frozenset(level_words(level).split())


def _only_ranks_unknown(analysis: Analysis, ranks: set[str]) -> bool:
    """Whether a declined question's only unknown words are rank words as the knowledge reads
    them ("niche" read as "specialised"): it was declined for the rank, not for a topic."""
    unknown = set(analysis.unknown)
    read = [t for t, raw in zip(analysis.tokens, analysis.raw_words, strict=True) if raw in unknown]
    return bool(read) and all(t in ranks for t in read)
