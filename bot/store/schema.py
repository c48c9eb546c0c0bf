"""The database schema as ordered migrations, tracked with ``PRAGMA user_version``.

Migration N (1-based) takes a database at version N-1 to version N. Each one runs in its own
transaction together with the version bump, so a crash leaves the database at a version it
really is at. Only add migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

import contextlib
import sqlite3

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: per-server settings and the questions the bot could not answer well
    (
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
        """CREATE TABLE guild_settings (
            guild_id INTEGER PRIMARY KEY,
            passive_channels TEXT NOT NULL DEFAULT '[]',
            moderator_role_id INTEGER,
            mod_log_channel_id INTEGER,
            updated_at REAL NOT NULL
        )""",
        """CREATE TABLE questions (
            id INTEGER PRIMARY KEY,
            guild_id INTEGER,
            channel_id INTEGER,
            asker_hash TEXT,
            text TEXT,
            outcome TEXT NOT NULL,
            confidence REAL NOT NULL,
            created_at REAL NOT NULL
        )""",
        "CREATE INDEX questions_created ON questions (created_at)",
    ),
    # 2: what the bot made of each question, and Helpful / Not helpful votes on answers
    (
        "ALTER TABLE questions ADD COLUMN intent TEXT",
        "ALTER TABLE questions ADD COLUMN subjects TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE questions ADD COLUMN best_guess TEXT",
        "CREATE INDEX questions_guild_created ON questions (guild_id, created_at)",
        """CREATE TABLE feedback (
            message_id INTEGER NOT NULL,
            user_hash TEXT NOT NULL,
            question_id INTEGER,
            guild_id INTEGER,
            helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
            created_at REAL NOT NULL,
            PRIMARY KEY (message_id, user_hash)
        )""",
        "CREATE INDEX feedback_created ON feedback (created_at)",
        "CREATE INDEX feedback_guild_created ON feedback (guild_id, created_at)",
    ),
    # 3: how a server wants pay charts drawn (NULL: the bot's default)
    ("ALTER TABLE guild_settings ADD COLUMN charts TEXT",),
    # 4: every change to the knowledge files, with the whole text before and after (never purged)
    (
        """CREATE TABLE knowledge_changes (
            id INTEGER PRIMARY KEY,
            created_at REAL NOT NULL,
            path TEXT NOT NULL,
            action TEXT NOT NULL,
            user_id INTEGER,
            user_name TEXT,
            summary TEXT NOT NULL,
            before_text TEXT,
            after_text TEXT,
            undoes INTEGER
        )""",
        "CREATE INDEX knowledge_changes_path ON knowledge_changes (path, id)",
    ),
)
LATEST_VERSION = len(MIGRATIONS)


class SchemaTooNewError(sqlite3.DatabaseError):
    """The database was written by a newer version of the bot; it is left untouched."""


def schema_version(conn: sqlite3.Connection) -> int:
    """The database's ``PRAGMA user_version`` (0 for a new, empty database)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_version(conn: sqlite3.Connection) -> int:
    """The schema version; raises SchemaTooNewError when it is newer than this code knows."""
    version = schema_version(conn)
    if version > LATEST_VERSION:
        raise SchemaTooNewError(
            f"database schema version {version} is newer than this bot understands "
            f"({LATEST_VERSION})"
        )
    return version


def migrate(conn: sqlite3.Connection) -> tuple[int, int]:
    """Bring the database to LATEST_VERSION; returns (version before, version after).

    ``conn`` must be in autocommit mode (``isolation_level=None``). Raises SchemaTooNewError for
    a database newer than this code, and sqlite3 errors as they come (nothing half-applied).
    """
    before = check_version(conn)
    for number in range(before + 1, LATEST_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(conn) < number:  # another process may have migrated meanwhile
                for statement in MIGRATIONS[number - 1]:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
    return before, schema_version(conn)
