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
