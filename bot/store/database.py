"""Synchronous SQL over one SQLite connection. Every method may raise ``sqlite3.Error``;
:class:`bot.store.Store` runs them on its own thread and turns failures into defaults."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import secrets
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from bot.store.models import GuildSettings, KnowledgeChange, Stats
from bot.store.schema import check_version, migrate

SALT_KEY = "asker_salt"
TOP_SUBJECTS = 5


class Interrupted(Exception):
    """A transaction was rolled back on purpose, just before it would have committed."""


def _always() -> None:
    """The default ``before_commit``: nothing stops a commit."""


class Database:
    """One open, migrated database. Not thread-safe: use it from one thread.

    ``before_commit`` is called inside every write transaction just before COMMIT; when it
    raises (e.g. :class:`Interrupted` because the caller stopped waiting), the transaction is
    rolled back and the exception propagates, so nothing the caller was told failed is applied.
    """

    def __init__(self, conn: sqlite3.Connection, salt: bytes | None = None) -> None:
        self.conn = conn
        self._salt = salt
        self.before_commit: Callable[[], None] = _always

    @classmethod
    def open(
        cls, target: str, *, uri: bool = False, busy_timeout: float = 1.0, salt: bytes | None = None
    ) -> Database:
        """Connect, switch to WAL and migrate. Never writes to a file that is not a database."""
        conn = sqlite3.connect(target, uri=uri, timeout=busy_timeout, isolation_level=None)
        try:
            check_version(conn)  # reads the header first: a foreign or newer file stops here
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() not in ("wal", "memory"):
                with contextlib.suppress(sqlite3.OperationalError):  # read-only: keep its mode
                    conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
        except BaseException:
            conn.close()
            raise
        return cls(conn, salt)

    @property
    def lost(self) -> bool:
        """Always False: an SQLite connection does not drop (see ``PgDatabase.lost``)."""
        return False

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction around the block: committed at its end (after
        ``before_commit``), rolled back if anything in it raises."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.before_commit()
            self.conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise

    # ---- privacy ---------------------------------------------------------------------------
    def salt(self) -> bytes:
        """The secret salt for user hashes, made once per database and kept in ``meta``."""
        if self._salt is None:
            select = "SELECT value FROM meta WHERE key = ?"
            row = self.conn.execute(select, (SALT_KEY,)).fetchone()
            if row is None:
                self.conn.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                    (SALT_KEY, secrets.token_bytes(32)),
                )
                row = self.conn.execute(select, (SALT_KEY,)).fetchone()
            self._salt = bytes(row[0])
        return self._salt

    def hash_user(self, user_id: int) -> str:
        """HMAC-SHA256 of a user id with the database's salt; the raw id is never stored."""
        return hmac.new(self.salt(), str(user_id).encode(), hashlib.sha256).hexdigest()

    # ---- settings ----------------------------------------------------------------------------
    def get_settings(self, guild_id: int) -> GuildSettings | None:
        """The stored settings of a server, or None when it has none."""
        row = self.conn.execute(
            "SELECT passive_channels, moderator_role_id, mod_log_channel_id, updated_at, charts "
            "FROM guild_settings WHERE guild_id = ?",
            (guild_id,),
        ).fetchone()
        if row is None:
            return None
        try:
            channels = frozenset(int(c) for c in json.loads(row[0]))
        except (TypeError, ValueError) as exc:  # never rewrite what we cannot read
            raise sqlite3.DatabaseError(f"malformed passive_channels for guild {guild_id}") from exc
        return GuildSettings(channels, row[1], row[2], row[3], row[4])

    def settings_since(self, since: float) -> list[tuple[int, GuildSettings]]:
        """Every server's settings changed after ``since`` (unix time), oldest change first, in
        one query (a row that cannot be read is left out: its server keeps what it had)."""
        rows = self.conn.execute(
            "SELECT guild_id, passive_channels, moderator_role_id, mod_log_channel_id, "
            "updated_at, charts FROM guild_settings WHERE updated_at > ? ORDER BY updated_at",
            (since,),
        ).fetchall()
        found = []
        for row in rows:
            try:
                channels = frozenset(int(c) for c in json.loads(str(row[1])))
            except (TypeError, ValueError):
                continue
            found.append((int(row[0]), GuildSettings(channels, row[2], row[3], row[4], row[5])))
        return found

    def update_settings(
        self, guild_id: int, change: Callable[[GuildSettings], GuildSettings], now: float
    ) -> GuildSettings:
        """Read, change and write one server's settings in one transaction."""
        with self.transaction():
            current = self.get_settings(guild_id) or GuildSettings()
            new = replace(change(current), updated_at=now)
            self.conn.execute(
                "INSERT INTO guild_settings (guild_id, passive_channels, moderator_role_id, "
                "mod_log_channel_id, charts, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (guild_id) DO UPDATE SET passive_channels = excluded.passive_channels,"
                " moderator_role_id = excluded.moderator_role_id,"
                " mod_log_channel_id = excluded.mod_log_channel_id, charts = excluded.charts,"
                " updated_at = excluded.updated_at",
                (
                    guild_id,
                    json.dumps(sorted(new.passive_channels)),
                    new.moderator_role_id,
                    new.mod_log_channel_id,
                    new.charts,
                    now,
                ),
            )
        return new

    # ---- questions and feedback --------------------------------------------------------------
    def insert_question(
        self,
        *,
        guild_id: int | None,
        channel_id: int | None,
        asker_hash: str | None,
        text: str | None,
        outcome: str,
        confidence: float,
        intent: str | None,
        subjects: Sequence[str],
        best_guess: str | None,
        at: float,
    ) -> int:
        """Store one question in the open transaction (see ``transaction``); returns its id."""
        cursor = self.conn.execute(
            "INSERT INTO questions (guild_id, channel_id, asker_hash, text, outcome, "
            "confidence, intent, subjects, best_guess, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                guild_id,
                channel_id,
                asker_hash,
                text,
                outcome,
                float(confidence),
                intent,
                json.dumps(list(subjects)),
                best_guess,
                at,
            ),
        )
        return int(cursor.lastrowid or 0)

    def upsert_feedback(
        self,
        *,
        message_id: int,
        user_hash: str,
        helpful: bool,
        guild_id: int | None,
        question_id: int | None,
        at: float,
    ) -> None:
        """Record a vote in the open transaction (see ``transaction``); a second vote by the same
        user on the same message replaces the first."""
        self.conn.execute(
            "INSERT INTO feedback (message_id, user_hash, question_id, guild_id, helpful, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (message_id, user_hash) DO UPDATE SET helpful = excluded.helpful,"
            " created_at = excluded.created_at,"
            " question_id = COALESCE(excluded.question_id, feedback.question_id),"
            " guild_id = COALESCE(excluded.guild_id, feedback.guild_id)",
            (message_id, user_hash, question_id, guild_id, int(bool(helpful)), at),
        )

    def unanswered(
        self, guild_id: int | None, since: float, max_rows: int
    ) -> list[tuple[str, float, str | None, str]]:
        """(text, time, best guess, outcome) of stored question texts, newest first."""
        where, args = _scope(guild_id, since)
        return self.conn.execute(
            "SELECT text, created_at, best_guess, outcome FROM questions "
            f"WHERE text IS NOT NULL AND {where} ORDER BY created_at DESC LIMIT ?",
            (*args, max_rows),
        ).fetchall()

    def stats(self, guild_id: int | None, since: float, days: int, low_confidence: float) -> Stats:
        """Counts of questions by outcome, the most asked subjects and the feedback votes."""
        where, args = _scope(guild_id, since)
        asked, answered, clarified, declined, low = self.conn.execute(
            "SELECT COUNT(*), TOTAL(outcome = 'answer'), TOTAL(outcome = 'clarify'),"
            " TOTAL(outcome = 'decline'), TOTAL(outcome = 'answer' AND confidence < ?) "
            f"FROM questions WHERE {where}",
            (low_confidence, *args),
        ).fetchone()
        subjects = self.conn.execute(
            "SELECT subject.value, COUNT(*) AS n FROM questions, json_each(questions.subjects)"
            f" AS subject WHERE {where} GROUP BY subject.value ORDER BY n DESC, subject.value"
            " LIMIT ?",
            (*args, TOP_SUBJECTS),
        ).fetchall()
        helpful, not_helpful = self.conn.execute(
            f"SELECT TOTAL(helpful), TOTAL(1 - helpful) FROM feedback WHERE {where}", args
        ).fetchone()
        return Stats(
            days=days,
            asked=int(asked),
            answered=int(answered),
            clarified=int(clarified),
            declined=int(declined),
            low_confidence=int(low),
            top_subjects=tuple((str(s), int(n)) for s, n in subjects),
            helpful=int(helpful),
            not_helpful=int(not_helpful),
        )

    # ---- knowledge history ----------------------------------------------------------------------
    def insert_change(self, change: KnowledgeChange, now: float) -> int:
        """Record a knowledge change; its id."""
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO knowledge_changes (created_at, path, action, user_id, user_name, "
                "summary, before_text, after_text, undoes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    now,
                    change.path,
                    change.action,
                    change.user_id,
                    change.user_name,
                    change.summary,
                    change.before_text,
                    change.after_text,
                    change.undoes,
                ),
            )
        return int(cursor.lastrowid or 0)

    def delete_change(self, change_id: int) -> None:
        """Forget a change that was recorded but could not be applied."""
        with self.transaction():
            self.conn.execute("DELETE FROM knowledge_changes WHERE id = ?", (change_id,))

    def changes(
        self, path: str | None, limit: int, change_id: int | None = None, after: int | None = None
    ) -> list[KnowledgeChange]:
        """The newest changes first (of one file when ``path``; only those after the id
        ``after``), or the one with ``change_id``."""
        where: str = ""
        args: tuple[object, ...] = ()
        if change_id is not None:
            where, args = "WHERE id = ?", (change_id,)
        elif path is not None:
            where, args = "WHERE path = ?", (path,)
        elif after is not None:
            where, args = "WHERE id > ?", (after,)
        rows = self.conn.execute(
            "SELECT id, created_at, path, action, user_id, user_name, summary, before_text, "
            f"after_text, undoes FROM knowledge_changes {where} ORDER BY id DESC LIMIT ?",
            (*args, limit),
        ).fetchall()
        return [
            KnowledgeChange(
                path=row[2],
                action=row[3],
                summary=row[6],
                before_text=row[7],
                after_text=row[8],
                user_id=row[4],
                user_name=row[5],
                undoes=row[9],
                id=row[0],
                created_at=row[1],
            )
            for row in rows
        ]

    def changes_after(self, change_id: int, limit: int) -> list[KnowledgeChange]:
        """Knowledge changes recorded after ``change_id``, oldest first."""
        newest_first = self.changes(None, limit, after=change_id)
        return newest_first[::-1]

    def purge(self, before: float) -> int:
        """Delete questions and feedback older than ``before``; returns how many rows went."""
        with self.transaction():
            gone = self.conn.execute("DELETE FROM questions WHERE created_at < ?", (before,))
            count = gone.rowcount
            gone = self.conn.execute("DELETE FROM feedback WHERE created_at < ?", (before,))
            count += gone.rowcount
        return count


def _scope(guild_id: int | None, since: float) -> tuple[str, tuple[object, ...]]:
    """The WHERE clause for "since then, in this server (or every server when None)"."""
    if guild_id is None:
        return "created_at >= ?", (since,)
    return "guild_id = ? AND created_at >= ?", (guild_id, since)
