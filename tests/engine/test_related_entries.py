"""Questions answered by entries related to the ones named: a replacing certification, the
study resources of a certification, the other books than the one set aside."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.question_grading import LEAD_CHARS, reply_text


@pytest.mark.parametrize(
    ("question", "answer", "fact"),
    [
        ("is there a single cert that replaces cpsa and cpsm", "ciip", "CIIP can stand in for"),
        ("cpas or cpsa... or is there an alternative covering both", "ciip", "CIIP can stand in"),
        ("rather than every parca exam, one alternative cert?", "ciip", "CIIP can stand in"),
        ("which certification has cpia and cpsa as its foundation", "cpsm", "CPSM builds on"),
    ],
)
def test_the_certification_related_to_the_named_ones_answers(
    engine: Engine, question: str, answer: str, fact: str
) -> None:
    reply = engine.answer(question)
    assert (reply.outcome, reply.subjects) == ("answer", (answer,))
    assert fact in reply_text(reply)[:LEAD_CHARS]


@pytest.mark.parametrize("question", ["cpsm stands for what", "cpsa vs cpas which is harder"])
def test_a_question_about_the_named_certifications_themselves_stays_on_them(
    engine: Engine, question: str
) -> None:
    assert "ciip" not in engine.answer(question).subjects


@pytest.mark.parametrize("question", ["study material for the ciip board exam?", "/resources ciip"])
def test_the_study_resources_for_a_certification_lead_with_its_study_guides(
    engine: Engine, question: str
) -> None:
    reply = engine.answer(question)
    assert (reply.intent, reply.subjects[0]) == ("resources", "ciip")
    lead = reply_text(reply)[:LEAD_CHARS]
    assert "Premium IIP Study Guide" in lead and "100 Question Study Guide" in lead


@pytest.mark.parametrize(
    ("question", "others"),
    [
        ("any other book apart from medical terminology?", ("Practical Imaging", "Network+")),
        ("which book besides the network+ exam cram", ("Practical Imaging", "Medical Terminology")),
    ],
)
def test_a_resource_set_aside_leaves_the_others_of_its_kind(
    engine: Engine, question: str, others: tuple[str, ...]
) -> None:
    reply = engine.answer(question)
    text = reply_text(reply)
    assert reply.outcome == "answer" and len(reply.subjects) == 2
    assert all(name in text for name in others)


@pytest.mark.parametrize(
    "question", ["is there a book about networking", "which recommended book teaches networking?"]
)
def test_the_networking_book_is_found_by_its_subject(engine: Engine, question: str) -> None:
    reply = engine.answer(question)
    assert reply.subjects == ("network-plus-exam-cram",)
    assert "Network+" in reply_text(reply)[:LEAD_CHARS]
