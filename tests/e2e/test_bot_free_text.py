"""Free text: enabled channels, mentions, DMs, silence where it should be, cooldowns, pings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.render.discord_body import render_message, visible_text

from .bot_harness import add_bob, engine, posts, started_bot, wire
from .fake_discord import FakeDiscord, RecordedRequest

CONFIDENT = "how much does a pacs admin make in sf?"
UNSURE = "how much does an analyst make?"  # several roles: the engine would ask back
CONTROL = "what is dicom?"


def _passive(fake: FakeDiscord) -> dict[str, str]:
    """Settings that enable passive answers in #general (with the message-content intent)."""
    return {"MESSAGE_CONTENT_INTENT": "true", "PASSIVE_CHANNELS": str(fake.guild.text_channel.id)}


async def _reply_to(fake: FakeDiscord, message: dict[str, Any]) -> RecordedRequest:
    """The bot's reply (a channel message referencing ``message``)."""

    def probe() -> RecordedRequest | None:
        for request in posts(fake):
            reference = (request.json or {}).get("message_reference") or {}
            if str(reference.get("message_id")) == message["id"]:
                return request
        return None

    return await fake.wait_until(probe, 5.0, f"a reply to message {message['id']}")


async def _assert_silent(fake: FakeDiscord, message: dict[str, Any], **where: Any) -> None:
    """No reply to ``message``: a later mention in the same place is answered, and only it."""
    me = fake.bot_user.id
    control = await fake.inject_message(f"<@{me}> {CONTROL}", **where)
    await _reply_to(fake, control)
    for request in posts(fake):
        reference = (request.json or {}).get("message_reference") or {}
        assert str(reference.get("message_id")) != message["id"], "the bot should stay silent"


@pytest.mark.asyncio
async def test_enabled_channel_confident_question_is_answered(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with started_bot(fake_discord, tmp_path, **_passive(fake_discord)):
        message = await fake_discord.inject_message(CONFIDENT)
        reply = await _reply_to(fake_discord, message)
    expected = render_message(engine().answer(CONFIDENT), fake_discord.default_user.id)
    assert wire(reply.json) == wire(expected)
    assert reply.json["allowed_mentions"]["parse"] == []
    assert reply.json["allowed_mentions"].get("replied_user") is False
    assert fake_discord.violations == []


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "text",
    [UNSURE, "pacs admin salary in sf", "what a lovely day?", "lol"],
    ids=["unsure", "not-a-question", "off-topic", "chatter"],
)
async def test_enabled_channel_stays_silent_when_unsure(
    fake_discord: FakeDiscord, tmp_path: Path, text: str
) -> None:
    async with started_bot(fake_discord, tmp_path, **_passive(fake_discord)):
        message = await fake_discord.inject_message(text)
        await _assert_silent(fake_discord, message)


@pytest.mark.asyncio
async def test_disabled_channel_is_silent(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    other = next(c for c in fake_discord.guild.channels if c.name == "bot-commands")
    async with started_bot(fake_discord, tmp_path, **_passive(fake_discord)):
        message = await fake_discord.inject_message(CONFIDENT, channel_id=other.id)
        await _assert_silent(fake_discord, message, channel_id=other.id)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("text", "title"),
    [
        (CONFIDENT, "PACS Administrator salary in San Francisco"),
        (UNSURE, "Did you mean…"),
        ("can you recommend a pizza place?", "Sorry, I can't answer that"),
        ("", None),  # a bare mention gets the help text
    ],
    ids=["answer", "clarify", "decline", "bare"],
)
async def test_mention_always_gets_a_reply(
    fake_discord: FakeDiscord, tmp_path: Path, text: str, title: str | None
) -> None:
    me = fake_discord.bot_user.id
    async with started_bot(fake_discord, tmp_path):  # no message-content intent needed
        message = await fake_discord.inject_message(f"<@{me}> {text}")
        reply = await _reply_to(fake_discord, message)
    expected = engine().answer(text) if text else engine().answer_command("help", "")
    assert wire(reply.json) == wire(render_message(expected, fake_discord.default_user.id))
    if title:
        assert reply.json["embeds"][0]["title"] == title
    intents = discord.Intents(fake_discord.intents or 0)
    assert not intents.message_content and intents.guild_messages and intents.dm_messages


@pytest.mark.asyncio
async def test_dm_is_answered(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    async with started_bot(fake_discord, tmp_path):
        message = await fake_discord.inject_message("what is a vna?", dm=True)
        reply = await _reply_to(fake_discord, message)
    assert reply.path == f"/channels/{message['channel_id']}/messages"
    assert "VNA" in reply.json["embeds"][0]["title"]


@pytest.mark.asyncio
async def test_without_content_intent_passive_channels_are_silent(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    channel = str(fake_discord.guild.text_channel.id)
    async with started_bot(fake_discord, tmp_path, PASSIVE_CHANNELS=channel):
        message = await fake_discord.inject_message(CONFIDENT)
        await _assert_silent(fake_discord, message)


@pytest.mark.asyncio
@pytest.mark.parametrize("source", ["bot", "webhook", "self"])
async def test_never_answers_bots_webhooks_or_itself(
    fake_discord: FakeDiscord, tmp_path: Path, source: str
) -> None:
    me = fake_discord.bot_user.id
    text = f"<@{me}> {CONFIDENT}"
    async with started_bot(fake_discord, tmp_path, **_passive(fake_discord)):
        if source == "bot":
            message = await fake_discord.inject_message(text, bot=True)
        elif source == "webhook":
            message = await fake_discord.inject_message(text, webhook_id=1400000000000000001)
        else:
            message = await fake_discord.inject_message(text, author=fake_discord.bot_user)
        await _assert_silent(fake_discord, message)


@pytest.mark.asyncio
async def test_user_cooldown(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    me = fake_discord.bot_user.id
    async with started_bot(fake_discord, tmp_path, USER_COOLDOWN="2/60"):
        first = await fake_discord.inject_message(f"<@{me}> what is dicom?")
        second = await fake_discord.inject_message(f"<@{me}> what is hl7?")
        await _reply_to(fake_discord, first)
        await _reply_to(fake_discord, second)
        third = await fake_discord.inject_message(f"<@{me}> what is a vna?")
        notice = await _reply_to(fake_discord, third)
        assert "wait" in notice.json["content"] and not notice.json.get("embeds")
        fourth = await fake_discord.inject_message(f"<@{me}> what is ciip?")
        bob = add_bob(fake_discord)
        others = await fake_discord.inject_message(f"<@{me}> what is cpsm?", author=bob)
        await _reply_to(fake_discord, others)  # other people are not slowed down
        assert all(
            str(((r.json or {}).get("message_reference") or {}).get("message_id")) != fourth["id"]
            for r in posts(fake_discord)
        ), "one cooldown notice is enough"
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_channel_cooldown_in_enabled_channel(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    bob = add_bob(fake_discord)
    owner = fake_discord.user(fake_discord.guild.owner_id)
    questions = ["what is dicom?", "what is hl7?", "what is a vna?"]
    env = {**_passive(fake_discord), "CHANNEL_COOLDOWN": "2/60"}
    async with started_bot(fake_discord, tmp_path, **env):
        first = await fake_discord.inject_message(questions[0])
        await _reply_to(fake_discord, first)
        second = await fake_discord.inject_message(questions[1], author=bob)
        await _reply_to(fake_discord, second)
        third = await fake_discord.inject_message(questions[2], author=owner)
        await _assert_silent(fake_discord, third)


@pytest.mark.asyncio
async def test_same_answer_twice_points_to_the_first(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    bob = add_bob(fake_discord)
    async with started_bot(fake_discord, tmp_path, **_passive(fake_discord)):
        first = await fake_discord.inject_message(CONFIDENT)
        await _reply_to(fake_discord, first)
        answer = next(m for m in fake_discord.bot_messages() if m["embeds"])
        again = await fake_discord.inject_message("pacs admin pay in san francisco?", author=bob)
        pointer = await _reply_to(fake_discord, again)
        guild, channel = fake_discord.guild.id, answer["channel_id"]
        link = f"https://discord.com/channels/{guild}/{channel}/{answer['id']}"
        assert link in pointer.json["content"]
        assert not pointer.json.get("embeds")
        assert pointer.json["allowed_mentions"]["parse"] == []
        # Once the answer is deleted, asking again gets a fresh answer.
        delete = f"pacs:delete:{fake_discord.default_user.id}"
        click = await fake_discord.inject_component(int(answer["id"]), delete)
        await click.wait_response()
        await fake_discord.wait_until(lambda: int(answer["id"]) not in fake_discord.messages)
        third = await fake_discord.inject_message(CONFIDENT, author=bob)
        fresh = await _reply_to(fake_discord, third)
        assert fresh.json["embeds"][0]["title"] == answer["embeds"][0]["title"]


@pytest.mark.asyncio
async def test_mention_injection_pings_and_links_nothing(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    me = fake_discord.bot_user.id
    role = fake_discord.guild.role("Moderator").id
    alice = fake_discord.default_user.id
    hostile = [
        f"<@{me}> @everyone @here <@&{role}> <@{alice}> what is dicom? https://evil.example/x",
        f"<@{me}> [click](https://evil.example) @everyone pacs admin salary <@&{role}>",
        f"<@{me}> @everyone",
    ]
    async with started_bot(fake_discord, tmp_path):
        replies = []
        for text in hostile:
            message = await fake_discord.inject_message(text)
            replies.append(await _reply_to(fake_discord, message))
        record = await fake_discord.inject_slash("ask", {"question": hostile[0]})
        slash = (await record.wait_response())["data"]
    for body in [r.json for r in replies] + [slash]:
        assert body["allowed_mentions"]["parse"] == []
        assert not body["allowed_mentions"].get("users") and not body["allowed_mentions"].get(
            "roles"
        )
        text = visible_text(body)
        assert "@everyone" not in text and "@here" not in text
        assert not re.search(r"<@[!&]?\d+>", text)
        assert "evil.example" not in text and "https://" not in text
    assert fake_discord.violations == []  # includes the stand-in's no-pings check


@pytest.mark.asyncio
async def test_a_long_pasted_question_is_answered_like_a_short_one(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    """Long questions are answered off the event loop; the reply is the same as in the console.

    Two different questions, so the second is not taken for a repeat of the first.
    """
    context = "I have been a radiology tech for six years and I am thinking about a change. " * 12
    mentioned = f"{context}how much does a pacs admin make in sf?"
    passive = f"{context}how much does a ris analyst make in tennessee?"
    assert min(len(mentioned), len(passive)) > 300  # longer than what is answered inline
    me = fake_discord.bot_user.id
    async with started_bot(fake_discord, tmp_path, **_passive(fake_discord)):
        first = await fake_discord.inject_message(f"<@{me}> {mentioned}")
        first_reply = await _reply_to(fake_discord, first)
        second = await fake_discord.inject_message(passive, author=add_bob(fake_discord))
        second_reply = await _reply_to(fake_discord, second)
    for question, reply, asker in (
        (mentioned, first_reply, fake_discord.default_user.id),
        (passive, second_reply, None),
    ):
        expected = render_message(engine().answer(question), asker)
        assert wire(reply.json)["embeds"] == wire(expected)["embeds"]
    assert "$100,081" in visible_text(first_reply.json)
    assert "$7,399" in visible_text(second_reply.json)
