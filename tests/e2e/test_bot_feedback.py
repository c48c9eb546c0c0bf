"""Helpful / Not helpful on answers: anyone may vote, once per message, and may change the vote."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot.render.discord_body import FEEDBACK_NO, FEEDBACK_YES

from .bot_harness import add_bob, buttons, posts, started_bot
from .fake_discord import EPHEMERAL, FakeDiscord
from .fake_world import FakeUser
from .test_bot_moderation import kb, moderator, poll_until, private_embed


def stored_questions(state: Path) -> int:
    """Questions the bot has written to its database so far (read as another process would).

    The bot records a question only after its answer is sent, so a test waits for the row.
    """
    with sqlite3.connect(state / "pacsbot.sqlite3") as db:
        return int(db.execute("SELECT count(*) FROM questions").fetchone()[0])


async def vote(fake: FakeDiscord, message_id: int, custom_id: str, user: FakeUser) -> str:
    """Click a feedback button; the private thanks."""
    record = await fake.inject_component(message_id, custom_id, user=user)
    response = await record.wait_response()
    assert response["type"] == 4 and response["data"]["flags"] & EPHEMERAL
    assert not record.edits, "the answer itself is left alone"
    return response["data"]["content"]


async def helpful(fake: FakeDiscord) -> str:
    """The Helpful field of ``/kb stats``."""
    embed = await private_embed(await kb(fake, "stats", moderator(fake)))
    fields: dict[str, Any] = {f["name"]: f["value"] for f in embed["fields"]}
    return fields["Helpful"]


@pytest.mark.asyncio
async def test_only_answers_carry_the_feedback_buttons(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with started_bot(fake_discord, tmp_path, WATCH_KNOWLEDGE="false"):
        labels = {}
        for question in ("what is the ciip?", "how much does an analyst make?", "pizza?"):
            record = await fake_discord.inject_slash("ask", {"question": question})
            data = (await record.wait_response())["data"]
            labels[question] = [b["label"] for b in buttons(data)]
            last_row = data["components"][-1]["components"]
            assert last_row[-1]["label"] == "Delete"
    assert labels["what is the ciip?"] == ["Helpful", "Not helpful", "Delete"]
    assert "Helpful" not in labels["how much does an analyst make?"]  # a clarification
    assert labels["pizza?"] == ["Delete"]  # a decline
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_votes_are_counted_once_per_person_and_can_change(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    alice, bob, mod = fake_discord.default_user, add_bob(fake_discord), moderator(fake_discord)
    me = fake_discord.bot_user.id
    env = {"WATCH_KNOWLEDGE": "false"}
    async with started_bot(fake_discord, tmp_path, **env):
        assert await helpful(fake_discord) == "no votes yet"
        record = await fake_discord.inject_slash("cert", {"certification": "ciip"})
        await record.wait_response()
        answer = record.message_id
        assert answer is not None
        # (a vote links to the stored question once it is stored: people click after reading)
        await poll_until(lambda: stored_questions(tmp_path) == 1, 2.0, "the question to be stored")
        assert (await vote(fake_discord, answer, FEEDBACK_YES, alice)).startswith("Thanks")
        assert (await vote(fake_discord, answer, FEEDBACK_NO, bob)).startswith("Thanks")
        assert (await vote(fake_discord, answer, FEEDBACK_YES, mod)).startswith("Thanks")
        assert (await vote(fake_discord, answer, FEEDBACK_YES, mod)).startswith("Thanks")
        assert await helpful(fake_discord) == "67% of 3 votes"
        await vote(fake_discord, answer, FEEDBACK_NO, alice)  # changes her vote
        assert await helpful(fake_discord) == "33% of 3 votes"

        # a free-text answer has the buttons too
        message = await fake_discord.inject_message(f"<@{me}> what is dicom?")
        await fake_discord.wait_until(lambda: any(r.status == 200 for r in posts(fake_discord)))
        reply = next(
            m
            for m in fake_discord.bot_messages()
            if (m.get("message_reference") or {}).get("message_id") == message["id"]
        )
        await poll_until(lambda: stored_questions(tmp_path) == 2, 2.0, "the question to be stored")
        await vote(fake_discord, int(reply["id"]), FEEDBACK_YES, bob)
        assert await helpful(fake_discord) == "50% of 4 votes"

    async with started_bot(fake_discord, tmp_path, **env):  # the buttons outlive the process
        await vote(fake_discord, answer, FEEDBACK_YES, alice)
        assert await helpful(fake_discord) == "75% of 4 votes"

    with sqlite3.connect(tmp_path / "pacsbot.sqlite3") as db:
        rows = db.execute("SELECT message_id, question_id FROM feedback").fetchall()
    linked = {message_id: question_id for message_id, question_id in rows}
    assert linked[answer] is not None and linked[int(reply["id"])] is not None, linked
    assert fake_discord.violations == []
