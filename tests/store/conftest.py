"""Fixtures for the store, on both backends: an SQLite file in tmp_path, and a fresh database
on a throwaway PostgreSQL server that the session starts (tests/postgres.py).

``target`` (and ``store`` on it) is parametrised over ["sqlite", "postgres"]: every test that
uses them runs on both. ``db_path`` is SQLite's file: a test that asks for it instead is about
SQLite files (deleted, replaced, read-only, corrupt) and runs on SQLite only, by design.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import psycopg
import pytest

from bot.store import Store
from tests.postgres import PgServer

NOW = 1_700_000_000.0
DAY = 86_400.0


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test database lives (the folder does not exist yet: the store makes it)."""
    return tmp_path / "state" / "pacsbot.sqlite3"


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, db_path: Path) -> str:
    """What a Store is opened on: the SQLite file ``db_path``, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(db_path)
    server: PgServer = request.getfixturevalue("pg_server")
    return server.database()


def rows(target: str | Path, sql: str) -> list[tuple[object, ...]]:
    """Read rows with a plain connection of the target's kind (the SQL must suit both)."""
    if str(target).startswith("postgresql://"):
        with psycopg.connect(str(target)) as conn:
            return [tuple(row) for row in conn.execute(sql).fetchall()]  # type: ignore[arg-type]
    conn = sqlite3.connect(target)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
async def store(target: str) -> AsyncIterator[Store]:
    """An open store on ``target`` whose clock reads NOW; closed afterwards."""
    opened = Store(target, clock=lambda: NOW, busy_timeout=0.1)
    assert await opened.open()
    yield opened
    await opened.close()
