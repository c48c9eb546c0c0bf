"""Questions about the certifications, asked the way members ask them (issue 9, round 4)."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.engine.leading import assert_leads_with


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        ("whats at the bottom of the parca ladder", "cpas", "entry level"),
        ("the peak of the PARCA ladder, which is it?", "cpsm", "highest PARCA qualification"),
        ("top rung of the parca ladder?", "cpsm", "highest PARCA qualification"),
    ],
)
def test_a_rank_on_an_issuers_ladder_is_the_certification_of_that_level(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    # "ladder" reads as a career path, which PARCA has none of: its certifications answer
    assert_leads_with(engine.answer(question), subject, fact, only=True)
