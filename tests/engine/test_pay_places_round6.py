"""Career relations between roles, as users ask them (round 6): who is whose boss is answered by
the manager's duty naming it. The questions are paraphrases written for these rules, not copies
of any labelled set.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.engine.leading import assert_leads_with


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("who is the boss of a pacs manager", "program director"),
        ("as pacs manager will i be the boss of the analysts", "Supervise all of the analysts"),
        ("pacs manager or analyst, who's the boss", "Supervise all of the analysts"),
    ],
)
def test_who_is_the_boss_is_answered_by_the_managers_duty_naming_it(
    engine: Engine, question: str, fact: str
) -> None:
    # "boss" is no word of the knowledge: the duties' example phrasings say what it asks
    reply = engine.answer(question)
    assert_leads_with(reply, "pacs-manager", fact)


@pytest.mark.parametrize(
    "question", ["what does a regular analyst make in sf", "general pacs analyst pay in sf?"]
)
def test_a_plain_analyst_named_as_regular_is_the_pacs_analyst(
    engine: Engine, question: str
) -> None:
    # "regular" sets the plain PACS analyst apart from the cardiology, RIS and junior ones
    reply = engine.answer(question)
    assert_leads_with(reply, "pacs-analyst", "$119,416")
