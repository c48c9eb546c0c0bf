"""Closing never hangs on a background loop, even one whose cancel was lost (bot/stopping.py)."""

from __future__ import annotations

import asyncio
import logging
import sys

import pytest

from bot import stopping


async def test_a_polling_loop_whose_cancel_was_lost_in_wait_for_is_still_stopped() -> None:
    """The hang CI met: the loop's call returned just as it was cancelled. Python 3.11's
    wait_for then returns the result and drops the cancel, and the loop polls on."""
    loop = asyncio.get_running_loop()
    answers: list[asyncio.Future[int]] = []
    polls = 0

    async def poll_forever() -> None:
        nonlocal polls
        while True:
            answer: asyncio.Future[int] = loop.create_future()
            answers.append(answer)
            await asyncio.wait_for(asyncio.shield(answer), 5)  # the way the store used to wait
            polls += 1
            await asyncio.sleep(0.01)

    poller = asyncio.create_task(poll_forever(), name="poller")
    await asyncio.sleep(0)
    answers[-1].set_result(1)  # the answer arrives...
    poller.cancel()  # ...together with the cancel
    await asyncio.sleep(0.05)
    if sys.version_info < (3, 12):  # 3.12 rewrote wait_for; on 3.11 the cancel is lost
        assert not poller.done() and polls >= 1  # it polls on: one cancel did not end it
    assert await asyncio.wait_for(stopping.stop(poller), 5) is True
    assert poller.done()


async def test_a_task_that_ignores_every_cancel_is_left_after_the_patience_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def stubborn() -> None:
        while True:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                continue

    task = asyncio.create_task(stubborn(), name="stubborn")
    await asyncio.sleep(0)
    with caplog.at_level(logging.WARNING, logger="bot.stopping"):
        started = asyncio.get_running_loop().time()
        async with asyncio.timeout(30):  # (a hang guard, not a measurement)
            assert await stopping.stop(task, patience=0.3) is False
    assert asyncio.get_running_loop().time() - started >= 0.3  # it gave the task its patience
    assert "Background task stubborn did not stop within 0.3 s" in caplog.text
    task.get_coro().close()  # (the test ends it the hard way)


async def test_a_task_that_had_failed_is_reported_not_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken() -> None:
        raise RuntimeError("the poll broke")

    task = asyncio.create_task(broken(), name="broken")
    await asyncio.sleep(0)
    with caplog.at_level(logging.ERROR, logger="bot.stopping"):
        assert await stopping.stop(task) is True
    assert "Background task broken had failed" in caplog.text
    assert "the poll broke" in caplog.text


async def test_no_task_and_an_ended_task_are_stopped_at_once() -> None:
    assert await stopping.stop(None) is True
    done = asyncio.create_task(asyncio.sleep(0))
    await done
    assert await stopping.stop(done) is True
