"""Pay, places and career path, as users ask them (round 5): the fact asked for is reached and
leads. The questions are paraphrases written for these rules, not copies of any labelled set.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.engine.leading import assert_leads_with


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
