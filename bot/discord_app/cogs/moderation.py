"""Moderator commands: ``/kb reload | check | gaps | stats | get | history``, the knowledge
editors' ``/kb put | teach | undo`` (and ``reload``), and ``/settings ...``.

Reading is for moderators: members with Manage Server, or with the moderator role the server
set with ``/settings moderator-role``. Changing the knowledge, which every server shares, is for
knowledge editors only (``bot.discord_app.editors``). ``default_member_permissions`` (Manage
Server) only hides the commands from others, and a server can change that, so the cog checks
every use itself; anyone else gets a short private refusal and nothing changes. Every answer
here is private (ephemeral), except what goes to the server's mod-log channel.

The database can be slow (another program may hold its lock), and Discord wants an answer within
3 seconds: every command defers before it waits for the store (the role check defers when the
store has not answered within ``ACK_WITHIN``), and every store call is bounded by the store's own
timeout. A change is confirmed only when the store saved it; one reported as not saved is never
applied later.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.delivery import Unacknowledged, acknowledge, respond
from bot.discord_app.editors import NOT_AN_EDITOR, is_editor
from bot.discord_app.knowledge_edits import (
    answer_after,
    change_diff,
    diff_file,
    errors_embed,
    history_line,
    review_buttons,
    review_embed,
)
from bot.discord_app.load import Load
from bot.discord_app.reports import (
    INFO_COLOUR,
    gaps_embed,
    reload_embed,
    settings_embed,
    stats_embed,
)
from bot.discord_app.tree import Refusal
from bot.intents import SUBJECT_KINDS
from bot.knowledge.edit_files import read_current
from bot.knowledge.editing import (
    EditError,
    Review,
    decode_upload,
    editable_files,
    resolve_target,
    review_change,
    target_for_upload,
    teach,
)
from bot.knowledge.reload import check_only
from bot.knowledge.yaml_reader import MAX_FILE_BYTES as MAX_UPLOAD_BYTES
from bot.render.limits import clamp
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
TEACH_BUTTONS = 8  # a Teach button per group on a page (rows 2 and 3)
CHANGING = frozenset({"kb reload", "kb put", "kb teach", "kb undo"})  # editors only
HISTORY_SHOWN = 10

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
        await interaction.response.send_modal(TeachForm(bot, self.question))


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

    def __init__(self, bot: PacsBot, question: str) -> None:
        super().__init__(timeout=PAGER_TIMEOUT, custom_id="kb-teach")
        self.bot = bot
        self.question.default = question[:300]

    async def on_submit(self, interaction: discord.Interaction, /) -> None:
        """Check the editor again, then show the teach review."""
        if not await is_editor(self.bot, interaction.user):
            await respond(interaction, {"content": NOT_AN_EDITOR}, self.bot.load, ephemeral=True)
            return
        await defer_privately(interaction)
        cog = self.bot.get_cog("Moderation")
        assert isinstance(cog, Moderation)
        entry = self.entry.value.strip()
        if "/" not in entry and self.bot.holder.engine.knowledge.entity(entry) is None:
            found = self.bot.holder.engine.suggest(entry, SUBJECT_KINDS, 1)
            entry = found[0][0] if found else entry
        await cog.teach_flow(interaction, self.question.value, entry)


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
        """Changing the knowledge is for editors, everything else for moderators; anyone else is
        refused privately."""
        name = interaction.command.qualified_name if interaction.command else ""
        if name in CHANGING:
            if not await is_editor(self.bot, interaction.user):
                log.info("Refused /%s for %s: not a knowledge editor", name, interaction.user.id)
                raise Refusal(NOT_AN_EDITOR)
            return True
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
        await self.bot.editing.record_disk_edits()
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
        if page.groups:  # a Teach button per group, and the pages when there are more
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

    # ---- /kb: reading and changing the files -------------------------------------------------
    async def complete_file(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest knowledge files."""
        files = await asyncio.to_thread(editable_files, self.bot.editing.folder)
        typed = current.lower().strip()
        found = [f for f in files if typed in f.lower()][:25]
        return [app_commands.Choice(name=f, value=f) for f in found]

    async def complete_entry(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest entries, and statements of entries, to teach a question to."""
        engine = self.bot.holder.engine
        entries = engine.suggest(current[:100], SUBJECT_KINDS, 15)
        choices = [app_commands.Choice(name=clamp(n, 100), value=i[:100]) for i, n in entries]
        typed = current.lower().strip()
        if len(typed) >= 3:
            for fact in engine.facts.facts:
                if len(choices) >= 25:
                    break
                if typed in fact.text.lower() and len(fact.id) <= 100:
                    name = clamp(f"{fact.entity}: {fact.text}", 100)
                    choices.append(app_commands.Choice(name=name, value=fact.id))
        return choices[:25]

    @kb.command(name="get")
    @app_commands.autocomplete(file=complete_file)
    async def kb_get(self, interaction: discord.Interaction, file: str) -> None:
        """Get a knowledge file exactly as it is on disk, to edit and upload with /kb put.

        Args:
            file: The knowledge file, e.g. roles/pacs-analyst.yaml
        """
        await defer_privately(interaction)
        try:
            path = resolve_target(self.bot.editing.folder, file)
            text = await asyncio.to_thread(read_current, path, file)  # never blocks on a pipe
        except EditError as exc:
            await interaction.edit_original_response(content=f"Cannot send `{file}`: {exc}")
            return
        if text is None:
            await interaction.edit_original_response(content=f"`{file}` does not exist.")
            return
        attachment = discord.File(io.BytesIO(text.encode("utf-8")), filename=path.name)
        text = f"`{file}` as it is now. Edit it and upload it with `/kb put`."
        await interaction.edit_original_response(content=text, attachments=[attachment])

    @kb.command(name="put")
    @app_commands.autocomplete(file=complete_file)
    async def kb_put(
        self,
        interaction: discord.Interaction,
        attachment: discord.Attachment,
        file: str | None = None,
    ) -> None:
        """Upload an edited knowledge file: checked, summarised, then applied when you say so.

        Args:
            attachment: The edited .yaml file
            file: Which knowledge file it replaces or adds (default: the one with its name)
        """
        await defer_privately(interaction)
        folder = self.bot.editing.folder
        try:
            if attachment.size > MAX_UPLOAD_BYTES:
                raise EditError(
                    f"the file is {attachment.size:,} bytes; at most {MAX_UPLOAD_BYTES:,} are read"
                )
            target = target_for_upload(folder, attachment.filename, file)
            text = decode_upload(await attachment.read())
        except (EditError, discord.HTTPException) as exc:
            await interaction.edit_original_response(
                content=f"Not applied: {exc}. Nothing changed."
            )
            return
        review = await asyncio.to_thread(review_change, folder, target, text)
        await self._show_review(interaction, review, "put", title=f"Upload of {target}")

    @kb.command(name="teach")
    @app_commands.autocomplete(entry=complete_entry)
    async def kb_teach(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, 300],
        entry: str,
    ) -> None:
        """Teach the bot a question it missed: it becomes an example phrasing of an entry.

        Args:
            question: The question as people asked it
            entry: The entry (or one statement of it) that answers it
        """
        await defer_privately(interaction)
        await self.teach_flow(interaction, question, entry)

    async def teach_flow(self, interaction: discord.Interaction, question: str, entry: str) -> None:
        """The review of teaching ``question`` to ``entry`` (``/kb teach``, or a gap's Teach)."""
        folder = self.bot.editing.folder
        knowledge = self.bot.holder.engine.knowledge
        try:
            path, text = await asyncio.to_thread(teach, folder, knowledge, question, entry)
        except EditError as exc:
            await interaction.edit_original_response(content=f"Not taught: {exc}. Nothing changed.")
            return
        review = await asyncio.to_thread(review_change, folder, path, text)
        note = ""
        if review.ok:
            answer = await asyncio.to_thread(answer_after, review, question)
            note = f"After this change, “{clamp(question, 200)}” is answered with: **{answer}**"
        await self._show_review(
            interaction, review, "teach", title=f"Teach: {clamp(question, 200)}", note=note
        )

    @kb.command(name="undo")
    async def kb_undo(self, interaction: discord.Interaction) -> None:
        """Revert the most recent knowledge change (you review it first)."""
        await defer_privately(interaction)
        history = await self.bot.store.knowledge_history(limit=1)
        if history is None:
            problem = self.bot.store.problem or "the database reported an error"
            await interaction.edit_original_response(
                content=f"Could not read the history ({problem}). Nothing changed."
            )
            return
        if not history:
            await interaction.edit_original_response(content="No change to undo.")
            return
        last = history[0]
        folder = self.bot.editing.folder
        review = await asyncio.to_thread(review_change, folder, last.path, last.before_text)
        if review.old_text != last.after_text:
            await interaction.edit_original_response(
                content=f"`{last.path}` changed after change #{last.id}, so it cannot be undone "
                "as it is: nothing changed. See `/kb history`."
            )
            return
        note = f"Reverts change #{last.id} ({last.action}: {last.summary})."
        await self._show_review(
            interaction, review, "undo", title=f"Undo change #{last.id}", note=note,
            undoes=last.id,
        )  # fmt: skip

    async def _show_review(
        self,
        interaction: discord.Interaction,
        review: Review,
        action: str,
        *,
        title: str,
        note: str = "",
        undoes: int | None = None,
    ) -> None:
        if review.errors:
            await interaction.edit_original_response(embed=errors_embed(review.path, review.errors))
            return
        if not review.ok:
            await interaction.edit_original_response(
                content=f"`{review.path}` would not change. Nothing to apply."
            )
            return
        pending = self.bot.editing.reviews.add(review, interaction.user.id, action, undoes)
        await interaction.edit_original_response(
            embed=review_embed(pending, title=title, note=note),
            attachments=[diff_file(review.diff)],
            view=review_buttons(pending),
        )

    @kb.command(name="history")
    @app_commands.autocomplete(file=complete_file)
    async def kb_history(
        self,
        interaction: discord.Interaction,
        file: str | None = None,
        change: app_commands.Range[int, 1] | None = None,
    ) -> None:
        """Recent knowledge changes: when, who, which file and what; one change's diff.

        Args:
            file: Only the changes of this file
            change: Show this change's diff
        """
        await defer_privately(interaction)
        store = self.bot.store
        if change is not None:
            found = await store.knowledge_change(change)
            if found is None:
                await interaction.edit_original_response(content=f"No change #{change}.")
                return
            diff = change_diff(found) or "(no difference in the text)"
            await interaction.edit_original_response(
                content=clamp(history_line(found), 1900),
                attachments=[diff_file(diff, f"change-{change}.diff")],
            )
            return
        changes = await store.knowledge_history(file, HISTORY_SHOWN)
        if changes is None:
            problem = store.problem or "the database reported an error"
            await interaction.edit_original_response(
                content=f"Could not read the history ({problem})."
            )
            return
        embed = discord.Embed(title="Knowledge changes" + (f": {file}" if file else ""))
        lines = [history_line(c) for c in changes] or ["No changes recorded yet."]
        embed.description = clamp("\n".join(lines), 4000)
        embed.set_footer(
            text="/kb history change:<number> shows a change's diff; /kb undo reverts the last"
        )
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
    """Load the moderation cog."""
    await bot.add_cog(Moderation(bot))
