"""Several certifications named to ask who awards them: the body awarding them answers.

"who awards CPAS, CPIA and CPSM" names three certifications, which reads as a comparison, but
it asks one thing of all of them: their issuer. When the question sets nothing side by side (no
comparison words), every certification it names comes from the same body, and the question
asks "who" and nothing else, or holds a word that only each one's issuer fact holds
("awards"), the answer is that body's certifications, led by those facts.
"""

from __future__ import annotations

from bot.intents import CERTIFICATIONS, COMPARISON
from bot.knowledge.facts import Fact
from bot.knowledge.model import KnowledgeBase
from bot.matching.analyse import Analysis
from bot.matching.decide import Match
from bot.matching.fact_rank import FactIndex, question_stems
from bot.matching.index import MatchIndex

ISSUER_FIELD = "issuer"  # the fact stating which body awards a certification


def issuer_asked(
    knowledge: KnowledgeBase,
    facts: FactIndex,
    index: MatchIndex,
    analysis: Analysis,
    match: Match,
) -> tuple[Match, tuple[Fact, ...]] | None:
    """The issuer's answer and the issuer facts that lead it; None when the question is not
    about who awards the certifications it names."""
    if match.outcome != "answer" or len(match.subjects) < 2:
        return None
    if dict(analysis.intents).get(COMPARISON, 0.0) > 0:
        return None  # "cpas vs cpia": set side by side
    certs = [knowledge.certifications.get(s) for s in match.subjects]
    issuers = {c.issuer for c in certs if c is not None}
    if any(c is None for c in certs) or len(issuers) != 1:
        return None
    (issuer,) = issuers
    read = question_stems(index, facts, analysis, match.subjects)
    stems = read.every
    # "who gives the certs like cpas and cpia": who, asking nothing else of them, is the body
    asks_who = "who" in analysis.tokens and not read.telling
    lead: list[Fact] = []
    for cert in match.subjects:
        own = facts.by_entity.get(cert, ())
        stated = [p for p in own if facts.facts[p].field == ISSUER_FIELD]
        others = [p for p in own if p not in stated]
        # a word only the issuer fact holds among the certification's facts ("awards")
        if not stated:
            return None
        if not asks_who and not any(
            stem in facts.weights[stated[0]] and not any(stem in facts.weights[p] for p in others)
            for stem in stems
        ):
            return None
        lead.append(facts.facts[stated[0]])
    moved = Match("answer", max(match.confidence, 0.6), CERTIFICATIONS, (issuer,), match.location)
    return moved, tuple(lead)
