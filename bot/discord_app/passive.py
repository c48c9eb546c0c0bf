"""Which channels the bot answers in on its own (without being mentioned)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class PassiveChannels(Protocol):
    """Tells whether a server's moderators enabled passive answers in a channel."""

    def is_enabled(self, guild_id: int, channel_id: int) -> bool:
        """True when the bot may answer questions in this channel without being mentioned."""
        ...


class StaticPassiveChannels:
    """Passive channels from a fixed list of channel ids (the ``PASSIVE_CHANNELS`` setting)."""

    def __init__(self, channel_ids: Iterable[int] = ()) -> None:
        self.channel_ids = frozenset(channel_ids)

    def is_enabled(self, guild_id: int, channel_id: int) -> bool:
        """True when ``channel_id`` is in the list (any guild)."""
        return channel_id in self.channel_ids

    def __len__(self) -> int:
        return len(self.channel_ids)
