"""Rules found on how users ask (round 5): the fact asked for is reached and leads.

The questions are paraphrases written for these rules, not copies of any labelled set.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.engine.leading import assert_leads_with


@pytest.mark.parametrize(
    "question",
    [
        "what is syngo dynamics, it was in a cardiology posting",
        "what is syngo dynamics exactly, cardiology pacs analyst ads mention it a lot",
        "what's the syngo dynamics thing recruiters for cardio pacs jobs mention",
    ],
)
def test_a_question_opening_with_what_a_term_is_defines_that_term(
    engine: Engine, question: str
) -> None:
    # the role named later says where the term came up; the term is what is asked about
    reply = engine.answer(question)
    assert_leads_with(reply, "syngo-dynamics", "cardiology PACS")
    assert reply.intent == "definition"


@pytest.mark.parametrize(
    "question",
    [
        "what soft skills does a pacs analyst need",
        "soft skills needed as a pacs analyst, not technical ones",
        "pacs analyst soft skills besides working in a team",
    ],
)
def test_soft_skills_reach_the_analysts_personal_qualities(engine: Engine, question: str) -> None:
    assert_leads_with(engine.answer(question), "pacs-analyst", "attention to detail")


@pytest.mark.parametrize(
    ("line", "place"),
    [
        ("/salary analyst seattle", "Seattle"),
        ("/salary boston analyst", "Boston"),
        ("/compare analyst los angeles", "Los Angeles"),
    ],
)
def test_a_command_naming_a_head_word_and_a_place_answers_the_role_the_place_is_listed_for(
    engine: Engine, line: str, place: str
) -> None:
    # of the analyst roles, only the PACS analyst's pay names these cities
    reply = engine.answer(line)
    assert_leads_with(reply, "pacs-analyst", place, only=True)


def test_a_bare_head_word_command_without_a_place_still_asks_which_role(engine: Engine) -> None:
    assert engine.answer("/salary analyst").outcome == "clarify"


@pytest.mark.parametrize(
    "question",
    [
        "which certs come before the cpsm",
        "is cpsm standalone or do i need other certs",
        "what other parca certs sit under the cpsm",
    ],
)
def test_what_a_certification_builds_on_is_reached_by_other_and_under(
    engine: Engine, question: str
) -> None:
    assert_leads_with(engine.answer(question), "cpsm", "builds on CPIA and CPSA")


@pytest.mark.parametrize(
    "question",
    [
        "how many years till an admin can become a manager",
        "when can an admin become manager",
        "how long until a pacs admin can become the manager",
    ],
)
def test_a_rung_named_inside_a_path_phrase_still_names_the_ladder(
    engine: Engine, question: str
) -> None:
    # "become a manager" asks about the path and names the rung it leads to
    assert_leads_with(engine.answer(question), "pacs-administrator", "5 years")
