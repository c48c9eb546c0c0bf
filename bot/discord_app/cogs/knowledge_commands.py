"""``/kb``: reload and check the knowledge, see what people asked and the bot missed
(``reload | check | gaps | stats``), and read and change the files (``get | history``, and the
knowledge editors' ``put | teach | undo``). Every answer is private (ephemeral), except what goes
to the server's mod-log channel; who may use what is checked in ``access``.

Every command defers before it waits for the store, and every store call is bounded by the
store's own timeout. A change is applied only after its review's Apply button
(``bot.discord_app.knowledge_edits``).
"""

from __future__ import annotations

import asyncio
import io
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord_app.cogs.access import ModeratorCog, defer_privately, moderator_group
from bot.discord_app.cogs.gaps_view import GapsPager
from bot.discord_app.knowledge_edits import (
    answer_after,
    change_diff,
    diff_file,
    errors_embed,
    history_line,
    review_buttons,
    review_embed,
)
from bot.discord_app.reports import gaps_embed, reload_embed, stats_embed
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

if TYPE_CHECKING:
    from bot.discord_app.client import PacsBot


GAPS_PER_PAGE = 8
HISTORY_SHOWN = 10

Days = app_commands.Range[int, 1, 365]


class KnowledgeCommands(ModeratorCog):
    """Reload and check the knowledge base, see what it misses, and change its files."""

    kb = moderator_group("kb", "Moderators: reload and check the knowledge, see what people asked")

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
            view = GapsPager(self.bot, interaction, page, self.teach_flow)
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


async def setup(bot: PacsBot) -> None:
    """Load the /kb commands."""
    await bot.add_cog(KnowledgeCommands(bot))
