"""The last word on a reading: what ``decide`` and the fact ranking found, made answerable.

The engine settles every reading here once, right before it is composed, so the composer only
composes what it is given: a role question names a role, a clarification has options, a command
whose subject is missing or unknown asks back with the closest entries.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import replace

from bot import intents
from bot.intents import Command
from bot.knowledge.model import KnowledgeBase
from bot.matching.decide import MAX_OPTIONS, Match
from bot.matching.normalise import normalise
from bot.matching.suggest import Suggester

# A command's unknown subject is offered the entries scoring at least this (see Suggester).
SUGGEST_CUTOFF = 70


def settle(knowledge: KnowledgeBase, match: Match) -> Match:
    """Make any (intent, subjects) reading answerable: a role question needs a role, a
    definition a term, and a clarification something to choose from."""
    if match.outcome == "clarify":
        return match if match.options else replace(match, options=knowledge.featured_roles)
    if match.outcome != "answer":
        return match
    intent = match.intent or intents.ROLE
    if intent in intents.ROLE_ONLY_INTENTS and not match.subjects:
        return replace(match, outcome="clarify", options=knowledge.featured_roles)
    spec = intents.BY_NAME.get(intent)
    if match.subjects and spec is not None:
        # "what certs does it need" after a book: a card of this intent cannot show that
        # entry, so its overview answers
        first = knowledge.entity(match.subjects[0])
        kind = first.kind if first else "term"
        if kind not in spec.applies_to:
            intent = intents.DEFAULT_INTENT.get(kind, intents.DEFINITION)
    if intent == intents.DEFINITION and not match.subjects:
        options = knowledge.featured_terms or knowledge.featured_roles
        return replace(match, outcome="clarify", options=options)
    return replace(match, intent=intent)


def choice_intent(intent: str, kind: str) -> str:
    """The reading a clarification option of this kind carries, for a question of this intent."""
    if intent == intents.COMPARISON:
        side_by_side = kind in ("role", "certification")
        return intents.DEFAULT_INTENT[kind] if side_by_side else intents.DEFINITION
    if kind == "certification" and intent not in (intents.CERTIFICATIONS, intents.RESOURCES):
        return intents.CERTIFICATIONS
    if kind == "term" and intent != intents.DEFINITION:
        return intents.DEFINITION
    spec = intents.BY_NAME.get(intent)
    if spec is not None and kind not in spec.applies_to:
        return intents.DEFAULT_INTENT.get(kind, intents.DEFINITION)
    return intent


def for_command(
    command: Command,
    options: str,
    match: Match,
    suggester: Suggester,
    *,
    place_words: AbstractSet[str],
) -> Match:
    """A command whose subject is missing or unknown asks back with the closest entries
    (``place_words``: the options' words naming a place the knowledge base does not list,
    which are no misspelt entry)."""
    if not (match.outcome == "decline" or (match.outcome == "clarify" and not match.options)):
        return match
    kinds = command.kinds
    words = normalise(options).split()
    given = bool(words)
    if not given and command.general:
        return Match("answer", 0.9, match.intent, location=match.location)
    rest = " ".join(w for w in words if w not in place_words)
    close = [
        entity_id
        for entity_id, score in (suggester.closest(rest, kinds) if rest else ())
        if score >= SUGGEST_CUTOFF
    ]
    if close:
        return Match("clarify", 0.4, match.intent, location=match.location, options=tuple(close))
    if given and match.location is None and not place_words:
        return Match("decline", 0.1, None, reason="unknown_subject")
    # nothing given ("/salary"), or only a place ("/salary boston"): ask which, for that place
    # (for "/salary chicago", which the source has no figures for, the gap says so first)
    picks = tuple(e for e, _ in suggester.suggest("", kinds, limit=MAX_OPTIONS))
    return Match("clarify", 0.3, match.intent, location=match.location, options=picks)
