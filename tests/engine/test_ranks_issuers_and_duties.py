"""Certifications named by their rank or their issuer, and what one role does (issue 9, round 5)."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.engine.leading import assert_leads_with


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        ("which parca cert is the beginner one?", "cpas", "entry level"),
        ("the parca certification for beginners, what's it called", "cpas", "entry level"),
        ("parca cert that is niche?", "cpia", "very specialized"),
    ],
)
def test_an_issuers_cert_named_by_its_rank_is_the_certification_of_that_level(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    # "parca cert" names PARCA, and its "cert" still asks about certifications
    assert_leads_with(engine.answer(question), subject, fact, only=True)


def test_two_ranks_asked_together_answer_both_certifications(engine: Engine) -> None:
    reply = engine.answer("beginner certification? and the niche one?")
    assert reply.outcome == "answer"
    assert set(reply.subjects) == {"cpas", "cpia"}


@pytest.mark.parametrize(
    "question",
    [
        "cpas and cpsa, who issues those two?",
        "what body awards the cpia and the cpsm",
        "cpas cpia cpsm - which organisation grants them",
    ],
)
def test_several_certifications_asked_who_awards_them_answer_the_one_body(
    engine: Engine, question: str
) -> None:
    reply = engine.answer(question)
    assert_leads_with(reply, "parca", "is awarded by PARCA")
    assert reply.intent == "certifications"


def test_certifications_set_side_by_side_stay_a_comparison(engine: Engine) -> None:
    reply = engine.answer("cpas vs cpia, who should take which")
    assert reply.intent == "comparison"
    assert set(reply.subjects) == {"cpas", "cpia"}


@pytest.mark.parametrize(
    ("command", "full"),
    [
        ("/certifications abii", "American Board of Imaging Informatics"),
        ("/certifications parca", "PACS Administrators Registry and Certification Association"),
    ],
)
def test_an_issuers_certification_card_names_the_issuer_in_full(
    engine: Engine, command: str, full: str
) -> None:
    assert_leads_with(engine.answer(command), None, full)


@pytest.mark.parametrize(
    "question",
    [
        "which certifying organisations matter for a pacs administrator job",
        "the certifying organisations for a pacs administrator, which are they",
        "pacs administrator - certifying groups?",
    ],
)
def test_a_keywords_ing_form_asks_what_the_keyword_asks(engine: Engine, question: str) -> None:
    # "certifying" asks about certifications as "certify" does
    assert_leads_with(engine.answer(question), "pacs-administrator", "American Board of Imaging")


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        (
            "I'm a sonographer with eight years in the echo lab. Everyone says I'd be a good "
            "fit for a cardiology PACS analyst opening at our hospital. I never finished a "
            "degree. Is experience enough without one?",
            "cardiology-pacs-analyst",
            "five years",
        ),
        (
            "My manager wants me to cover for our PACS administrator next month. I have been in "
            "desktop support for three years. What does that job involve day to day?",
            "pacs-administrator",
            "Windows Server",
        ),
    ],
)
def test_an_ask_naming_no_role_is_about_the_role_its_story_names(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    # not the role a bare question about duties or requirements falls back on
    assert_leads_with(engine.answer(question), subject, fact, only=True)


@pytest.mark.parametrize(
    "question",
    [
        "in terms of IT skills what does a pacs administrator need",
        "for a pacs administrator, in terms of skills, what matters",
    ],
)
def test_in_terms_of_asks_about_no_medical_terms(engine: Engine, question: str) -> None:
    # the skills the administrator needs lead, not medical terminology
    assert_leads_with(engine.answer(question), "pacs-administrator", "Windows Server 2008")


@pytest.mark.parametrize(
    "question",
    [
        "which medical specialties have pacs now",
        "which specialties use PACS today",
        "which other departments use pacs",
    ],
)
def test_where_pacs_is_used_beyond_radiology_leads(engine: Engine, question: str) -> None:
    assert_leads_with(engine.answer(question), "pacs", "nuclear medicine")


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        ("what does pacs do", "pacs", "store electronic images"),
        ("so what does the RIS do exactly", "ris", "radiology department's information system"),
        ("what does dicom do?", "dicom", "formatted and exchanged"),
    ],
)
def test_what_a_system_does_is_what_it_is_for(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    # not the duties of the people named after it
    reply = engine.answer(question)
    assert_leads_with(reply, subject, fact, only=True)
    assert reply.intent == "definition"


def test_what_a_role_named_after_a_system_does_is_still_its_duties(engine: Engine) -> None:
    reply = engine.answer("what does a ris analyst do")
    assert reply.intent == "duties" and reply.subjects == ("ris-analyst",)


def test_a_rank_asked_after_a_story_about_certifications_picks_that_certification(
    engine: Engine,
) -> None:
    question = (
        "I run a small study group for people moving from clinical work into imaging IT. We "
        "keep debating the PARCA certifications and where to begin. Some say start at the "
        "bottom, some say aim high. Which is the top one?"
    )
    assert_leads_with(engine.answer(question), "cpsm", "highest PARCA qualification", only=True)


@pytest.mark.parametrize(
    "question",
    ["who sells the 100q", "what about the 100 question thing", "hundred question guide?"],
)
def test_the_practice_questions_are_found_by_their_short_names(
    engine: Engine, question: str
) -> None:
    assert_leads_with(
        engine.answer(question), "ciip-100-question-guide", "100 Question Study Guide"
    )


@pytest.mark.parametrize(
    "question",
    [
        "do pacs analysts juggle lots of projects at once",
        "pacs analyst - is there much multitasking?",
    ],
)
def test_multitasking_is_found_as_the_analysts_concurrent_tasks(
    engine: Engine, question: str
) -> None:
    assert_leads_with(engine.answer(question), "pacs-analyst", "tasks that run at the same time")
