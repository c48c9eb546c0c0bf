"""A comparison leads with what is compared: the same figure of each side, or the fact asked."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.question_grading import LEAD_CHARS, reply_text


@pytest.mark.parametrize(
    "question",
    [
        "starting salary ris analyst or pacs administrator, who gets more",
        "pacs admin vs ris analyst: which one starts higher?",
    ],
)
def test_a_pay_comparison_naming_a_kind_of_figure_leads_with_that_figure_of_each_side(
    engine: Engine, question: str
) -> None:
    reply = engine.answer(question)
    lead = reply_text(reply)[:LEAD_CHARS]
    assert reply.intent == "comparison"
    assert "$75,033" in lead and "$80,000" in lead  # both entry figures, not the averages
    assert "PACS Administrator figure is higher" in lead


@pytest.mark.parametrize(
    "question",
    [
        "in san francisco does a pacs analyst or a pacs administrator make more",
        "pacs administrator compared with pacs analyst in san francisco, pay",
    ],
)
def test_a_pay_comparison_at_a_place_leads_with_each_sides_figure_there(
    engine: Engine, question: str
) -> None:
    reply = engine.answer(question)
    lead = reply_text(reply)[:LEAD_CHARS]
    assert reply.location == "san-francisco"
    assert "$119,416" in lead and "$100,081" in lead
    assert "PACS Analyst figure is higher" in reply_text(reply)


@pytest.mark.parametrize(
    ("line", "subject", "figure"),
    [
        ("/compare pacs analyst sf", "pacs-analyst", "51%"),
        ("/compare ris analyst tennessee", "ris-analyst", "9.6%"),
    ],
)
def test_comparing_a_role_with_a_place_is_its_pay_there_against_the_nation(
    engine: Engine, line: str, subject: str, figure: str
) -> None:
    reply = engine.answer(line)
    assert (reply.intent, reply.subjects) == ("salary", (subject,))
    assert figure in reply_text(reply)[:LEAD_CHARS]


@pytest.mark.parametrize(
    ("question", "subject", "figure"),
    [
        ("how much more than normal do pacs analysts get in sf", "pacs-analyst", "+51%"),
        ("pacs admins in san francisco earn how much above usual", "pacs-administrator", "+17%"),
        ("how much extra for a pacs admin in SF vs elsewhere", "pacs-administrator", "+17%"),
    ],
)
def test_how_much_more_a_role_gets_at_a_place_is_its_premium_there(
    engine: Engine, question: str, subject: str, figure: str
) -> None:
    # a role beside a place is compared with the nation, even with no word for the nation
    reply = engine.answer(question)
    expected = ("answer", (subject,), "san-francisco")
    assert (reply.outcome, reply.subjects, reply.location) == expected
    assert figure in reply_text(reply)[:LEAD_CHARS]


def test_the_national_figure_a_role_is_measured_against_is_no_comparison_with_a_place(
    engine: Engine,
) -> None:
    reply = engine.answer("the national number they compare the states against for ris analysts")
    assert reply.outcome == "answer" and reply.intent in ("salary", "location")


@pytest.mark.parametrize(
    "question",
    [
        "are pacs analyst and pacs administrator the same job under different titles",
        "pacs admin vs pacs analyst, is it the same job?",
    ],
)
def test_asking_whether_two_roles_are_the_same_job_leads_with_the_note_on_titles(
    engine: Engine, question: str
) -> None:
    lead = reply_text(engine.answer(question))[:LEAD_CHARS]
    assert "the same job goes by another, more commonly used title" in lead
    assert "at the same time" not in lead  # not the skill of juggling tasks


@pytest.mark.parametrize(
    "question", ["list every certification parca offers", "which certifications does parca award?"]
)
def test_a_listing_of_an_issuers_certifications_is_about_each_one_it_lists(
    engine: Engine, question: str
) -> None:
    reply = engine.answer(question)
    assert reply.subjects == ("parca", "cpas", "cpia", "cpsa", "cpsm")
    lead = reply_text(reply)[:LEAD_CHARS]
    assert all(name in lead for name in ("CPAS", "CPIA", "CPSA", "CPSM"))


@pytest.mark.parametrize(("command", "figure"), [("/compare admin sf", "$100,081")])
def test_compare_with_a_bare_role_word_and_a_place_is_that_roles_pay_there(
    engine: Engine, command: str, figure: str
) -> None:
    reply = engine.answer(command)
    assert reply.intent == "salary" and reply.location == "san-francisco"
    assert figure in reply_text(reply)[:LEAD_CHARS]
