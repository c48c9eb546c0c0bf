"""The command tree: sheds commands that arrive too late, tells those that arrive during a
shutdown that the bot is restarting, and turns errors into private notes.

A command that was deferred ("thinking…") is always finished: when its answer fails, the
deferred response is edited into the apology, so it never stays on "thinking…".
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, cast

import discord
from discord import app_commands

from bot.discord_app.cooldowns import PublicCooldown
from bot.discord_app.delivery import Unacknowledged, is_expired_error, respond, retry_429

if TYPE_CHECKING:
    from bot.discord_app.client import PacsBotMixin

log = logging.getLogger(__name__)

FAILED = "Sorry, something went wrong while answering. Please try again in a moment."
RESTARTING = "I'm restarting right now. Please try again in a minute."


class Refusal(app_commands.CheckFailure):
    """A check that failed with a message for the user (e.g. "only moderators can use this")."""


PRIVATE_HINT = "or add `private: True` to see the answer only yourself"
DM_HINT = "or ask me in a DM"


def cooldown_notice(retry_after: float, hint: str = "") -> str:
    """The private note shown to someone asking too fast (``hint``: what works meanwhile)."""
    seconds = max(1, round(retry_after))
    if hint:
        return f"You're asking quickly. Please wait {seconds} s, {hint}."
    return f"You're asking quickly. Please wait {seconds} s and try again."


async def send_private(interaction: discord.Interaction, text: str) -> None:
    """Send an ephemeral note: as the response; in place of a deferred "thinking…" response;
    else as a follow-up."""
    response = interaction.response
    try:
        if response.type is discord.InteractionResponseType.deferred_channel_message:
            await retry_429(
                lambda: interaction.edit_original_response(content=text, embed=None, view=None),
                "edit of a deferred response",
            )
        elif response.is_done():
            await retry_429(
                lambda: interaction.followup.send(text, ephemeral=True), "private follow-up"
            )
        else:  # like an answer: a failing first callback costs a deferral, not the note
            load = cast("PacsBotMixin", interaction.client).load
            await respond(interaction, {"content": text}, load, ephemeral=True)
    except discord.HTTPException as exc:
        log.warning("could not send a private note for interaction %s: %s", interaction.id, exc)


class PacsTree(app_commands.CommandTree["PacsBotMixin"]):
    """A CommandTree whose errors are ephemeral notes and that stops taking work at shutdown."""

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Drop commands that came too late to be answered; once the bot is shutting down, tell
        each new command so (privately) instead of running it."""
        bot = self.client
        if bot.load.late(interaction):
            return False
        if not bot.closing:
            return True
        if interaction.type is discord.InteractionType.application_command:
            async with bot.inflight.track():
                await send_private(interaction, RESTARTING)
        return False

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        """Cooldowns get a wait time; anything else is logged and gets an apology."""
        if isinstance(error, Unacknowledged):
            return  # too late to say anything; counted in the load summary
        if isinstance(error, app_commands.CommandOnCooldown):
            hint = PRIVATE_HINT if isinstance(error, PublicCooldown) else ""
            await send_private(interaction, cooldown_notice(error.retry_after, hint))
            return
        if isinstance(error, Refusal):
            await send_private(interaction, str(error))
            return
        if isinstance(error, app_commands.CheckFailure):
            await send_private(interaction, "You can't use this command here.")
            return
        command = interaction.command.qualified_name if interaction.command else "?"
        if is_expired_error(error.__cause__ or error):
            self.client.load.expired()  # too late: counted, not logged one by one
            return
        log.error("/%s failed", command, exc_info=error)
        await send_private(interaction, FAILED)
