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
