"""Questions about the career ladder: its rungs in order, what is above a role, roles off it."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.engine.leading import assert_leads_with
from tests.question_grading import LEAD_CHARS, reply_text

LADDER = ("pacs-administrator", "pacs-manager", "pacs-director")


@pytest.mark.parametrize(
    "question",
    [
        "sort these by seniority: manager, director, admin",
        "director, manager, admin - in what order do you climb them",
        "order of seniority for admin, manager and director?",
    ],
)
def test_rungs_named_by_their_head_words_are_put_in_ladder_order(
    engine: Engine, question: str
) -> None:
    reply = engine.answer(question)
    assert reply.outcome == "answer" and reply.intent == "career_path", reply_text(reply)
    assert reply.subjects == LADDER
    head = reply_text(reply)[:LEAD_CHARS]
    assert head.index("PACS Administrator") < head.index("PACS Manager") < head.index("Director")


@pytest.mark.parametrize(
    "question", ["what comes above the pacs manager", "next rung after pacs admin?"]
)
def test_what_is_above_a_role_is_read_as_its_path(engine: Engine, question: str) -> None:
    reply = engine.answer(question)
    assert reply.intent == "career_path"
    assert_leads_with(reply, None, "PACS Director")


@pytest.mark.parametrize(
    ("line", "subject", "fact"),
    [
        ("/career pacs associate", "pacs-associate", "low end of the overall PACS pay range"),
        ("/path junior analyst", "junior-pacs-analyst", "low end of the overall PACS pay range"),
    ],
)
def test_a_role_with_no_next_step_says_where_the_source_places_it(
    engine: Engine, line: str, subject: str, fact: str
) -> None:
    reply = engine.answer(line)
    assert reply.intent == "career_path"
    assert_leads_with(reply, subject, fact)
    assert "no next step" in reply_text(reply)[:LEAD_CHARS]


@pytest.mark.parametrize(
    "question",
    ["who sits at the low end of pacs salaries", "which jobs sit at the low end of pacs pay"],
)
def test_the_low_end_of_the_range_names_the_junior_titles_not_the_high_earners(
    engine: Engine, question: str
) -> None:
    reply = engine.answer(question)
    assert set(reply.subjects) == {"junior-pacs-analyst", "pacs-associate"}
    assert_leads_with(reply, None, "junior analysts")


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("whats the mean pay across all pacs jobs and the floor", "$73,321"),
        ("typical salary over every pacs role, plus the minimum?", "$15,075"),
    ],
)
def test_a_figure_across_all_jobs_is_the_fields_figure_not_a_group_of_roles(
    engine: Engine, question: str, fact: str
) -> None:
    reply = engine.answer(question)
    assert reply.subjects == ("pacs-professional",)
    assert_leads_with(reply, "pacs-professional", fact)


@pytest.mark.parametrize(
    "question",
    [
        "pacs admin wanting to climb - where do i get training?",
        "what school trains pacs administrators to advance",
    ],
)
def test_where_to_train_to_move_up_is_the_training_the_source_names(
    engine: Engine, question: str
) -> None:
    assert_leads_with(engine.answer(question), "pacs-administrator", "medical-technology")
