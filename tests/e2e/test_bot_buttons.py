"""Clarification buttons and the Delete button: they work, and only for the right people."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.render.discord_body import render_message
from bot.replies.reply import parse_choice_id

from .bot_harness import add_bob, buttons, engine, posts, started_bot, wire
from .fake_discord import EPHEMERAL, FakeDiscord

AMBIGUOUS = {"role": "analyst"}  # several roles match: the bot asks back with buttons


async def _clarification(fake: FakeDiscord):
    record = await fake.inject_slash("salary", AMBIGUOUS)
    response = await record.wait_response()
    assert response["data"]["embeds"][0]["title"] == "Did you mean…"
    choices = [b for b in buttons(response["data"]) if b["custom_id"].startswith("pacs:ask:")]
    assert len(choices) >= 2
    return record, response, choices


@pytest.mark.asyncio
async def test_choice_answers_in_place(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    async with started_bot(fake_discord, tmp_path):
        record, _, choices = await _clarification(fake_discord)
        click = await fake_discord.inject_component(record.message_id, choices[0]["custom_id"])
        answer = await click.wait_response()
    assert answer["type"] == 7  # UPDATE_MESSAGE: the question becomes the answer
    choice = parse_choice_id(choices[0]["custom_id"])
    assert choice is not None
    expected = render_message(engine().answer_choice(choice), fake_discord.default_user.id)
    assert wire(answer["data"]) == wire(expected)
    stored = fake_discord.messages[record.message_id]
    assert stored["embeds"][0]["title"] == expected["embeds"][0]["title"]
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_others_cannot_pick(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    bob = add_bob(fake_discord)
    async with started_bot(fake_discord, tmp_path):
        record, _, choices = await _clarification(fake_discord)
        click = await fake_discord.inject_component(
            record.message_id, choices[0]["custom_id"], user=bob
        )
        refusal = await click.wait_response()
    assert refusal["type"] == 4
    assert refusal["data"]["flags"] & EPHEMERAL
    assert "Only the person who asked" in refusal["data"]["content"]
    assert fake_discord.messages[record.message_id]["embeds"][0]["title"] == "Did you mean…"


@pytest.mark.asyncio
async def test_free_text_clarification_buttons(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    bob = add_bob(fake_discord)
    me = fake_discord.bot_user.id
    async with started_bot(fake_discord, tmp_path):
        await fake_discord.inject_message(f"<@{me}> how much does an analyst make?")
        post = await fake_discord.wait_for_request(lambda r: r in posts(fake_discord))
        message_id = next(
            int(m["id"]) for m in fake_discord.bot_messages() if m["embeds"] and m["components"]
        )
        choice = next(b for b in buttons(post.json) if b["custom_id"].startswith("pacs:ask:"))
        refused = await fake_discord.inject_component(message_id, choice["custom_id"], user=bob)
        assert (await refused.wait_response())["data"]["flags"] & EPHEMERAL
        click = await fake_discord.inject_component(message_id, choice["custom_id"])
        answer = await click.wait_response()
    assert answer["type"] == 7
    assert answer["data"]["embeds"][0]["title"] != "Did you mean…"


@pytest.mark.asyncio
async def test_delete_by_asker(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    async with started_bot(fake_discord, tmp_path):
        record = await fake_discord.inject_slash("cert", {"certification": "ciip"})
        response = await record.wait_response()
        delete = buttons(response["data"])[-1]
        assert delete["label"] == "Delete"
        assert delete["custom_id"] == f"pacs:delete:{fake_discord.default_user.id}"
        click = await fake_discord.inject_component(record.message_id, delete["custom_id"])
        assert (await click.wait_response())["type"] == 6
        await fake_discord.wait_until(lambda: record.message_id not in fake_discord.messages)


@pytest.mark.asyncio
async def test_delete_refused_for_others_allowed_for_moderators(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    bob = add_bob(fake_discord)
    moderator = next(m.user for m in fake_discord.guild.members if m.user.username == "moderator")
    async with started_bot(fake_discord, tmp_path):
        record = await fake_discord.inject_slash("define", {"term": "hl7"})
        delete = buttons((await record.wait_response())["data"])[-1]["custom_id"]
        refused = await fake_discord.inject_component(record.message_id, delete, user=bob)
        refusal = await refused.wait_response()
        assert refusal["type"] == 4 and refusal["data"]["flags"] & EPHEMERAL
        assert record.message_id in fake_discord.messages
        allowed = await fake_discord.inject_component(record.message_id, delete, user=moderator)
        assert (await allowed.wait_response())["type"] == 6
        await fake_discord.wait_until(lambda: record.message_id not in fake_discord.messages)
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_buttons_work_after_a_restart(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    async with started_bot(fake_discord, tmp_path):
        record, _, choices = await _clarification(fake_discord)
    async with started_bot(fake_discord, tmp_path):  # a new process knows nothing of the message
        click = await fake_discord.inject_component(record.message_id, choices[1]["custom_id"])
        assert (await click.wait_response())["type"] == 7
