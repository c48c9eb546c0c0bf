"""Knowledge changes: recorded with the whole text before and after, newest first, per file or
by id, kept across restarts and never purged with old questions."""

from __future__ import annotations

from pathlib import Path

from bot.store import KnowledgeChange, Store
from tests.store.conftest import NOW

ROLE = "roles/pacs-analyst.yaml"


def change(path: str = ROLE, before: str | None = "a: 1\n", after: str | None = "a: 2\n"):
    return KnowledgeChange(path, "put", "pacs-analyst changed", before, after, 42, "editor")


async def test_changes_are_recorded_with_their_texts_and_read_newest_first(store: Store) -> None:
    first = await store.record_change(change())
    second = await store.record_change(change("glossary.yaml", None, "terms: []\n"))
    assert first is not None and second is not None
    assert (first.id, first.created_at) == (1, NOW)
    history = await store.knowledge_history()
    assert [c.id for c in history or []] == [second.id, first.id]
    assert [c.path for c in await store.knowledge_history(ROLE) or []] == [ROLE]
    assert await store.knowledge_change(first.id) == first  # the whole texts, who and when
    assert await store.knowledge_change(99) is None


async def test_history_survives_a_restart_and_the_purge_of_old_questions(
    store: Store, target: str
) -> None:
    recorded = await store.record_change(change(before=None))  # a file added
    assert recorded is not None
    assert await store.purge_older_than(0) >= 0
    await store.close()
    async with Store(target, clock=lambda: NOW + 10**9) as reopened:
        assert await reopened.purge_older_than(1) == 0  # questions and votes only
        assert await reopened.knowledge_change(recorded.id or 0) == recorded


async def test_a_change_that_could_not_be_applied_is_forgotten(store: Store) -> None:
    recorded = await store.record_change(change())
    assert recorded is not None and recorded.id is not None
    assert await store.forget_change(recorded.id)
    assert await store.knowledge_history() == []


async def test_a_database_that_cannot_save_says_so(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(b"this is not a database")
    async with Store(db_path) as broken:
        assert await broken.record_change(change()) is None
        assert await broken.knowledge_history() is None


async def test_another_process_s_changes_are_read_after_an_id_and_a_time(target: str) -> None:
    async with Store(target, clock=lambda: NOW) as writer, Store(target) as reader:
        first = await writer.record_change(change())
        second = await writer.record_change(change("glossary.yaml", None, "terms: []\n"))
        assert first is not None and second is not None and first.id is not None
        after = await reader.knowledge_changes_after(first.id)
        assert [c.id for c in after or []] == [second.id]  # oldest first, after the id
        assert await writer.set_moderator_role(5, 77)
        assert reader.cached_settings(5).moderator_role_id is None  # not read yet
        assert await reader.refresh_settings(NOW - 1) == NOW
        assert reader.cached_settings(5).moderator_role_id == 77  # what the poll brings in
        assert await reader.refresh_settings(NOW) == NOW  # nothing newer
