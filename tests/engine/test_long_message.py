"""A message longer than the engine reads is not cut silently: its last question is answered and
the reply says so, or the reply asks for a shorter question."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot.engine import MAX_QUESTION_CHARS, Engine
from bot.knowledge.validate import every_answer
from bot.render.discord_body import render_message, visible_text
from bot.render.terminal import render_text
from bot.replies.long_message import with_long_message_notice
from tests.e2e.discord_limits import check_message_body
from tests.reply_contract import check_reply_object

STORY = "I have worked as a radiology technologist for eight years and want a change. " * 30
NOTICE = "Your message was long, so I answered its last question: "


def long_message(*sentences: str) -> str:
    """A story over the engine's limit, followed by the given sentences."""
    text = " ".join([STORY, *sentences])
    assert len(text) > MAX_QUESTION_CHARS
    return text


def test_the_last_question_is_answered_and_the_reply_says_so(engine: Engine) -> None:
    reply = engine.answer(
        long_message("What is DICOM?", "And how much does a PACS admin make in Boston?", "Thanks!")
    )
    assert (reply.outcome, reply.intent, reply.subjects, reply.location) == (
        "answer",
        "salary",
        ("pacs-administrator",),
        "boston",
    )
    assert reply.question == "And how much does a PACS admin make in Boston?"
    first_line = reply.description.splitlines()[0]
    assert first_line == NOTICE + "“And how much does a PACS admin make in Boston?”"
    data = reply.to_dict()
    check_reply_object(data)
    assert first_line in data["text"]
    assert data["message"]["embeds"][0]["description"].startswith(first_line)
    assert render_text(reply).startswith("PACS Administrator salary in Boston\n")
    assert first_line in " ".join(render_text(reply).split())


def test_a_question_without_a_question_mark_and_a_slash_command_count(engine: Engine) -> None:
    reply = engine.answer(long_message("what does a ris analyst earn", "Cheers."))
    assert reply.subjects == ("ris-analyst",) and reply.intent == "salary"
    reply = engine.answer(long_message("\n/define dicom\nthanks"))
    assert reply.question == "/define dicom" and reply.subjects == ("dicom",)
    assert reply.description.startswith(NOTICE + "“/define dicom”")


def test_a_long_message_without_a_question_asks_for_a_shorter_one(engine: Engine) -> None:
    for text in (long_message("Thanks for reading."), "x" * 50_000):
        reply = engine.answer(text)
        assert reply.outcome == "decline"
        assert len(reply.question) <= MAX_QUESTION_CHARS
        assert "longer than the 2,000 characters I read" in reply.description
        assert "Please ask me one shorter question." in reply.to_dict()["text"]


def test_a_message_at_the_limit_is_answered_whole(engine: Engine) -> None:
    question = "how much does a pacs admin make"
    text = question + " " * 10 + "." * (MAX_QUESTION_CHARS - len(question) - 10)
    assert len(text) == MAX_QUESTION_CHARS
    reply = engine.answer(text)
    assert not reply.description.startswith(NOTICE)


def test_the_quoted_question_is_shortened_and_shows_as_typed(engine: Engine) -> None:
    asked = "is a *pacs* _admin_ in snake_case land well paid " + "really " * 40 + "?"
    reply = engine.answer(long_message(asked))
    first_line = reply.description.splitlines()[0]
    assert first_line.endswith("…”") and len(first_line) < len(NOTICE) + 200
    shown = render_text(reply)
    assert "“is a *pacs* _admin_ in snake_case land well paid really" in " ".join(shown.split())


@pytest.mark.parametrize(
    "question",
    [
        "@everyone how much does a pacs admin make?",
        "<@&123456789012345678> <@123456789012345678> pacs analyst salary?",
        "ris analyst pay https://evil.example/phish [click](https://evil.example) www.evil.com?",
        "[pacs admin](https://evil.example) salary @here?",
        "what is dicom <:pepe:123456789012345678> ||spoiler|| `code` **bold**?",
    ],
)
def test_the_quoted_question_never_pings_or_links(engine: Engine, question: str) -> None:
    reply = engine.answer(long_message(question))
    assert reply.description.startswith(NOTICE)
    shown = visible_text(reply.to_dict()["message"])
    assert not re.search(r"@everyone|@here|<@[!&]?\d+>|<#\d+>|https?://|www\.|\]\(", shown)
    assert "evil" not in shown and "pepe" not in shown


def test_the_notice_keeps_every_reply_within_discord_limits(engine: Engine) -> None:
    """Every answer the knowledge base can give, with the longest notice on top, still fits."""
    longest_quote = "<" * 200 + "?"  # every character escaped, the quote cut at its limit
    for _, reply in every_answer(engine.knowledge):
        noticed = with_long_message_notice(replace(reply, question=longest_quote))
        body = render_message(noticed, asker_id=987654321098765432)
        assert check_message_body(body) == [], reply.title
        embed = body["embeds"][0]
        assert embed["description"] == noticed.description, "the notice cut the description"
        assert embed["description"].startswith(NOTICE + "“" + "\\<" * 149 + "…”\n\n")
        assert embed.get("fields") == render_message(reply)["embeds"][0].get("fields")


def test_a_question_after_more_words_than_the_matcher_reads_is_still_found(engine: Engine) -> None:
    """Pasted context under the character limit but over the matcher's word limit: the question
    at the end is what gets answered (it was cut off and the message declined before)."""
    text = STORY[:1200] + " so my question is: how much does a pacs admin make in sf?"
    assert len(text) <= MAX_QUESTION_CHARS
    reply = engine.answer(text)
    assert (reply.outcome, reply.subjects, reply.location) == (
        "answer",
        ("pacs-administrator",),
        "san-francisco",
    )
    assert NOTICE in visible_text(render_message(reply))


def test_a_long_message_that_is_all_one_question_is_read_as_it_is(engine: Engine) -> None:
    """Over the word limit with no shorter question inside: read whole, without a notice."""
    words = "what does a " + " ".join(["very"] * 130) + " senior pacs admin make?"
    reply = engine.answer(words)
    assert NOTICE not in visible_text(render_message(reply))
