"""Leave a gateway connection that went silent, promptly.

discord.py notices a silent connection only when nothing at all arrived for ``heartbeat_timeout``
(60 s), and checks that only at its heartbeats (every 41.25 s on Discord). Discord's own rule is
stricter: a heartbeat that is not acknowledged means a dead ("zombied") connection, to be closed
with a non-1000 code and resumed. This watchdog applies it: when a heartbeat has waited more than
``ack_timeout`` seconds for its ACK, the connection is closed with 4000 and discord.py resumes
the session. When nothing arrived for ``probe_after`` seconds it sends a heartbeat of its own, so
a silent connection is found without waiting for the next regular heartbeat.

It reads discord.py's heartbeat bookkeeping (``DiscordWebSocket._keep_alive``: ``_last_send``,
``_last_ack``, ``_last_recv``), which has no public form; discord.py is pinned to 2.7.x and the
end-to-end tests cover this.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from typing import Any

import discord

from bot import stopping

log = logging.getLogger(__name__)

ACK_TIMEOUT = 5.0  # seconds a heartbeat may wait for its ACK
PROBE_AFTER = 10.0  # seconds of silence before sending a heartbeat of our own
CHECK_EVERY = 0.25
SLACK = 1.0  # an ACK this much older than the last send belongs to an earlier heartbeat


def _sockets(client: discord.Client) -> Iterator[Any]:
    """The live gateway connection(s): one, or one per shard."""
    shards = getattr(client, "shards", None)
    if isinstance(shards, dict):
        for info in shards.values():
            ws = getattr(getattr(info, "_parent", None), "ws", None)
            if ws is not None:
                yield ws
    elif client.ws is not None:
        yield client.ws


class HeartbeatWatchdog:
    """Closes (for discord.py to resume) gateway connections whose heartbeats go unanswered."""

    def __init__(
        self,
        client: discord.Client,
        ack_timeout: float = ACK_TIMEOUT,
        probe_after: float = PROBE_AFTER,
    ) -> None:
        self.client = client
        self.ack_timeout = ack_timeout
        self.probe_after = max(probe_after, ack_timeout)
        self._task: asyncio.Task[None] | None = None
        self._closed: set[Any] = set()  # connections already being closed
        self._pending: dict[Any, float] = {}  # connection -> its first unanswered heartbeat

    def start(self) -> None:
        """Start watching (in the running event loop)."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="heartbeat-watchdog")

    async def stop(self) -> None:
        """Stop watching."""
        task, self._task = self._task, None
        await stopping.stop(task)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(CHECK_EVERY)
            sockets = list(_sockets(self.client))
            self._closed.intersection_update(sockets)  # forget connections that are gone
            for gone in self._pending.keys() - set(sockets):
                del self._pending[gone]
            for ws in sockets:
                try:
                    await self.check(ws)
                except Exception:  # a watchdog that dies protects nothing
                    log.exception("The heartbeat watchdog failed to check a connection")

    async def check(self, ws: Any) -> None:
        """Close ``ws`` if a heartbeat went unanswered; probe it if it has been quiet."""
        beat = getattr(ws, "_keep_alive", None)
        key = ws
        if beat is None or key in self._closed:
            return
        now = time.perf_counter()
        # discord.py stamps ``_last_send`` after the send completed, so an ACK may be stamped
        # just before it: only an ACK older than SLACK belongs to an earlier heartbeat.
        if beat._last_ack < beat._last_send - SLACK:
            since = self._pending.setdefault(key, beat._last_send)
            if now - since > self.ack_timeout:
                self._closed.add(key)
                self._pending.pop(key, None)
                log.warning(
                    "No heartbeat ACK from the gateway for %.1f s: reconnecting", now - since
                )
                await ws.close(4000)
            return
        self._pending.pop(key, None)
        if now - beat._last_recv > self.probe_after:
            await ws.send_heartbeat(beat.beat())
