"""Questions asking for one pay figure by what it measures (a percent, a rank, a level) reach it.

The questions are paraphrases written for these rules, not copies of any labelled set.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.engine.leading import assert_leads_with
from tests.question_grading import LEAD_CHARS, reply_text


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        ("what percentage of pay is the pacs admin bonus", "pacs-administrator", "1%"),
        ("pacs admins in san francisco, how many percent over the us average",
         "pacs-administrator", "17%"),
        ("admin bonus, what share of the salary", "pacs-administrator", "1%"),
    ],
)  # fmt: skip
def test_a_figure_stating_a_percent_answers_for_the_percent(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    assert_leads_with(engine.answer(question), subject, fact)


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        # "saddle" and "ballpark" are unknown, but they say nothing about which job is meant
        ("admin after some years in the saddle, typical pay?", "pacs-administrator", "$90,000"),
        ("admin yearly bonus as a percent, ballpark", "pacs-administrator", "1%"),
    ],
)
def test_a_lone_head_word_among_unrelated_unknown_words_still_asks_its_question(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    assert_leads_with(engine.answer(question), subject, fact)


@pytest.mark.parametrize(
    "question",
    [
        "manager pay at costco",  # the unknown word says where the job is: another employer
        "the analyst on my bowling team",  # nothing is asked
        "warehouse manager salary",  # the unknown word names another job
    ],
)
def test_a_head_word_naming_another_job_is_still_declined(engine: Engine, question: str) -> None:
    assert engine.answer(question).outcome == "decline"


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        # only the PACS analyst has a San Francisco figure, and it states the percent asked for
        ("how much more do sf analysts earn than the national figure, in percent",
         "pacs-analyst", "51%"),
        ("admins in sf earn what percent more", "pacs-administrator", "17%"),
        # the analyst whose ranking names San Francisco, read for the place in the order
        ("analysts: which city is second after sf", "pacs-analyst", "Boston"),
    ],
)  # fmt: skip
def test_a_place_picks_the_role_whose_fact_there_says_what_is_asked(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    assert_leads_with(engine.answer(question), subject, fact, only=True)


def test_a_place_alone_does_not_pick_among_head_word_roles(engine: Engine) -> None:
    # nothing asked beyond the salary: the analyst meant may be one without a Minnesota figure
    assert engine.answer("analyst pay in minnesota").outcome == "clarify"


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("third best state for a ris analyst", "Minnesota"),
        ("ris analyst: which state comes second", "Hawaii"),
    ],
)
def test_a_rank_in_the_order_of_places_is_answered_by_the_ranking(
    engine: Engine, question: str, fact: str
) -> None:
    assert_leads_with(engine.answer(question), "ris-analyst", fact)


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        # "graduate" reads as a requirement, but the figure's label holds it beside "start"
        ("new graduate pacs admin, what do they start on", "pacs-administrator", "$80,000"),
        ("recent grads as pacs admins: starting figure?", "pacs-administrator", "$80,000"),
        # the low end of a range: "worst" and "least" name the floor, "tiny" is small
        ("smallest practice, newest cardiology pacs hire, worst pay", "cardiology-pacs-analyst",
         "$27,500"),
        ("the least a cardio pacs beginner gets in a tiny clinic", "cardiology-pacs-analyst",
         "$27,500"),
        # a "bump" is a raise, and the raise is the New York figure
        ("pacs admins in new york: is there a yearly bump", "pacs-administrator", "2–3%"),
    ],
)  # fmt: skip
def test_a_figure_is_reached_by_what_it_measures(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    assert_leads_with(engine.answer(question), subject, fact)


@pytest.mark.parametrize(
    ("question", "sides", "figures"),
    [
        ("analyst or admin, who earns more", ("pacs-analyst", "pacs-administrator"),
         ("$73,334", "$85,504")),
        # each side's San Francisco figure, not the one role whose name ends in both words
        ("pay in san francisco, admins vs analysts", ("pacs-administrator", "pacs-analyst"),
         ("$100,081", "$119,416")),
    ],
)  # fmt: skip
def test_two_head_words_compared_are_one_side_each(
    engine: Engine, question: str, sides: tuple[str, str], figures: tuple[str, str]
) -> None:
    reply = engine.answer(question)
    head = reply_text(reply)[:LEAD_CHARS]
    assert reply.outcome == "answer" and set(reply.subjects) == set(sides), reply.subjects
    assert all(figure in head for figure in figures), head


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        # "ris" alone stands for the role named after it when nothing is asked about RIS itself
        ("ris, the state in third place", "Minnesota"),
        ("second place state for ris", "Hawaii"),
    ],
)
def test_a_term_alone_stands_for_the_role_named_after_it(
    engine: Engine, question: str, fact: str
) -> None:
    assert_leads_with(engine.answer(question), "ris-analyst", fact)


def test_a_term_asked_about_with_one_word_stays_the_term(engine: Engine) -> None:
    reply = engine.answer("ris used for what")
    assert reply.intent == "definition" and reply.subjects == ("ris",)


@pytest.mark.parametrize(
    "question",
    [
        "lowest pay in this field",
        "the bottom salary in this field, what is it",
        "worst paid anyone gets in this field, honestly",
    ],
)
def test_the_field_named_by_an_on_topic_word_is_the_whole_field(
    engine: Engine, question: str
) -> None:
    assert_leads_with(engine.answer(question), "pacs-professional", "$15,075", only=True)


@pytest.mark.parametrize(
    "question", ["what is the starting pay", "what's the pay for this role", "this job, pay?"]
)
def test_a_pay_question_naming_no_role_and_no_field_still_asks_which_role(
    engine: Engine, question: str
) -> None:
    assert engine.answer(question).outcome == "clarify"


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        # "w/" is shorthand for "with": a filler word, not an unknown one saying another job
        ("pacs admin w/ a few yrs in, typical pay?", "pacs-administrator", "$90,000"),
        ("ris analyst w/ five yrs, most i could make", "ris-analyst", "$125,000"),
    ],
)
def test_w_slash_reads_as_with(engine: Engine, question: str, subject: str, fact: str) -> None:
    assert_leads_with(engine.answer(question), subject, fact)


@pytest.mark.parametrize(
    "question",
    [
        "how much do ris analysts get in their top state",
        "top state for ris analysts: what does it pay",
        "what do ris analysts take home in the top state",
    ],
)
def test_a_figure_for_one_place_that_leads_makes_the_answer_about_that_place(
    engine: Engine, question: str
) -> None:
    reply = engine.answer(question)
    assert_leads_with(reply, "ris-analyst", "$7,399")
    assert reply.location == "tennessee"


@pytest.mark.parametrize(
    "question",
    [
        "can a ris analyst clear six figures",  # the ceiling may lead; no place was asked about
        "what's the most a pacs analyst can earn",
    ],
)
def test_a_place_figure_leading_a_question_not_about_places_leaves_the_place_open(
    engine: Engine, question: str
) -> None:
    reply = engine.answer(question)
    assert reply.outcome == "answer"
    assert reply.location is None


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("i said analyst before, i meant admin: avg pay in the us", "$85,504"),
        ("sorry, typo: i wrote analyst, meant administrator. what is the bonus", "1%"),
    ],
)
def test_what_was_said_before_what_was_meant_is_set_aside(
    engine: Engine, question: str, fact: str
) -> None:
    assert_leads_with(engine.answer(question), "pacs-administrator", fact, only=True)


def test_a_said_role_without_a_correction_is_still_asked_about(engine: Engine) -> None:
    # nothing says what was meant instead: what was said is the subject
    reply = engine.answer("my friend said ris analyst pay is low, what is the us average")
    assert reply.outcome == "answer"
    assert reply.subjects == ("ris-analyst",)


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        ("the boston number for pacs admins?", "pacs-administrator", "Boston"),
        ("what is the number for ris analysts with up to five years", "ris-analyst", "$125,000"),
    ],
)
def test_a_number_asked_for_a_role_is_its_pay(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    assert_leads_with(engine.answer(question), subject, fact)


@pytest.mark.parametrize(
    "question",
    [
        "what national pay are the ris state figures compared with",
        "the ris states are compared against which national figure?",
        "against what national number are the RIS states compared",
    ],
)
def test_what_one_term_s_pay_is_compared_against_is_a_pay_figure(
    engine: Engine, question: str
) -> None:
    # one thing named, its pay asked, nothing to set beside it: no definition of RIS
    assert_leads_with(engine.answer(question), "ris-analyst", "$77,441")


def test_two_terms_compared_are_still_set_side_by_side(engine: Engine) -> None:
    reply = engine.answer("ris vs pacs pay")
    assert reply.outcome == "answer"
    assert set(reply.subjects) == {"ris", "pacs"}
