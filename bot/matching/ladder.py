"""A question naming several rungs of one career ladder asks about that ladder.

"put these in order: director, admin, manager" or "rank manager, admin, director" names the
rungs by their head words only, which alone are too vague to answer (decide declines or asks
back), or decide reads only some of them ("director, admin and manager": the director's path).
When the question asks about the path (``career_path``) and two or more of the roles it names
or hints at lie on one ladder of ``career: next`` steps, the answer is that ladder, from its
lowest named rung.
"""

from __future__ import annotations

from bot.intents import CAREER_PATH
from bot.knowledge.model import KnowledgeBase
from bot.matching.analyse import Analysis
from bot.matching.decide import Match
from bot.matching.index import MatchIndex

MIN_RUNGS = 2  # rungs a question must name to be about the ladder rather than one role
CONFIDENCE = 0.7


def ladder_of_roles(
    knowledge: KnowledgeBase, analysis: Analysis, match: Match, index: MatchIndex | None = None
) -> Match | None:
    """The ladder the question names rungs of, lowest named rung first; None otherwise (given
    the ``index``, a head word inside a phrase that asks about the path, "become a manager",
    names its rung too)."""
    if match.outcome == "answer" and (match.intent != CAREER_PATH or len(match.subjects) < 2):
        return None  # named clearly enough: decide has read it
    if dict(analysis.intents).get(CAREER_PATH, 0.0) <= 0 and match.intent != CAREER_PATH:
        return None
    named = {m.entity_id for m in analysis.mentions if m.kind == "role"}
    named |= {entity for entity, _ in analysis.partial if entity in knowledge.roles}
    if index is not None:
        named |= {
            owner
            for token in analysis.tokens
            for owner, _, _ in index.heads(token)
            if owner in knowledge.roles
        }
    best: list[str] = []
    for ladder in _ladders(knowledge):
        rungs = [r for r in ladder if r in named]
        if len(rungs) > len(best):
            best = rungs
    if len(best) < MIN_RUNGS or not set(match.subjects) < set(best):
        return None  # an answer's own two rungs keep its order ("after manager, director")
    return Match("answer", CONFIDENCE, CAREER_PATH, tuple(best), match.location, reason="ladder")


def _ladders(knowledge: KnowledgeBase) -> list[list[str]]:
    """Every ladder of next steps, from each role no other role leads to."""
    reached = {n for r in knowledge.roles.values() for n in r.career_next}
    ladders = []
    for role in knowledge.roles.values():
        if role.id in reached or not role.career_next:
            continue
        chain = [role.id]
        while len(chain) <= len(knowledge.roles):
            following = knowledge.roles[chain[-1]].career_next
            if not following or following[0] not in knowledge.roles or following[0] in chain:
                break
            chain.append(following[0])
        ladders.append(chain)
    return ladders
