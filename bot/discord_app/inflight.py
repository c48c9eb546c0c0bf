"""Counts replies being worked on, so shutting down can wait for them to finish."""

from __future__ import annotations

import asyncio


class InFlight:
    """A counter of running handlers with a way to wait until none is running.

    ``closing`` is set when the bot shuts down: entry points then take no new work.
    """

    def __init__(self) -> None:
        self.count = 0
        self.closing = False
        self._idle = asyncio.Event()
        self._idle.set()

    def track(self) -> _Tracked:
        """Mark the enclosed block (``async with inflight.track():``) as an in-flight reply."""
        return _Tracked(self)

    def _enter(self) -> None:
        self.count += 1
        self._idle.clear()

    def _exit(self) -> None:
        self.count -= 1
        if self.count == 0:
            self._idle.set()

    async def wait_idle(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for every in-flight reply; True if none is left."""
        try:
            async with asyncio.timeout(timeout):
                await self._idle.wait()
        except TimeoutError:
            return False
        return True


class _Tracked:
    """The context of ``InFlight.track``: a plain class, since it wraps every reply (an
    ``asynccontextmanager`` costs a generator and its protocol each time)."""

    __slots__ = ("_inflight",)

    def __init__(self, inflight: InFlight) -> None:
        self._inflight = inflight

    async def __aenter__(self) -> None:
        self._inflight._enter()

    async def __aexit__(self, *exc: object) -> None:
        self._inflight._exit()
