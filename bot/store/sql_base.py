"""The SQL both backends share: ``Database`` (SQLite) and ``PgDatabase`` (PostgreSQL) inherit it
and add only what differs (connecting, the salt, the settings upsert, the stats functions).

Queries are written with ``?`` marks; a backend whose driver wants ``%s`` sets ``MARK`` and
every query is translated once, where it runs (``_run``). No query here holds a literal ``?``.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from bot.store.models import GuildSettings, KnowledgeChange, Stats

SALT_KEY = "asker_salt"
TOP_SUBJECTS = 5
CHANGE_COLUMNS = (
    "id, created_at, path, action, user_id, user_name, summary, before_text, after_text, undoes"
)
SETTINGS_COLUMNS = "passive_channels, moderator_role_id, mod_log_channel_id, updated_at, charts"


def _always() -> None:
    """The default ``before_commit``: nothing stops a commit."""


class SqlDatabase:
    """One open, migrated database. Not thread-safe: use it from one thread.

    ``before_commit`` is called inside every write transaction just before COMMIT; when it
    raises (e.g. ``Interrupted`` because the caller stopped waiting), the transaction is rolled
    back and the exception propagates, so nothing the caller was told failed is applied.
    """

    MARK = "?"  # the driver's parameter mark
    BEGIN = "BEGIN"  # how a write transaction starts
    ERROR: type[Exception] = Exception  # the driver's base error (a failed ROLLBACK is ignored)

    def __init__(self, conn: Any, salt: bytes | None = None) -> None:
        self.conn = conn
        self._salt = salt
        self.before_commit: Callable[[], None] = _always

    # ---- what each backend provides ------------------------------------------------------------
    @property
    def lost(self) -> bool:
        """True when the connection is gone for good and a new one must be opened (a file
        connection never is; PostgreSQL's can be)."""
        return False

    def update_settings(
        self, guild_id: int, change: Callable[[GuildSettings], GuildSettings], now: float
    ) -> GuildSettings:
        """Read, change and write one server's settings in one transaction."""
        raise NotImplementedError

    def stats(self, guild_id: int | None, since: float, days: int, low_confidence: float) -> Stats:
        """Counts of questions by outcome, the most asked subjects and the feedback votes."""
        raise NotImplementedError

    def salt(self) -> bytes:
        """The secret salt for user hashes, made once per database and kept in ``meta``."""
        raise NotImplementedError

    def _insert(self, sql: str, args: Sequence[object]) -> int:
        """Run an INSERT into a table with an ``id`` column; the new row's id."""
        raise NotImplementedError

    def _malformed(self, message: str) -> Exception:
        """The driver's error for a row that cannot be read."""
        raise NotImplementedError

    # ---- shared --------------------------------------------------------------------------------
    def _run(self, sql: str, args: Sequence[object] = ()) -> Any:
        """Execute ``sql`` (written with ``?`` marks); the cursor."""
        if self.MARK != "?":
            sql = sql.replace("?", self.MARK)
        return self.conn.execute(sql, tuple(args))

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction around the block: committed at its end (after
        ``before_commit``), rolled back if anything in it raises."""
        self.conn.execute(self.BEGIN)
        try:
            yield
            self.before_commit()
            self.conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(self.ERROR):
                self.conn.execute("ROLLBACK")
            raise

    def hash_user(self, user_id: int) -> str:
        """HMAC-SHA256 of a user id with the database's salt; the raw id is never stored."""
        return hmac.new(self.salt(), str(user_id).encode(), hashlib.sha256).hexdigest()

    # ---- settings ------------------------------------------------------------------------------
    def get_settings(self, guild_id: int, *, for_update: bool = False) -> GuildSettings | None:
        """The stored settings of a server, or None when it has none (``for_update``: the row
        stays locked until the transaction ends, where the backend locks rows)."""
        lock = " FOR UPDATE" if for_update else ""
        row = self._run(
            f"SELECT {SETTINGS_COLUMNS} FROM guild_settings WHERE guild_id = ?{lock}", (guild_id,)
        ).fetchone()
        if row is None:
            return None
        settings = _settings(row)
        if settings is None:  # never rewrite what we cannot read
            raise self._malformed(f"malformed passive_channels for guild {guild_id}")
        return settings

    def settings_since(self, since: float) -> list[tuple[int, GuildSettings]]:
        """Every server's settings changed after ``since`` (unix time), oldest change first, in
        one query (a row that cannot be read is left out: its server keeps what it had)."""
        rows = self._run(
            f"SELECT guild_id, {SETTINGS_COLUMNS} FROM guild_settings WHERE updated_at > ? "
            "ORDER BY updated_at",
            (since,),
        ).fetchall()
        found = [(int(row[0]), _settings(row[1:])) for row in rows]
        return [(guild, settings) for guild, settings in found if settings is not None]

    # ---- questions and feedback ----------------------------------------------------------------
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
        return self._insert(
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
        self._run(
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
        where, args = scope(guild_id, since)
        rows = self._run(
            "SELECT text, created_at, best_guess, outcome FROM questions "
            f"WHERE text IS NOT NULL AND {where} ORDER BY created_at DESC, id DESC LIMIT ?",
            (*args, max_rows),
        ).fetchall()
        return [(str(t), float(c), g, str(o)) for t, c, g, o in rows]

    def purge(self, before: float) -> int:
        """Delete questions and feedback older than ``before``; returns how many rows went."""
        with self.transaction():
            count = self._run("DELETE FROM questions WHERE created_at < ?", (before,)).rowcount
            count += self._run("DELETE FROM feedback WHERE created_at < ?", (before,)).rowcount
        return int(count)

    # ---- knowledge history ---------------------------------------------------------------------
    def insert_change(self, change: KnowledgeChange, now: float) -> int:
        """Record a knowledge change; its id."""
        with self.transaction():
            return self._insert(
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

    def delete_change(self, change_id: int) -> None:
        """Forget a change that was recorded but could not be applied."""
        with self.transaction():
            self._run("DELETE FROM knowledge_changes WHERE id = ?", (change_id,))

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
        rows = self._run(
            f"SELECT {CHANGE_COLUMNS} FROM knowledge_changes {where} ORDER BY id DESC LIMIT ?",
            (*args, limit),
        ).fetchall()
        return [_change(row) for row in rows]

    def changes_after(self, change_id: int, limit: int) -> list[KnowledgeChange]:
        """Knowledge changes recorded after ``change_id``, oldest first."""
        return self.changes(None, limit, after=change_id)[::-1]

    def newest_changes(self) -> list[KnowledgeChange]:
        """The newest change of each file."""
        rows = self._run(
            f"SELECT {CHANGE_COLUMNS} FROM knowledge_changes WHERE id IN "
            "(SELECT MAX(id) FROM knowledge_changes GROUP BY path) ORDER BY id"
        ).fetchall()
        return [_change(row) for row in rows]

    def was_version(self, path: str, text: str) -> bool:
        """Whether ``text`` is a version of ``path`` that a recorded change started from."""
        found = self._run(
            "SELECT 1 FROM knowledge_changes WHERE path = ? AND before_text = ? LIMIT 1",
            (path, text),
        ).fetchone()
        return found is not None


def scope(guild_id: int | None, since: float) -> tuple[str, tuple[object, ...]]:
    """The WHERE clause for "since then, in this server (or every server when None)"."""
    if guild_id is None:
        return "created_at >= ?", (since,)
    return "guild_id = ? AND created_at >= ?", (guild_id, since)


def _settings(row: Sequence[Any]) -> GuildSettings | None:
    """A settings row (``SETTINGS_COLUMNS``), or None when its channel list cannot be read."""
    try:
        channels = frozenset(int(c) for c in json.loads(str(row[0])))
    except (TypeError, ValueError):
        return None
    return GuildSettings(channels, row[1], row[2], row[3], row[4])


def _change(row: Sequence[Any]) -> KnowledgeChange:
    """A knowledge change row (``CHANGE_COLUMNS``)."""
    return KnowledgeChange(
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
