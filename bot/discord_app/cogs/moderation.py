"""Moderator commands: ``/kb reload | check | gaps | stats`` and ``/settings ...``.

Only moderators may use them: members with Manage Server, or with the moderator role the server
set with ``/settings moderator-role``. ``default_member_permissions`` (Manage Server) only hides
the commands from others, and a server can change that, so the cog checks every use itself; anyone
else gets a short private refusal and nothing changes. Every answer here is private (ephemeral),
except what goes to the server's mod-log channel.

The database can be slow (another program may hold its lock), and Discord wants an answer within
3 seconds: every command defers before it waits for the store (the role check defers when the
store has not answered within ``ACK_WITHIN``), and every store call is bounded by the store's own
timeout. A change is confirmed only when the store saved it; one reported as not saved is never
applied later.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.delivery import Unacknowledged, acknowledge, respond
from bot.discord_app.load import Load
from bot.discord_app.reports import (
    gaps_embed,
    reload_embed,
    settings_embed,
    stats_embed,
)
from bot.discord_app.tree import Refusal
from bot.knowledge.reload import check_only
from bot.store import GapsPage

if TYPE_CHECKING:
    from bot.discord_app.client import PacsBot

log = logging.getLogger(__name__)

T = TypeVar("T")

NOT_A_MODERATOR = (
    "Only moderators can use this: members with Manage Server, or with the moderator role "
    "set by `/settings moderator-role`."
)
NOT_YOUR_PAGES = "Only the moderator who asked can turn these pages. Run `/kb gaps` yourself."
NOT_SAVED = "Could not save that: {problem}. Nothing was changed."
NOT_CHECKED = "Could not check your moderator role: {problem}. Please try again in a moment."
FILE_NOTE = " Note: {notice}."
ACK_WITHIN = 1.0  # seconds a store read may take before the interaction is deferred
NEEDS_INTENT = (
    " Note: the bot runs without the Message Content intent, so it cannot read messages there "
    "until `MESSAGE_CONTENT_INTENT=true` is set."
)
GAPS_PER_PAGE = 8
PAGER_TIMEOUT = 300.0
MODERATORS_ONLY = discord.Permissions(manage_guild=True)

Days = app_commands.Range[int, 1, 365]


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
        return await asyncio.wait_for(asyncio.shield(task), ACK_WITHIN)
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


class GapsPager(discord.ui.View):
    """Previous / Next for ``/kb gaps``; only the moderator who asked may turn the pages."""

    def __init__(self, bot: PacsBot, origin: discord.Interaction, page: GapsPage) -> None:
        super().__init__(timeout=PAGER_TIMEOUT)
        self.bot = bot
        self.origin = origin
        self.page = page
        self._update()

    def _update(self) -> None:
        self.previous_page.disabled = self.page.offset <= 0
        self.next_page.disabled = not self.page.has_more

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """The moderator who ran ``/kb gaps`` only."""
        if interaction.user.id == self.origin.user.id:
            return True
        await respond(interaction, {"content": NOT_YOUR_PAGES}, self.bot.load, ephemeral=True)
        return False

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous_page(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        """Show the page before."""
        await self._turn(interaction, self.page.offset - self.page.limit)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary)
    async def next_page(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        """Show the page after."""
        await self._turn(interaction, self.page.offset + self.page.limit)

    async def _turn(self, interaction: discord.Interaction, offset: int) -> None:
        page = self.page
        reading = self.bot.store.gaps(
            self.origin.guild_id, days=page.days, limit=page.limit, offset=max(0, offset)
        )
        try:
            self.page = await in_time(interaction, reading, thinking=False)
        except Unacknowledged:
            return  # too late to show the page; counted in the load summary
        self._update()
        embed = gaps_embed(self.page, self.bot.store.problem)
        if interaction.response.is_done():
            await interaction.edit_original_response(embed=embed, view=self)
        else:
            await interaction.response.edit_message(embed=embed, view=self)

    async def on_timeout(self) -> None:
        """Grey the buttons out when the pages stop working."""
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        try:
            await self.origin.edit_original_response(view=self)
        except discord.HTTPException:
            log.debug("could not disable the /kb gaps buttons")


class Moderation(commands.Cog):
    """Reload and check the knowledge base, see what it misses, and set up the server."""

    kb = app_commands.Group(
        name="kb",
        description="Moderators: reload and check the knowledge, see what people asked",
        guild_only=True,
        default_permissions=MODERATORS_ONLY,
    )
    server_settings = app_commands.Group(
        name="settings",
        description="Moderators: where the bot answers on its own, moderator role, mod-log",
        guild_only=True,
        default_permissions=MODERATORS_ONLY,
    )

    def __init__(self, bot: PacsBot) -> None:
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Every command here is for moderators; anyone else is refused privately."""
        if not await is_moderator(self.bot, interaction):
            log.info(
                "Refused /%s for %s (%s): not a moderator",
                interaction.command.qualified_name if interaction.command else "?",
                interaction.user,
                interaction.user.id,
            )
            raise Refusal(NOT_A_MODERATOR)
        return True

    # ---- /kb ---------------------------------------------------------------------------------
    @kb.command(name="reload")
    async def kb_reload(self, interaction: discord.Interaction) -> None:
        """Reload the knowledge files now; on any error the current knowledge keeps answering."""
        await defer_privately(interaction)
        result = await self.bot.watcher.reload_now()
        who = f"{interaction.user} ({interaction.user.id})"
        self.bot.log_reload(result, f"reload of {self.bot.knowledge_dir} by {who}")
        embed = reload_embed(result)
        await interaction.edit_original_response(embed=embed)
        if interaction.guild_id is not None:
            posted = embed.copy()
            posted.add_field(name="Requested by", value=interaction.user.mention)
            self.bot.recorder.spawn(
                self.bot.post_mod_log(interaction.guild_id, posted), "mod-log:kb-reload"
            )

    @kb.command(name="check")
    async def kb_check(self, interaction: discord.Interaction) -> None:
        """Check the knowledge files as they are on disk, without loading them."""
        await defer_privately(interaction)
        result = await check_only(self.bot.knowledge_dir)
        who = f"{interaction.user} ({interaction.user.id})"
        self.bot.log_reload(result, f"check of {self.bot.knowledge_dir} by {who}")
        await interaction.edit_original_response(embed=reload_embed(result, check=True))

    @kb.command(name="gaps")
    async def kb_gaps(self, interaction: discord.Interaction, days: Days = 30) -> None:
        """The questions the bot could not answer well, most asked first.

        Args:
            days: How many days back to look (default 30)
        """
        await defer_privately(interaction)
        page = await self.bot.store.gaps(interaction.guild_id, days=days, limit=GAPS_PER_PAGE)
        embed = gaps_embed(page, self.bot.store.problem)
        if page.total > page.limit:
            view = GapsPager(self.bot, interaction, page)
            await interaction.edit_original_response(embed=embed, view=view)
        else:
            await interaction.edit_original_response(embed=embed)

    @kb.command(name="stats")
    async def kb_stats(self, interaction: discord.Interaction, days: Days = 30) -> None:
        """How many questions were asked and answered, top subjects, and the votes.

        Args:
            days: How many days back to look (default 30)
        """
        await defer_privately(interaction)
        stats = await self.bot.store.stats(interaction.guild_id, days)
        knowledge = self.bot.holder.engine.knowledge
        embed = stats_embed(stats, knowledge, self.bot.store.problem)
        await interaction.edit_original_response(embed=embed)

    # ---- /settings ---------------------------------------------------------------------------
    async def _saved(
        self, interaction: discord.Interaction, saved: bool, text: str, file_changes: int
    ) -> None:
        """Tell the moderator honestly whether the change was saved (and if the database file
        had to be recreated meanwhile)."""
        store = self.bot.store
        if not saved:
            text = NOT_SAVED.format(problem=store.problem or "the database reported an error")
        elif store.file_changes != file_changes and store.file_notice:
            text += FILE_NOTE.format(notice=store.file_notice)
        await interaction.edit_original_response(content=text)

    @server_settings.command(name="passive")
    async def settings_passive(
        self, interaction: discord.Interaction, channel: discord.TextChannel, enabled: bool
    ) -> None:
        """Let the bot answer confident questions in a channel without being mentioned.

        Args:
            channel: The channel (its threads follow it)
            enabled: True to answer there on its own, False to answer only when mentioned
        """
        assert interaction.guild_id is not None
        await defer_privately(interaction)
        before = self.bot.store.file_changes
        saved = await self.bot.store.set_passive_channel(interaction.guild_id, channel.id, enabled)
        text = f"Answering on its own is now {'on' if enabled else 'off'} in {channel.mention}."
        if enabled and not self.bot.settings.message_content_intent:
            text += NEEDS_INTENT
        await self._saved(interaction, saved, text, before)

    @server_settings.command(name="moderator-role")
    async def settings_moderator_role(
        self, interaction: discord.Interaction, role: discord.Role | None = None
    ) -> None:
        """Set the role whose members may use /kb and /settings (Manage Server always may).

        Args:
            role: The moderator role; leave it out to clear it
        """
        assert interaction.guild_id is not None
        await defer_privately(interaction)
        if role is not None and role.is_default():
            await interaction.edit_original_response(
                content="That would make everyone a moderator; pick a role. Nothing was changed."
            )
            return
        before = self.bot.store.file_changes
        saved = await self.bot.store.set_moderator_role(
            interaction.guild_id, role.id if role else None
        )
        text = (
            f"Members with {role.mention} can now use /kb and /settings."
            if role
            else "Moderator role cleared: only members with Manage Server can use these commands."
        )
        await self._saved(interaction, saved, text, before)

    @server_settings.command(name="mod-log")
    async def settings_mod_log(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        """Set the channel where knowledge reload results and errors are posted.

        Args:
            channel: The mod-log channel; leave it out to clear it
        """
        assert interaction.guild_id is not None
        await defer_privately(interaction)
        before = self.bot.store.file_changes
        saved = await self.bot.store.set_mod_log_channel(
            interaction.guild_id, channel.id if channel else None
        )
        if channel is None:
            text = "Mod-log channel cleared: reload results are no longer posted."
        else:
            text = f"Knowledge reload results will be posted in {channel.mention}."
            me = channel.guild.me
            if me is not None:
                allowed = channel.permissions_for(me)
                if not (allowed.send_messages and allowed.embed_links):
                    text += " Note: I need Send Messages and Embed Links there."
        await self._saved(interaction, saved, text, before)

    @server_settings.command(name="charts")
    async def settings_charts(
        self, interaction: discord.Interaction, style: Literal["dark", "light", "off"]
    ) -> None:
        """Choose how pay answers draw their chart: for dark or light Discord, or no chart.

        Args:
            style: dark or light to match most members' Discord theme; off for text only
        """
        assert interaction.guild_id is not None
        await defer_privately(interaction)
        before = self.bot.store.file_changes
        saved = await self.bot.store.set_charts(interaction.guild_id, style)
        text = (
            "Pay answers no longer attach a chart here."
            if style == "off"
            else f"Pay answers here now attach a chart drawn for Discord's {style} theme."
        )
        await self._saved(interaction, saved, text, before)

    @server_settings.command(name="show")
    async def settings_show(self, interaction: discord.Interaction) -> None:
        """Show this server's settings."""
        assert interaction.guild_id is not None
        await defer_privately(interaction)
        current = await self.bot.store.get_settings(interaction.guild_id)
        guild = interaction.guild
        everywhere = [
            c for c in self.bot.settings.passive_channels if guild and guild.get_channel(c)
        ]
        embed = settings_embed(
            current,
            default_charts=self.bot.settings.charts,
            global_channels=everywhere,
            content_intent=self.bot.settings.message_content_intent,
            problem=self.bot.store.problem,
        )
        await interaction.edit_original_response(embed=embed)


async def setup(bot: PacsBot) -> None:
    """Load the moderation cog."""
    await bot.add_cog(Moderation(bot))
