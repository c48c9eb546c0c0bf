"""Conversation context: what the last answered question in a channel was about.

The engine never stores this itself; the caller passes the context in and keeps the one a reply
hands back, so the core stays a pure function and two channels never share state.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass

FOLLOW_UP_SECONDS = 300.0


@dataclass(frozen=True, slots=True)
class Conversation:
    """The subject, intent and place of the last answer in one conversation."""

    intent: str | None
    subjects: tuple[str, ...]
    location: str | None
    at: float
    options: tuple[str, ...] = ()  # what a clarification offered, so "the cardiology one" works


class ConversationMemory:
    """Last answers per conversation key (a channel or DM id), forgotten after a few minutes."""

    def __init__(self, ttl: float = FOLLOW_UP_SECONDS, capacity: int = 10_000) -> None:
        self.ttl = ttl
        self.capacity = capacity
        self._items: OrderedDict[object, Conversation] = OrderedDict()

    def get(self, key: object, now: float | None = None) -> Conversation | None:
        """The fresh context for this conversation, or None."""
        now = time.monotonic() if now is None else now
        item = self._items.get(key)
        if item is None or now - item.at > self.ttl:
            self._items.pop(key, None)
            return None
        return item

    def remember(self, key: object, conversation: Conversation | None) -> None:
        """Store the context a reply produced (None keeps the previous one)."""
        if conversation is None:
            return
        self._items[key] = conversation
        self._items.move_to_end(key)
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)
