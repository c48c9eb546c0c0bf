"""Ending a background task for sure, even when a cancel is lost.

``task.cancel()`` asks once, and the request can be lost: on Python 3.11, ``asyncio.wait_for``
returns a result that arrived together with the cancel instead of raising ``CancelledError``
(rewritten in 3.12), and library code can do the same. A polling loop that lost its cancel goes
on polling, and whoever awaits it waits forever: that is how closing the bot once hung (the
cluster poll's database call finished just as it was cancelled). :func:`stop` asks again until
the task has ended. The package itself uses ``asyncio.timeout`` rather than ``wait_for`` (ruff
refuses ``wait_for``: ``pyproject.toml``).

Its own small module with no imports from the package, so that the knowledge watcher and the
Discord adapter's loops share it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

log = logging.getLogger(__name__)

ASK_AGAIN_AFTER = 1.0  # seconds a cancelled task has to end before it is cancelled again
PATIENCE = 10.0  # seconds after which stop() gives up waiting (and says so)


async def stop(task: asyncio.Task[Any] | None, *, patience: float = PATIENCE) -> bool:
    """Cancel ``task`` and wait until it has ended, cancelling it again each second it runs on.

    True once it has ended (an exception it ended with is logged, not raised); False, logged,
    when it still runs after ``patience`` seconds, so that closing never hangs on it.
    """
    if task is None:
        return True
    loop = asyncio.get_running_loop()
    deadline = loop.time() + patience
    while not task.done():
        if loop.time() >= deadline:
            log.warning("Background task %s did not stop within %g s", task.get_name(), patience)
            return False
        task.cancel()
        await asyncio.wait({task}, timeout=min(ASK_AGAIN_AFTER, patience))
    if not task.cancelled() and (error := task.exception()) is not None:
        log.error("Background task %s had failed", task.get_name(), exc_info=error)
    return True
