"""The bot survives REST errors (500, 429) and a dropped gateway connection, and keeps answering.

More network faults (fault rates, Cloudflare 429s, lost replies, silence, overload) are in
test_bot_network.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .bot_harness import finished, posts, started_bot
from .fake_discord import FakeDiscord


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [500, 429])
async def test_interaction_callback_error_still_answers(
    fake_discord: FakeDiscord, tmp_path: Path, status: int
) -> None:
    async with started_bot(fake_discord, tmp_path):
        fault = fake_discord.fail_next("POST", r"/interactions/\d+/[^/]+/callback$", status)
        record = await fake_discord.inject_slash("cert", {"certification": "cpsm"})
        message = await finished(fake_discord, record)  # retried (429) or deferred (500)
        assert fault.hits == 1
        assert "CPSM" in message["embeds"][0]["title"]
        after = await fake_discord.inject_slash("define", {"term": "pacs"})
        assert (await after.wait_response())["type"] == 4
    assert fake_discord.violations == []


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [500, 429])
async def test_channel_message_error_is_retried(
    fake_discord: FakeDiscord, tmp_path: Path, status: int
) -> None:
    me = fake_discord.bot_user.id
    async with started_bot(fake_discord, tmp_path):
        fault = fake_discord.fail_next("POST", r"^/channels/\d+/messages$", status)
        await fake_discord.inject_message(f"<@{me}> what is dicom?")
        await fake_discord.wait_until(lambda: any(r.status == 200 for r in posts(fake_discord)))
        assert fault.hits == 1
        statuses = [r.status for r in posts(fake_discord)]
    assert statuses == [status, 200]


@pytest.mark.asyncio
@pytest.mark.parametrize("code", [None, 4000, 1011], ids=["abrupt", "4000", "1011"])
async def test_dropped_gateway_resumes_and_keeps_answering(
    fake_discord: FakeDiscord, tmp_path: Path, code: int | None
) -> None:
    async with started_bot(fake_discord, tmp_path):
        await fake_discord.drop_gateway(code)
        # An interaction created while the bot is away is replayed when it resumes.
        record = await fake_discord.inject_slash("role", {"role": "pacs admin"})
        await fake_discord.wait_resumed(timeout=10.0)
        assert (await record.wait_response())["type"] == 4
        after = await fake_discord.inject_slash("help")
        assert (await after.wait_response())["type"] == 4
    assert len(fake_discord.identifies) == 1, "resumed, not re-identified"


@pytest.mark.asyncio
async def test_invalid_session_reidentifies_and_keeps_answering(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with started_bot(fake_discord, tmp_path):
        await fake_discord.send_op(9, False)  # INVALID_SESSION, not resumable
        await fake_discord.wait_identified(2, timeout=10.0)
        record = await fake_discord.inject_slash("cert", {"certification": "ciip"})
        assert (await record.wait_response())["type"] == 4
