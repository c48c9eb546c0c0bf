"""Shared fixtures: one engine over the shipped knowledge base for the whole session."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from bot.engine import Engine
from tests.no_skips import in_ci
from tests.postgres import PgServer

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
# The source every pacs-careers-2021 figure comes from (see tests/data/source/README.md).
ARTICLE = ROOT / "tests" / "data" / "source" / "pacs-careers-article.txt"

# Stamps of knowledge folders that passed every check (bot.knowledge.checked) go to a cache
# folder of this run, never the user's, so every run starts with none; subprocesses inherit it.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="pacsbot-test-cache-")

# Property-based tests (hypothesis): few examples in the suite, which must stay fast; a soak run
# with ``HYPOTHESIS_PROFILE=soak``. No time limit per example: timing is for benchmarks/. CI
# keeps no example database, so a run there depends on nothing left by an earlier one.
settings.register_profile("dev", max_examples=150, deadline=None)
settings.register_profile("ci", max_examples=150, deadline=None, database=None, print_blob=True)
settings.register_profile("soak", max_examples=5_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if in_ci() else "dev"))


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine over the knowledge base the project ships."""
    return Engine.from_directory(KNOWLEDGE)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One throwaway PostgreSQL server for the whole run (tests/postgres.py), for the store's
    tests and the multi-process end-to-end test; a missing PostgreSQL fails them."""
    server = PgServer()
    yield server
    server.close()
