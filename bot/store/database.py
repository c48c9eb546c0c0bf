"""Synchronous SQL over one SQLite connection. Every method may raise ``sqlite3.Error``;
:class:`bot.store.Store` runs them on its own thread and turns failures into defaults. The SQL
both backends share is in ``bot.store.sql_base``."""

from __future__ import annotations

import contextlib
import json
import secrets
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import replace

from bot.store.models import GuildSettings, Stats
from bot.store.schema import check_version, migrate
from bot.store.sql_base import SALT_KEY, TOP_SUBJECTS, SqlDatabase, scope


class Interrupted(Exception):
    """A transaction was rolled back on purpose, just before it would have committed."""


class Database(SqlDatabase):
    """One open, migrated SQLite database (see ``SqlDatabase``)."""

    BEGIN = "BEGIN IMMEDIATE"  # take the write lock at once: a busy file waits here
    ERROR = sqlite3.Error

    def __init__(self, conn: sqlite3.Connection, salt: bytes | None = None) -> None:
        super().__init__(conn, salt)

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

    # ---- settings ------------------------------------------------------------------------------
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

    def stats(self, guild_id: int | None, since: float, days: int, low_confidence: float) -> Stats:
        """Counts of questions by outcome, the most asked subjects and the feedback votes."""
        where, args = scope(guild_id, since)
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

    def _insert(self, sql: str, args: Sequence[object]) -> int:
        """Run an INSERT; the new row's id."""
        return int(self._run(sql, args).lastrowid or 0)

    def _malformed(self, message: str) -> Exception:
        """SQLite's error for a row that cannot be read."""
        return sqlite3.DatabaseError(message)
