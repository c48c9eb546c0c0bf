"""Who may use the moderator commands, and answering them within Discord's deadline.

Reading (``/kb reload | check | gaps | stats | get | history``, ``/settings``) is for moderators:
members with Manage Server, or with the moderator role the server set with
``/settings moderator-role``. Changing the knowledge, which every server shares, is for knowledge
editors only (``bot.discord_app.editors``). ``default_member_permissions`` (Manage Server) only
hides the commands from others, and a server can change that, so every use is checked here;
anyone else gets a short private refusal and nothing changes.

The database can be slow (another program may hold its lock), and Discord wants an answer within
3 seconds: the role check defers when the store has not answered within ``ACK_WITHIN``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TYPE_CHECKING, TypeVar, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.delivery import acknowledge
from bot.discord_app.editors import NOT_AN_EDITOR, is_editor
from bot.discord_app.load import Load
from bot.discord_app.tree import Refusal

if TYPE_CHECKING:
    from bot.discord_app.client import PacsBot

log = logging.getLogger(__name__)

T = TypeVar("T")

NOT_A_MODERATOR = (
    "Only moderators can use this: members with Manage Server, or with the moderator role "
    "set by `/settings moderator-role`."
)
NOT_CHECKED = "Could not check your moderator role: {problem}. Please try again in a moment."
ACK_WITHIN = 1.0  # seconds a store read may take before the interaction is deferred
MODERATORS_ONLY = discord.Permissions(manage_guild=True)
CHANGING = frozenset({"kb reload", "kb put", "kb teach", "kb undo"})  # editors only


def _load(interaction: discord.Interaction) -> Load:
    """The load counter of the bot that received this interaction."""
    return cast("PacsBot", interaction.client).load


async def defer_privately(interaction: discord.Interaction) -> None:
    """Acknowledge now (a private "thinking…"), unless the interaction was answered already; a
    failing deferral is retried quickly (see ``delivery.acknowledge``)."""
    await acknowledge(interaction, _load(interaction), ephemeral=True, thinking=True)


async def in_time(
    interaction: discord.Interaction, pending: Awaitable[T], *, thinking: bool = True
) -> T:
    """Await a store call; when it takes longer than ``ACK_WITHIN``, acknowledge the interaction
    first (a private "thinking…", or for a button a silent deferral) and then wait for it."""
    task = asyncio.ensure_future(pending)
    try:
        async with asyncio.timeout(ACK_WITHIN):
            return await asyncio.shield(task)
    except TimeoutError:
        if thinking:
            await defer_privately(interaction)
        else:
            await acknowledge(interaction, _load(interaction), ephemeral=False, thinking=False)
        return await task


async def is_moderator(bot: PacsBot, interaction: discord.Interaction) -> bool:
    """Manage Server (or Administrator), or the server's configured moderator role.

    Reading the role may wait for the database: past ``ACK_WITHIN`` seconds the interaction is
    deferred so that Discord's 3-second deadline holds. When the database could not be read and
    the role is not known from earlier, the member is told that, not that they are no moderator.
    """
    if interaction.guild_id is None:
        return False
    permissions = interaction.permissions
    if permissions.manage_guild or permissions.administrator:
        return True
    settings = await in_time(interaction, bot.store.get_settings(interaction.guild_id))
    role_id = settings.moderator_role_id
    roles = getattr(interaction.user, "roles", ())
    if role_id is not None and any(role.id == role_id for role in roles):
        return True
    if not bot.store.available:
        raise Refusal(NOT_CHECKED.format(problem=bot.store.problem))
    return False


async def check_access(bot: PacsBot, interaction: discord.Interaction) -> bool:
    """Changing the knowledge is for editors, everything else for moderators; anyone else is
    refused privately (``Refusal``)."""
    name = interaction.command.qualified_name if interaction.command else ""
    if name in CHANGING:
        if not await is_editor(bot, interaction.user):
            log.info("Refused /%s for %s: not a knowledge editor", name, interaction.user.id)
            raise Refusal(NOT_AN_EDITOR)
        return True
    if not await is_moderator(bot, interaction):
        log.info(
            "Refused /%s for %s (%s): not a moderator",
            name or "?",
            interaction.user,
            interaction.user.id,
        )
        raise Refusal(NOT_A_MODERATOR)
    return True


def moderator_group(name: str, description: str) -> app_commands.Group:
    """A slash command group of servers only, shown by default to members with Manage Server
    (a server can change who sees it, so every use is still checked: ``ModeratorCog``)."""
    return app_commands.Group(
        name=name, description=description, guild_only=True, default_permissions=MODERATORS_ONLY
    )


class ModeratorCog(commands.Cog):
    """A cog of moderator commands: every use is checked with ``check_access`` first."""

    def __init__(self, bot: PacsBot) -> None:
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Changing the knowledge is for editors, everything else for moderators."""
        return await check_access(self.bot, interaction)
