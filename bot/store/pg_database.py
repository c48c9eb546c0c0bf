"""Synchronous SQL over one PostgreSQL connection (psycopg 3), with the same methods and
meaning as :class:`bot.store.database.Database`, so :class:`bot.store.Store` runs either.

Every method may raise ``psycopg.Error``. This module imports psycopg: the store imports it
only for a ``postgresql://`` target, so SQLite users never need it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any

import psycopg

from bot.store.database import SALT_KEY, TOP_SUBJECTS, _always
from bot.store.models import GuildSettings, KnowledgeChange, Stats
from bot.store.pg_schema import migrate

ERRORS: tuple[type[BaseException], ...] = (psycopg.Error,)


class PgDatabase:
    """One open, migrated PostgreSQL database. Not thread-safe: use it from one thread.

    ``before_commit`` works as in ``Database``: called just before COMMIT; when it raises, the
    transaction is rolled back and the exception propagates.
    """

    def __init__(self, conn: psycopg.Connection[Any], salt: bytes | None = None):
        self.conn = conn
        self._salt = salt
        self.before_commit: Callable[[], None] = _always

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

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction around the block: committed at its end (after
        ``before_commit``), rolled back if anything in it raises."""
        self.conn.execute("BEGIN")
        try:
            yield
            self.before_commit()
            self.conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(psycopg.Error):
                self.conn.execute("ROLLBACK")
            raise

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

    def hash_user(self, user_id: int) -> str:
        """HMAC-SHA256 of a user id with the database's salt; the raw id is never stored."""
        return hmac.new(self.salt(), str(user_id).encode(), hashlib.sha256).hexdigest()

    # ---- settings ----------------------------------------------------------------------------
    def get_settings(self, guild_id: int, *, for_update: bool = False) -> GuildSettings | None:
        """The stored settings of a server, or None when it has none."""
        row = self.conn.execute(
            "SELECT passive_channels, moderator_role_id, mod_log_channel_id, updated_at, charts "
            "FROM guild_settings WHERE guild_id = %s" + (" FOR UPDATE" if for_update else ""),
            (guild_id,),
        ).fetchone()
        if row is None:
            return None
        try:
            channels = frozenset(int(c) for c in json.loads(str(row[0])))
        except (TypeError, ValueError) as exc:  # never rewrite what we cannot read
            raise psycopg.DataError(f"malformed passive_channels for guild {guild_id}") from exc
        return GuildSettings(channels, row[1], row[2], row[3], row[4])

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
        row = self.conn.execute(
            "INSERT INTO questions (guild_id, channel_id, asker_hash, text, outcome, "
            "confidence, intent, subjects, best_guess, created_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
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
        ).fetchone()
        return int(row[0]) if row else 0

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
            "created_at) VALUES (%s, %s, %s, %s, %s, %s) "
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
        rows = self.conn.execute(
            "SELECT text, created_at, best_guess, outcome FROM questions "
            f"WHERE text IS NOT NULL AND {where} ORDER BY created_at DESC, id DESC LIMIT %s",
            (*args, max_rows),
        ).fetchall()
        return [(str(t), float(c), g, str(o)) for t, c, g, o in rows]

    def stats(self, guild_id: int | None, since: float, days: int, low_confidence: float) -> Stats:
        """Counts of questions by outcome, the most asked subjects and the feedback votes."""
        where, args = _scope(guild_id, since)
        counts = self.conn.execute(
            "SELECT COUNT(*), COUNT(*) FILTER (WHERE outcome = 'answer'),"
            " COUNT(*) FILTER (WHERE outcome = 'clarify'),"
            " COUNT(*) FILTER (WHERE outcome = 'decline'),"
            " COUNT(*) FILTER (WHERE outcome = 'answer' AND confidence < %s) "
            f"FROM questions WHERE {where}",
            (low_confidence, *args),
        ).fetchone() or (0, 0, 0, 0, 0)
        asked, answered, clarified, declined, low = (int(n) for n in counts)
        # COLLATE "C": ties in the order SQLite gives them, whatever the database's locale
        subjects = self.conn.execute(
            "SELECT subject, COUNT(*) AS n FROM questions,"
            " json_array_elements_text(questions.subjects::json) AS subject"
            f' WHERE {where} GROUP BY subject ORDER BY n DESC, subject COLLATE "C" LIMIT %s',
            (*args, TOP_SUBJECTS),
        ).fetchall()
        votes = self.conn.execute(
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

    # ---- knowledge history ----------------------------------------------------------------------
    def insert_change(self, change: KnowledgeChange, now: float) -> int:
        """Record a knowledge change; its id."""
        with self.transaction():
            row = self.conn.execute(
                "INSERT INTO knowledge_changes (created_at, path, action, user_id, user_name, "
                "summary, before_text, after_text, undoes) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
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
            ).fetchone()
        return int(row[0]) if row else 0

    def delete_change(self, change_id: int) -> None:
        """Forget a change that was recorded but could not be applied."""
        with self.transaction():
            self.conn.execute("DELETE FROM knowledge_changes WHERE id = %s", (change_id,))

    def changes(
        self, path: str | None, limit: int, change_id: int | None = None, after: int | None = None
    ) -> list[KnowledgeChange]:
        """The newest changes first (of one file when ``path``; only those after the id
        ``after``), or the one with ``change_id``."""
        where: str = ""
        args: tuple[object, ...] = ()
        if change_id is not None:
            where, args = "WHERE id = %s", (change_id,)
        elif path is not None:
            where, args = "WHERE path = %s", (path,)
        elif after is not None:
            where, args = "WHERE id > %s", (after,)
        rows = self.conn.execute(
            "SELECT id, created_at, path, action, user_id, user_name, summary, before_text, "
            f"after_text, undoes FROM knowledge_changes {where} ORDER BY id DESC LIMIT %s",
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
        return self.changes(None, limit, after=change_id)[::-1]

    def settings_since(self, since: float) -> list[tuple[int, GuildSettings]]:
        """Every server's settings changed after ``since`` (unix time), oldest change first, in
        one query (a row that cannot be read is left out: its server keeps what it had)."""
        rows = self.conn.execute(
            "SELECT guild_id, passive_channels, moderator_role_id, mod_log_channel_id, "
            "updated_at, charts FROM guild_settings WHERE updated_at > %s ORDER BY updated_at",
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

    def purge(self, before: float) -> int:
        """Delete questions and feedback older than ``before``; returns how many rows went."""
        with self.transaction():
            gone = self.conn.execute("DELETE FROM questions WHERE created_at < %s", (before,))
            count = gone.rowcount
            gone = self.conn.execute("DELETE FROM feedback WHERE created_at < %s", (before,))
            count += gone.rowcount
        return count


def _scope(guild_id: int | None, since: float) -> tuple[str, tuple[object, ...]]:
    """The WHERE clause for "since then, in this server (or every server when None)"."""
    if guild_id is None:
        return "created_at >= %s", (since,)
    return "guild_id = %s AND created_at >= %s", (guild_id, since)
