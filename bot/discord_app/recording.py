"""Questions and Helpful / Not helpful votes go to the store in the background.

A reply never waits for the database: questions and votes are queued in the store, which writes
them in batches off the event loop (``bot.store.writes``); other background work (reading a
server's settings, posting to the mod-log) is a task the bot tracks. Closing waits (briefly) for
both. The store itself never raises; a locked, damaged or read-only database is logged once
there, and the write is simply lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Coroutine
from typing import Any, TypeVar

from bot.replies.reply import Reply
from bot.store import Store, best_guess
from bot.store.writes import Queued

log = logging.getLogger(__name__)

T = TypeVar("T")
LINKED_QUESTIONS = 2000  # questions whose row is remembered, so a vote can point to it


class Recorder:
    """Writes to the store off the reply path; ``drain`` waits for what is still being written."""

    def __init__(self, store: Store, capacity: int = LINKED_QUESTIONS) -> None:
        self.store = store
        self.capacity = capacity
        self._tasks: set[asyncio.Task[Any]] = set()
        # the id the answer message points back to (the slash command's interaction, or the
        # question's message) -> the queued write of the question row
        self._questions: OrderedDict[int, Queued] = OrderedDict()

    @property
    def pending(self) -> int:
        """Writes not finished yet."""
        return len(self._tasks)

    def spawn(self, work: Coroutine[Any, Any, T], name: str) -> asyncio.Task[T | None]:
        """Run ``work`` in a tracked task whose failure is logged, never raised (None then)."""
        task = asyncio.get_running_loop().create_task(self._guard(work, name), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    @staticmethod
    async def _guard(work: Coroutine[Any, Any, T], name: str) -> T | None:
        try:
            return await work
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("background task %s failed", name)
            return None

    def question(
        self,
        reply: Reply,
        *,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int | None,
    ) -> Queued:
        """Count a question the bot replied to (the store keeps the text only of misses)."""
        return self.store.queue_reply(
            reply, guild_id=guild_id, channel_id=channel_id, user_id=user_id
        )

    def missed(
        self,
        reply: Reply,
        *,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int | None,
    ) -> Queued:
        """Count a question the bot stayed silent on (an enabled channel, not sure enough).

        Nobody got an answer, so it counts as declined, with what the bot thought it meant.
        """
        return self.store.queue_question(
            reply.question,
            outcome="decline",
            confidence=reply.confidence,
            guild_id=guild_id,
            channel_id=channel_id,
            user_id=user_id,
            subjects=reply.subjects,
            best_guess=best_guess(reply),
        )

    def link(self, origin_id: int, question: Queued) -> None:
        """Remember the question row for the answer to ``origin_id`` (for votes on it).

        ``origin_id`` is what the answer message points back to and is known before it is sent:
        the slash command's interaction id, or the id of the message that asked.
        """
        self._questions[origin_id] = question
        self._questions.move_to_end(origin_id)
        while len(self._questions) > self.capacity:
            self._questions.popitem(last=False)

    def feedback(
        self,
        message_id: int,
        user_id: int,
        helpful: bool,
        *,
        guild_id: int | None,
        origins: tuple[int | None, ...] = (),
    ) -> Queued:
        """Record a vote on the answer ``message_id``; voting again on it changes the vote.

        ``origins``: what the answer points back to (see ``link``), to find its question row.
        The vote is queued behind the question's own write, so it is linked to the row even
        when the click comes before the question is written (unless that write failed).
        """
        question = next(
            (self._questions[o] for o in origins if o is not None and o in self._questions), None
        )
        return self.store.queue_feedback(
            message_id, user_id, helpful, guild_id=guild_id, question=question
        )

    async def drain(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for every pending write and background task; True if
        none is left."""
        writes = asyncio.ensure_future(self.store.flush())
        _, pending = await asyncio.wait({writes, *self._tasks}, timeout=timeout)
        if pending:
            log.warning("closing with %d background job(s) unfinished", len(pending))
            for task in pending:
                task.cancel()
        return not pending
