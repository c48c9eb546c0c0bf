"""Start-up checks a knowledge folder fully once per exact content, then trusts its stamp."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.knowledge.checked import cache_folder, fingerprint
from bot.knowledge.diagnostics import KnowledgeError
from tests.conftest import KNOWLEDGE


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped knowledge, with a cache folder of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return Path(shutil.copytree(KNOWLEDGE, tmp_path / "knowledge"))


def test_a_folder_that_passed_is_stamped(folder: Path) -> None:
    Engine.from_directory(folder)
    assert (cache_folder() / str(fingerprint(folder))).is_file()


def test_an_edit_after_a_good_start_is_checked_again(folder: Path) -> None:
    """A reply that would overflow Discord's limits is refused at start-up, stamp or not."""
    Engine.from_directory(folder)
    role = folder / "roles" / "pacs-administrator.yaml"
    text = role.read_text(encoding="utf-8")
    skills = "".join(f"  - Skill {i} " + "with a long description " * 15 + "\n" for i in range(40))
    role.write_text(text.replace("skills:\n", f"skills:\n{skills}", 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as refused:
        Engine.from_directory(folder)
    assert "would not fit in a Discord embed" in str(refused.value)
    assert not (cache_folder() / str(fingerprint(folder))).exists()


def test_an_unwritable_cache_only_means_checking_every_time(
    folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    engine = Engine.from_directory(folder)
    assert engine.answer("pacs admin salary").outcome == "answer"
