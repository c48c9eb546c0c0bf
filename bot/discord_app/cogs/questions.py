"""Free-text questions: in DMs, when the bot is mentioned, and in channels enabled for it.

- Mentioned or in a DM, the bot always replies: an answer, a clarification or a polite decline.
- In an enabled channel (needs the message-content intent) it answers on its own only when the
  message looks like a question and the engine is confident; otherwise it stays silent.
- It never answers bots, webhooks or itself. Replies in a channel count against the per-user and
  per-channel cooldowns; replies in a DM only against the abuse limit. The same answer twice in a
  channel within a minute points to the earlier message instead.
- Questions it replied to are counted in the store (in the background); in an enabled channel, a
  message that looked like a question but that it stayed silent on is kept as a missed question.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.config import Settings
from bot.discord_app.answering import Answering, Ask, Asked
from bot.discord_app.cooldowns import Cooldowns
from bot.discord_app.delivery import TRANSIENT, retry_429, sendable
from bot.discord_app.heuristics import looks_like_question
from bot.discord_app.passive import StorePassiveChannels
from bot.discord_app.recent import RecentAnswers
from bot.discord_app.tree import DM_HINT, cooldown_notice
from bot.discord_app.views import message_parts
from bot.replies.reply import Reply

if TYPE_CHECKING:
    from bot.discord_app.client import PacsBotMixin

log = logging.getLogger(__name__)

ANSWERABLE_TYPES = frozenset({discord.MessageType.default, discord.MessageType.reply})
NOTICE_SECONDS = 15.0


class Mode(Enum):
    """Why the bot is looking at a message."""

    DIRECT = "dm"
    MENTION = "mention"
    PASSIVE = "passive"


class Questions(commands.Cog):
    """Answers questions asked in plain messages."""

    def __init__(
        self,
        client: discord.Client,
        answering: Answering,
        *,
        cooldowns: Cooldowns,
        recent: RecentAnswers,
        passive: StorePassiveChannels,
        settings: Settings,
    ) -> None:
        self.client = client  # who the bot is (its mentions, its own messages)
        self.answering = answering
        self.cooldowns = cooldowns
        self.recent = recent
        self.passive = passive
        self.settings = settings
        self._noticed: dict[int, float] = {}  # user id -> when their cooldown note expires

    def mode_for(self, message: discord.Message) -> Mode | None:
        """How the bot should treat this message, or None to ignore it."""
        me = self.client.user
        if message.author.bot or message.webhook_id is not None or me is None:
            return None
        if message.author.id == me.id or message.type not in ANSWERABLE_TYPES:
            return None
        if message.guild is None:
            return Mode.DIRECT
        if any(user.id == me.id for user in message.mentions):
            return Mode.MENTION
        if self.settings.message_content_intent and self._passive(message):
            return Mode.PASSIVE
        return None

    def _passive(self, message: discord.Message) -> bool:
        assert message.guild is not None
        channel = message.channel
        ids = [channel.id]
        parent_id = getattr(channel, "parent_id", None)
        if isinstance(channel, discord.Thread) and parent_id:
            ids.append(parent_id)
        return any(self.passive.is_enabled(message.guild.id, cid) for cid in ids)

    def question_text(self, message: discord.Message) -> str:
        """The message text without the bot's own mention."""
        me = self.client.user
        text = message.content
        if me is not None:
            text = re.sub(rf"<@!?{me.id}>", " ", text)
        return " ".join(text.split())

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer, clarify, decline or stay silent, depending on where and how it was asked."""
        if self.answering.inflight.closing:
            return
        if message.guild is not None and self.settings.message_content_intent:
            await self.passive.prepare(message.guild.id)  # reads the settings once
        mode = self.mode_for(message)
        if mode is None:
            return
        try:
            if mode is Mode.PASSIVE:
                await self._passive_answer(message)
            else:
                await self._direct_answer(message, private=mode is Mode.DIRECT)
        except discord.HTTPException as exc:
            log.warning("Could not reply to message %s: %s", message.id, exc)

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        """A deleted answer is no longer pointed to."""
        self.recent.forget_message(payload.message_id)

    @staticmethod
    def _asked(message: discord.Message) -> Asked:
        return Asked(
            guild_id=message.guild.id if message.guild is not None else None,
            channel_id=message.channel.id,
            user_id=message.author.id,
            origin_id=message.id,  # the answer replies to this message
            length=len(message.content),
        )

    async def _passive_answer(self, message: discord.Message) -> None:
        """Answer on its own only when confident, and only within the channel's cooldowns."""
        text = self.question_text(message)
        if not looks_like_question(text):
            return
        asked = self._asked(message)
        async with self.answering.inflight.track():
            reply = await self.answering.reply(
                asked, lambda engine, context: engine.answer(text, context)
            )
            if not self._confident(reply):
                self.answering.missed(asked, reply)
                return
            if self.cooldowns.hit(message.author.id, message.channel.id):
                return
            await self.answering.deliver(asked, reply, lambda r: self._send(message, r))

    async def _direct_answer(self, message: discord.Message, *, private: bool) -> None:
        """A mention or a DM: always a reply (a DM only counts against the abuse limit)."""
        wait = self.cooldowns.hit(message.author.id, message.channel.id, private=private)
        if wait:
            await self._notice(message, wait, "" if private else DM_HINT)
            return
        text = self.question_text(message)
        ask: Ask = lambda engine, context: engine.answer(text, context)  # noqa: E731
        if not text:  # a bare mention: the help text, not a question
            ask = lambda engine, context: engine.answer_command("help", "")  # noqa: E731
        await self.answering.answer(
            self._asked(message), ask, lambda r: self._send(message, r), record=bool(text)
        )

    def _confident(self, reply: Reply) -> bool:
        threshold = self.settings.passive_min_confidence
        return reply.outcome == "answer" and reply.confidence >= threshold

    async def _send(self, message: discord.Message, reply: Reply) -> None:
        key = message.channel.id
        signature = (reply.intent, reply.subjects, reply.location, reply.title)
        if reply.matched:
            earlier = self.recent.find(key, signature)
            if earlier is not None:
                text = f"I answered that a moment ago: {earlier}"
                await self._reply(message, content=text, suppress_embeds=True)
                return
        upload = None
        if _may_attach(message):  # drawing a new chart takes a moment: "typing…" meanwhile
            guild_id = message.guild.id if message.guild else None
            upload = await self.answering.charts.upload(reply, guild_id, _typing(message))
        parts = message_parts(reply, message.author.id, upload)
        try:
            sent = await self._reply(message, **parts)
        except discord.Forbidden:
            if upload is None:
                raise
            # Attach Files was taken away after the cached permissions said otherwise: the
            # text answer goes without its chart
            log.info(
                "No Attach Files in channel %s: answered without the chart", message.channel.id
            )
            sent = await self._reply(message, **message_parts(reply, message.author.id))
        if reply.matched:
            self.recent.remember(key, signature, sent.jump_url)

    async def _reply(self, message: discord.Message, **kwargs: Any) -> discord.Message:
        reference = message.to_reference(fail_if_not_exists=False)
        return await retry_429(
            lambda: message.channel.send(
                reference=reference, mention_author=False, **sendable(kwargs, edit=False)
            ),
            f"reply to message {message.id}",
        )

    async def _notice(self, message: discord.Message, wait: float, hint: str) -> None:
        """Tell someone, once per cooldown, that they ask too fast (the note removes itself)."""
        now = time.monotonic()
        if self._noticed.get(message.author.id, 0.0) > now:
            return
        self._noticed = {k: v for k, v in self._noticed.items() if v > now}
        self._noticed[message.author.id] = now + wait
        text = cooldown_notice(wait, hint)
        await self._reply(message, content=text, delete_after=NOTICE_SECONDS)


_typing_tasks: set[asyncio.Task[None]] = set()  # kept until done (the loop holds weak refs)


def _typing(message: discord.Message) -> Callable[[], Awaitable[None]]:
    """Start showing "typing…" where ``message`` was asked, without waiting for it: discord.py
    retries a failed typing request for many seconds, and it must cost the answer nothing."""

    async def typing() -> None:
        with contextlib.suppress(discord.HTTPException, *TRANSIENT):
            await message.channel.typing()

    async def start() -> None:
        task = asyncio.create_task(typing(), name=f"typing in {message.channel.id}")
        _typing_tasks.add(task)
        task.add_done_callback(_typing_tasks.discard)

    return start


def _may_attach(message: discord.Message) -> bool:
    """Whether the bot may attach a file to its reply there (Attach Files; always in a DM)."""
    guild = message.guild
    if guild is None or guild.me is None:
        return guild is None
    channel = message.channel
    if not isinstance(channel, (discord.abc.GuildChannel, discord.Thread)):
        return False
    return channel.permissions_for(guild.me).attach_files


async def setup(bot: PacsBotMixin) -> None:
    """Load the questions cog."""
    cog = Questions(
        bot,
        bot.answering,
        cooldowns=bot.cooldowns,
        recent=bot.recent,
        passive=bot.passive,
        settings=bot.settings,
    )
    await bot.add_cog(cog)
