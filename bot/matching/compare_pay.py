"""The figures a pay comparison of roles opens with: the same figure of each side.

"entry pay: ris analyst vs pacs admin, which is higher" asks for both entry figures; "in sf who
earns more, analyst or admin" for both San Francisco figures. Each side leads with its figure for
the asked place, else the figure of the kind the question names (entry, senior, bonus...), else its
headline figure; the composer then says which of them is higher.
"""

from __future__ import annotations

from bot.intents import PAY_INTENTS
from bot.knowledge.facts import FIGURE_KIND_WORDS, Fact
from bot.knowledge.model import KnowledgeBase
from bot.matching.analyse import Analysis
from bot.matching.decide import Match
from bot.matching.fact_rank import FactIndex, stem
from bot.matching.place_compare import COMPARING
from bot.replies.figures import headline

# the words of a figure's kind, as stems, without the words that ask which side is more
# ("higher" asks for the comparison, not for the ceiling figure)
_ASKING = {stem(w) for w in COMPARING}
KIND_STEMS = {
    kind: {stem(w) for w in words.split()} - _ASKING for kind, words in FIGURE_KIND_WORDS.items()
}


def pay_sides(
    knowledge: KnowledgeBase,
    facts: FactIndex,
    analysis: Analysis,
    stems: list[str],
    match: Match,
    *,
    headlines: bool = False,
) -> tuple[Fact, ...]:
    """Each compared role's figure for what was asked, when the comparison is about pay.

    ``stems`` are the question's fact stems; ``match`` is the decided comparison (its subjects
    and place). Empty when a side is no role or the question asks nothing about pay, and,
    unless ``headlines``, when no side has a figure for the asked place or kind.
    """
    roles = [knowledge.roles.get(s) for s in match.subjects]
    if len(roles) < 2 or any(r is None or not r.salary for r in roles):
        return ()
    local = match.location if match.location not in (None, knowledge.national) else None
    # the place itself first, then the regions around it, never the nation (every figure's)
    places = (
        [p for p in knowledge.place_and_parents(local) if p != knowledge.national] if local else []
    )
    kinds = [k for k, words in KIND_STEMS.items() if words & set(stems)]
    about_pay = any(i in PAY_INTENTS and v > 0 for i, v in analysis.intents)
    if not (about_pay or places or kinds):
        return ()
    lead: list[Fact] = []
    specific = False
    for role in roles:
        assert role is not None
        figures = list(role.salary)
        chosen = next((f for p in places for f in figures if f.place == p), None)
        if chosen is None and kinds:
            chosen = next((f for k in kinds for f in figures if f.kind == k), None)
        specific = specific or chosen is not None
        if chosen is None:
            chosen = headline(role.salary, knowledge.national) or figures[0]
        fact = _figure_fact(facts, role.id, figures.index(chosen))
        if fact is None:
            return ()
        lead.append(fact)
    return tuple(lead) if specific or headlines else ()


def _figure_fact(facts: FactIndex, role_id: str, n: int) -> Fact | None:
    """The fact stating a role's n-th salary figure."""
    wanted = f"{role_id}/salary/{n}"
    return next(
        (facts.facts[p] for p in facts.by_entity.get(role_id, ()) if facts.facts[p].id == wanted),
        None,
    )
