"""Definitions, duties, requirements and certifications as users ask them (round 6): the fact
asked for is reached and leads. The questions are paraphrases written for these rules, not
copies of any labelled set.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.engine.leading import assert_leads_with


@pytest.mark.parametrize(
    "question",
    [
        "what disciplines aside from radiology adopted pacs & vna",
        "which specialties apart from radiology adopted pacs",
    ],
)
def test_an_on_topic_word_in_a_terms_name_is_still_a_word_of_the_question(
    engine: Engine, question: str
) -> None:
    # "radiology" is in the name "imaging beyond radiology" but asks about radiology all the same
    reply = engine.answer(question)
    assert_leads_with(reply, "pacs", "nuclear medicine imaging, cardiology")


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("what are medical images used for, diagnosis only?", "diagnosis and therapy"),
        ("medical images get used for what? diagnosis?", "diagnosis and therapy"),
        ("what are medical scans used for", "track the course of treatment"),
    ],
)
def test_what_medical_images_are_for_is_answered_by_what_pacs_says_of_them(
    engine: Engine, question: str, fact: str
) -> None:
    # the words "radiology" and "imaging" are on-topic words, and "used for" what PACS does
    reply = engine.answer(question)
    assert_leads_with(reply, "pacs", fact)


def test_the_sentence_before_an_ask_naming_nothing_says_what_it_asks_about(
    engine: Engine,
) -> None:
    # the earlier background ("switch over to the IT side") would make the story decline
    reply = engine.answer(
        "I'm a lab tech in Lima and I hope to switch over to the IT side one day. Someone told"
        " me PACS keeps images but I have no idea what departments besides radiology use it."
        " Which ones use it?"
    )
    assert_leads_with(reply, "pacs", "nuclear medicine imaging, cardiology")


@pytest.mark.parametrize(
    "question",
    [
        "what do imaging professionals actually do all day",
        "in a nutshell what does the pacs field do",
    ],
)
def test_what_the_whole_field_does_is_what_its_own_overview_says(
    engine: Engine, question: str
) -> None:
    # the field named outright has no duties list: its overview says what it does, rather than
    # one of its roles' duties
    reply = engine.answer(question)
    assert_leads_with(reply, "pacs-professional", "smooth transition of workflows", only=True)


@pytest.mark.parametrize(
    "question",
    [
        "roughly how many states pay a ris analyst above the national average?",
        "number of states where ris analysts beat the national average",
    ],
)
def test_a_count_asked_for_is_answered_by_the_fact_stating_that_count_first(
    engine: Engine, question: str
) -> None:
    # the state figures ("+$7,399 (+9.6%)") count nothing, however many digits they show
    reply = engine.answer(question)
    assert_leads_with(reply, "ris-analyst", "Since 11 states")
