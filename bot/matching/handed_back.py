"""Readings the engine is handed back: a clicked button's, and a remembered conversation's.

Both come from outside the engine and may be older than the knowledge base (a button posted, or
a conversation remembered, before a ``/kb reload``) or forged (a button id is only text). The
engine answers a reading only when one of its own replies could have produced it.
"""

from __future__ import annotations

from collections.abc import Collection

from bot.intents import FIRST_SUBJECT_KINDS
from bot.intents import SUBJECT_KINDS as KINDS
from bot.matching.context import Conversation
from bot.matching.index import MatchIndex

# Kinds of entry a reading can be about; places are a reading's location, never its subject.
SUBJECT_KINDS = frozenset(KINDS)


def reading_fits(
    index: MatchIndex, intents: Collection[str], intent: str, subjects: tuple[str, ...]
) -> bool:
    """True when (intent, subjects) is a reading a clarification button of ours can carry:
    a known intent about known entries, the first of a kind that intent answers."""
    if intent not in intents:
        return False
    kinds = [index.entity_kind.get(subject) for subject in subjects]
    if not all(kind in SUBJECT_KINDS for kind in kinds):
        return False
    return not kinds or kinds[0] in FIRST_SUBJECT_KINDS.get(intent, SUBJECT_KINDS)


def context_fits(
    index: MatchIndex, intents: Collection[str], places: Collection[str], context: Conversation
) -> bool:
    """True when a remembered conversation names only intents and entries this knowledge has."""
    kinds = index.entity_kind
    return (
        (context.intent is None or context.intent in intents)
        and all(kinds.get(subject) in SUBJECT_KINDS for subject in context.subjects)
        and all(option in kinds for option in context.options)
        and (context.location is None or context.location in places)
    )
