"""Corrections, other languages and requirement facts reached by what they are about (issue 9).

Each reply must answer the reading and state the fact asked for within the first 300 characters.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.question_grading import LEAD_CHARS, reply_text


def _leads(engine: Engine, question: str, subjects: tuple[str, ...], *facts: str) -> None:
    reply = engine.answer(question)
    assert reply.outcome == "answer", (question, reply.outcome)
    assert reply.subjects == subjects, (question, reply.subjects)
    lead = reply_text(reply)[:LEAD_CHARS].lower()
    assert any(fact.lower() in lead for fact in facts), (question, lead)


@pytest.mark.parametrize(
    "question",
    [
        "not the analyst, the admin: which degree do employers want",
        "i mean the administrator not the analyst - which degree do they ask for?",
        "no wait, not the pacs analyst, the pacs admin. degree?",
    ],
)
def test_a_correction_answers_the_entry_the_asker_settles_on(engine: Engine, question: str) -> None:
    _leads(engine, question, ("pacs-administrator",), "computer engineering")


@pytest.mark.parametrize(
    "question",
    [
        "is dicom knowledge important for a pacs analyst",
        "how essential is DICOM if i want to be a PACS analyst",
        "does dicom matter much for pacs analysts",
    ],
)
def test_how_much_dicom_counts_for_the_analyst_is_answered_by_the_skill(
    engine: Engine, question: str
) -> None:
    _leads(engine, question, ("pacs-analyst",), "calls key")


@pytest.mark.parametrize(
    "question",
    [
        "what non-IT knowledge does a pacs admin need",
        "does a pacs administrator have to understand medicine too",
        "besides tech skills what must a pacs administrator know",
    ],
)
def test_the_clinical_side_of_the_admin_job_is_found_by_what_it_is_about(
    engine: Engine, question: str
) -> None:
    _leads(engine, question, ("pacs-administrator",), "medical terminology")


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        (
            "i meant the associate certification, not the manager one: what is on it?",
            "cpas",
            "clinical technology",
        ),
        ("what does the manager cert build on", "cpsm", "CPIA"),
        ("the associate cert, what do you need to know for it", "cpas", "clinical technology"),
    ],
)
def test_a_word_of_a_certifications_name_with_cert_names_that_certification(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    _leads(engine, question, (subject,), fact)


@pytest.mark.parametrize(
    ("question", "subjects", "fact"),
    [
        ("o que significa a sigla VNA?", ("vna",), "vendor neutral archive"),
        ("DICOM por extenso, por favor", ("dicom",), "international standard"),
        ("quanto ganha um analista pacs em média?", ("pacs-analyst",), "$73,334"),
        (
            "¿cuál certificación es de nivel de entrada, cpas o cpsm?",
            ("cpas", "cpsm"),
            "entry level",
        ),
    ],
)
def test_portuguese_and_spanish_words_read_as_the_english_ones(
    engine: Engine, question: str, subjects: tuple[str, ...], fact: str
) -> None:
    _leads(engine, question, subjects, fact)


@pytest.mark.parametrize(
    "question",
    [
        "whats DICOM short for?",
        (
            "my manager keeps using acronyms in meetings and i nod along. today it was about "
            "moving old studies off the archive. nobody explained. what does VNA stand for?"
        ),
    ],
)
def test_an_acronym_asked_about_at_the_end_is_defined(engine: Engine, question: str) -> None:
    reply = engine.answer(question)
    assert reply.outcome == "answer" and reply.intent == "definition"
    lead = reply_text(reply)[:LEAD_CHARS].lower()
    assert "vendor neutral archive" in lead or "international standard" in lead


@pytest.mark.parametrize(
    "question",
    [
        "how do medical images help patient care",
        "why are images of a patient taken and reviewed",
    ],
)
def test_what_medical_images_are_for_is_answered_from_the_pacs_entry(
    engine: Engine, question: str
) -> None:
    _leads(engine, question, ("pacs",), "diagnosis and therapy")


@pytest.mark.parametrize(
    "question",
    [
        "ris analyst: which hospital experience is a plus, and how many years?",
        "for a RIS analyst, how many years in a radiology department are a plus?",
    ],
)
def test_the_radiology_experience_that_helps_a_ris_analyst_is_two_years(
    engine: Engine, question: str
) -> None:
    _leads(engine, question, ("ris-analyst",), "two years")


@pytest.mark.parametrize(
    "question",
    [
        "why do employers struggle to hire a pacs administrator",
        "is it difficult for a hospital to find a good pacs admin, why",
    ],
)
def test_why_admins_are_hard_to_hire_is_the_variation_in_requirements(
    engine: Engine, question: str
) -> None:
    _leads(engine, question, ("pacs-administrator",), "significant variation in requirements")
