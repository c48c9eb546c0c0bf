"""A locked, corrupt or read-only database never stops the bot: calls degrade, nothing raises,
the problem is logged once, and nothing already stored is lost or overwritten."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import sqlite3
import tempfile
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.engine import Engine
from bot.store import GapsPage, GuildSettings, Stats, Store, classify
from tests.store import read_only_fs

GARBAGE = b"this is not an SQLite database, just a file that happens to be here\n" * 100


def store_errors(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """The warnings and errors the store logged."""
    return [
        r for r in caplog.records if r.name.startswith("bot.store") and r.levelno >= logging.WARNING
    ]


@dataclass
class Calls:
    """What each public method returned."""

    settings: GuildSettings
    passive: bool
    role: bool
    log: bool
    question: int | None
    feedback: bool
    gaps: GapsPage
    stats: Stats
    purge: int


async def every_call(store: Store) -> Calls:
    """Call every public method once; none may raise."""
    return Calls(
        settings=await store.get_settings(1),
        passive=await store.set_passive_channel(1, 10, True),
        role=await store.set_moderator_role(1, 20),
        log=await store.set_mod_log_channel(1, 30),
        question=await store.record_question("what is a vna", outcome="decline", confidence=0),
        feedback=await store.record_feedback(1, 2, True),
        gaps=await store.gaps(1),
        stats=await store.stats(1),
        purge=await store.purge_older_than(1),
    )


async def seeded(path: Path) -> None:
    """Store settings for server 1 and close."""
    async with Store(path) as store:
        assert await store.set_passive_channel(1, 10, True)
        assert await store.set_moderator_role(1, 20)


@contextlib.contextmanager
def locked(path: Path, begin: str = "IMMEDIATE") -> Iterator[None]:
    """Another program holds the database's write lock (``BEGIN <begin>``) during the block."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute(f"BEGIN {begin}")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


# ---- corrupt ---------------------------------------------------------------------------------


async def test_a_corrupt_file_degrades_the_store_and_is_left_untouched(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, engine: Engine
) -> None:
    path = tmp_path / "pacsbot.sqlite3"
    path.write_bytes(GARBAGE)

    store = Store(path)
    assert not await store.open()
    first = await every_call(store)
    second = await every_call(store)
    await store.close()

    for results in (first, second):
        assert results.settings == GuildSettings()
        assert results.passive is False and results.question is None
        assert not results.gaps.available and not results.stats.available
    assert store.problem == "the store is closed"
    assert path.read_bytes() == GARBAGE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pacsbot.sqlite3"]
    (record,) = store_errors(caplog)
    assert "damaged or is not a database" in record.getMessage()
    assert engine.answer("what is dicom").outcome == "answer"  # questions are still answered


async def test_a_corrupt_file_is_not_reopened_on_every_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "pacsbot.sqlite3"
    path.write_bytes(GARBAGE)
    attempts: list[str] = []
    real_connect = sqlite3.connect

    def counting_connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        attempts.append(str(args[0]))
        return real_connect(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", counting_connect)
    async with Store(path, reopen_after=60) as store:
        await every_call(store)
    assert len(attempts) == 1


# ---- read-only -------------------------------------------------------------------------------


async def test_a_read_only_database_still_serves_its_settings(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "pacsbot.sqlite3"
    await seeded(path)
    before = path.read_bytes()

    async with Store(f"file:{path}?mode=ro") as store:
        results = await every_call(store)
        assert store.problem == "the database is read-only"

    settings = results.settings
    assert (settings.passive_channels, settings.moderator_role_id) == ({10}, 20)
    assert (results.passive, results.role, results.feedback) == (False, False, False)
    assert results.question is None
    assert results.stats.available  # reads work
    assert path.read_bytes() == before
    messages = [r.getMessage() for r in store_errors(caplog)]
    assert len(messages) == 1 and "read-only" in messages[0]


NOBODY = 65534  # uid and gid of the unprivileged "nobody" account


@pytest.fixture
def read_only_file() -> Iterator[Path]:
    """Where a database will be made read-only: a file in its own folder, both chmod-ed later.

    It lives in a fresh folder under the system temp dir that any user may enter, because the
    store runs as an unprivileged user there (see :func:`run_unprivileged`).
    """
    base = Path(tempfile.mkdtemp(prefix="pacsbot-ro-"))
    base.chmod(0o755)
    folder = base / "ro"
    folder.mkdir()
    yield folder / "pacsbot.sqlite3"
    folder.chmod(0o755)
    shutil.rmtree(base)


def drop_root() -> None:
    """When running as root (as CI does), become uid/gid 65534 for good."""
    if os.geteuid() == 0:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)


def run_forked(job: Callable[[], dict[str, Any]], setup: Callable[[], None]) -> dict[str, Any]:
    """Run ``setup()`` then ``job`` in a forked child and return what ``job`` returned (a
    JSON-able dict). Everything the job needs is already imported, so the child reads nothing
    from the repository."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        status, out = 1, b""
        try:
            os.close(read_end)
            setup()
            out, status = json.dumps(job()).encode(), 0
        except BaseException:
            out = traceback.format_exc().encode()
        finally:
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(out)
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        out = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, out.decode(errors="replace")
    return json.loads(out)


def run_unprivileged(job: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run ``job`` in a forked child that gave up root for uid/gid 65534 (see ``drop_root``), so
    file permissions bind it as they bind a bot running under its own service account. Root
    ignores a read-only mode; an unprivileged process cannot."""
    return run_forked(job, drop_root)


def serve_every_call(path: Path, engine: Engine) -> dict[str, Any]:
    """What a store on ``path`` returns for every call, and what it logged."""
    problems: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: problems.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("bot.store").addHandler(handler)

    async def calls() -> Calls:
        async with Store(path) as store:
            return await every_call(store)

    results = asyncio.run(calls())
    return {
        "may_write": os.access(path, os.W_OK),
        "settings": [sorted(results.settings.passive_channels), results.settings.moderator_role_id],
        "saved": [results.passive, results.role, results.log, results.feedback],
        "question": results.question,
        "answer": engine.answer("what is dicom").outcome,
        "problems": problems,
    }


def test_a_file_without_write_permission_still_serves_and_is_never_written(
    read_only_file: Path, engine: Engine
) -> None:
    asyncio.run(seeded(read_only_file))
    read_only_file.chmod(0o444)
    read_only_file.parent.chmod(0o555)
    before = read_only_file.read_bytes()

    def serve() -> dict[str, Any]:
        return serve_every_call(read_only_file, engine)

    seen = run_unprivileged(serve)

    assert seen["may_write"] is False, "the store ran as a user that may write the file"
    assert seen["settings"] == [[10], 20]  # what was stored is still served
    assert seen["saved"] == [False, False, False, False] and seen["question"] is None
    assert seen["answer"] == "answer"
    assert read_only_file.read_bytes() == before
    assert sorted(p.name for p in read_only_file.parent.iterdir()) == ["pacsbot.sqlite3"]
    assert len(seen["problems"]) == 1 and "read-only" in seen["problems"][0]


def test_a_database_on_a_read_only_file_system_still_serves_its_settings(
    read_only_file: Path, engine: Engine
) -> None:
    # SQLite reports "unable to open database file" there, not "read-only"
    if reason := read_only_fs.unavailable():
        pytest.fail(reason)
    asyncio.run(seeded(read_only_file))
    before = read_only_file.read_bytes()

    seen = run_forked(
        lambda: serve_every_call(read_only_file, engine),
        lambda: read_only_fs.make_read_only(read_only_file.parent),
    )

    assert seen["may_write"] is False, "the file system was writable"
    assert seen["settings"] == [[10], 20]  # what was stored is still served
    assert seen["saved"] == [False, False, False, False] and seen["question"] is None
    assert seen["answer"] == "answer"
    assert read_only_file.read_bytes() == before
    assert len(seen["problems"]) == 1 and "read-only" in seen["problems"][0], seen["problems"]


# ---- locked ----------------------------------------------------------------------------------


async def test_a_locked_database_fails_writes_quickly_and_keeps_the_settings(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, engine: Engine
) -> None:
    path = tmp_path / "pacsbot.sqlite3"
    await seeded(path)
    async with Store(path, busy_timeout=0.1) as store:
        assert store.available
        with locked(path, "EXCLUSIVE"):
            # A locked database makes calls give up after the busy timeout, never hang.
            results = await asyncio.wait_for(every_call(store), timeout=30)
            assert engine.answer("what is dicom").outcome == "answer"

        assert (results.passive, results.role, results.log) == (False, False, False)
        assert (results.question, results.feedback, results.purge) == (None, False, 0)
        # WAL: readers are not blocked, and the failed writes did not touch what was stored
        assert results.settings == await store.get_settings(1)
        assert (await store.get_settings(1)).passive_channels == {10}
        messages = [r.getMessage() for r in store_errors(caplog)]
        assert len(messages) == 1 and "locked" in messages[0]

        # once the lock is gone, writes work again
        assert await store.set_mod_log_channel(1, 30)
        assert store.available
        assert await store.get_settings(1) == GuildSettings(
            frozenset({10}), 20, 30, (await store.get_settings(1)).updated_at
        )


async def test_the_last_settings_seen_are_served_when_reads_fail(tmp_path: Path) -> None:
    path = tmp_path / "pacsbot.sqlite3"
    await seeded(path)
    async with Store(path) as store:
        seen = await store.get_settings(1)
        await store.close()  # from now on every call falls back
        assert await store.get_settings(1) == seen
        assert await store.get_settings(2) == GuildSettings()


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("database is locked", "locked"),
        ("file is not a database", "corrupt"),
        ("database disk image is malformed", "corrupt"),
        ("attempt to write a readonly database", "read-only"),
        ("disk I/O error", "io"),
        ("unable to open database file", "io"),
        ("no such table: x", "error"),
    ],
)
def test_failures_are_classified_by_message(message: str, kind: str) -> None:
    assert classify(sqlite3.OperationalError(message)) == kind


# ---- a call that runs out of time ------------------------------------------------------------


async def settled(store: Store) -> GuildSettings:
    """Server 1's settings once the store's thread has finished what it was doing."""
    for _ in range(100):
        found = await store.get_settings(1)
        if store.available:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"the store never recovered: {store.problem}")


async def test_a_write_reported_as_not_saved_is_never_applied_after_the_lock_goes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "pacsbot.sqlite3"
    await seeded(path)
    # The worker waits up to 10 s for the lock, but callers give up after 0.3 s: when the lock
    # is released, the first write is still waiting for it and the second one is still queued.
    async with Store(path, busy_timeout=10, timeout=0.3) as store:
        before = await store.get_settings(1)
        with locked(path):
            saved = await asyncio.wait_for(
                asyncio.gather(
                    store.set_passive_channel(1, 11, True),
                    store.set_moderator_role(1, 99),
                    store.record_question("what is a vna", outcome="decline", confidence=0),
                ),
                timeout=5,
            )
            assert saved == [False, False, None]
            assert store.problem is not None and "did not answer in time" in store.problem
        assert await settled(store) == before
        stats = await store.stats(None)
    assert stats.asked == 0
    with sqlite3.connect(path) as check:
        rows = check.execute("SELECT passive_channels, moderator_role_id FROM guild_settings")
        assert rows.fetchall() == [("[10]", 20)]
    messages = [r.getMessage() for r in store_errors(caplog)]
    assert len(messages) == 1 and "did not answer in time" in messages[0], messages


async def test_a_write_that_gets_the_lock_in_time_is_saved_and_reported_saved(
    tmp_path: Path,
) -> None:
    path = tmp_path / "pacsbot.sqlite3"
    await seeded(path)
    async with Store(path, busy_timeout=10, timeout=5) as store:
        with locked(path):
            write = asyncio.ensure_future(store.set_passive_channel(1, 11, True))
            await asyncio.sleep(0.2)
        assert await asyncio.wait_for(write, timeout=5) is True
        assert (await store.get_settings(1)).passive_channels == {10, 11}


# ---- a file deleted under the running store ---------------------------------------------------


@pytest.mark.parametrize("deleted", ["the file", "the file, its -wal and -shm"])
async def test_a_deleted_database_file_is_recreated_before_a_write_is_confirmed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, deleted: str
) -> None:
    path = tmp_path / "state" / "pacsbot.sqlite3"
    async with Store(path) as store:
        assert await store.set_passive_channel(1, 10, True)
        assert await store.set_moderator_role(1, 20)
        assert await store.record_question("what is a vna", outcome="decline", confidence=0)
        gone = [path] if deleted == "the file" else list(path.parent.iterdir())
        for file in gone:
            file.unlink()

        assert await store.set_mod_log_channel(1, 30)  # confirmed only once it is on disk
        assert path.is_file()
        assert store.file_changes == 1
        assert store.file_notice is not None and "deleted" in store.file_notice
        assert "nothing was lost" in store.file_notice

    async with Store(path) as reopened:  # a restart: everything is there
        settings = await reopened.get_settings(1)
        stats = await reopened.stats(None)
    assert (settings.passive_channels, settings.moderator_role_id) == ({10}, 20)
    assert settings.mod_log_channel_id == 30
    assert stats.asked == 1
    messages = [r.getMessage() for r in store_errors(caplog)]
    assert len(messages) == 1 and "deleted while the bot was running" in messages[0], messages


async def test_a_database_file_replaced_under_the_store_is_used_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "pacsbot.sqlite3"
    other = tmp_path / "restored.sqlite3"
    async with Store(other) as restored:
        assert await restored.set_moderator_role(1, 77)
    async with Store(path) as store:
        assert await store.set_moderator_role(1, 20)
        other.replace(path)  # e.g. a backup restored over the file
        assert (await store.get_settings(1)).moderator_role_id == 77
        assert await store.set_passive_channel(1, 10, True)
        assert store.file_notice is not None and "replaced" in store.file_notice
    async with Store(path) as reopened:
        settings = await reopened.get_settings(1)
    assert (settings.passive_channels, settings.moderator_role_id) == ({10}, 77)


async def test_settings_are_read_while_queued_writes_wait_for_a_locked_database(
    tmp_path: Path,
) -> None:
    path = tmp_path / "pacsbot.sqlite3"
    await seeded(path)
    # Each batch of writes waits 0.5 s for the lock; a read gives up after 1.5 s. Seven batches'
    # worth of questions must not all stand between the read and the database.
    async with Store(path, busy_timeout=0.5, timeout=1.5) as store:
        with locked(path):
            for n in range(2000):
                store.queue_question(f"question {n}", outcome="decline", confidence=0)
            settings = await store.get_settings(1)  # WAL: a lock on writes leaves reads alone
        assert (settings.passive_channels, settings.moderator_role_id) == ({10}, 20)
