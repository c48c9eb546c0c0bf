"""One answering pipeline: slash commands, free text and buttons answer, record and remember alike.

And the cooldowns: public replies (in a channel) are limited per user and per channel; private
replies (ephemeral answers, DMs) only by a generous abuse limit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .bot_harness import add_bob, buttons, posts, started_bot
from .fake_discord import EPHEMERAL, FakeDiscord, RecordedRequest
from .test_bot_moderation import kb, moderator, poll_until, private_embed

# The defaults of ``USER_COOLDOWN`` and ``CHANNEL_COOLDOWN``, which the harness relaxes.
DEFAULT_COOLDOWNS = {"USER_COOLDOWN": "4/20", "CHANNEL_COOLDOWN": "12/30"}
LOOKUPS: list[tuple[str, dict[str, Any]]] = [
    ("salary", {"role": "pacs admin"}),
    ("salary", {"role": "ris analyst"}),
    ("salary", {"role": "pacs analyst"}),
    ("compare", {"first": "pacs admin", "second": "ris analyst"}),
    ("role", {"role": "pacs manager"}),
]
FLOOD = [
    "what is dicom?",
    "what is hl7?",
    "what is a vna?",
    "what is the ciip?",
    "what is cpsm?",
    "how much does a pacs admin make in sf?",
]


async def _stats(fake: FakeDiscord) -> dict[str, str]:
    embed = await private_embed(await kb(fake, "stats", moderator(fake)))
    return {f["name"]: f["value"] for f in embed["fields"]}


@pytest.mark.asyncio
async def test_a_clarification_click_is_counted(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    async with started_bot(fake_discord, tmp_path, WATCH_KNOWLEDGE="false"):
        record = await fake_discord.inject_slash("salary", {"role": "analyst"})
        response = await record.wait_response()
        assert response["data"]["embeds"][0]["title"] == "Did you mean…"
        choice = next(
            b for b in buttons(response["data"]) if b["custom_id"].startswith("pacs:ask:")
        )
        click = await fake_discord.inject_component(record.message_id, choice["custom_id"])
        assert (await click.wait_response())["type"] == 7
        seen: dict[str, str] = {}

        async def counted() -> bool:
            seen.update(await _stats(fake_discord))
            return seen["Asked"] == "2"

        for _ in range(50):  # the question is written after the answer is sent
            if await counted():
                break
    assert seen["Asked"] == "2", seen
    assert seen["Answered"] == "50% (1)" and seen["Asked back"] == "50% (1)"


@pytest.mark.asyncio
async def test_slash_follow_up_uses_the_channel_context(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with started_bot(fake_discord, tmp_path):
        first = await fake_discord.inject_slash(
            "ask", {"question": "how much does a pacs admin make"}
        )
        assert (await first.wait_response())["data"]["embeds"][0]["title"] == (
            "PACS Administrator salary"
        )
        follow_up = await fake_discord.inject_slash("ask", {"question": "and in boston?"})
        title = (await follow_up.wait_response())["data"]["embeds"][0]["title"]
    assert title == "PACS Administrator salary in Boston"


@pytest.mark.asyncio
async def test_a_mention_follows_up_on_a_button_answer(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    me = fake_discord.bot_user.id
    async with started_bot(fake_discord, tmp_path):
        record = await fake_discord.inject_slash("salary", {"role": "analyst"})
        response = await record.wait_response()
        choice = next(
            b for b in buttons(response["data"]) if b["custom_id"] == "pacs:ask:salary:pacs-analyst"
        )
        click = await fake_discord.inject_component(record.message_id, choice["custom_id"])
        assert (await click.wait_response())["data"]["embeds"][0]["title"] == "PACS Analyst salary"
        await fake_discord.inject_message(f"<@{me}> and in boston?")
        reply = await fake_discord.wait_for_request(lambda r: r in posts(fake_discord))
    assert reply.json["embeds"][0]["title"] == "PACS Analyst salary in Boston"


async def _flood_answers(fake: FakeDiscord, messages: list[dict[str, Any]]) -> list[str]:
    """Ids of the flood messages the bot replied to (after a control mention is answered)."""
    me = fake.bot_user.id
    bob = add_bob(fake)
    control = await fake.inject_message(f"<@{me}> what is dicom?", author=bob)

    def replied() -> RecordedRequest | None:
        return next(
            (
                r
                for r in posts(fake)
                if str(((r.json or {}).get("message_reference") or {}).get("message_id"))
                == control["id"]
            ),
            None,
        )

    await fake.wait_until(replied, 5.0, "the control mention's answer")
    ids = {m["id"] for m in messages}
    return [
        str(ref)
        for r in posts(fake)
        if (ref := ((r.json or {}).get("message_reference") or {}).get("message_id")) is not None
        and str(ref) in ids
    ]


@pytest.mark.asyncio
async def test_private_lookups_are_not_rationed_but_a_public_flood_is(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    env = {
        **DEFAULT_COOLDOWNS,
        "MESSAGE_CONTENT_INTENT": "true",
        "PASSIVE_CHANNELS": str(fake_discord.guild.text_channel.id),
    }
    async with started_bot(fake_discord, tmp_path, **env):
        for command, options in LOOKUPS:  # comparing roles, privately, in a quick row
            record = await fake_discord.inject_slash(command, {**options, "private": True})
            response = await record.wait_response()
            assert response["type"] == 4, (command, options)
            assert response["data"]["flags"] & EPHEMERAL
            assert response["data"]["embeds"], f"/{command} {options}: {response['data']}"
        flood = [await fake_discord.inject_message(text) for text in FLOOD]
        answered = await _flood_answers(fake_discord, flood)
    assert len(answered) == 4, "four public answers per user in 20 s, as before"
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_lookups_in_dms_are_not_rationed(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    me = fake_discord.bot_user.id
    async with started_bot(fake_discord, tmp_path, **DEFAULT_COOLDOWNS):
        for command, options in LOOKUPS:
            record = await fake_discord.inject_slash(command, options, dm=True)
            response = await record.wait_response()
            assert response["data"]["embeds"], f"/{command} {options}: {response['data']}"
        asked = [await fake_discord.inject_message(text, dm=True) for text in FLOOD]

        def answered() -> int:
            ids = {m["id"] for m in asked}
            return sum(
                1
                for r in posts(fake_discord)
                if str(((r.json or {}).get("message_reference") or {}).get("message_id")) in ids
                and (r.json or {}).get("embeds")
            )

        await poll_until(lambda: answered() == len(FLOOD), 5.0, "every DM answered")
        mention = await fake_discord.inject_message(f"<@{me}> what is dicom?")
        await fake_discord.wait_until(
            lambda: any(
                str(((r.json or {}).get("message_reference") or {}).get("message_id"))
                == mention["id"]
                for r in posts(fake_discord)
            ),
            5.0,
            "the answer to a public mention",
        )
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_public_lookups_are_still_limited(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    async with started_bot(fake_discord, tmp_path, **DEFAULT_COOLDOWNS):
        responses = []
        for command, options in LOOKUPS:
            record = await fake_discord.inject_slash(command, options)
            responses.append((await record.wait_response())["data"])
    assert all(not (r.get("flags") or 0) & EPHEMERAL and r["embeds"] for r in responses[:4])
    notice = responses[4]
    assert notice["flags"] & EPHEMERAL and not notice.get("embeds")
    assert "wait" in notice["content"] and "private" in notice["content"]


@pytest.mark.asyncio
async def test_private_lookups_have_their_own_follow_ups(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    bob = add_bob(fake_discord)
    async with started_bot(fake_discord, tmp_path):
        public = await fake_discord.inject_slash("salary", {"role": "ris analyst"})
        await public.wait_response()
        private = await fake_discord.inject_slash(
            "ask", {"question": "how much does a pacs admin make", "private": True}
        )
        assert (await private.wait_response())["data"]["flags"] & EPHEMERAL
        mine = await fake_discord.inject_slash(
            "ask", {"question": "and in boston?", "private": True}
        )
        theirs = await fake_discord.inject_slash("ask", {"question": "and in boston?"}, user=bob)
        mine_title = (await mine.wait_response())["data"]["embeds"][0]["title"]
        theirs_title = (await theirs.wait_response())["data"]["embeds"][0]["title"]
    assert mine_title == "PACS Administrator salary in Boston"
    assert theirs_title == "RIS Analyst salary in Boston", "private lookups stay private"


@pytest.mark.asyncio
async def test_a_private_clarification_is_answered_in_place(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with started_bot(fake_discord, tmp_path, WATCH_KNOWLEDGE="false"):
        record = await fake_discord.inject_slash("salary", {"role": "analyst", "private": True})
        response = await record.wait_response()
        assert response["data"]["flags"] & EPHEMERAL
        assert response["data"]["embeds"][0]["title"] == "Did you mean…"
        choice = next(
            b for b in buttons(response["data"]) if b["custom_id"] == "pacs:ask:salary:pacs-analyst"
        )
        click = await fake_discord.inject_component(record.message_id, choice["custom_id"])
        answer = await click.wait_response()
        follow_up = await fake_discord.inject_slash(
            "ask", {"question": "and in boston?", "private": True}
        )
        title = (await follow_up.wait_response())["data"]["embeds"][0]["title"]
    assert answer["type"] == 7 and answer["data"]["embeds"][0]["title"] == "PACS Analyst salary"
    assert title == "PACS Analyst salary in Boston"
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_public_lookups_count_against_the_channel_limit(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    bob = add_bob(fake_discord)
    async with started_bot(fake_discord, tmp_path, CHANNEL_COOLDOWN="2/60"):
        for user in (fake_discord.default_user, bob):
            record = await fake_discord.inject_slash("define", {"term": "dicom"}, user=user)
            assert (await record.wait_response())["data"]["embeds"]
        moderator_ = moderator(fake_discord)
        third = await fake_discord.inject_slash("define", {"term": "hl7"}, user=moderator_)
        notice = (await third.wait_response())["data"]
        private = await fake_discord.inject_slash(
            "define", {"term": "hl7", "private": True}, user=moderator_
        )
        answer = (await private.wait_response())["data"]
    assert notice["flags"] & EPHEMERAL and "wait" in notice["content"]
    assert not notice.get("embeds"), "the channel had its two public answers"
    assert answer["flags"] & EPHEMERAL and "HL7" in answer["embeds"][0]["title"]
