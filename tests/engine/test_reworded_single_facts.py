"""A question about one requirement, duty, definition or resource, asked in other words, is
answered by that fact within the first 300 characters (issue 9, round 4)."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.question_grading import LEAD_CHARS, reply_text


def _leads(engine: Engine, question: str, subject: str, fact: str) -> None:
    reply = engine.answer(question)
    assert reply.outcome == "answer" and subject in reply.subjects, (reply.outcome, reply.subjects)
    assert fact in reply_text(reply)[:LEAD_CHARS]


@pytest.mark.parametrize(
    "question",
    [
        "what would make my resume stand out for a cardiology pacs job",
        "what makes a cardio pacs applicant stand out from the others",
    ],
)
def test_a_pay_word_a_requirement_holds_is_read_as_the_requirement(
    engine: Engine, question: str
) -> None:
    # "make" asks for pay only when nothing else holds it: here the Syngo Dynamics requirement does
    _leads(engine, question, "cardiology-pacs-analyst", "Syngo Dynamics")


def test_a_pay_question_with_make_still_gets_pay(engine: Engine) -> None:
    reply = engine.answer("how much does a cardio pacs admin make")
    assert reply.intent == "salary"


@pytest.mark.parametrize(
    "question",
    [
        "apart from hl7 and dicom, what else should an admin know",
        "other than dicom and hl7 which skills does the admin need",
        "besides hl7 and dicom what should a pacs administrator know",
    ],
)
def test_standards_set_aside_ask_for_the_roles_other_skills(engine: Engine, question: str) -> None:
    reply = engine.answer(question)
    lead = reply_text(reply)[:LEAD_CHARS]
    assert reply.outcome == "answer" and reply.subjects == ("pacs-administrator",)
    assert "Security and quality control" in lead
    assert "HL7 and DICOM protocols" not in lead  # the skill set aside does not lead


@pytest.mark.parametrize(
    "question",
    [
        "where can i see the pacs career videos, what site",
        "pacs career videos - what website are they on",
        "which platform are the pacs videos on",
    ],
)
def test_videos_about_the_whole_field_are_the_video_resource(engine: Engine, question: str) -> None:
    # the field as a whole has no resource of its own: the videos asked for answer
    _leads(engine, question, "pacs-analyst-videos", "YouTube")


@pytest.mark.parametrize(
    "question",
    [
        "is there a book to learn the words doctors use if i come from IT",
        "what should i read to pick up medical vocabulary as an IT person",
    ],
)
def test_a_book_for_medical_words_is_medical_terminology(engine: Engine, question: str) -> None:
    _leads(engine, question, "medical-terminology", "Medical Terminology")


@pytest.mark.parametrize(
    "question",
    ["what are the benefits of pacs for patients", "why is pacs good for patients"],
)
def test_what_pacs_does_for_patients_leads_with_its_benefits(engine: Engine, question: str) -> None:
    reply = engine.answer(question)
    lead = reply_text(reply)[:LEAD_CHARS]
    assert reply.outcome == "answer" and reply.subjects == ("pacs",)
    assert "cuts medication and treatment errors" in lead or "patient safety" in lead


@pytest.mark.parametrize(
    "question", ["why are medical images taken", "what are medical scans captured for"]
)
def test_a_fact_holding_the_whole_question_answers_it_though_nothing_is_named(
    engine: Engine, question: str
) -> None:
    _leads(engine, question, "pacs", "clinical analysis, diagnosis and therapy")


def test_the_same_words_about_something_else_stay_declined(engine: Engine) -> None:
    assert engine.answer("why are wedding photos taken").outcome == "decline"
