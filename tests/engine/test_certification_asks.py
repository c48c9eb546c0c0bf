"""Questions about the certifications, asked the way members ask them (issue 9, round 4)."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.matching.context import Conversation
from tests.engine.leading import assert_leads_with
from tests.question_grading import LEAD_CHARS, reply_text


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        ("whats at the bottom of the parca ladder", "cpas", "entry level"),
        ("the peak of the PARCA ladder, which is it?", "cpsm", "highest PARCA qualification"),
        ("top rung of the parca ladder?", "cpsm", "highest PARCA qualification"),
    ],
)
def test_a_rank_on_an_issuers_ladder_is_the_certification_of_that_level(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    # "ladder" reads as a career path, which PARCA has none of: its certifications answer
    assert_leads_with(engine.answer(question), subject, fact, only=True)


@pytest.mark.parametrize(
    "question",
    ["who awards the certs a pacs admin might want?", "which boards certify pacs administrators"],
)
def test_a_roles_certifications_name_the_bodies_awarding_them_in_full(
    engine: Engine, question: str
) -> None:
    reply = engine.answer(question)
    assert_leads_with(reply, "pacs-administrator", "American Board of Imaging Informatics")
    assert_leads_with(
        reply, "pacs-administrator", "PACS Administrators Registry and Certification Association"
    )


@pytest.mark.parametrize(
    ("question", "within"),
    [
        ("is there a standard credential employers expect for cardio pacs?", LEAD_CHARS),
        ("/certifications cardiology pacs", None),
        ("what's the usual credential for a cardiology pacs job", None),
    ],
)
def test_what_a_roles_requirements_say_of_its_certification_is_on_its_certification_card(
    engine: Engine, question: str, within: int | None
) -> None:
    reply = engine.answer(question)
    assert reply.outcome == "answer" and "cardiology-pacs-analyst" in reply.subjects
    text = reply_text(reply)[:within]
    assert "imaging informatics professional certification (CIIP) is the standard" in text


@pytest.mark.parametrize(
    "question",
    ["what comes before the cpsm", "what must i hold prior to sitting the cpsm"],
)
def test_what_comes_before_a_certification_is_what_it_builds_on(
    engine: Engine, question: str
) -> None:
    assert_leads_with(engine.answer(question), "cpsm", "CPSM builds on CPIA and CPSA", only=True)


@pytest.mark.parametrize(
    ("question", "other", "cert"),
    [
        ("what about the other certifying body, not parca", "abii", "CIIP"),
        ("is there another board besides abii", "parca", "CPSM"),
    ],
)
def test_the_other_body_is_the_one_not_named(
    engine: Engine, question: str, other: str, cert: str
) -> None:
    assert_leads_with(engine.answer(question), other, cert)


def test_the_other_certifications_of_a_named_body_stay_with_that_body(engine: Engine) -> None:
    reply = engine.answer("besides the cpas, what are the other parca certs")
    assert reply.outcome == "answer" and "abii" not in reply.subjects


@pytest.mark.parametrize(
    "question", ["how popular has the ciip become", "has ciip grown more popular lately"]
)
def test_what_the_glossary_says_of_a_certification_answers_about_it(
    engine: Engine, question: str
) -> None:
    # the trend is told in PARCA's entry ("CIIP ... an increasingly popular alternative")
    assert_leads_with(engine.answer(question), "ciip", "increasingly popular")


@pytest.mark.parametrize(
    "question",
    ["which certs matter for pacs professionals overall", "certifications for all pacs roles?"],
)
def test_a_whole_field_is_shown_the_certifications_its_roles_value(
    engine: Engine, question: str
) -> None:
    reply = engine.answer(question)
    assert_leads_with(reply, "pacs-professional", "CIIP")
    assert_leads_with(reply, "pacs-professional", "PARCA")


@pytest.mark.parametrize(
    "question",
    ["sorry, i meant the top rung not the bottom", "i mean the highest level, not the entry one"],
)
def test_a_correction_to_another_rank_answers_with_the_certification_of_that_rank(
    engine: Engine, question: str
) -> None:
    # "i meant" corrects the last answer; it does not ask what a word means
    context = Conversation("certifications", ("cpas",), None, 0.0)
    reply = engine.answer(question, context, now=1.0)
    assert_leads_with(reply, "cpsm", "highest PARCA qualification", only=True)


def test_a_correction_with_nothing_before_it_answers_the_certification_of_that_rank(
    engine: Engine,
) -> None:
    # a rung is a certification level, and only one has the top rank: no need to ask back
    reply = engine.answer("i meant the top rung, not the first")
    assert_leads_with(reply, "cpsm", "highest PARCA qualification", only=True)


@pytest.mark.parametrize(
    "question", ["which certifications exist for pacs?", "what certificates are there in pacs"]
)
def test_a_field_term_beside_a_listing_of_certifications_lists_them_all(
    engine: Engine, question: str
) -> None:
    # "PACS" names no one certification: it must not hand the question to another term
    reply = engine.answer(question)
    assert (reply.outcome, reply.intent) == ("answer", "certifications")
    assert {"ciip", "cpas", "cpsm"} <= set(reply.subjects)


def test_the_niche_parca_certification_is_the_very_specialized_one(engine: Engine) -> None:
    assert_leads_with(engine.answer("which parca cert is the niche one"), "cpia", "specialized")


@pytest.mark.parametrize(
    "question",
    [
        "which parca cert is about RIS and PACS integration",
        "the parca certification on integration of ris and pacs?",
    ],
)
def test_integration_reads_as_the_facts_integrating(engine: Engine, question: str) -> None:
    # "integration" and the facts' "integrating" are one word: no decline for an unknown word
    reply = engine.answer(question)
    assert reply.outcome == "answer"
    assert "CPIA" in reply_text(reply)[:LEAD_CHARS]
