"""Places a question sets aside: "after SF, which city pays analysts best" and "besides SF,
where else should an admin move" ask for the other places the source ranks, not for the pay in
San Francisco. The place set aside still says whose pay is meant (only some roles' rankings
list it) and where the ranking goes on from, so the reading keeps the role and the place it
gave; the rankings lead."""

from __future__ import annotations

from dataclasses import replace

from bot.intents import COMPARISON, LOCATION, SALARY
from bot.matching.analyse import Analysis, places_set_aside
from bot.matching.fact_rank import FactIndex
from bot.matching.focus import Focus

# Readings about pay whose place, set aside, leaves the ranking of the other places to answer.
PAY_READINGS = frozenset({SALARY, LOCATION, COMPARISON})


def the_other_places(facts: FactIndex, analysis: Analysis, focused: Focus) -> Focus:
    """An answer about pay at a place the question sets aside is about the places the source
    ranks for its roles, led by those rankings; a question asking which role it means is about
    the one role whose ranking lists that place; any other reading is returned as it is."""
    match = focused.match
    if match.intent not in PAY_READINGS or match.location is None:
        return focused
    if match.location not in places_set_aside(analysis):
        return focused
    if match.outcome == "answer":
        whose = match.subjects
    elif match.outcome == "clarify":
        whose = match.options  # which one: the one whose ranking lists the place set aside
    else:
        return focused
    rankings = tuple(
        facts.facts[p]
        for subject in whose
        for p in facts.by_entity.get(subject, ())
        if facts.facts[p].field == "paying_more"
        and (match.outcome == "answer" or match.location in facts.facts[p].about)
    )
    if not rankings:
        return focused
    subjects = tuple(dict.fromkeys(f.entity for f in rankings))
    if match.outcome == "clarify" and len(subjects) != 1:
        return focused
    answered = replace(
        match,
        outcome="answer",
        confidence=max(match.confidence, 0.6),
        intent=LOCATION,
        subjects=subjects,
        options=(),
    )
    return Focus(answered, rankings)
