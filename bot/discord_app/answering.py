"""The one answering pipeline of the Discord layer: read context, ask the engine, send, then
record and remember.

Slash commands, free text and clarification buttons all answer through ``Answering.answer``;
each entry point only says how to ask the engine (``Ask``) and how to deliver the reply
(``Send``). Whatever can wait happens after the reply is on its way: counting the question in
the store (a background task) and keeping the conversation context for a follow-up.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from bot.discord_app.charts import Charts
from bot.discord_app.inflight import InFlight
from bot.discord_app.recording import Recorder
from bot.engine import Engine
from bot.knowledge.reload import EngineHolder
from bot.matching.context import Conversation, ConversationMemory
from bot.replies.reply import Reply

Ask = Callable[[Engine, Conversation | None], Reply]
Send = Callable[[Reply], Awaitable[object]]
# A question costs the engine about 0.1 ms, but a long one of crafted text a few milliseconds
# (benchmarks/bench_hostile.py). Questions longer than this are answered in a worker thread, so
# the event loop (heartbeats, every other interaction) never waits on one; shorter ones inline,
# where a thread hand-off would cost more than the answer.
INLINE_QUESTION_CHARS = 300


@dataclass(frozen=True, slots=True)
class Asked:
    """Who asked where, and what the answer will point back to.

    ``origin_id``: the slash command's interaction id or the asking message's id, so a vote on
    the answer finds its question row (None: nothing to link). ``private``: the answer is seen by
    the asker only (an ephemeral answer in a server channel).
    """

    guild_id: int | None
    channel_id: int | None
    user_id: int
    origin_id: int | None = None
    private: bool = False
    length: int = 0  # characters of question text the engine will read

    @property
    def conversation(self) -> Hashable | None:
        """The key of the conversation context: the channel (a DM is a channel of its own);
        for a private answer in a server channel, the asker in that channel, so what someone
        looked up privately never becomes the subject of another member's follow-up."""
        if self.channel_id is None:
            return None
        return (self.channel_id, self.user_id) if self.private else self.channel_id


class Answering:
    """Context -> engine -> send -> record -> remember, for every entry point."""

    def __init__(
        self,
        holder: EngineHolder,
        recorder: Recorder,
        memory: ConversationMemory,
        inflight: InFlight,
        charts: Charts,
    ) -> None:
        self.holder = holder
        self.charts = charts
        self.recorder = recorder
        self.memory = memory
        self.inflight = inflight
        # One thread: long questions wait for each other, never for the event loop.
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pacsbot-engine")

    async def reply(self, asked: Asked, ask: Ask) -> Reply:
        """The engine's reply, with the conversation's context (long questions off the loop)."""
        key = asked.conversation
        context = self.memory.get(key) if key is not None else None
        engine = self.holder.engine
        if asked.length <= INLINE_QUESTION_CHARS:
            return ask(engine, context)
        return await asyncio.get_running_loop().run_in_executor(self._worker, ask, engine, context)

    def close(self) -> None:
        """Let the worker thread end once it is idle."""
        self._worker.shutdown(wait=False, cancel_futures=True)
        self.charts.close()

    async def answer(self, asked: Asked, ask: Ask, send: Send, *, record: bool = True) -> Reply:
        """Answer and deliver; then count the question (if ``record``) and keep its context.

        The question is counted even when sending fails (it was asked); the context is kept
        only when the reply was delivered (``send`` neither raised nor returned False).
        """
        async with self.inflight.track():
            reply = await self.reply(asked, ask)
            await self.deliver(asked, reply, send, record=record)
            return reply

    async def deliver(self, asked: Asked, reply: Reply, send: Send, *, record: bool = True) -> None:
        """Send a reply already made, then record and remember it (see ``answer``)."""
        try:
            delivered = await send(reply)
        finally:
            if record:
                self.record(asked, reply)
        if delivered is not False:
            self.remember(asked, reply)

    def record(self, asked: Asked, reply: Reply) -> None:
        """Count the question in the store, in the background; votes find it by its origin."""
        question = self.recorder.question(
            reply, guild_id=asked.guild_id, channel_id=asked.channel_id, user_id=asked.user_id
        )
        if asked.origin_id is not None:
            self.recorder.link(asked.origin_id, question)

    def missed(self, asked: Asked, reply: Reply) -> None:
        """Count a question the bot stayed silent on, in the background."""
        self.recorder.missed(
            reply, guild_id=asked.guild_id, channel_id=asked.channel_id, user_id=asked.user_id
        )

    def remember(self, asked: Asked, reply: Reply) -> None:
        """Keep what the reply was about, for a follow-up in the same conversation."""
        if asked.conversation is not None:
            self.memory.remember(asked.conversation, reply.conversation)
