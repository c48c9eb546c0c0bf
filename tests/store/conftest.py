"""Fixtures for the SQLite store: a file in tmp_path and a fixed clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store

NOW = 1_700_000_000.0
DAY = 86_400.0


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test database lives (the folder does not exist yet: the store makes it)."""
    return tmp_path / "state" / "pacsbot.sqlite3"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[Store]:
    """An open store on ``db_path`` whose clock reads NOW; closed afterwards."""
    opened = Store(db_path, clock=lambda: NOW, busy_timeout=0.1)
    assert await opened.open()
    yield opened
    await opened.close()
