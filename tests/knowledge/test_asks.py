"""Moderators' ``asks:`` (example questions for an entry) are loaded, checked and searchable."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge.facts import derive_facts
from bot.knowledge.loader import load_knowledge


def test_asks_are_loaded_and_checked(minimal_kb: Path) -> None:
    role = minimal_kb / "roles" / "pacs-analyst.yaml"
    text = role.read_text(encoding="utf-8")
    role.write_text(text + "asks:\n  - who keeps the archive running\n", encoding="utf-8")
    result = load_knowledge(minimal_kb)
    assert result.knowledge is not None
    facts = derive_facts(result.knowledge)
    assert any("archive running" in f.words for f in facts if f.entity == "pacs-analyst")

    role.write_text(text + "asks:\n  - 42\n", encoding="utf-8")
    result = load_knowledge(minimal_kb)
    assert result.knowledge is None
    assert any("asks[1]" in d.message and d.line > 1 for d in result.diagnostics)
