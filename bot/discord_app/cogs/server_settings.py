"""``/settings``: where the bot answers on its own, the moderator role, the mod-log channel and
the charts, per server; ``show`` lists them. For moderators (``access``); every answer is private,
and every saved change is posted to the mod-log channel with who made it. A change is confirmed
only when the store saved it; one reported as not saved is never applied later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord

from bot.discord_app.cogs.access import ModeratorCog, defer_privately, moderator_group
from bot.discord_app.reports import INFO_COLOUR, settings_embed

if TYPE_CHECKING:
    from bot.discord_app.client import PacsBot


NOT_SAVED = "Could not save that: {problem}. Nothing was changed."
FILE_NOTE = " Note: {notice}."
NEEDS_INTENT = (
    " Note: the bot runs without the Message Content intent, so it cannot read messages there "
    "until `MESSAGE_CONTENT_INTENT=true` is set."
)


class ServerSettings(ModeratorCog):
    """A server's own settings, kept in the store."""

    server_settings = moderator_group(
        "settings", "Moderators: where the bot answers on its own, moderator role, mod-log"
    )

    # ---- /settings ---------------------------------------------------------------------------
    async def _saved(
        self, interaction: discord.Interaction, saved: bool, text: str, file_changes: int
    ) -> None:
        """Tell the moderator honestly whether the change was saved (and if the database file
        had to be recreated meanwhile)."""
        store = self.bot.store
        if not saved:
            text = NOT_SAVED.format(problem=store.problem or "the database reported an error")
        else:
            self._post_setting(interaction, text)
            if store.file_changes != file_changes and store.file_notice:
                text += FILE_NOTE.format(notice=store.file_notice)
        await interaction.edit_original_response(content=text)

    def _post_setting(self, interaction: discord.Interaction, text: str) -> None:
        """A saved settings change goes to the server's mod-log channel, with who made it."""
        if interaction.guild_id is None:
            return
        command = interaction.command.qualified_name if interaction.command else "settings"
        embed = discord.Embed(title=f"/{command}", description=text, colour=INFO_COLOUR)
        embed.add_field(name="By", value=interaction.user.mention)
        self.bot.recorder.spawn(
            self.bot.post_mod_log(interaction.guild_id, embed), "mod-log:settings"
        )

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
    """Load the /settings commands."""
    await bot.add_cog(ServerSettings(bot))
