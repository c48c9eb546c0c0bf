"""``pacsbot db migrate | export | import``: an SQLite store moved to PostgreSQL keeps its
settings, missed questions, votes (askers' hashes included) and knowledge history."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bot.store import KnowledgeChange, Store
from tests.postgres import PgServer

ROOT = Path(__file__).resolve().parents[2]


def pacsbot(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "STATE_DIR"))}
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**env, "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


async def fill(store: Store) -> None:
    assert await store.set_moderator_role(1, 20)
    assert await store.set_charts(1, "light")
    assert await store.set_passive_channel(2, 30, True)
    assert await store.record_question(
        "what is a vna", outcome="decline", confidence=0.2, guild_id=1, user_id=7
    )
    assert await store.record_question(
        "pacs admin salary", outcome="answer", confidence=0.95, guild_id=1, user_id=7,
        intent="salary", subjects=["pacs-administrator"],
    )  # fmt: skip
    assert await store.record_feedback(555, 7, True, guild_id=1)
    change = KnowledgeChange("roles/x.yaml", "put", "x changed", "a: 1\n", "a: 2\n", 42, "ed")
    assert await store.record_change(change)


async def test_an_sqlite_store_moves_to_postgresql(tmp_path: Path, pg_server: PgServer) -> None:
    sqlite = tmp_path / "old.sqlite3"
    async with Store(sqlite) as old:
        await fill(old)
        before = (await old.get_settings(1), await old.get_settings(2), await old.stats(1))
        history = await old.knowledge_history()
        gaps = await old.gaps(1)
    url = pg_server.database()
    dump = tmp_path / "store.json"

    exported = pacsbot("db", "export", "--database", str(sqlite), str(dump), cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    assert "Exported 2 guild_settings, 2 questions, 1 feedback, 1 knowledge_changes" in (
        exported.stderr
    )
    assert json.loads(dump.read_text("utf-8"))["format"] == "pacsbot-store"
    imported = pacsbot("db", "import", "--database", url, str(dump), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr

    async with Store(url) as new:
        assert (await new.get_settings(1), await new.get_settings(2), await new.stats(1)) == before
        assert await new.knowledge_history() == history
        assert (await new.gaps(1)).groups == gaps.groups
        # the salt came along: the same person voting again changes their vote, not adds one
        assert await new.record_feedback(555, 7, False, guild_id=1)
        assert (await new.stats(1)).votes == 1
        # new rows continue after the imported ids
        change = KnowledgeChange("roles/y.yaml", "put", "y", None, "b: 1\n", 42, "ed")
        recorded = await new.record_change(change)
        assert recorded is not None and recorded.id == 2

    again = pacsbot("db", "import", "--database", url, str(dump), cwd=tmp_path)
    assert again.returncode == 1
    assert "Nothing imported" in again.stderr and "import into an empty one" in again.stderr


def test_migrate_creates_the_tables_and_bad_input_is_one_line(
    tmp_path: Path, pg_server: PgServer
) -> None:
    url = pg_server.database()
    migrated = pacsbot("db", "migrate", "--database", url, cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    assert migrated.stdout.startswith("PostgreSQL database postgresql://postgres@/")
    local = pacsbot("db", "migrate", "--database", str(tmp_path / "new.sqlite3"), cwd=tmp_path)
    assert local.returncode == 0 and local.stdout.startswith("SQLite database ")
    junk = tmp_path / "junk.json"
    junk.write_text('{"hello": 1}', encoding="utf-8")
    refused = pacsbot("db", "import", "--database", url, str(junk), cwd=tmp_path)
    assert refused.returncode == 1
    assert "this is not a pacsbot store export" in refused.stderr
    wrong = pacsbot("db", "migrate", "--database", "mysql://x:secret@h/d", cwd=tmp_path)
    assert wrong.returncode == 2 and "DATABASE_URL must be a postgresql://" in wrong.stderr
    assert "secret" not in wrong.stderr
