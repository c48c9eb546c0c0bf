"""Study resources asked for by their kind, by cost or as a single pick; and what a listing reply
reports as its subjects (issue 9)."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.question_grading import reply_text

BOOKS = {"practical-imaging-informatics", "network-plus-exam-cram", "medical-terminology"}
FREE = {"free-course-modules", "become-pacs-analyst-guide"}


@pytest.mark.parametrize(
    "question",
    ["got any textbook suggestions for learning imaging informatics?", "/resources books pls"],
)
def test_asking_for_books_lists_the_books_and_nothing_else(engine: Engine, question: str) -> None:
    reply = engine.answer(question)
    assert reply.outcome == "answer" and reply.intent == "resources"
    assert set(reply.subjects) == BOOKS
    text = reply_text(reply)
    assert "Practical Imaging Informatics" in text and "Network+" in text
    assert "Premium IIP Study Guide" not in text  # a study guide is not a book


@pytest.mark.parametrize(
    "question",
    [
        "is there free material to learn pacs?",
        "anything free for studying imaging informatics? no money atm",
    ],
)
def test_asking_for_free_material_lists_only_what_the_source_says_costs_nothing(
    engine: Engine, question: str
) -> None:
    reply = engine.answer(question)
    assert reply.outcome == "answer" and set(reply.subjects) == FREE
    assert "Premium" not in reply_text(reply)  # the paid course is not offered as free


@pytest.mark.parametrize(
    "question", ["if I can afford a single book, which?", "only one book to read, which one"]
)
def test_wanting_a_single_book_gets_the_sources_first_choice_alone(
    engine: Engine, question: str
) -> None:
    reply = engine.answer(question)
    assert reply.subjects == ("practical-imaging-informatics",)
    assert "Network+" not in reply_text(reply)


def test_a_course_asked_about_for_a_role_answers_the_roles_own_requirement(engine: Engine) -> None:
    # the X-ray course is one of the RIS analyst's assets, not one of the study resources
    reply = engine.answer("would an x-ray technology course help me land a RIS analyst job?")
    assert "ris-analyst" in reply.subjects
    assert "x-ray technology course" in reply_text(reply).lower()


@pytest.mark.parametrize(
    ("question", "asked", "listed"),
    [
        ("which certifications should a PACS analyst go for", "pacs-analyst", {"ciip", "cpsa"}),
        ("list every pacs certification", None, {"ciip", "cpas", "cpsa", "cpia", "cpsm"}),
        ("practice exam for the CIIP?", "ciip", {"ciip-100-question-guide"}),
    ],
)
def test_a_listing_is_about_the_entry_asked_and_the_entries_it_lists(
    engine: Engine, question: str, asked: str | None, listed: set[str]
) -> None:
    reply = engine.answer(question)
    assert reply.outcome == "answer"
    if asked:
        assert reply.subjects[0] == asked
    assert listed <= set(reply.subjects)


def test_free_material_for_an_exam_is_the_free_material_that_prepares_for_it(
    engine: Engine,
) -> None:
    reply = engine.answer("anything free to study for the ciip? no money rn")
    assert "free-course-modules" in reply.subjects
    assert "Premium" not in reply_text(reply)


def test_videos_about_what_a_role_does_are_the_videos_not_the_roles_duties(
    engine: Engine,
) -> None:
    reply = engine.answer("any videos about what pacs analysts do?")
    assert reply.intent == "resources" and "pacs-analyst-videos" in reply.subjects
