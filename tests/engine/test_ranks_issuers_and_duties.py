"""Certifications named by their rank or their issuer, and what one role does (issue 9, round 5)."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.engine.leading import assert_leads_with


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        ("which parca cert is the beginner one?", "cpas", "entry level"),
        ("the parca certification for beginners, what's it called", "cpas", "entry level"),
        ("parca cert that is niche?", "cpia", "very specialised"),
    ],
)
def test_an_issuers_cert_named_by_its_rank_is_the_certification_of_that_level(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    # "parca cert" names PARCA, and its "cert" still asks about certifications
    assert_leads_with(engine.answer(question), subject, fact, only=True)


def test_two_ranks_asked_together_answer_both_certifications(engine: Engine) -> None:
    reply = engine.answer("beginner certification? and the niche one?")
    assert reply.outcome == "answer"
    assert set(reply.subjects) == {"cpas", "cpia"}
