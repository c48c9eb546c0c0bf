"""Answers recently given per channel, so a repeat can point to the earlier message."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Hashable


class RecentAnswers:
    """Remembers (channel, answer) -> link of the message for ``window`` seconds."""

    def __init__(self, window: float = 60.0, capacity: int = 5000) -> None:
        self.window = window
        self.capacity = capacity
        self._items: OrderedDict[tuple[int, Hashable], tuple[str, float]] = OrderedDict()

    def find(self, channel_id: int, answer: Hashable, now: float | None = None) -> str | None:
        """The link to the same answer in this channel within the window, or None."""
        now = time.monotonic() if now is None else now
        key = (channel_id, answer)
        item = self._items.get(key)
        if item is None:
            return None
        link, at = item
        if now - at > self.window:
            del self._items[key]
            return None
        return link

    def remember(
        self, channel_id: int, answer: Hashable, link: str, now: float | None = None
    ) -> None:
        """Record that ``answer`` was just posted in this channel at ``link``."""
        now = time.monotonic() if now is None else now
        key = (channel_id, answer)
        self._items[key] = (link, now)
        self._items.move_to_end(key)
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)

    def forget_message(self, message_id: int) -> None:
        """Forget answers whose message was deleted, so a repeat is answered again."""
        suffix = f"/{message_id}"
        for key in [k for k, (link, _) in self._items.items() if link.endswith(suffix)]:
            del self._items[key]
