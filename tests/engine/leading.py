"""The check every "the fact leads" test makes: answered, about the subject, the fact up front."""

from __future__ import annotations

from bot.replies.reply import Reply
from tests.question_grading import LEAD_CHARS, reply_text


def assert_leads_with(reply: Reply, subject: str | None, fact: str, *, only: bool = False) -> None:
    """The reply answers about ``subject`` (the only subject when ``only``) and shows ``fact``
    within the first LEAD_CHARS characters of its text."""
    head = reply_text(reply)[:LEAD_CHARS]
    assert reply.outcome == "answer", head
    if subject is not None:
        about = reply.subjects == (subject,) if only else subject in reply.subjects
        assert about, reply.subjects
    assert fact.lower() in head.lower(), head
