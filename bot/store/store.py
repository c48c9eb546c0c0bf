"""The bot's SQLite store, safe to call from the event loop and impossible to crash the bot with.

Every call runs on one dedicated thread that owns the connection, and no caller waits longer than
``timeout`` seconds for it. Questions and votes are written in batches (``bot.store.writes``):
the bot queues them without waiting, and reads of them write what is queued first. Any SQLite
failure (locked, corrupt, read-only, disk I/O, a schema from a newer bot) or a call that runs out
of time is logged once per kind and degrades the call:
writes do nothing and return False/None, reads return the last settings seen (or defaults) and
empty gaps/stats marked ``available=False``. A write reported as not saved is never applied later:
a write still queued or waiting for a lock when its caller gives up is rolled back before COMMIT.
Nothing is deleted or rewritten to recover: a corrupt file stays exactly as it was for a person to
look at. A database file deleted under the running bot is noticed before any write is confirmed
and recreated from the connection still open to it, so nothing is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from bot.matching.normalise import strip_invisible
from bot.store.database import Database, Interrupted
from bot.store.gaps import group_questions
from bot.store.models import GapsPage, GuildSettings, KnowledgeChange, Stats
from bot.store.pg_errors import is_postgres_url, is_psycopg_error, pg_problem, redact
from bot.store.schema import SchemaTooNewError
from bot.store.sql_base import SqlDatabase
from bot.store.transfer import TransferError, dump, load
from bot.store.writes import Queued, WriteQueue

if TYPE_CHECKING:
    from bot.replies.reply import Reply

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_RETENTION_DAYS = 90
DEFAULT_LOW_CONFIDENCE = 0.7
MAX_TEXT_CHARS = 500
PURGE_EVERY = 6 * 3600  # seconds between automatic retention purges
GAP_ROWS = 10_000  # most recent stored texts that /kb gaps groups
_MENTION = re.compile(r"<(@[!&]?|#)\d+>")
_MENTION_WORD = {"@": "@user", "@!": "@user", "@&": "@role", "#": "#channel"}

PROBLEMS = {
    "locked": "the database is locked by another program",
    "corrupt": "the database file is damaged or is not a database",
    "read-only": "the database is read-only",
    "full": "the disk holding the database is full",
    "io": "the database file cannot be opened, read or written",
    "newer-schema": "the database was written by a newer version of the bot",
    "slow": "the database did not answer in time (another program may be holding it locked)",
    "unavailable": "the database server cannot be reached or refused the connection",
    "no-driver": "PostgreSQL support is not installed (pip install 'pacsbot[postgres]')",
    "closed": "the store is closed",
    "error": "the database reported an error",
}


def classify(exc: BaseException) -> str:
    """The kind of a database failure: one of the keys of PROBLEMS."""
    if isinstance(exc, SchemaTooNewError):
        return "newer-schema"
    if is_psycopg_error(exc):
        return pg_problem(exc)
    name = getattr(exc, "sqlite_errorname", "") or ""
    message = str(exc).lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in message:
        return "locked"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or any(
        s in message for s in ("not a database", "malformed", "corrupt")
    ):
        return "corrupt"
    if name.startswith("SQLITE_READONLY") or "readonly" in message or "read-only" in message:
        return "read-only"
    if name.startswith("SQLITE_FULL") or "full" in message:
        return "full"
    if (
        name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_PERM"))
        or isinstance(exc, OSError)
        or any(s in message for s in ("disk i/o", "unable to open"))
    ):
        return "io"
    return "error"


def scrub(text: str) -> str:
    """Question text as stored: no user, role or channel ids, single-spaced, at most 500 chars."""
    text = _MENTION.sub(lambda m: _MENTION_WORD[m.group(1)], strip_invisible(text))
    return " ".join(text.split())[:MAX_TEXT_CHARS]


def best_guess(reply: Reply) -> str | None:
    """What the bot thought a question meant: the offered choices, else intent and subjects."""
    if reply.choices:
        return " / ".join(choice.label for choice in reply.choices[:3])
    parts = [reply.intent or "", ", ".join(reply.subjects)]
    if reply.location:
        parts.append(f"in {reply.location}")
    return " ".join(p for p in parts if p) or None


class _FileMoved(Interrupted):
    """The file at the store's path is no longer the one the connection has open."""


class _Ticket:
    """One call's fate, decided once under a lock: the worker commits it, or its caller gives up.

    Whoever comes first wins, so a caller that was told "not saved" can rely on it: the worker
    rolls back instead of committing, even when it gets the database lock a moment later.
    """

    __slots__ = ("_lock", "_state")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state = "waiting"

    @property
    def abandoned(self) -> bool:
        """True once the caller stopped waiting."""
        return self._state == "abandoned"

    def claim_commit(self) -> bool:
        """Worker: True when it may commit (from then on the caller waits for the result)."""
        with self._lock:
            if self._state == "abandoned":
                return False
            self._state = "committing"
            return True

    def abandon(self) -> bool:
        """Caller: give up; False when too late because the worker is already committing."""
        with self._lock:
            if self._state == "committing":
                return False
            self._state = "abandoned"
            return True


def _file_id(path: str) -> tuple[int, int] | None:
    """(device, inode) of the file at ``path``; None when there is no file there."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


class StoreUnavailable(RuntimeError):
    """The database could not be used; the message says why, in words for a person."""


class Store:
    """Guild settings, missed questions and answer feedback in one SQLite file.

    ``path`` is a file path, ``":memory:"``, or a ``file:`` URI (e.g. ``file:bot.db?mode=ro``);
    or a ``postgresql://`` (``postgres://``) URL, which uses PostgreSQL instead (needs the
    ``postgres`` extra; the SQLite file checks do not apply, and ``path`` then shows the URL
    without its password). A lost PostgreSQL connection is reopened on a later call.
    Questions and feedback older than ``retention_days`` are deleted on open and every few hours
    after (0 keeps them forever); ``purge_older_than`` does it on demand. A call gives up after
    ``timeout`` seconds (a write waits at most ``busy_timeout`` for another program's lock).
    Use ``await store.open()`` at start-up (optional: the first call opens it) and
    ``await store.close()`` at shutdown, or ``async with Store(path) as store``.
    """

    def __init__(
        self,
        path: str | Path = ":memory:",
        *,
        retention_days: int = DEFAULT_RETENTION_DAYS,
        low_confidence: float = DEFAULT_LOW_CONFIDENCE,
        busy_timeout: float = 1.0,
        timeout: float = 2.0,
        reopen_after: float = 30.0,
        salt: bytes | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._target = str(path)
        self.postgres = is_postgres_url(self._target)  # else SQLite
        # what logs and messages name: a PostgreSQL URL without its password
        self.path = redact(self._target) if self.postgres else self._target
        self._errors: tuple[type[BaseException], ...] = (sqlite3.Error,)
        self.retention_days = retention_days
        self.low_confidence = low_confidence
        self.busy_timeout = busy_timeout
        self.timeout = timeout
        self.reopen_after = reopen_after
        self._salt = salt
        self._clock = clock
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pacsbot-store")
        self._writes = WriteQueue(self._submit_batch)  # questions and votes, in batches
        self._db: SqlDatabase | None = None
        self._open_failed_at: float | None = None
        self._closed = False
        self._problem: str | None = None
        self._reported: set[str] = set()
        self._settings: dict[int, GuildSettings] = {}
        self._purged_at: float | None = None
        self._file: tuple[int, int] | None = None  # (device, inode) of the open database file
        self.file_changes = 0  # times the file was found deleted or replaced under the bot
        self.file_notice: str | None = None  # what happened the last time, for moderators

    # ---- life cycle --------------------------------------------------------------------------
    async def open(self) -> bool:
        """Open (and migrate) the database now; True when it is usable."""
        return await self._call(lambda db: True, lambda: False, "open")

    async def close(self) -> None:
        """Close the connection and stop the store's thread; later calls return defaults."""
        if self._closed:
            return
        self._writes.flush()  # queued before closing: written before the connection closes
        self._closed = True
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._executor, self._close_db)
        await self._writes.drain()
        self._executor.shutdown(wait=False)

    async def __aenter__(self) -> Store:
        await self.open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    @property
    def available(self) -> bool:
        """False when the last database call failed (or the store is closed)."""
        return self._problem is None and not self._closed

    @property
    def problem(self) -> str | None:
        """What is wrong, in words for a moderator, or None when the last call worked."""
        if self._closed:
            return PROBLEMS["closed"]
        return PROBLEMS.get(self._problem) if self._problem else None

    # ---- settings ----------------------------------------------------------------------------
    def cached_settings(self, guild_id: int) -> GuildSettings:
        """The settings last read or written for a server, without touching the database."""
        return self._settings.get(guild_id) or GuildSettings()

    async def get_settings(self, guild_id: int) -> GuildSettings:
        """A server's settings; on a database failure, the last ones seen (or the defaults)."""

        def read(db: SqlDatabase) -> GuildSettings:
            found = db.get_settings(guild_id) or GuildSettings()
            self._settings[guild_id] = found
            return found

        return await self._call(read, lambda: self.cached_settings(guild_id), "read settings")

    async def set_passive_channel(self, guild_id: int, channel_id: int, enabled: bool) -> bool:
        """Turn passive free-text answers on or off in one channel; True when saved."""

        def change(s: GuildSettings) -> GuildSettings:
            channels = s.passive_channels
            channels = channels | {channel_id} if enabled else channels - {channel_id}
            return replace(s, passive_channels=channels)

        return await self._update(guild_id, change)

    async def set_moderator_role(self, guild_id: int, role_id: int | None) -> bool:
        """Set (or with None clear) the role allowed to run moderator commands; True when saved."""
        return await self._update(guild_id, lambda s: replace(s, moderator_role_id=role_id))

    async def set_mod_log_channel(self, guild_id: int, channel_id: int | None) -> bool:
        """Set (or with None clear) the channel reload errors are posted to; True when saved."""
        return await self._update(guild_id, lambda s: replace(s, mod_log_channel_id=channel_id))

    async def set_charts(self, guild_id: int, theme: str | None) -> bool:
        """Set how pay charts are drawn in a server ("dark", "light", "off"; None: the bot's
        default); True when saved."""
        return await self._update(guild_id, lambda s: replace(s, charts=theme))

    async def _update(
        self, guild_id: int, change: Callable[[GuildSettings], GuildSettings]
    ) -> bool:
        def write(db: SqlDatabase) -> bool:
            self._settings[guild_id] = db.update_settings(guild_id, change, self._clock())
            return True

        return await self._call(write, lambda: False, "save settings")

    # ---- questions and feedback --------------------------------------------------------------
    def keeps_text(self, outcome: str, confidence: float) -> bool:
        """Whether a question's text is stored: only when declined, clarified or low-confidence."""
        return outcome != "answer" or confidence < self.low_confidence

    def queue_question(
        self,
        text: str,
        *,
        outcome: str,
        confidence: float,
        guild_id: int | None = None,
        channel_id: int | None = None,
        user_id: int | None = None,
        intent: str | None = None,
        subjects: Sequence[str] = (),
        best_guess: str | None = None,
        at: float | None = None,
    ) -> Queued:
        """``record_question`` without waiting: the question is written with the next batch
        (``bot.store.writes``); its row id (None if it was not stored) is then ``.result``,
        and ``.done`` resolves to it."""
        kept = scrub(text) if self.keeps_text(outcome, confidence) else None
        when = self._clock() if at is None else at
        subjects = tuple(subjects)

        def write(db: SqlDatabase) -> int:
            return db.insert_question(
                guild_id=guild_id,
                channel_id=channel_id,
                asker_hash=db.hash_user(user_id) if user_id is not None else None,
                text=kept or None,
                outcome=outcome,
                confidence=confidence,
                intent=intent,
                subjects=subjects,
                best_guess=best_guess if kept else None,
                at=when,
            )

        return self._queue(write, None)

    async def record_question(
        self,
        text: str,
        *,
        outcome: str,
        confidence: float,
        guild_id: int | None = None,
        channel_id: int | None = None,
        user_id: int | None = None,
        intent: str | None = None,
        subjects: Sequence[str] = (),
        best_guess: str | None = None,
        at: float | None = None,
    ) -> int | None:
        """Count one question; its text is kept only when it was missed (see ``keeps_text``).

        The asker is stored as a salted hash. Returns the row id (for feedback), None on failure.
        """
        queued = self.queue_question(
            text,
            outcome=outcome,
            confidence=confidence,
            guild_id=guild_id,
            channel_id=channel_id,
            user_id=user_id,
            intent=intent,
            subjects=subjects,
            best_guess=best_guess,
            at=at,
        )
        return cast("int | None", await self._wait(queued, "record a question"))

    def queue_reply(
        self,
        reply: Reply,
        *,
        guild_id: int | None = None,
        channel_id: int | None = None,
        user_id: int | None = None,
    ) -> Queued:
        """``queue_question`` for a Reply the engine composed."""
        return self.queue_question(
            reply.question,
            outcome=reply.outcome,
            confidence=reply.confidence,
            guild_id=guild_id,
            channel_id=channel_id,
            user_id=user_id,
            intent=reply.intent if reply.outcome == "answer" else None,
            subjects=reply.subjects,
            best_guess=best_guess(reply),
        )

    async def record_reply(
        self,
        reply: Reply,
        *,
        guild_id: int | None = None,
        channel_id: int | None = None,
        user_id: int | None = None,
    ) -> int | None:
        """``record_question`` for a Reply the engine composed."""
        queued = self.queue_reply(reply, guild_id=guild_id, channel_id=channel_id, user_id=user_id)
        return cast("int | None", await self._wait(queued, "record a question"))

    def queue_feedback(
        self,
        message_id: int,
        user_id: int,
        helpful: bool,
        *,
        guild_id: int | None = None,
        question: int | Queued | None = None,
        at: float | None = None,
    ) -> Queued:
        """``record_feedback`` without waiting (written with the next batch; ``.result`` is
        then True when stored). ``question`` may be a question still queued: the vote is linked
        to its row once that is written (writes keep their order), else stored without it."""
        when = self._clock() if at is None else at

        def write(db: SqlDatabase) -> bool:
            db.upsert_feedback(
                message_id=message_id,
                user_hash=db.hash_user(user_id),
                helpful=helpful,
                guild_id=guild_id,
                question_id=question.result if isinstance(question, Queued) else question,
                at=when,
            )
            return True

        return self._queue(write, False)

    async def record_feedback(
        self,
        message_id: int,
        user_id: int,
        helpful: bool,
        *,
        guild_id: int | None = None,
        question_id: int | None = None,
        at: float | None = None,
    ) -> bool:
        """Record a Helpful / Not helpful vote; voting again on a message changes the vote."""
        queued = self.queue_feedback(
            message_id, user_id, helpful, guild_id=guild_id, question=question_id, at=at
        )
        return bool(await self._wait(queued, "record feedback"))

    async def flush(self) -> None:
        """Write every queued question and vote now, and wait until they are written."""
        await self._writes.drain()

    # ---- reports -----------------------------------------------------------------------------
    async def gaps(
        self, guild_id: int | None = None, days: int = 30, limit: int = 10, offset: int = 0
    ) -> GapsPage:
        """The most frequent missed questions of the last ``days`` days, similar wordings grouped.

        ``guild_id`` None covers every server and DMs. One page of ``limit`` groups from
        ``offset``; the page says how many groups there are in all.
        """
        limit, offset, days = max(1, limit), max(0, offset), max(1, days)
        self._writes.flush()  # the batch goes first, so the page counts it

        def read(db: SqlDatabase) -> GapsPage:
            rows = db.unanswered(guild_id, self._since(days), GAP_ROWS)
            groups = group_questions(rows)
            page = tuple(groups[offset : offset + limit])
            return GapsPage(page, len(groups), offset, limit, days)

        return await self._call(
            read, lambda: GapsPage((), 0, offset, limit, days, available=False), "read gaps"
        )

    async def stats(self, guild_id: int | None = None, days: int = 30) -> Stats:
        """Questions asked, outcome counts, top subjects and votes over the last ``days`` days."""
        days = max(1, days)
        self._writes.flush()
        return await self._call(
            lambda db: db.stats(guild_id, self._since(days), days, self.low_confidence),
            lambda: Stats(days, available=False),
            "read stats",
        )

    # ---- knowledge history -------------------------------------------------------------------
    async def record_change(self, change: KnowledgeChange) -> KnowledgeChange | None:
        """Record a knowledge change (waiting for it); the recorded change with its id and time,
        or None when the database could not save it."""
        now = self._clock()

        def write(db: SqlDatabase) -> KnowledgeChange:
            change_id = db.insert_change(change, now)
            return replace(change, id=change_id, created_at=now)

        return await self._call(write, lambda: None, "record a knowledge change")

    async def forget_change(self, change_id: int) -> bool:
        """Delete a recorded change whose file could not be written after all; True when done."""

        def write(db: SqlDatabase) -> bool:
            db.delete_change(change_id)
            return True

        return await self._call(write, lambda: False, "forget a knowledge change")

    async def knowledge_history(
        self, path: str | None = None, limit: int = 10
    ) -> list[KnowledgeChange] | None:
        """The newest knowledge changes first (of one file when ``path``); None when the
        database could not be read."""
        return await self._call(
            lambda db: db.changes(path, max(1, limit)), lambda: None, "read knowledge history"
        )

    async def knowledge_change(self, change_id: int) -> KnowledgeChange | None:
        """One recorded change, or None (unknown id, or the database could not be read)."""
        found = await self._call(
            lambda db: db.changes(None, 1, change_id), lambda: [], "read a knowledge change"
        )
        return found[0] if found else None

    # ---- what other processes changed --------------------------------------------------------
    async def refresh_settings(self, since: float) -> float | None:
        """Read the settings of every server changed after ``since`` (another process may have
        changed them) into the copy ``cached_settings`` serves; the newest change time seen
        (``since`` when none), or None when the database could not be read."""

        def read(db: SqlDatabase) -> float:
            newest = since
            for guild_id, settings in db.settings_since(since):
                self._settings[guild_id] = settings
                newest = max(newest, settings.updated_at or newest)
            return newest

        return await self._call(read, lambda: None, "read changed settings")

    async def newest_changes(self) -> list[KnowledgeChange] | None:
        """The newest recorded change of each file (None: not readable)."""
        return await self._call(
            lambda db: db.newest_changes(), lambda: None, "read the newest knowledge changes"
        )

    async def was_version(self, path: str, text: str) -> bool:
        """Whether ``text`` is a version of ``path`` a recorded change started from (False
        when the database cannot tell)."""
        return await self._call(
            lambda db: db.was_version(path, text), lambda: False, "read a knowledge version"
        )

    async def knowledge_changes_after(
        self, change_id: int, limit: int = 100
    ) -> list[KnowledgeChange] | None:
        """Knowledge changes recorded after ``change_id``, oldest first (None: not readable)."""
        return await self._call(
            lambda db: db.changes_after(change_id, max(1, limit)),
            lambda: None,
            "read new knowledge changes",
        )

    # ---- moving a store -------------------------------------------------------------------------
    async def export_data(self) -> dict[str, Any] | None:
        """Every row (``bot.store.transfer``), or None when the database could not be read."""
        self._writes.flush()
        return await self._call(lambda db: dump(db.conn), lambda: None, "export the database")

    async def import_data(self, data: Any) -> dict[str, int]:
        """Insert an export into this (empty) store in one transaction; rows per table.

        Raises TransferError (not an export, or the database has rows) or StoreUnavailable.
        """
        placeholder = "%s" if self.postgres else "?"
        errors: list[TransferError] = []

        def write(db: SqlDatabase) -> dict[str, int] | None:
            try:
                with db.transaction():
                    return load(db.conn, data, placeholder, self.postgres)
            except TransferError as exc:
                errors.append(exc)
                return None

        counts = await self._call(write, lambda: None, "import into the database")
        if errors:
            raise errors[0]
        if counts is None:
            raise StoreUnavailable(self.problem or "the database reported an error")
        return counts

    async def purge_older_than(self, days: int | None = None) -> int:
        """Delete questions and feedback older than ``days`` (default: the retention setting).

        Settings are never purged. Returns the number of rows deleted (0 on failure).
        """
        keep = self.retention_days if days is None else days
        self._writes.flush()
        return await self._call(lambda db: db.purge(self._since(keep)), lambda: 0, "purge")

    def _since(self, days: float) -> float:
        return self._clock() - days * 86_400

    # ---- the worker thread -------------------------------------------------------------------
    def _queue(self, write: Callable[[SqlDatabase], object], fallback: object) -> Queued:
        queued = Queued(write, fallback, _Ticket())
        if self._closed:
            queued.settle()
            return queued
        return self._writes.put(queued)

    async def _wait(self, queued: Queued, what: str) -> object:
        """The result of a queued write, written now; its fallback after ``timeout``."""
        self._writes.flush()
        try:
            async with asyncio.timeout(self.timeout):
                return await asyncio.shield(queued.done)
        except TimeoutError:
            if not queued.ticket.abandon():  # the worker is committing: its result is the truth
                return await queued.done
            self._report(TimeoutError(f"no answer within {self.timeout:g} s"), what, "slow")
            return queued.fallback
        except asyncio.CancelledError:
            queued.ticket.abandon()
            raise

    def _submit_batch(self, batch: list[Queued]) -> asyncio.Future[object]:
        """Queue one batch of writes on the store's thread (see ``WriteQueue``)."""
        loop = asyncio.get_running_loop()

        def unwritten() -> None:
            for queued in batch:
                queued.result = queued.fallback

        try:
            return loop.run_in_executor(
                self._executor,
                self._guarded,
                lambda db: self._write_batch(db, batch),
                unwritten,
                "record questions and votes",
                _Ticket(),  # the batch as a whole is never abandoned; each write may be
            )
        except RuntimeError:  # the executor was shut down by close() meanwhile
            done: asyncio.Future[object] = loop.create_future()
            done.set_result(None)
            return done

    @staticmethod
    def _write_batch(db: SqlDatabase, batch: list[Queued]) -> None:
        """Every write of the batch whose caller still waits, in order, in one transaction."""
        for queued in batch:
            queued.result = queued.fallback
        with db.transaction():
            for queued in batch:
                if queued.ticket.claim_commit():  # else its caller gave up: never applied
                    queued.result = queued.run(db)

    async def _call(
        self, work: Callable[[SqlDatabase], T], fallback: Callable[[], T], what: str
    ) -> T:
        """Run ``work`` on the store's thread; ``fallback()`` on failure or after ``timeout``."""
        if self._closed:
            return fallback()
        loop = asyncio.get_running_loop()
        ticket = _Ticket()
        try:
            future = loop.run_in_executor(
                self._executor, self._guarded, work, fallback, what, ticket
            )
        except RuntimeError:  # the executor was shut down by close() meanwhile
            return fallback()
        try:
            async with asyncio.timeout(self.timeout):  # (wait_for would lose a cancel: stopping)
                return await asyncio.shield(future)
        except TimeoutError:
            if not ticket.abandon():  # the worker is committing: its result is the truth
                return await future
            future.cancel()  # still queued: it never runs (or returns at once if it starts)
            self._report(TimeoutError(f"no answer within {self.timeout:g} s"), what, "slow")
            return fallback()
        except asyncio.CancelledError:
            if ticket.abandon():
                future.cancel()
            raise

    def _guarded(
        self,
        work: Callable[[SqlDatabase], T],
        fallback: Callable[[], T],
        what: str,
        ticket: _Ticket,
    ) -> T:
        if ticket.abandoned:  # the caller gave up while this waited in the queue
            return fallback()
        for attempt in range(2):
            db = self._database()
            if db is None:
                return fallback()
            db.before_commit = lambda: self._before_commit(ticket)
            try:
                result = work(db)
            except _FileMoved:
                if attempt == 0:
                    self._replace_moved_file()
                    continue
                return fallback()
            except Interrupted:  # the caller gave up: rolled back, and it already knows
                return fallback()
            except self._errors as exc:
                self._report(exc, what)
                if db.lost:  # PostgreSQL's connection dropped: the next call opens a new one
                    self._close_db()
                return fallback()
            finally:
                db.before_commit = self._check_file
            self._problem = None
            self._purge_if_due(db)
            return result
        return fallback()

    def _before_commit(self, ticket: _Ticket) -> None:
        """Inside a write transaction, just before COMMIT: is it still wanted, and where?"""
        self._check_file()
        if not ticket.claim_commit():
            raise Interrupted("the caller stopped waiting")

    def _moved(self) -> bool:
        """True when the file at the path is not the one the connection has open."""
        return self._file is not None and _file_id(self.path) != self._file

    def _check_file(self) -> None:
        """Raise _FileMoved when the database file was deleted or replaced since it was opened."""
        if self._moved():
            raise _FileMoved(self.path)

    def _replace_moved_file(self) -> None:
        """The file at the path is not the open one: recreate it from the open connection when
        it was deleted (so nothing is lost), or use the new file when another replaced it."""
        db, self._db, self._file = self._db, None, None
        if not isinstance(db, Database):  # only an SQLite file can move
            return
        copy: sqlite3.Connection | None = None
        if Path(self.path).exists():
            what = "replaced by another file while the bot was running; the bot now uses that file"
        else:
            what = "deleted while the bot was running; it was recreated"
            try:
                copy = sqlite3.connect(":memory:")
                db.conn.backup(copy)  # the deleted file is still readable through the connection
            except sqlite3.Error as exc:
                copy = None
                what += f" empty (reading the old data failed: {exc})"
        with contextlib.suppress(sqlite3.Error):
            # empty the old WAL, so its frames are never replayed into the file now at the path
            db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with contextlib.suppress(sqlite3.Error):
            db.close()
        if copy is not None:
            try:
                what += self._recreate_from(copy)
            finally:
                copy.close()
        self.file_changes += 1
        self.file_notice = f"the database file was {what}"
        log.error("The database file %s was %s.", self.path, what)

    def _recreate_from(self, copy: sqlite3.Connection) -> str:
        """Write ``copy`` to the (missing) database path; says how it went."""
        path = Path(self.path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("-wal", "-shm"):  # left over from the deleted file: never replay them
                Path(self.path + suffix).unlink(missing_ok=True)
            target = sqlite3.connect(self.path)
            try:
                copy.backup(target)
            finally:
                target.close()
        except (sqlite3.Error, OSError) as exc:
            with contextlib.suppress(OSError):
                path.unlink()  # a half-made copy: start from an empty file
            return f" empty (copying the old data failed: {exc})"
        return " with everything the bot still had open, so nothing was lost"

    def _purge_if_due(self, db: SqlDatabase) -> None:
        """Apply the retention setting at most once per PURGE_EVERY seconds (first: on open)."""
        now = time.monotonic()
        if self.retention_days <= 0 or (
            self._purged_at is not None and now - self._purged_at < PURGE_EVERY
        ):
            return
        self._purged_at = now
        try:
            gone = db.purge(self._since(self.retention_days))
        except Interrupted:  # the file moved: the next call notices and recovers
            self._purged_at = None
            return
        except self._errors as exc:
            self._report(exc, "delete old rows")
            return
        if gone:
            log.info(
                "deleted %d question/feedback rows older than %d days", gone, self.retention_days
            )

    def _database(self) -> SqlDatabase | None:
        if self._db is not None and self._db.lost:
            self._close_db()
        if self._db is not None:
            if not self._moved():
                return self._db
            self._replace_moved_file()
        failed_at = self._open_failed_at
        if failed_at is not None and time.monotonic() - failed_at < self.reopen_after:
            return None
        if self.postgres:
            return self._open_postgres()
        target, uri = self.path, self.path.startswith("file:")
        local = not uri and target != ":memory:"
        try:
            if local:
                Path(target).parent.mkdir(parents=True, exist_ok=True)
            self._db = Database.open(
                target, uri=uri, busy_timeout=self.busy_timeout, salt=self._salt
            )
        except (sqlite3.Error, OSError) as exc:
            self._db = self._open_read_only(exc)
            if self._db is None:
                self._report(exc, "open the database")
                self._open_failed_at = time.monotonic()
                return None
            self._report(exc, "open the database for writing", "read-only")
        self._db.before_commit = self._check_file
        self._file = _file_id(target) if local else None
        self._open_failed_at = None
        return self._db

    def _open_postgres(self) -> SqlDatabase | None:
        """Connect to PostgreSQL (importing psycopg only now) and migrate; None on failure."""
        try:
            from bot.store.pg_database import ERRORS, PgDatabase
        except ImportError as exc:
            self._report(exc, "load the PostgreSQL driver", "no-driver")
            self._open_failed_at = time.monotonic()
            return None
        self._errors = (sqlite3.Error, *ERRORS)
        try:
            db = PgDatabase.open(
                self._target,
                connect_timeout=self.timeout,
                lock_timeout=self.busy_timeout,
                statement_timeout=max(10.0, 5 * self.timeout),
                salt=self._salt,
            )
        except self._errors as exc:
            self._report(exc, "open the database")
            self._open_failed_at = time.monotonic()
            return None
        self._db = db
        db.before_commit = self._check_file
        self._open_failed_at = None
        return db

    def _open_read_only(self, exc: BaseException) -> Database | None:
        """A database SQLite cannot write to (a read-only folder or file system, where a WAL file
        cannot even be read normally) is opened as an immutable snapshot, so its settings still
        serve. On a read-only file system SQLite says "unable to open", not "read-only"."""
        path = Path(self.path)
        if (
            classify(exc) not in ("read-only", "io")
            or self.path.startswith("file:")
            or not path.is_file()
            or not os.access(path, os.R_OK)
        ):
            return None
        target = path.resolve().as_uri() + "?mode=ro&immutable=1"
        try:
            return Database.open(target, uri=True, busy_timeout=self.busy_timeout, salt=self._salt)
        except (sqlite3.Error, OSError) as again:
            log.debug("database %s: read-only open failed too: %s", self.path, again)
            return None

    def _close_db(self) -> None:
        db, self._db = self._db, None
        if db is not None:
            try:
                db.close()
            except self._errors as exc:
                self._report(exc, "close the database")

    def _report(self, exc: BaseException, what: str, kind: str | None = None) -> None:
        kind = kind or classify(exc)
        self._problem = kind
        if kind in self._reported:
            log.debug("database %s: could not %s: %s", self.path, what, exc)
            return
        self._reported.add(kind)
        log.error(
            "%s (%s: could not %s: %s). Questions are still answered; settings, missed questions "
            "and feedback are not saved while this lasts. This is logged once.",
            PROBLEMS[kind].capitalize(),
            self.path,
            what,
            exc,
        )
