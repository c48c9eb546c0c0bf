"""Pay, places and career path, as users ask them (round 5): the fact asked for is reached and
leads. The questions are paraphrases written for these rules, not copies of any labelled set.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.engine.leading import assert_leads_with
from tests.question_grading import reply_text


@pytest.mark.parametrize(
    ("question", "subject", "next_place"),
    [
        ("after SF, which city pays an analyst best?", "pacs-analyst", "Boston"),
        ("not SF, what's the second best city for analysts", "pacs-analyst", "Seattle"),
        ("other than san francisco where do pacs admins earn well", "pacs-administrator", "Boston"),
        ("apart from sf, which cities pay an admin well", "pacs-administrator", "New York"),
    ],
)
def test_a_place_set_aside_asks_for_the_other_places_of_the_ranking(
    engine: Engine, question: str, subject: str, next_place: str
) -> None:
    # the place set aside says whose ranking is meant: of the analysts, and of the admins,
    # only one role's ranking lists San Francisco
    reply = engine.answer(question)
    assert_leads_with(reply, subject, next_place, only=True)
    assert reply.intent == "location"


@pytest.mark.parametrize("question", ["/career ris", "career path in ris", "how to climb in ris"])
def test_a_term_in_one_roles_name_stands_for_that_role_on_a_career_path(
    engine: Engine, question: str
) -> None:
    reply = engine.answer(question)
    assert_leads_with(reply, "ris-analyst", "no next step", only=True)
    assert reply.intent == "career_path"


def test_a_term_in_most_roles_names_keeps_the_whole_ladder(engine: Engine) -> None:
    # "PACS" is in most roles' names: the career path of the field, not of one of them
    reply = engine.answer("/career pacs")
    assert reply.outcome == "answer"
    assert len(reply.subjects) > 1


@pytest.mark.parametrize(
    ("line", "subject", "figures"),
    [
        ("/career ris analyst", "ris-analyst", ("$95,000", "$125,000")),
        ("/path pacs admin", "pacs-administrator", ("$80,000", "$90,000", "$100,000")),
    ],
)
def test_a_career_path_shows_the_pay_at_each_stage_of_experience(
    engine: Engine, line: str, subject: str, figures: tuple[str, ...]
) -> None:
    reply = engine.answer(line)
    text = reply_text(reply)
    assert reply.subjects == (subject,)
    assert all(figure in text for figure in figures), text


@pytest.mark.parametrize(
    ("question", "subject", "figure"),
    [
        ("how much more than usual do admins get in san francisco", "pacs-administrator", "17%"),
        ("in SF how much above the rest of the country for an analyst", "pacs-analyst", "51%"),
        ("sf admins, how much more than everywhere else", "pacs-administrator", "$100,081"),
    ],
)
def test_a_head_word_compared_at_a_place_answers_the_role_whose_premium_is_there(
    engine: Engine, question: str, subject: str, figure: str
) -> None:
    # of the admins and of the analysts, only one role has a figure above the nation in SF
    reply = engine.answer(question)
    assert_leads_with(reply, subject, figure, only=True)
    assert reply.location == "san-francisco"


@pytest.mark.parametrize(
    ("message", "subject", "fact"),
    [
        (
            "My daughter studied IT. She got an offer as pacs admin. She wants to know the "
            "yearly bonus for this job. Please help us",
            "pacs-administrator",
            "$1,096",
        ),
        (
            "I work in radiology for 4 years. I think about the RIS analyst job. What is the "
            "least school it needs. Kindly help",
            "ris-analyst",
            "high school diploma",
        ),
    ],
)
def test_a_plea_for_help_closing_a_story_asks_the_storys_own_question(
    engine: Engine, message: str, subject: str, fact: str
) -> None:
    # "please help" after the question is no request for the bot's list of commands
    reply = engine.answer(message)
    assert reply.intent != "help"
    assert_leads_with(reply, subject, fact)


@pytest.mark.parametrize(
    "question",
    [
        "pacs career ladder from the bottom up to the top?",
        "the pacs ladder, lowest rung to highest?",
    ],
)
def test_the_fields_ladder_from_bottom_to_top_is_its_career_path_not_its_pay_range(
    engine: Engine, question: str
) -> None:
    # "bottom" and "top" tag the pay range figure, whose own words do not hold them
    reply = engine.answer(question)
    assert reply.intent == "career_path"
    assert_leads_with(reply, "pacs-professional", "PACS Manager")


def test_a_role_without_a_next_step_leads_with_its_pay_along_the_years(engine: Engine) -> None:
    assert_leads_with(engine.answer("/path ris"), "ris-analyst", "five years")
