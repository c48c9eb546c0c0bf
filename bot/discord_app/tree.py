"""The command tree: takes no new commands at shutdown and turns errors into private notes."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord_app.cooldowns import PublicCooldown

if TYPE_CHECKING:
    from bot.discord_app.client import PacsBotMixin  # noqa: F401 - named in a quoted base

log = logging.getLogger(__name__)

FAILED = "Sorry, something went wrong while answering. Please try again in a moment."


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
    """Send an ephemeral note, as the response or as a follow-up if already responded."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not send a private note for interaction %s", interaction.id)


class PacsTree(app_commands.CommandTree["PacsBotMixin"]):
    """A CommandTree whose errors are ephemeral notes and that stops taking work at shutdown."""

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Ignore new commands once the bot is shutting down."""
        return not self.client.closing

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        """Cooldowns get a wait time; anything else is logged and gets an apology."""
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
        log.error("/%s failed", command, exc_info=error)
        await send_private(interaction, FAILED)
