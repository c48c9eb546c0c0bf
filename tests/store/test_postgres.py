"""PostgreSQL only: bots sharing one database, migrations applied once when bots start at once,
a server that goes away and comes back, and the failures a server can have that a file cannot."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import psycopg
import pytest

from bot.store import GuildSettings, Store, classify
from bot.store.pg_database import PgDatabase
from bot.store.pg_errors import redact
from bot.store.pg_schema import LATEST_VERSION
from bot.store.store import PROBLEMS
from tests.postgres import PgServer
from tests.store.conftest import NOW, rows


@pytest.fixture
def database(pg_server: PgServer) -> str:
    """The URL of a new, empty database on the session's server."""
    return pg_server.database()


async def test_two_bots_on_one_database_see_each_others_settings_and_counts(
    database: str,
) -> None:
    async with (
        Store(database, clock=lambda: NOW) as first,
        Store(database, clock=lambda: NOW) as second,
    ):
        assert await first.set_passive_channel(1, 10, True)
        assert await second.set_moderator_role(1, 20)  # on top of the first bot's change
        await first.record_question("what is a vna", outcome="decline", confidence=0)
        await second.record_question("what is a vna", outcome="decline", confidence=0)
        expected = GuildSettings(frozenset({10}), 20, None, NOW)
        assert await first.get_settings(1) == await second.get_settings(1) == expected
        assert (await first.stats(days=1)).asked == (await second.stats(days=1)).asked == 2
        page = await second.gaps(days=1)
        assert [group.count for group in page.groups] == [2]


def test_bots_starting_at_once_migrate_the_database_once(database: str) -> None:
    opened: list[PgDatabase] = []
    failures: list[BaseException] = []
    start = threading.Barrier(6)

    def open_one() -> None:
        start.wait()
        try:
            opened.append(PgDatabase.open(database))
        except BaseException as exc:  # collected: the assertion below shows it
            failures.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for db in opened:
        db.close()
    assert failures == []
    assert len(opened) == 6
    versions = rows(database, "SELECT version FROM schema_version ORDER BY version")
    assert versions == [(n,) for n in range(1, LATEST_VERSION + 1)]


@pytest.fixture
def own_server() -> Iterator[PgServer]:
    """A server of the test's own, which it may stop and start."""
    server = PgServer()
    yield server
    server.close()


async def test_a_server_that_goes_away_degrades_the_store_until_it_is_back(
    own_server: PgServer, caplog: pytest.LogCaptureFixture
) -> None:
    url = own_server.database()
    async with Store(url, clock=lambda: NOW, reopen_after=0, timeout=5) as store:
        assert await store.set_passive_channel(1, 10, True)
        assert (await store.get_settings(1)).passive_channels == {10}

        own_server.stop()
        with caplog.at_level(logging.ERROR):
            settings = await store.get_settings(1)  # the last ones seen
            saved = await store.set_moderator_role(1, 20)
            recorded = await store.record_question("q", outcome="decline", confidence=0)
            stats = await store.stats(days=1)
        assert settings.passive_channels == {10}
        assert saved is False and recorded is None and not stats.available
        assert store.problem == PROBLEMS["unavailable"]
        assert "Questions are still answered" in caplog.text

        own_server.start()
        assert await store.set_moderator_role(1, 20)
        assert store.available and store.problem is None
        assert await store.get_settings(1) == GuildSettings(frozenset({10}), 20, None, NOW)
    assert rows(url, "SELECT COUNT(*) FROM questions") == [(0,)]  # "not saved" was true


async def test_a_database_from_a_newer_bot_is_left_alone(database: str) -> None:
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY)")
        conn.execute("INSERT INTO schema_version VALUES (99)")
    async with Store(database) as store:
        assert not store.available
        assert store.problem == PROBLEMS["newer-schema"]
        assert not await store.set_passive_channel(1, 10, True)
    assert rows(database, "SELECT to_regclass('guild_settings') IS NULL") == [(True,)]


async def test_a_read_only_database_still_serves_its_settings(database: str) -> None:
    async with Store(database, clock=lambda: NOW) as store:
        assert await store.set_passive_channel(1, 10, True)
    name = database.split("@/")[1].split("?")[0]
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(f"ALTER DATABASE {name} SET default_transaction_read_only = on")  # type: ignore[arg-type]
    async with Store(database, clock=lambda: NOW) as store:
        assert (await store.get_settings(1)).passive_channels == {10}
        assert not await store.set_passive_channel(1, 11, True)
        assert store.problem == PROBLEMS["read-only"]


async def test_a_row_locked_by_another_program_fails_the_write_quickly(database: str) -> None:
    async with Store(database, clock=lambda: NOW, busy_timeout=0.1, timeout=5) as store:
        assert await store.set_passive_channel(1, 10, True)
        with psycopg.connect(database) as other:  # holds the row until it rolls back
            other.execute("SELECT * FROM guild_settings WHERE guild_id = 1 FOR UPDATE")
            assert not await store.set_moderator_role(1, 20)
            assert store.problem == PROBLEMS["locked"]
            assert (await store.get_settings(1)).moderator_role_id is None
            other.rollback()
        assert await store.set_moderator_role(1, 20)


async def test_the_password_is_never_logged(
    pg_server: PgServer, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"postgresql://postgres:hunter2@/no_such_db?host={pg_server.root}&port=5432"
    with caplog.at_level(logging.DEBUG):
        async with Store(url) as store:
            assert not await store.set_passive_channel(1, 10, True)
            assert store.problem == PROBLEMS["unavailable"]
    assert "hunter2" not in caplog.text + store.path + (store.problem or "")
    assert store.path.startswith("postgresql://postgres:***@/no_such_db")


def test_no_server_at_all_is_unavailable(tmp_path: object) -> None:
    with pytest.raises(psycopg.OperationalError) as failed:
        psycopg.connect(f"postgresql://postgres@/x?host={tmp_path}&port=5432", connect_timeout=1)
    assert classify(failed.value) == "unavailable"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://bot:s3cret@db:5432/pacsbot", "postgresql://bot:***@db:5432/pacsbot"),
        (
            "postgres://bot@db/pacsbot?password=s3cret&x=1",
            "postgres://bot@db/pacsbot?password=***&x=1",
        ),
        ("postgresql:///pacsbot", "postgresql:///pacsbot"),
    ],
)
def test_urls_are_shown_without_their_password(url: str, shown: str) -> None:
    assert redact(url) == shown
