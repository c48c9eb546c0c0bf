"""The write queue: batches keep their order, and a database that lags does not grow it without
bound."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from bot.store.writes import Queued, WriteQueue


class Ticket:
    """A ticket nobody abandons."""

    def claim_commit(self) -> bool:
        return True


def write(value: int) -> Queued:
    """A write whose result is ``value``."""
    return Queued(lambda db: value, None, Ticket())


async def test_writes_beyond_the_limit_are_dropped_while_a_batch_hangs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    stuck: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    batches: list[list[Queued]] = []

    def submit(batch: list[Queued]) -> asyncio.Future[Any]:
        batches.append(batch)
        return stuck  # the database never answers

    queue = WriteQueue(submit, delay=60, max_batch=2, max_waiting=3)
    first = [queue.put(write(n)) for n in range(2)]  # a full batch: handed over at once
    held = [queue.put(write(n)) for n in range(2, 5)]  # waits for the first batch
    dropped = [queue.put(write(n)) for n in range(5, 7)]
    assert [len(b) for b in batches] == [2]  # one batch at a time on the store's thread
    assert len(queue) == 3 and queue.dropped == 2
    assert all(d.done.done() and d.done.result() is None for d in dropped)
    assert not any(q.done.done() for q in first + held)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "not counted" in warnings[0].getMessage()

    stuck.set_result(None)  # the first batch ends: the held writes go as the next one
    await asyncio.sleep(0)
    assert [len(b) for b in batches] == [2, 3]
