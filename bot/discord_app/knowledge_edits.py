"""Changing the knowledge from Discord: reviews waiting for Apply, applying them, and history.

A moderator's upload, taught question or undo becomes a ``Review`` (``bot.knowledge.editing``:
the whole knowledge base checked as it would be after the change, a summary and a diff). The
review waits here, in memory, for its author's **Apply** or **Cancel** for ``REVIEW_SECONDS``.
Applying records the change in the store first (the whole text before and after, who, when,
what), then writes the file atomically unless it changed since the review (a conflict: nothing
is written, the record is forgotten), then reloads. Files changed on disk by hand are recorded
too, as "edited on disk", by comparing the folder with what was last seen.
"""

from __future__ import annotations

import asyncio
import difflib
import io
import logging
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import discord

from bot.discord_app.delivery import respond
from bot.discord_app.editors import NOT_AN_EDITOR, is_editor
from bot.knowledge.edit_files import read_current, write_atomically
from bot.knowledge.editing import (
    Conflict,
    EditError,
    Review,
    apply_change,
    editable_files,
    resolve_target,
)
from bot.render.limits import FIELD_VALUE, clamp
from bot.store import KnowledgeChange

if TYPE_CHECKING:
    from bot.discord_app.client import PacsBot, PacsBotMixin

log = logging.getLogger(__name__)

REVIEW_SECONDS = 15 * 60
REVIEW_PREFIX = "pacs:kb:"
NOT_YOUR_REVIEW = "Only the editor who made this change can apply or cancel it. Nothing changed."
EXPIRED = "This review has expired or was already used. Nothing changed; start again."
NOT_RECORDED = (
    "Could not record the change in the history ({problem}), so nothing was changed. "
    "Try again in a moment."
)
EDIT_COLOUR, ERROR_COLOUR = 0x2B7BB9, 0xD83C3E


@dataclass
class PendingReview:
    """A review waiting for its author's Apply or Cancel."""

    id: str
    review: Review
    author_id: int
    action: str  # "put", "teach" or "undo"
    undoes: int | None = None
    created: float = field(default_factory=time.monotonic)


class Reviews:
    """Reviews waiting for a click, by id; each one is used once and expires."""

    def __init__(self, seconds: float = REVIEW_SECONDS) -> None:
        self.seconds = seconds
        self._waiting: dict[str, PendingReview] = {}

    def add(
        self, review: Review, author_id: int, action: str, undoes: int | None = None
    ) -> PendingReview:
        """Keep a review for its author's click; its id goes in the buttons' custom ids."""
        self._expire()
        pending = PendingReview(secrets.token_hex(6), review, author_id, action, undoes)
        self._waiting[pending.id] = pending
        return pending

    def get(self, review_id: str) -> PendingReview | None:
        """The review with this id, unless it expired or was used."""
        self._expire()
        return self._waiting.get(review_id)

    def pop(self, review_id: str) -> PendingReview | None:
        """Take the review (Apply and Cancel use it up)."""
        self._expire()
        return self._waiting.pop(review_id, None)

    def _expire(self) -> None:
        now = time.monotonic()
        for key in [k for k, p in self._waiting.items() if now - p.created > self.seconds]:
            del self._waiting[key]


def review_buttons(pending: PendingReview) -> discord.ui.View:
    """Apply and Cancel for a review (answered by ``ReviewButton``, whoever's process)."""
    view = discord.ui.View(timeout=None)
    view.add_item(ReviewButton(pending.id, "apply"))
    view.add_item(ReviewButton(pending.id, "cancel"))
    view.stop()  # the buttons are dynamic items: this view holds nothing to dispatch to
    return view


def review_embed(pending: PendingReview, *, title: str, note: str = "") -> discord.Embed:
    """What the change does, for its author to apply or cancel."""
    review = pending.review
    summary = review.summary.text() if review.summary else ""
    embed = discord.Embed(title=title, colour=EDIT_COLOUR)
    embed.description = clamp(
        "\n".join(x for x in (f"`{review.path}`: {summary}", note) if x), 4000
    )
    if review.warnings:
        embed.add_field(
            name="Warnings", value=clamp("\n".join(review.warnings), FIELD_VALUE), inline=False
        )
    embed.set_footer(text="The diff is attached. Apply writes the file and reloads the knowledge.")
    return embed


def errors_embed(path: str, errors: tuple[str, ...] | list[str]) -> discord.Embed:
    """Why a change was refused; nothing was changed."""
    embed = discord.Embed(
        title=f"Not applied: {len(errors)} error(s) in the knowledge after this change",
        colour=ERROR_COLOUR,
    )
    embed.description = clamp("\n".join(f"`{e}`" for e in errors), 4000)
    embed.set_footer(text=f"Nothing was changed; the current knowledge keeps answering ({path}).")
    return embed


def diff_file(diff: str, name: str = "change.diff") -> discord.File:
    """A diff as an attachment."""
    return discord.File(io.BytesIO(diff.encode("utf-8")), filename=name)


def text_file(text: str, path: str) -> discord.File:
    """A knowledge file's text as an attachment named like the file."""
    return discord.File(io.BytesIO(text.encode("utf-8")), filename=Path(path).name)


def change_diff(change: KnowledgeChange) -> str:
    """The unified diff of a recorded change."""
    before = (change.before_text or "").splitlines(keepends=True)
    after = (change.after_text or "").splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after, f"a/{change.path}", f"b/{change.path}"))


class KnowledgeEditing:
    """Applies reviews, keeps the history complete, and posts changes to the mod-logs."""

    def __init__(self, bot: PacsBotMixin) -> None:
        self.bot = bot
        self.reviews = Reviews()
        self._seen: dict[str, str] = {}  # each knowledge file's text as last seen or written
        self._own: set[int | None] = set()  # ids of the changes this process recorded
        self._lock = asyncio.Lock()  # one apply (or disk scan) at a time

    @property
    def folder(self) -> Path:
        """The knowledge folder the bot answers from."""
        return Path(self.bot.knowledge_dir)

    def remember_folder(self) -> None:
        """Note what every knowledge file holds now (at start-up, before any change)."""
        self._seen = read_files(self.folder)

    async def apply(
        self, pending: PendingReview, user: discord.abc.User
    ) -> tuple[str, discord.File | None]:
        """Record and write a review's change, then reload. (message, file to show or None)."""
        review = pending.review
        change = KnowledgeChange(
            review.path,
            pending.action,
            review.summary.text() if review.summary else "",
            review.old_text,
            review.new_text,
            user.id,
            str(user),
            pending.undoes,
        )
        async with self._lock:
            await self._record_disk_edits()  # a hand edit before this one keeps its own entry
            recorded = await self.bot.store.record_change(change)
            if recorded is None or recorded.id is None:
                problem = self.bot.store.problem or "the database reported an error"
                return NOT_RECORDED.format(problem=problem), None
            try:
                await asyncio.to_thread(apply_change, self.folder, review)
            except Conflict as conflict:
                await self.bot.store.forget_change(recorded.id)
                current = conflict.current
                text = (
                    f"`{review.path}` changed since you started, so nothing was written. "
                    + ("Here is the new version; make your change on it and upload it again."
                       if current is not None else "It no longer exists.")
                )  # fmt: skip
                return text, text_file(current, review.path) if current is not None else None
            except (EditError, OSError) as exc:
                await self.bot.store.forget_change(recorded.id)
                return f"Could not write `{review.path}`: {exc}. Nothing was changed.", None
            self._note(review.path, review.new_text)
            self._own.add(recorded.id)
        result = await self.bot.watcher.reload_now()
        self.bot.log_reload(result, f"reload after change #{recorded.id} by {user} ({user.id})")
        state = "live now" if result.ok else "written, but the reload failed: " + result.summary
        message = f"Applied change #{recorded.id} to `{review.path}` ({change.summary}); {state}."
        self.post(recorded)
        return message, None

    def post(self, change: KnowledgeChange) -> None:
        """Post a change to every server's mod-log channel (the knowledge is shared)."""
        who = f"<@{change.user_id}>" if change.user_id else "edited on disk"
        embed = discord.Embed(title=f"Knowledge change #{change.id}", colour=EDIT_COLOUR)
        embed.description = clamp(f"`{change.path}` ({change.action}): {change.summary}", 4000)
        embed.add_field(name="By", value=who)
        for guild in list(self.bot.guilds):
            self.bot.recorder.spawn(
                self.bot.post_mod_log(guild.id, embed), f"mod-log:change:{guild.id}"
            )

    async def record_disk_edits(self) -> list[KnowledgeChange]:
        """Record every file that changed on disk since last seen, as "edited on disk" (never
        the bot's own writes: those are noted under the same lock as they are made)."""
        async with self._lock:
            return await self._record_disk_edits()

    async def _record_disk_edits(self) -> list[KnowledgeChange]:
        now = await asyncio.to_thread(read_files, self.folder)
        recorded = []
        for path in sorted(set(now) | set(self._seen)):
            before, after = self._seen.get(path), now.get(path)
            if before == after:
                continue
            summary = "edited on disk" + _line_counts(before, after)
            change = KnowledgeChange(path, "disk", summary, before, after)
            saved = await self.bot.store.record_change(change)
            if saved is None:
                log.warning("Could not record the hand edit of %s in the history", path)
                continue  # tried again on the next scan
            self._note(path, after)
            self._own.add(saved.id)
            recorded.append(saved)  # not posted: the reload's own post tells the mod-logs
        return recorded

    def text_of(self, path: str) -> str | None:
        """A knowledge file's text as this process last saw or wrote it (None: none)."""
        return self._seen.get(path)

    async def adopt(
        self, change: KnowledgeChange, known: frozenset[str | None] = frozenset()
    ) -> bool:
        """Bring a change another process applied into this process's folder; True when the
        file was written (a change already here, such as this process's own, is passed over).

        The file is written only when it holds what the change started from, or one of the
        ``known`` older versions (catching up at start)."""
        async with self._lock:
            try:
                target = resolve_target(self.folder, change.path)
                current = await asyncio.to_thread(read_current, target, change.path)
            except EditError as exc:
                log.warning("Cannot take change #%s to %s: %s", change.id, change.path, exc)
                return False
            if change.id in self._own or current == change.after_text:
                return False
            if current != change.before_text and current not in known:
                # this machine's file is neither what the change started from nor its result:
                # a hand edit here not recorded yet. Nothing is overwritten; it is recorded as
                # this machine's own edit at its next reload.
                log.warning(
                    "Change #%s to %s made elsewhere was not taken: the file here differs from "
                    "the one it changed",
                    change.id,
                    change.path,
                )
                return False
            await asyncio.to_thread(write_atomically, target, change.after_text)
            self._note(change.path, change.after_text)
            log.info("Took change #%s to %s from another process", change.id, change.path)
            return True

    def _note(self, path: str, text: str | None) -> None:
        if text is None:
            self._seen.pop(path, None)
        else:
            self._seen[path] = text


def read_files(folder: Path) -> dict[str, str]:
    """Every knowledge file's text, by relative path (what is no plain readable file, such as
    a named pipe that would block a reader forever, is left out)."""
    found = {}
    for path in editable_files(folder):
        try:
            text = read_current(folder / path, path)
        except EditError:
            continue
        if text is not None:
            found[path] = text
    return found


def _line_counts(before: str | None, after: str | None) -> str:
    if before is None:
        return " (file added)"
    if after is None:
        return " (file deleted)"
    added = removed = 0
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        added += line.startswith("+ ")
        removed += line.startswith("- ")
    return f" (+{added} −{removed} lines)"


class ReviewButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"pacs:kb:(?P<verb>apply|cancel):(?P<id>[0-9a-f]{12})",
):
    """Apply or Cancel on a review: only its author, and only while they are an editor."""

    def __init__(self, review_id: str, verb: str) -> None:
        label, style = (
            ("Apply", discord.ButtonStyle.success)
            if verb == "apply"
            else ("Cancel", discord.ButtonStyle.secondary)
        )
        super().__init__(
            discord.ui.Button(
                label=label, style=style, custom_id=f"{REVIEW_PREFIX}{verb}:{review_id}"
            )
        )
        self.review_id, self.verb = review_id, verb

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReviewButton:
        """Rebuild the button from its custom id."""
        return cls(match["id"], match["verb"])

    async def callback(self, interaction: discord.Interaction) -> None:
        """Check who clicks, then apply or cancel the review."""
        bot: PacsBot = interaction.client  # type: ignore[assignment]
        editing = bot.editing
        if not await is_editor(bot, interaction.user):
            log.info("Refused a review click by %s: not an editor", interaction.user.id)
            await respond(interaction, {"content": NOT_AN_EDITOR}, bot.load, ephemeral=True)
            return
        pending = editing.reviews.get(self.review_id)
        if pending is not None and pending.author_id != interaction.user.id:
            await respond(interaction, {"content": NOT_YOUR_REVIEW}, bot.load, ephemeral=True)
            return
        pending = editing.reviews.pop(self.review_id)
        if pending is None:
            await respond(interaction, {"content": EXPIRED}, bot.load, ephemeral=True)
            return
        if self.verb == "cancel":
            text = f"Cancelled: `{pending.review.path}` was not changed."
            await respond(interaction, {"content": text, "view": None}, bot.load, edit=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        message, attachment = await editing.apply(pending, interaction.user)
        files = [attachment] if attachment is not None else []
        await interaction.edit_original_response(content=message, attachments=files)


def history_line(change: KnowledgeChange) -> str:
    """One change as a line of ``/kb history``."""
    who = f"<@{change.user_id}>" if change.user_id else "on disk"
    when = f"<t:{int(change.created_at or 0)}:R>"
    return f"**#{change.id}** {when} {who} `{change.path}` {change.action}: {change.summary}"


def answer_after(review: Review, question: str) -> str:
    """The title of the answer ``question`` gets from the knowledge as the review would leave it
    (the base the review already checked: nothing is loaded again)."""
    from bot.engine import Engine

    assert review.knowledge is not None, "only a review without errors has its knowledge"
    reply = Engine(review.knowledge).answer(question)
    return reply.title if reply.outcome == "answer" else f"{reply.title} ({reply.outcome})"
