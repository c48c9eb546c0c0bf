"""Questions and votes are written in batches, so counting them costs the bot next to nothing.

Each question the bot answers is counted in the store. Written one by one, every count was a
hand-off to the store's thread, a transaction of its own and a thread waking up to take the GIL
from the event loop while the next interaction was being answered. Instead, ``WriteQueue``
collects the writes and hands them to the store's thread as one batch, written in one
transaction: ``FLUSH_DELAY`` seconds after the first one was queued, at once when ``MAX_BATCH``
are waiting, when someone waits for a result, and before any read that must see them.

The queue keeps the order of the writes, so a vote queued after its question finds the
question's row id (``Queued.result``), also when both are in the same batch.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

FLUSH_DELAY = 0.2  # seconds a write may wait for others to join its batch
MAX_BATCH = 256  # writes that make a batch go at once
MAX_WAITING = 20_000  # writes held while the database lags; later ones are dropped


class Queued:
    """One write waiting for its batch: ``run(db)`` is called in the batch's transaction.

    ``result`` is ``fallback`` until the batch holding the write has committed, then what
    ``run`` returned; ``done`` resolves to it in the event loop. ``ticket`` lets the one
    waiting for it give up before it is written (see ``bot.store.store``).
    """

    __slots__ = ("done", "fallback", "result", "run", "ticket")

    def __init__(self, run: Callable[[Any], Any], fallback: Any, ticket: Any) -> None:
        self.run = run
        self.fallback = fallback
        self.ticket = ticket
        self.result: Any = fallback
        self.done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

    def settle(self) -> None:
        """Resolve ``done`` with the result (in the event loop, once the batch has ended)."""
        if not self.done.done():
            self.done.set_result(self.result)


class WriteQueue:
    """Collects ``Queued`` writes and hands them to ``submit`` in batches, in order.

    ``submit(batch)`` must start writing the batch at once (queueing it on the store's thread
    before anything submitted later) and return a future that is done when it is written.

    While a batch is being written (a database locked by another program can hold one for the
    store's busy timeout), the writes that follow wait here as one batch instead of piling up
    on the store's thread, where reads would queue behind them. At most ``max_waiting`` wait:
    past that, new writes are dropped (their result is their fallback), logged once a spell.
    """

    def __init__(
        self,
        submit: Callable[[list[Queued]], asyncio.Future[Any]],
        *,
        delay: float = FLUSH_DELAY,
        max_batch: int = MAX_BATCH,
        max_waiting: int = MAX_WAITING,
    ) -> None:
        self._submit = submit
        self.delay = delay
        self.max_batch = max_batch
        self.max_waiting = max_waiting
        self.dropped = 0  # writes dropped because too many were waiting (since start)
        self._waiting: list[Queued] = []
        self._timer: asyncio.TimerHandle | None = None
        self._writing: set[asyncio.Future[Any]] = set()

    def __len__(self) -> int:
        return len(self._waiting)

    def put(self, item: Queued) -> Queued:
        """Queue a write; it goes with the next batch."""
        if len(self._waiting) >= self.max_waiting:
            if not self.dropped % self.max_waiting:
                log.warning(
                    "%d database writes are waiting (the database is slow or locked); "
                    "questions and votes are not counted until they are written",
                    len(self._waiting),
                )
            self.dropped += 1
            item.settle()
            return item
        self._waiting.append(item)
        if len(self._waiting) >= self.max_batch:
            self.flush(force=False)
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self.delay, self.flush, False)
        return item

    def flush(self, force: bool = True) -> None:
        """Hand every waiting write to the store's thread now, as one batch.

        Unless ``force`` (someone waits for a result, or a read must see the writes), nothing is
        handed over while an earlier batch is still being written: the writes go once it is.
        """
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if not self._waiting or (self._writing and not force):
            return
        batch, self._waiting = self._waiting, []
        writing = self._submit(batch)
        self._writing.add(writing)

        def settle(_: object) -> None:
            self._writing.discard(writing)
            error = None if writing.cancelled() else writing.exception()
            if error is not None:
                log.error("writing %d question(s) and vote(s) failed", len(batch), exc_info=error)
                for item in batch:
                    item.result = item.fallback
            for item in batch:
                item.settle()
            if self._waiting and not self._writing:
                self.flush(force=False)  # what came meanwhile

        writing.add_done_callback(settle)

    async def drain(self) -> None:
        """Flush, then wait until every write queued so far is written (or failed)."""
        self.flush()
        while self._writing:
            await asyncio.wait(set(self._writing))
            self.flush()
