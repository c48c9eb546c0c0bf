"""Entries a question sets aside: "which book besides Practical Imaging Informatics" asks for the
other books, not for the one it names; "not PARCA, the other board" asks for the other body
awarding certifications."""

from __future__ import annotations

from dataclasses import replace

from bot.intents import CERTIFICATIONS, RESOURCES
from bot.knowledge.model import KnowledgeBase
from bot.matching.analyse import Analysis
from bot.matching.decide import Match
from bot.matching.english import EXCLUDING, EXCLUDING_PAIRS, OTHER_WORDS, STOPWORDS


def set_aside(analysis: Analysis) -> set[str]:
    """The entries the question names right after a word that excludes them."""
    tokens = analysis.tokens
    aside = set()
    for mention in analysis.mentions:
        start = mention.start
        while start > 0:
            before = tokens[max(0, start - 2) : start]
            if before[-1] in EXCLUDING or tuple(before) in EXCLUDING_PAIRS:
                aside.add(mention.entity_id)
                break
            if before[-1] not in STOPWORDS:
                break
            start -= 1  # "besides the Network+ Exam Cram"
    return aside


def the_others(knowledge: KnowledgeBase, analysis: Analysis, match: Match) -> Match:
    """A study-resource question setting named resources aside is about the others of their
    kind (the other books), and about any resource it names besides them."""
    if match.outcome != "answer" or match.intent != RESOURCES:
        return match
    aside = set_aside(analysis) & set(knowledge.resources)
    if not aside:
        return match
    kinds = {knowledge.resources[r].resource_kind for r in aside}
    others = [
        r.id for r in knowledge.resources.values() if r.resource_kind in kinds and r.id not in aside
    ]
    if not others:
        return match
    return replace(match, subjects=tuple(others))


def the_other_issuer(knowledge: KnowledgeBase, analysis: Analysis, match: Match) -> Match:
    """A question naming one body that awards certifications and asking for "the other" one
    ("not PARCA, the other board") is about the other bodies and their certifications.

    "the other PARCA certs" names PARCA right after "other": that is about PARCA's own.
    """
    if match.outcome == "decline":
        return match
    starts = {m.start for m in analysis.mentions}
    other = [
        at
        for at, token in enumerate(analysis.tokens)
        if token in OTHER_WORDS and at + 1 < len(analysis.tokens) and at + 1 not in starts
    ]
    if not other:
        return match
    issuers = {c.issuer for c in knowledge.certifications.values()}
    named = {m.entity_id for m in analysis.mentions if m.kind != "place"}
    if len(named) != 1 or not named <= issuers:
        return match
    others = tuple(sorted(issuers - named))
    if not others:
        return match
    return replace(
        match,
        outcome="answer",
        confidence=max(match.confidence, 0.6),
        intent=CERTIFICATIONS,
        subjects=others,
        options=(),
        reason="",
    )
