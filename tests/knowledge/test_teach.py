"""Teaching a missed question: it lands in the right ``asks`` list, the file still loads with
its comments, and the bot then answers that question about that entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.knowledge.editing import EditError, apply_change, review_change, teach
from bot.knowledge.facts import derive_facts
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import KnowledgeBase
from tests.conftest import KNOWLEDGE

QUESTION = 'how do "you" say: this, [really]?'
FACTS = (
    "pacs-analyst/skills/0",  # an item that already has asks, in a flow mapping
    "pacs-analyst/skills/1",  # a plain item
    "pacs-analyst/career_notes/1",
    "pacs-analyst/salary_notes/0",
    "pacs/details/0",  # a block mapping item with a flow list of asks
    "pacs/details/2",
    "cpia/covers/0",
)


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A writable copy of the shipped knowledge folder."""
    return Path(shutil.copytree(KNOWLEDGE, tmp_path / "knowledge"))


def loaded(folder: Path) -> KnowledgeBase:
    knowledge = load_knowledge(folder).knowledge
    assert knowledge is not None
    return knowledge


def comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def test_every_entry_and_list_fact_can_be_taught(shipped: Path) -> None:
    knowledge = loaded(shipped)
    targets = [e.id for e in knowledge.entities() if e.kind != "place"]
    assert len(targets) > 30
    for target in [*targets, *FACTS]:
        path, text = teach(shipped, knowledge, QUESTION, target)
        old = (shipped / path).read_text(encoding="utf-8")
        review = review_change(shipped, path, text)
        assert review.ok, (target, review.errors)
        assert comments(text) == comments(old)
        # only added lines or one changed line: the rest of the layout stays
        changed = [line for line in review.diff.splitlines()[2:] if line[:1] in "+-"]
        assert len([c for c in changed if c.startswith("-")]) <= 1, review.diff
        new = load_knowledge_with(shipped, path, text)
        entity_id = target.split("/")[0]
        if "/" in target:
            fact = next(f for f in derive_facts(new) if f.id == target)
            assert QUESTION in fact.words
        else:
            entity = new.entity(entity_id)
            assert entity is not None
            assert QUESTION in getattr(entity, "asks", ())


def load_knowledge_with(folder: Path, path: str, text: str) -> KnowledgeBase:
    """The knowledge with one file's text replaced, the folder left as it was."""
    copy = folder.parent / "scratch"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(folder, copy)
    (copy / path).write_text(text, encoding="utf-8")
    return loaded(copy)


@pytest.mark.parametrize(
    ("target", "question", "says"),
    [
        ("dicom", "what is that imaging file standard thing", "The international standard"),
        ("pacs-director", "who is the big boss of imaging it", "The top of the ladder"),
        ("pacs-analyst/career_notes/1", "who is the pacs analyst's boss", "supervised by"),
        (
            "pacs-analyst/skills/1",
            "does a pacs analyst need to get how radiologists read studies",
            "clinical and workflow facets",
        ),
        ("pacs-analyst/salary_notes/0", "is pacs analyst a good money career", "lucrative"),
        ("pacs-analyst/duties/0", "what does a pacs analyst do all day long", "Daily tasks"),
    ],
)
def test_the_bot_answers_a_taught_question(
    shipped: Path, target: str, question: str, says: str
) -> None:
    path, text = teach(shipped, loaded(shipped), question, target)
    apply_change(shipped, review_change(shipped, path, text))
    reply = Engine.from_directory(shipped).answer(question)
    assert reply.matched
    assert reply.subjects[0] == target.split("/")[0]
    assert says in reply.description[:200]


def test_a_question_is_added_after_the_source_key_when_there_is_no_asks(minimal_kb: Path) -> None:
    path, text = teach(minimal_kb, loaded(minimal_kb), "  who keeps\tthe archive  up ", "cpas")
    assert path == "certifications/cpas.yaml"
    old = (minimal_kb / path).read_text()
    assert text == old.replace(
        "source: test-source\n", 'source: test-source\nasks: ["who keeps the archive up"]\n'
    )


def test_a_folded_item_becomes_a_text_with_asks(minimal_kb: Path) -> None:
    role = minimal_kb / "roles" / "pacs-analyst.yaml"
    role.write_text(
        role.read_text().replace(
            "  - The HL7 and DICOM protocols\n",
            "  - >-  # folded\n    The HL7 and DICOM\n    protocols\n  # the next one\n",
        )
    )
    path, text = teach(minimal_kb, loaded(minimal_kb), "hl7?", "pacs-analyst/skills/0")
    assert '  - {text: "The HL7 and DICOM protocols", asks: ["hl7?"]}\n  # the next one\n' in text
    assert review_change(minimal_kb, path, text).ok


def test_a_flow_entry_gets_its_asks_inside_the_braces(minimal_kb: Path) -> None:
    glossary = minimal_kb / "glossary.yaml"
    glossary.write_text(
        glossary.read_text()
        + "  - {id: hl7, name: HL7, aliases: [hl7], definition: A messaging standard.,"
        + " source: test-source}  # flow\n"
    )
    path, text = teach(minimal_kb, loaded(minimal_kb), "what is the message standard", "hl7")
    assert 'source: test-source, asks: ["what is the message standard"]}  # flow\n' in text
    assert review_change(minimal_kb, path, text).ok


def test_bad_questions_and_targets_are_refused(minimal_kb: Path) -> None:
    knowledge = loaded(minimal_kb)
    for question in ("", "   ", "x" * 301, "bell\x07"):
        with pytest.raises(EditError):
            teach(minimal_kb, knowledge, question, "pacs-analyst")
    assert teach(minimal_kb, knowledge, "x" * 300, "pacs-analyst")
    for target, reason in (
        ("no-such-entry", "no entry or fact"),
        ("united-states", "places have no example questions"),
        ("pacs-analyst/summary/0", "teach the entry 'pacs-analyst'"),
        ("pacs-analyst/salary/0", "teach the entry 'pacs-analyst'"),
        ("pacs-analyst/skills/7", "no entry or fact"),
    ):
        with pytest.raises(EditError, match=reason):
            teach(minimal_kb, knowledge, "a question", target)


def test_a_question_already_there_is_refused(minimal_kb: Path) -> None:
    for target in ("pacs-analyst", "pacs-analyst/skills/0", "parca"):
        path, text = teach(minimal_kb, loaded(minimal_kb), "Who Runs the archive", target)
        apply_change(minimal_kb, review_change(minimal_kb, path, text))
        with pytest.raises(EditError, match="already an example"):
            teach(minimal_kb, loaded(minimal_kb), "  who runs  the ARCHIVE ", target)


def test_stale_knowledge_is_not_written_over_a_changed_file(minimal_kb: Path) -> None:
    knowledge = loaded(minimal_kb)
    role = minimal_kb / "roles" / "pacs-analyst.yaml"
    role.write_text(role.read_text().replace("The HL7 and DICOM protocols", "HL7 only"))
    with pytest.raises(EditError, match="reload"):
        teach(minimal_kb, knowledge, "a question", "pacs-analyst/skills/0")
