"""A ready engine is kept in the cache; an edit or a damaged snapshot never shows stale facts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.engine_snapshot import SNAPSHOTS_KEPT, snapshot_folder
from bot.knowledge.diagnostics import KnowledgeError
from tests.conftest import KNOWLEDGE
from tests.question_grading import reply_text

QUESTION = "how much does a pacs admin make"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped knowledge, with a cache folder of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return Path(shutil.copytree(KNOWLEDGE, tmp_path / "knowledge"))


def _set_admin_average(folder: Path, amount: str, was: str = "85504") -> None:
    role = folder / "roles" / "pacs-administrator.yaml"
    text = role.read_text(encoding="utf-8")
    assert f"amount: {was}" in text
    role.write_text(text.replace(f"amount: {was}", f"amount: {amount}", 1), encoding="utf-8")


def test_a_second_start_answers_the_same_from_the_snapshot(folder: Path) -> None:
    first = reply_text(Engine.from_directory(folder).answer(QUESTION))
    assert len(list(snapshot_folder().glob("*.pickle"))) == 1
    second = reply_text(Engine.from_directory(folder).answer(QUESTION))
    assert second == first
    assert "$85,504" in second


def test_a_moderators_edit_is_answered_at_the_next_start(folder: Path) -> None:
    Engine.from_directory(folder)
    _set_admin_average(folder, "91234")
    text = reply_text(Engine.from_directory(folder).answer(QUESTION))
    assert "$91,234" in text and "$85,504" not in text


def test_a_damaged_snapshot_is_replaced_and_the_folder_answers(folder: Path) -> None:
    Engine.from_directory(folder)
    (snapshot,) = snapshot_folder().glob("*.pickle")
    snapshot.write_bytes(snapshot.read_bytes()[:1000])  # cut short, as by a full disk
    assert "$85,504" in reply_text(Engine.from_directory(folder).answer(QUESTION))
    assert Engine.from_directory(folder).answer(QUESTION).outcome == "answer"
    assert len(snapshot.read_bytes()) > 1000


def test_a_folder_with_errors_leaves_no_snapshot_and_is_refused_every_time(folder: Path) -> None:
    _set_admin_average(folder, "-5")
    for _ in range(2):
        with pytest.raises(KnowledgeError):
            Engine.from_directory(folder)
    assert not list(snapshot_folder().glob("*.pickle"))


def test_only_the_newest_snapshots_are_kept(folder: Path) -> None:
    was = "85504"
    for amount in map(str, range(90001, 90008)):
        _set_admin_average(folder, amount, was)
        Engine.from_directory(folder)
        was = amount
    assert len(list(snapshot_folder().glob("*.pickle"))) == SNAPSHOTS_KEPT
