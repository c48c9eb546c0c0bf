"""Which channels the bot answers in on its own (without being mentioned)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from bot.store import Store

log = logging.getLogger(__name__)


class StorePassiveChannels:
    """Channels enabled with ``/settings passive`` (per server, in the store), plus a fixed list
    that applies everywhere (``PASSIVE_CHANNELS``).

    ``is_enabled`` reads only the store's in-memory copy of the settings; ``prepare`` reads a
    server's settings from the database once (again after a failed read), so the copy is there
    after a restart too. Changes made through the store update the copy at once.
    """

    def __init__(self, store: Store, channel_ids: Iterable[int] = ()) -> None:
        self.store = store
        self.channel_ids = frozenset(channel_ids)
        self._loaded: set[int] = set()

    def is_enabled(self, guild_id: int, channel_id: int) -> bool:
        """True when moderators enabled the channel, or it is in the fixed list."""
        if channel_id in self.channel_ids:
            return True
        return channel_id in self.store.cached_settings(guild_id).passive_channels

    async def prepare(self, guild_id: int) -> None:
        """Read the server's settings unless they were read already."""
        if guild_id in self._loaded:
            return
        await self.store.get_settings(guild_id)
        if self.store.available:
            self._loaded.add(guild_id)
