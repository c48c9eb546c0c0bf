"""Which of two named places pays a role more, from the role's own figures and ranking.

"boston or san francisco, which one pays pacs admins more" names two places; the answer is the
one the knowledge says pays more. Figures of the same unit are compared (two amounts, two premiums
in dollars, two percentages); otherwise the role's ranking of places that pay more decides. When
neither tells, there is no winner and the question keeps its first place.
"""

from __future__ import annotations

from bot.knowledge.model import Figure, KnowledgeBase, Role

# words that make naming two places a question of which one pays more
COMPARING = frozenset({"or", "vs", "versus", "which", "better", "more", "higher", "most"})
# how a place's figure is compared, in order of preference: one unit for both places
_UNITS = ("amount", "delta_amount", "percent")


def better_paid(
    knowledge: KnowledgeBase, role_id: str, places: list[str], tokens: tuple[str, ...]
) -> str | None:
    """The named place that pays this role more, when the question compares places."""
    role = knowledge.roles.get(role_id)
    if role is None or len(set(places)) < 2 or not COMPARING & set(tokens):
        return None
    for unit in _UNITS:
        values = {p: _value(role, p, unit) for p in places}
        if all(v is not None for v in values.values()):
            ranked = sorted(values.items(), key=lambda pv: -float(pv[1] or 0))
            return ranked[0][0] if ranked[0][1] != ranked[1][1] else None
    ranking = role.paying_more.places if role.paying_more else ()
    listed = [p for p in places if p in ranking]
    if not listed:
        return None
    # a place the ranking lists beats one it does not list, an earlier one a later one
    return min(listed, key=ranking.index)


def _value(role: Role, place: str, unit: str) -> float | None:
    """The role's figure for this place in this unit ("amount": pay, or a premium)."""
    for figure in role.salary:
        if figure.place == place and _unit(figure, unit) is not None:
            return _unit(figure, unit)
    return None


def _unit(figure: Figure, unit: str) -> float | None:
    value = getattr(figure, unit)
    return float(value) if value is not None else None
