"""The schema migrates itself: from nothing, and from the first version."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from bot.store import LATEST_VERSION, Store
from tests.store.conftest import NOW

# Version 1 as it shipped, written out by hand (not taken from the migrations).
V1_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE guild_settings (
    guild_id INTEGER PRIMARY KEY,
    passive_channels TEXT NOT NULL DEFAULT '[]',
    moderator_role_id INTEGER,
    mod_log_channel_id INTEGER,
    updated_at REAL NOT NULL
);
CREATE TABLE questions (
    id INTEGER PRIMARY KEY,
    guild_id INTEGER,
    channel_id INTEGER,
    asker_hash TEXT,
    text TEXT,
    outcome TEXT NOT NULL,
    confidence REAL NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX questions_created ON questions (created_at);
INSERT INTO guild_settings VALUES (7, '[101, 102]', 55, 66, 1699999000.0);
INSERT INTO questions (guild_id, channel_id, asker_hash, text, outcome, confidence, created_at)
    VALUES (7, 101, 'abc', 'what is a vna', 'decline', 0.1, 1699999500.0);
PRAGMA user_version = 1;
"""


def columns(path: Path, table: str) -> set[str]:
    """Column names of a table, read with a plain connection."""
    with sqlite3.connect(path) as conn:
        return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def pragma(path: Path, name: str) -> object:
    """One PRAGMA's value, read with a plain connection."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


async def test_a_new_database_gets_the_latest_schema_in_wal_mode(db_path: Path) -> None:
    async with Store(db_path) as store:
        assert store.available
    assert pragma(db_path, "user_version") == LATEST_VERSION == 4
    assert pragma(db_path, "journal_mode") == "wal"
    assert {"intent", "subjects", "best_guess", "text", "asker_hash"} <= columns(
        db_path, "questions"
    )
    assert {"message_id", "user_hash", "helpful", "question_id"} <= columns(db_path, "feedback")
    assert "charts" in columns(db_path, "guild_settings")


async def test_a_version_1_database_is_migrated_and_keeps_its_rows(db_path: Path) -> None:
    db_path.parent.mkdir()
    with sqlite3.connect(db_path) as conn:
        conn.executescript(V1_SCHEMA)

    async with Store(db_path, clock=lambda: NOW) as store:
        settings = await store.get_settings(7)
        assert settings.passive_channels == {101, 102}
        assert (settings.moderator_role_id, settings.mod_log_channel_id) == (55, 66)
        page = await store.gaps(7, days=30)
        assert [(g.text, g.count) for g in page.groups] == [("what is a vna", 1)]
        assert await store.record_question(
            "how much does a pacs analyst make",
            outcome="answer",
            confidence=0.95,
            guild_id=7,
            intent="salary",
            subjects=["pacs-analyst"],
        )
        stats = await store.stats(7, days=30)
        assert (stats.asked, stats.answered, stats.declined) == (2, 1, 1)
        assert stats.top_subjects == (("pacs-analyst", 1),)
        assert await store.record_feedback(1234, 42, True, guild_id=7)

    assert pragma(db_path, "user_version") == LATEST_VERSION
    assert "best_guess" in columns(db_path, "questions")
    async with Store(db_path, clock=lambda: NOW) as store:  # the new setting, on the old rows
        assert (await store.get_settings(7)).charts is None
        assert await store.set_charts(7, "light")
        settings = await store.get_settings(7)
        assert (settings.charts, settings.passive_channels) == ("light", {101, 102})


async def test_reopening_does_not_migrate_again(db_path: Path) -> None:
    async with Store(db_path) as store:
        assert await store.set_moderator_role(1, 2)
    async with Store(db_path) as store:
        assert store.available
        assert (await store.get_settings(1)).moderator_role_id == 2


async def test_a_database_from_a_newer_bot_is_left_alone(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db_path.parent.mkdir()
    with sqlite3.connect(db_path) as conn:
        conn.executescript(V1_SCHEMA.replace("user_version = 1", "user_version = 99"))
    before = db_path.read_bytes()

    async with Store(db_path) as store:
        assert not store.available
        assert (await store.get_settings(7)).passive_channels == frozenset()
        assert not await store.set_moderator_role(7, 1)
        assert store.problem == "the database was written by a newer version of the bot"

    assert db_path.read_bytes() == before
    assert [r.levelno for r in caplog.records if r.name == "bot.store.store"] == [logging.ERROR]
