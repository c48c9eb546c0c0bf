"""Moderators' ``asks:`` (example questions for an entry) are loaded, checked and searchable."""

from __future__ import annotations

from pathlib import Path

from bot.engine import Engine
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


def test_a_list_item_may_carry_its_own_asks_and_leads_when_asked(minimal_kb: Path) -> None:
    role = minimal_kb / "roles" / "pacs-analyst.yaml"
    text = role.read_text(encoding="utf-8")
    role.write_text(
        text.replace(
            "skills:\n  - The HL7 and DICOM protocols\n",
            "skills:\n  - The HL7 and DICOM protocols\n"
            "  - text: Keeping the image archive healthy overnight\n"
            "    asks: [who babysits the servers at night]\n",
        ),
        encoding="utf-8",
    )
    result = load_knowledge(minimal_kb)
    assert result.knowledge is not None
    analyst = result.knowledge.roles["pacs-analyst"]
    assert "Keeping the image archive healthy overnight" in analyst.skills
    engine = Engine(result.knowledge)
    reply = engine.answer("which pacs analyst babysits the servers at night")
    assert "archive healthy overnight" in str(reply.to_dict()["text"])[:300]


def test_a_malformed_fact_item_is_reported_at_its_line(minimal_kb: Path) -> None:
    role = minimal_kb / "roles" / "pacs-analyst.yaml"
    text = role.read_text(encoding="utf-8")
    role.write_text(
        text.replace(
            "skills:\n  - The HL7 and DICOM protocols\n",
            "skills:\n  - The HL7 and DICOM protocols\n  - asks: [what else]\n  - [not, text]\n",
        ),
        encoding="utf-8",
    )
    result = load_knowledge(minimal_kb)
    assert result.knowledge is None
    messages = {(d.line, d.message) for d in result.diagnostics}
    assert (11, "list item is missing required key 'text'") in messages
    assert any(
        line == 12 and "'skills[3]' must be text, or a mapping with 'text' and 'asks'" in m
        for line, m in messages
    )
