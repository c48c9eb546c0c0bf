"""Synchronous SQL over one PostgreSQL connection (psycopg 3), with the same methods and
meaning as :class:`bot.store.database.Database` (the SQL they share is in
``bot.store.sql_base``), so :class:`bot.store.Store` runs either.

Every method may raise ``psycopg.Error``. This module imports psycopg: the store imports it
only for a ``postgresql://`` target, so SQLite users never need it.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import psycopg

from bot.store.models import GuildSettings, Stats
from bot.store.pg_schema import migrate
from bot.store.sql_base import SALT_KEY, TOP_SUBJECTS, SqlDatabase, scope

ERRORS: tuple[type[BaseException], ...] = (psycopg.Error,)


class PgDatabase(SqlDatabase):
    """One open, migrated PostgreSQL database (see ``SqlDatabase``)."""

    MARK = "%s"
    ERROR = psycopg.Error

    def __init__(self, conn: psycopg.Connection[Any], salt: bytes | None = None):
        super().__init__(conn, salt)

    @classmethod
    def open(
        cls,
        url: str,
        *,
        connect_timeout: float = 2.0,
        lock_timeout: float = 1.0,
        statement_timeout: float = 10.0,
        salt: bytes | None = None,
    ) -> PgDatabase:
        """Connect (autocommit; transactions are explicit) and migrate.

        ``lock_timeout`` plays SQLite's busy timeout: a write waits that long for another
        program's lock. ``statement_timeout`` keeps a stuck server from holding the store's
        thread for ever.
        """
        options = (
            f"-c lock_timeout={max(1, round(lock_timeout * 1000))} "
            f"-c statement_timeout={max(1, round(statement_timeout * 1000))}"
        )
        conn = psycopg.connect(
            url,
            autocommit=True,
            connect_timeout=max(1, round(connect_timeout)),
            options=options,
            application_name="pacsbot",
        )
        try:
            migrate(conn)
        except BaseException:
            conn.close()
            raise
        return cls(conn, salt)

    @property
    def lost(self) -> bool:
        """True once the connection is closed or broken: the store opens a new one."""
        return self.conn.closed or self.conn.broken

    # ---- privacy ---------------------------------------------------------------------------
    def salt(self) -> bytes:
        """The secret salt for user hashes, made once per database and kept in ``meta``."""
        if self._salt is None:
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING",
                (SALT_KEY, secrets.token_bytes(32)),
            )
            row = self.conn.execute("SELECT value FROM meta WHERE key = %s", (SALT_KEY,))
            found = row.fetchone()
            if found is None:
                raise psycopg.DataError("the salt could not be stored")
            self._salt = bytes(found[0])
        return self._salt

    # ---- settings ------------------------------------------------------------------------------
    def update_settings(
        self, guild_id: int, change: Callable[[GuildSettings], GuildSettings], now: float
    ) -> GuildSettings:
        """Read, change and write one server's settings in one transaction. The row is locked
        first, so two bots changing the same server's settings at once never lose a change."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO guild_settings (guild_id, updated_at) VALUES (%s, %s) "
                "ON CONFLICT (guild_id) DO NOTHING",
                (guild_id, now),
            )
            current = self.get_settings(guild_id, for_update=True) or GuildSettings()
            new = replace(change(current), updated_at=now)
            self.conn.execute(
                "UPDATE guild_settings SET passive_channels = %s, moderator_role_id = %s, "
                "mod_log_channel_id = %s, charts = %s, updated_at = %s WHERE guild_id = %s",
                (
                    json.dumps(sorted(new.passive_channels)),
                    new.moderator_role_id,
                    new.mod_log_channel_id,
                    new.charts,
                    now,
                    guild_id,
                ),
            )
        return new

    def stats(self, guild_id: int | None, since: float, days: int, low_confidence: float) -> Stats:
        """Counts of questions by outcome, the most asked subjects and the feedback votes."""
        where, args = scope(guild_id, since)
        counts = self._run(
            "SELECT COUNT(*), COUNT(*) FILTER (WHERE outcome = 'answer'),"
            " COUNT(*) FILTER (WHERE outcome = 'clarify'),"
            " COUNT(*) FILTER (WHERE outcome = 'decline'),"
            " COUNT(*) FILTER (WHERE outcome = 'answer' AND confidence < ?) "
            f"FROM questions WHERE {where}",
            (low_confidence, *args),
        ).fetchone() or (0, 0, 0, 0, 0)
        asked, answered, clarified, declined, low = (int(n) for n in counts)
        # COLLATE "C": ties in the order SQLite gives them, whatever the database's locale
        subjects = self._run(
            "SELECT subject, COUNT(*) AS n FROM questions,"
            " json_array_elements_text(questions.subjects::json) AS subject"
            f' WHERE {where} GROUP BY subject ORDER BY n DESC, subject COLLATE "C" LIMIT ?',
            (*args, TOP_SUBJECTS),
        ).fetchall()
        votes = self._run(
            "SELECT COALESCE(SUM(helpful), 0), COALESCE(SUM(1 - helpful), 0) FROM feedback"
            f" WHERE {where}",
            args,
        ).fetchone() or (0, 0)
        return Stats(
            days=days,
            asked=asked,
            answered=answered,
            clarified=clarified,
            declined=declined,
            low_confidence=low,
            top_subjects=tuple((str(s), int(n)) for s, n in subjects),
            helpful=int(votes[0]),
            not_helpful=int(votes[1]),
        )

    def _insert(self, sql: str, args: Sequence[object]) -> int:
        """Run an INSERT; the new row's id (``RETURNING id``)."""
        row = self._run(sql + " RETURNING id", args).fetchone()
        return int(row[0]) if row else 0

    def _malformed(self, message: str) -> Exception:
        """psycopg's error for a row that cannot be read."""
        return psycopg.DataError(message)
