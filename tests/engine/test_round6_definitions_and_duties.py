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
    "question",
    ["what are medical scans used for", "medical images, used for what exactly?"],
)
def test_what_medical_images_are_for_is_answered_by_the_care_plan_fact(
    engine: Engine, question: str
) -> None:
    reply = engine.answer(question)
    assert_leads_with(reply, "pacs", "clinical analysis, diagnosis and therapy")


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
