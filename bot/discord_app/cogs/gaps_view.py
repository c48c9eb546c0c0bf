"""The buttons under ``/kb gaps``: Previous / Next pages, and a Teach button per question that
opens the teach form with the question filled in (``/kb teach`` by a click)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord

from bot.discord_app.cogs.access import defer_privately, in_time
from bot.discord_app.delivery import Unacknowledged, respond
from bot.discord_app.editors import NOT_AN_EDITOR, is_editor
from bot.discord_app.reports import gaps_embed
from bot.intents import SUBJECT_KINDS
from bot.store import GapsPage

if TYPE_CHECKING:
    from bot.discord_app.client import PacsBot

log = logging.getLogger(__name__)

NOT_YOUR_PAGES = "Only the moderator who asked can turn these pages. Run `/kb gaps` yourself."
PAGER_TIMEOUT = 300.0
TEACH_BUTTONS = 8  # a Teach button per group on a page (rows 2 and 3)

# shows the review of teaching a question to an entry: (interaction, question, entry)
TeachFlow = Callable[[discord.Interaction, str, str], Awaitable[None]]


class GapsPager(discord.ui.View):
    """Previous / Next for ``/kb gaps``; only the moderator who asked may turn the pages."""

    def __init__(
        self, bot: PacsBot, origin: discord.Interaction, page: GapsPage, teach_flow: TeachFlow
    ) -> None:
        super().__init__(timeout=PAGER_TIMEOUT)
        self.bot = bot
        self.teach_flow = teach_flow
        self.origin = origin
        self.page = page
        self._update()

    def _update(self) -> None:
        self.previous_page.disabled = self.page.offset <= 0
        self.next_page.disabled = not self.page.has_more
        paged = self.page.offset > 0 or self.page.has_more
        for item in list(self.children):
            if isinstance(item, TeachButton) or (not paged and item in self._pager_buttons()):
                self.remove_item(item)
        for index, group in enumerate(self.page.groups[:TEACH_BUTTONS]):
            self.add_item(TeachButton(self, self.page.offset + index + 1, group.text))

    def _pager_buttons(self) -> tuple[discord.ui.Item[Any], ...]:
        return (self.previous_page, self.next_page)

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


class TeachButton(discord.ui.Button[GapsPager]):
    """ "Teach N" under ``/kb gaps``: opens the teach form with that group's question filled in."""

    def __init__(self, pager: GapsPager, number: int, question: str) -> None:
        super().__init__(
            label=f"Teach {number}",
            style=discord.ButtonStyle.primary,
            custom_id=f"kb-gaps:teach:{number}",
            row=1 + (number - 1) % TEACH_BUTTONS // 5,
        )
        self.pager, self.question = pager, question

    async def callback(self, interaction: discord.Interaction) -> None:
        """Editors get the form; anyone else a private refusal."""
        bot = self.pager.bot
        if not await is_editor(bot, interaction.user):
            await respond(interaction, {"content": NOT_AN_EDITOR}, bot.load, ephemeral=True)
            return
        await interaction.response.send_modal(TeachForm(bot, self.question, self.pager.teach_flow))


class TeachForm(discord.ui.Modal, title="Teach the bot this question"):
    """The question (as asked, editable) and the entry that answers it."""

    question: discord.ui.TextInput[TeachForm] = discord.ui.TextInput(
        label="Question",
        max_length=300,
        style=discord.TextStyle.paragraph,
        custom_id="kb-teach:question",
    )
    entry: discord.ui.TextInput[TeachForm] = discord.ui.TextInput(
        label="Entry that answers it (id or name)",
        placeholder="e.g. pacs-administrator, or ciip",
        max_length=100,
        custom_id="kb-teach:entry",
    )

    def __init__(self, bot: PacsBot, question: str, teach_flow: TeachFlow) -> None:
        super().__init__(timeout=PAGER_TIMEOUT, custom_id="kb-teach")
        self.bot = bot
        self.teach_flow = teach_flow
        self.question.default = question[:300]

    async def on_submit(self, interaction: discord.Interaction, /) -> None:
        """Check the editor again, then show the teach review."""
        if not await is_editor(self.bot, interaction.user):
            await respond(interaction, {"content": NOT_AN_EDITOR}, self.bot.load, ephemeral=True)
            return
        await defer_privately(interaction)
        entry = self.entry.value.strip()
        if "/" not in entry and self.bot.holder.engine.knowledge.entity(entry) is None:
            found = self.bot.holder.engine.suggest(entry, SUBJECT_KINDS, 1)
            entry = found[0][0] if found else entry
        await self.teach_flow(interaction, self.question.value, entry)
