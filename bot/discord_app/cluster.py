"""What other bot processes changed in the shared database, picked up twice a second.

Several processes (shards on several machines) share one database. Each keeps its own copy of
the servers' settings and its own knowledge folder, so every ``POLL_SECONDS`` it reads what
changed since it last looked: settings saved by another process go into the store's copy (what
passive answering, charts and moderator checks read), and knowledge changes applied through
another process are written to this process's folder and loaded, so an edit made anywhere is
answered everywhere within a second or so. A change this process made itself is already in its
folder and is passed over.

Polling rather than LISTEN/NOTIFY: it works the same on SQLite (processes on one machine) and
PostgreSQL, a dropped connection cannot silently lose a notification, and the two queries cost
well under a millisecond. A poll that fails is tried again on the next round.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING

from bot import stopping

if TYPE_CHECKING:
    from bot.discord_app.client import PacsBotMixin

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5
CLOCK_SLACK = 5.0  # seconds: settings are re-read a little into the past (machines' clocks differ)


class ClusterSync:
    """Polls the store for settings and knowledge changes made by other processes."""

    def __init__(self, bot: PacsBotMixin, interval: float = POLL_SECONDS) -> None:
        self.bot = bot
        self.interval = interval
        self._settings_since = time.time()
        self._last_change: int | None = None  # None until the first successful read
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Catch this process's folder up with the knowledge the database holds, note the newest
        change, then poll in the background."""
        if self._task is None:
            if await self._baseline():
                await self.catch_up()
            self._task = asyncio.create_task(self._run(), name="cluster-sync")

    async def catch_up(self) -> list[str]:
        """Bring each file that is still at an older recorded version to its newest one (a
        machine whose disk was replaced by a redeploy); the paths written.

        A file whose text the history does not know (edited here, not recorded yet) is left
        alone: it is recorded as this machine's own edit at its next reload.
        """
        store, editing = self.bot.store, self.bot.editing
        written = []
        for change in await store.newest_changes() or []:
            here = editing.text_of(change.path)
            if here is None or here == change.after_text:
                continue
            if await store.was_version(change.path, here) and await editing.adopt(
                change, known=frozenset({here})
            ):
                written.append(change.path)
        if written:
            result = await self.bot.watcher.reload_now()
            self.bot.log_reload(result, f"reload after catching up with {', '.join(written)}")
        return written

    async def _baseline(self) -> bool:
        history = await self.bot.store.knowledge_history(limit=1)
        if history is None:
            return False
        self._last_change = (history[0].id or 0) if history else 0
        return True

    async def stop(self) -> None:
        """Stop polling."""
        task, self._task = self._task, None
        await stopping.stop(task)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.poll()
            except Exception:  # a bug here must not end the polling
                log.exception("Reading other processes' changes failed")

    async def poll(self) -> None:
        """One round: settings changed elsewhere, then knowledge changes applied elsewhere."""
        store = self.bot.store
        newest = await store.refresh_settings(self._settings_since - CLOCK_SLACK)
        if newest is not None:
            self._settings_since = max(self._settings_since, newest)
        if self._last_change is None:  # the database was not readable at start
            await self._baseline()
            return
        changes = await store.knowledge_changes_after(self._last_change)
        if not changes:
            return
        adopted = [c for c in changes if await self.bot.editing.adopt(c)]
        self._last_change = max(c.id or 0 for c in changes)
        if adopted:
            result = await self.bot.watcher.reload_now()
            numbers = ", ".join(f"#{c.id}" for c in adopted)
            self.bot.log_reload(result, f"reload after change {numbers} made by another process")
