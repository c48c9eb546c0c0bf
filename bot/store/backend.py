"""What the store needs of a database: the methods ``Database`` (SQLite) and ``PgDatabase``
(PostgreSQL) both have, with the same meaning."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from bot.store.models import GuildSettings, KnowledgeChange, Stats


class Backend(Protocol):
    """One open, migrated database, used from one thread (see ``bot.store.database``)."""

    before_commit: Callable[[], None]

    @property
    def lost(self) -> bool:
        """True when the connection is gone for good and a new one must be opened."""
        ...

    @property
    def conn(self) -> Any:
        """The DB-API connection (for ``bot.store.transfer``)."""
        ...

    def close(self) -> None:
        """Close the connection."""
        ...

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction around a block."""
        ...

    def hash_user(self, user_id: int) -> str:
        """A user id, hashed with the database's salt."""
        ...

    def get_settings(self, guild_id: int) -> GuildSettings | None:
        """The stored settings of a server, or None."""
        ...

    def update_settings(
        self, guild_id: int, change: Callable[[GuildSettings], GuildSettings], now: float
    ) -> GuildSettings:
        """Read, change and write one server's settings in one transaction."""
        ...

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
        """Store one question in the open transaction; its id."""
        ...

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
        """Record (or change) a vote in the open transaction."""
        ...

    def unanswered(
        self, guild_id: int | None, since: float, max_rows: int
    ) -> list[tuple[str, float, str | None, str]]:
        """(text, time, best guess, outcome) of stored question texts, newest first."""
        ...

    def stats(self, guild_id: int | None, since: float, days: int, low_confidence: float) -> Stats:
        """Question counts, top subjects and votes."""
        ...

    def insert_change(self, change: KnowledgeChange, now: float) -> int:
        """Record a knowledge change; its id."""
        ...

    def delete_change(self, change_id: int) -> None:
        """Forget a recorded knowledge change."""
        ...

    def changes(
        self, path: str | None, limit: int, change_id: int | None = None, after: int | None = None
    ) -> list[KnowledgeChange]:
        """The newest changes first (of one file, or after an id), or the one with ``change_id``."""
        ...

    def changes_after(self, change_id: int, limit: int) -> list[KnowledgeChange]:
        """Knowledge changes recorded after ``change_id``, oldest first."""
        ...

    def settings_since(self, since: float) -> list[tuple[int, GuildSettings]]:
        """Every server's settings changed after ``since``, oldest change first."""
        ...

    def purge(self, before: float) -> int:
        """Delete questions and feedback older than ``before``; how many rows went."""
        ...
