"""A question about named certifications answered by another one related to them.

"which cert can stand in for cpas and cpsa" names two certifications, but the answer is the one
whose ``replaces`` lists them (the CIIP); "instead of all the parca certs, one cert?" names
PARCA, whose certifications the CIIP replaces. A relation fact (``replaces``, ``builds_on``) of
another certification answers when it names every certification the question names (a named
issuer stands for the certifications it awards) and holds one of the question's words.
"""

from __future__ import annotations

from dataclasses import replace

from bot.intents import CERTIFICATIONS
from bot.knowledge.facts import Fact
from bot.knowledge.model import KnowledgeBase
from bot.matching.analyse import Analysis
from bot.matching.decide import Match
from bot.matching.fact_rank import FactIndex, question_stems, score_facts
from bot.matching.index import MatchIndex

RELATIONS = ("replaces", "builds_on")  # a certification's facts naming other certifications
NAMED = 0.5  # a mention scoring this much names its entry (also in a declined question)


def related_answer(
    knowledge: KnowledgeBase,
    facts: FactIndex,
    analysis: Analysis,
    index: MatchIndex,
    match: Match,
) -> tuple[Match, Fact] | None:
    """The certification whose relation fact answers, and that fact; None when none does."""
    named = set(match.subjects) | {
        m.entity_id for m in analysis.mentions if m.kind != "place" and m.score >= NAMED
    }
    # the names of the certifications asked about say nothing about which other one answers
    read = question_stems(index, facts, analysis, tuple(named))
    # an intent's keyword picks a relation only when a certification is asked for ("which cert
    # can stand in for"), not in "what does CPSM stand for"
    asks_cert = dict(analysis.intents).get(CERTIFICATIONS, 0.0) > 0
    stems = read.every if asks_cert else read.telling
    if not named or not stems:
        return None
    certs: set[str] = set()
    for entity_id in named:
        if entity_id in knowledge.certifications:
            certs.add(entity_id)
            continue
        issued = {c.id for c in knowledge.certifications.values() if c.issuer == entity_id}
        if not issued:
            return None  # a role or another term: the question is about more than these certs
        certs |= issued
    positions = {
        p
        for cert in knowledge.certifications
        if cert not in named
        for p in facts.by_entity.get(cert, ())
        if facts.facts[p].field in RELATIONS and certs <= set(facts.facts[p].about)
    }
    scores = score_facts(facts, stems, positions)
    if not scores:
        return None
    position = max(scores, key=lambda p: (scores[p], -p))
    fact = facts.facts[position]
    answer = replace(
        match,
        outcome="answer",
        confidence=max(match.confidence, 0.6),
        intent=CERTIFICATIONS,
        subjects=(fact.entity,),
        options=(),
        reason="",
    )
    return answer, fact
