"""The sentences that ask are read first; the words that frame an ask do not choose its reading.

The questions here are paraphrases written for these rules, not copies of any labelled set: each
states what a user would see first when the rule works.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.replies.reply import Reply

LEAD = 300


def _text(reply: Reply) -> str:
    return str(reply.to_dict()["text"])


def _leads_with(reply: Reply, subject: str | None, fact: str) -> None:
    assert reply.outcome == "answer", _text(reply)[:LEAD]
    assert subject is None or reply.subjects == (subject,), reply.subjects
    assert fact.lower() in _text(reply)[:LEAD].lower(), _text(reply)[:LEAD]


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        ("how much experience do ris analysts need", "ris-analyst", "hands-on experience"),
        ("how much training does a pacs admin need", "pacs-administrator", "Training"),
    ],
)
def test_how_much_of_something_else_is_no_pay_question(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    reply = engine.answer(question)
    assert reply.intent == "qualifications", _text(reply)[:LEAD]
    _leads_with(reply, subject, fact)
