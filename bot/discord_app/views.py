"""Reply -> discord.py message parts, and the buttons on them.

The engine's renderer (``bot.render.discord_body.render_message``) decides the exact body; this
module only turns it into ``discord.Embed.from_dict(...)`` and a ``RenderedRows`` view that sends
the rendered action rows as they are. The buttons are ``DynamicItem``s registered once at start-up
and matched by custom id, so a message needs no View of its own to be clickable (building one per
answer, button by button, cost more than the rest of the reply's Discord side), and a click is
answered by any bot process, also after a restart:

- ``pacs:ask:<intent>:<subjects>[:<place>]`` answers that reading, in place of the question
  (only the person who asked may pick; others get a private note);
- ``pacs:delete[:<asker id>]`` removes the message (the asker or members who can manage messages);
- ``pacs:feedback:yes`` / ``pacs:feedback:no`` record a Helpful / Not helpful vote on an answer
  (anyone may vote, once per message; voting again changes the vote).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, cast

import discord

from bot.discord_app.answering import Asked
from bot.discord_app.delivery import (
    UPLOAD,
    Unacknowledged,
    Upload,
    acknowledge,
    defer_in_time,
    respond,
    retry_429,
)
from bot.render.discord_body import DELETE_PREFIX, FEEDBACK_PREFIX, render_message
from bot.replies.reply import Reply, parse_choice_id

if TYPE_CHECKING:
    from bot.discord_app.client import PacsBotMixin

log = logging.getLogger(__name__)

NOT_YOUR_QUESTION = (
    "Only the person who asked can pick an answer here. Ask your own with `/ask` "
    "or by mentioning me."
)
NOT_YOUR_MESSAGE = "Only the person who asked, or a moderator, can delete this answer."
STALE_BUTTON = "That button no longer works. Please ask again."
THANKS = {
    True: "Thanks! Glad it helped.",
    False: "Thanks for telling us. Moderators use this to improve the answers.",
}
_DELETE_ID = re.compile(rf"^{re.escape(DELETE_PREFIX)}(?::(\d+))?$")


def message_parts(
    reply: Reply, asker_id: int | None, upload: Upload | None = None
) -> dict[str, Any]:
    """``embed`` and ``view`` keyword arguments whose wire form is ``render_message(reply, asker)``
    (with the reply's chart as the embed's image when ``upload`` carries it; ``sendable`` turns
    it into the file discord.py uploads).

    ``allowed_mentions`` is not passed: it is set once on the bot (it pings nobody).
    """
    body = render_message(reply, asker_id, with_chart=upload is not None)
    embeds = body.get("embeds") or []
    parts: dict[str, Any] = {"view": RenderedRows(body.get("components") or [])}
    if upload is not None:
        parts[UPLOAD] = upload
    if embeds:
        parts["embed"] = discord.Embed.from_dict(embeds[0])
    return parts


class RenderedRows(discord.ui.View):
    """A View that sends the given action rows exactly as rendered.

    It holds no items and listens for nothing: clicks on the bot's buttons are answered by the
    ``DynamicItem`` classes below, registered once with ``add_dynamic_items``. It is stopped
    from the start, so discord.py neither keeps it per message nor runs a timeout for it.
    """

    def __init__(self, rows: Sequence[Mapping[str, Any]]) -> None:
        super().__init__(timeout=None)
        self.rendered_rows = [dict(row) for row in rows]
        self.stop()

    def to_components(self) -> list[dict[str, Any]]:
        """The action rows, as sent to Discord."""
        return self.rendered_rows


def asker_of(message: discord.Message | None) -> int | None:
    """The user id the message's Delete button carries (who asked), or None."""
    if message is None:
        return None
    for row in message.components:
        for child in getattr(row, "children", ()):
            found = _DELETE_ID.match(getattr(child, "custom_id", None) or "")
            if found and found.group(1):
                return int(found.group(1))
    return None


def answered_question(message: discord.Message) -> tuple[int | None, ...]:
    """What an answer points back to: the slash command's interaction, the message it replies to."""
    metadata = message.interaction_metadata
    reference = message.reference
    return (
        metadata.id if metadata is not None else None,
        reference.message_id if reference is not None else None,
    )


def _can_moderate(interaction: discord.Interaction) -> bool:
    return interaction.guild is not None and interaction.permissions.manage_messages


def _bot(interaction: discord.Interaction) -> PacsBotMixin:
    """The bot that received this click: every interaction it handles has it as its client."""
    return cast("PacsBotMixin", interaction.client)


class _ClickRebuilt(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=r"(?!)"):
    """What the bot's buttons share: built from a custom id, and rebuilt from a click on any
    message that carries one (so clicks keep working after a restart).

    An abstract base: it is never registered, and its template matches nothing.
    """

    DEFAULT_STYLE: ClassVar[discord.ButtonStyle] = discord.ButtonStyle.secondary

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Drop a click that reached the bot too late to be answered (see ``Load``)."""
        return not _bot(interaction).load.late(interaction)

    def __init__(
        self,
        custom_id: str,
        label: str | None = None,
        *,
        style: discord.ButtonStyle | None = None,
        row: int | None = None,
    ) -> None:
        button: discord.ui.Button[discord.ui.View] = discord.ui.Button(
            style=style or self.DEFAULT_STYLE,
            label=label or self.default_label(custom_id),
            custom_id=custom_id,
        )
        super().__init__(button, row=row)

    @staticmethod
    def default_label(custom_id: str) -> str | None:
        """The label a button with this id has when the click did not bring one."""
        return None

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Any:
        """Rebuild the button from a click on any message that carries it."""
        button = item if isinstance(item, discord.ui.Button) else None
        return cls(
            match.group(0),
            button.label if button else None,
            style=button.style if button else None,
        )


class ChoiceButton(_ClickRebuilt, template=r"pacs:ask:.+"):
    """A clarification choice: clicking it answers that reading in place of the question."""

    DEFAULT_STYLE = discord.ButtonStyle.primary

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Only the person who asked may pick; anyone else is told so privately."""
        if not await super().interaction_check(interaction):
            return False
        asker = asker_of(interaction.message)
        if asker is None or asker == interaction.user.id:
            return True
        note = {"content": NOT_YOUR_QUESTION}
        await respond(interaction, note, _bot(interaction).load, ephemeral=True)
        return False

    async def callback(self, interaction: discord.Interaction) -> None:
        """Answer the chosen reading by editing the clarification message into the answer.

        The pick is counted as a question (answered, or declined when the button is stale);
        a vote on the answer then finds it through what the message points back to.
        """
        bot = _bot(interaction)
        choice = parse_choice_id(self.custom_id)
        if choice is None:
            async with bot.inflight.track():
                await respond(interaction, {"content": STALE_BUTTON}, bot.load, ephemeral=True)
            return
        asker = asker_of(interaction.message) or interaction.user.id
        origins = answered_question(interaction.message) if interaction.message else ()
        asked = Asked(
            guild_id=interaction.guild_id,
            channel_id=interaction.channel_id,
            user_id=interaction.user.id,
            origin_id=next((o for o in origins if o is not None), None),
            private=interaction.message is not None and interaction.message.flags.ephemeral,
        )

        async def send(reply: Reply) -> bool:
            try:
                upload = await bot.answering.charts.upload(
                    reply,
                    interaction.guild_id,
                    lambda: acknowledge(interaction, bot.load, ephemeral=False, thinking=False),
                )
            except Unacknowledged:  # too late to answer the click (counted as expired)
                return False
            parts = message_parts(reply, asker, upload)
            return await respond(interaction, parts, bot.load, edit=True)

        await bot.answering.answer(
            asked, lambda engine, context: engine.answer_choice(choice), send
        )


class DeleteButton(_ClickRebuilt, template=r"pacs:delete(?::\d+)?"):
    """Removes the bot's message; usable by the person who asked and by moderators."""

    @staticmethod
    def default_label(custom_id: str) -> str | None:
        """Always "Delete"."""
        return "Delete"

    @property
    def asker_id(self) -> int | None:
        """The user id this button carries, if any."""
        found = _DELETE_ID.match(self.custom_id)
        return int(found.group(1)) if found and found.group(1) else None

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """The asker (or, without a recorded asker, the DM partner) and moderators may delete."""
        if not await super().interaction_check(interaction):
            return False
        asker = self.asker_id
        allowed = asker == interaction.user.id or _can_moderate(interaction)
        if asker is None and interaction.guild is None:
            allowed = True
        if not allowed:
            note = {"content": NOT_YOUR_MESSAGE}
            await respond(interaction, note, _bot(interaction).load, ephemeral=True)
        return allowed

    async def callback(self, interaction: discord.Interaction) -> None:
        """Acknowledge the click and delete the message the button is on."""
        bot = _bot(interaction)
        async with bot.inflight.track():
            # a failing acknowledgement is retried quickly (discord.py alone: after 1 s, 3 s more)
            if not await defer_in_time(interaction, bot.load, ephemeral=False, thinking=False):
                return
            try:
                await retry_429(interaction.delete_original_response, "delete of an answer")
            except discord.NotFound:
                log.debug("message %s was already deleted", interaction.message)


class FeedbackButton(_ClickRebuilt, template=rf"{FEEDBACK_PREFIX}(?P<vote>yes|no)"):
    """Helpful / Not helpful on an answer: records the vote in the background and says thanks."""

    @staticmethod
    def default_label(custom_id: str) -> str | None:
        """ "Helpful" or "Not helpful", from the id."""
        return "Helpful" if custom_id.endswith(":yes") else "Not helpful"

    @property
    def helpful(self) -> bool:
        """True for the Helpful button."""
        return self.custom_id.endswith(":yes")

    async def callback(self, interaction: discord.Interaction) -> None:
        """Record the vote (never waiting for the database) and thank the voter privately."""
        bot = _bot(interaction)
        async with bot.inflight.track():
            message = interaction.message
            if message is not None:
                bot.recorder.feedback(
                    message.id,
                    interaction.user.id,
                    self.helpful,
                    guild_id=interaction.guild_id,
                    origins=answered_question(message),
                )
            # like an answer: a failing first callback costs a deferral, not the thanks
            await respond(interaction, {"content": THANKS[self.helpful]}, bot.load, ephemeral=True)
