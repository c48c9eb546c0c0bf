"""A flaky or overloaded Discord: answers survive 5xx and Cloudflare 429s, deferred commands are
always finished, late interactions are shed quietly, a silent gateway is left promptly, and
commands that arrive during a shutdown are told so.

Every fault is injected by the stand-in; the bot is the real one with the real discord.py.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.render.discord_body import FEEDBACK_YES

from .bot_harness import add_bob, buttons, finished, posts, started_bot
from .fake_discord import EPHEMERAL, FakeDiscord

CALLBACK = r"/interactions/\d+/[^/]+/callback$"
ORIGINAL = r"/webhooks/\d+/[^/]+/messages/@original$"
COMMANDS = [
    ("cert", {"certification": "cpsm"}, "CPSM"),
    ("define", {"term": "dicom"}, "DICOM"),
    ("role", {"role": "pacs admin"}, "PACS Administrator"),
    ("salary", {"role": "pacs analyst"}, "PACS Analyst"),
]


def moderator(fake: FakeDiscord) -> int:
    """The member whose role has Manage Server."""
    return next(m.user.id for m in fake.guild.members if m.user.username == "moderator")


@pytest.mark.asyncio
async def test_callback_failing_twice_is_answered_through_a_deferral(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with started_bot(fake_discord, tmp_path):
        # discord.py alone retries after 1 s and 3 s more: past Discord's 3 s, the answer is lost
        fault = fake_discord.fail_next("POST", CALLBACK, 500, times=2)
        record = await fake_discord.inject_slash("cert", {"certification": "cpsm"})
        message = await finished(fake_discord, record)
    assert fault.hits == 2
    assert record.response is not None and record.response["type"] == 5  # deferred
    assert "CPSM" in message["embeds"][0]["title"]
    assert fake_discord.late_callbacks == 0
    assert fake_discord.violations == []


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [500, 502])
async def test_a_fifth_of_callbacks_failing_loses_no_answer(
    fake_discord: FakeDiscord, tmp_path: Path, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    async with started_bot(fake_discord, tmp_path):
        fault = fake_discord.fail_next("POST", CALLBACK, status, times=1000, rate=0.2)
        records = []
        for n in range(40):
            command, options, _ = COMMANDS[n % len(COMMANDS)]
            records.append(await fake_discord.inject_slash(command, options))
        messages = await asyncio.gather(*(finished(fake_discord, r) for r in records))
    assert fault.hits >= 4, "the fault rate was applied"
    for n, message in enumerate(messages):
        assert COMMANDS[n % len(COMMANDS)][2] in message["embeds"][0]["title"]
    assert fake_discord.late_callbacks == 0
    # the faults are summed up in one line (written when the bot closes), not a line each
    shown = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    summaries = [m for m in shown if m.startswith("Deferred ")]
    assert len(summaries) == 1 and "whose first attempt failed" in summaries[0], summaries
    assert not [m for m in shown if m.startswith("Answer to interaction")]


@pytest.mark.asyncio
async def test_mention_reply_after_a_429_without_via_is_retried(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    me = fake_discord.bot_user.id
    async with started_bot(fake_discord, tmp_path):
        fault = fake_discord.fail_next(
            "POST", r"^/channels/\d+/messages$", 429, retry_after=0.3, via=False
        )
        await fake_discord.inject_message(f"<@{me}> what is dicom?")
        reply = await fake_discord.wait_for_request(
            lambda r: r.path.endswith("/messages") and r.status == 200, timeout=8.0
        )
    assert fault.hits == 1
    assert [r.status for r in posts(fake_discord)] == [429, 200]
    assert "DICOM" in reply.json["embeds"][0]["title"]


@pytest.mark.asyncio
async def test_deferred_kb_command_whose_reply_is_lost_is_finished_with_an_error(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with started_bot(fake_discord, tmp_path):
        fault = fake_discord.fail_next("PATCH", ORIGINAL, 0)  # the answer never arrives
        record = await fake_discord.inject_slash(
            "kb", subcommand="stats", user=moderator(fake_discord)
        )
        message = await finished(fake_discord, record)
    assert fault.hits == 1
    assert record.response is not None and record.response["type"] == 5
    assert message["flags"] & EPHEMERAL
    assert "went wrong" in message["content"]
    assert not message["embeds"]


@pytest.mark.asyncio
async def test_interactions_past_their_deadline_are_shed_with_one_summary_line(
    fake_discord: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with started_bot(fake_discord, tmp_path):
        mark = len(fake_discord.requests)
        late = [
            await fake_discord.inject_slash("define", {"term": "hl7"}, age=4.0) for _ in range(30)
        ]
        fresh = await fake_discord.inject_slash("define", {"term": "dicom"})
        assert "DICOM" in (await fresh.wait_response())["data"]["embeds"][0]["title"]
        touched = {r.path for r in fake_discord.requests[mark:]}
    assert not any(str(r.id) in path for r in late for path in touched), "no work on late ones"
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    summaries = [r.getMessage() for r in caplog.records if "past Discord's" in r.getMessage()]
    assert len(summaries) == 1 and "30 interaction" in summaries[0], summaries


@pytest.mark.asyncio
async def test_silent_gateway_is_left_and_resumed_promptly(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    fake_discord.heartbeat_interval_ms = 250
    async with started_bot(fake_discord, tmp_path, bot_options={"ack_timeout": 1.5}):
        fake_discord.go_silent()
        await fake_discord.wait_resumed(timeout=8.0)  # discord.py alone waits 60 s
        record = await fake_discord.inject_slash("define", {"term": "pacs"})
        assert (await record.wait_response())["type"] == 4
    assert len(fake_discord.identifies) == 1


@pytest.mark.asyncio
async def test_commands_during_shutdown_are_told_the_bot_is_restarting(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with started_bot(fake_discord, tmp_path) as bot:
        fake_discord.fail_next("POST", CALLBACK, 200, delay=1.5)  # keeps one reply in flight
        busy = await fake_discord.inject_slash("cert", {"certification": "cpsm"})
        await fake_discord.wait_until(lambda: any(r.status == 0 for r in fake_discord.requests))
        closing = asyncio.create_task(bot.shutdown(10.0))
        await fake_discord.wait_until(lambda: bot.closing)
        arriving = await fake_discord.inject_slash("define", {"term": "dicom"})
        note = await arriving.wait_response()
        assert "CPSM" in (await busy.wait_response())["data"]["embeds"][0]["title"]
        await closing
    assert note["type"] == 4 and note["data"]["flags"] & EPHEMERAL
    assert "restarting" in note["data"]["content"]


@pytest.mark.asyncio
@pytest.mark.parametrize("fault", ["hang", "cloudflare-429"])
async def test_callback_that_hangs_or_meets_cloudflare_is_answered_through_a_deferral(
    fake_discord: FakeDiscord, tmp_path: Path, fault: str
) -> None:
    async with started_bot(fake_discord, tmp_path):
        if fault == "hang":  # the first callback is answered only after the deadline
            fake_discord.fail_next("POST", CALLBACK, 200, delay=4.0)
        else:
            fake_discord.fail_next("POST", CALLBACK, 429, via=False)
        record = await fake_discord.inject_slash("define", {"term": "dicom"})
        message = await finished(fake_discord, record)
    assert record.response is not None and record.response["type"] == 5
    assert "DICOM" in message["embeds"][0]["title"]


@pytest.mark.asyncio
async def test_kb_deferral_failing_twice_still_brings_the_answer(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with started_bot(fake_discord, tmp_path):
        # discord.py alone retries the deferral after 1 s and 3 s more: past Discord's 3 s
        fault = fake_discord.fail_next("POST", CALLBACK, 500, times=2)
        record = await fake_discord.inject_slash(
            "kb", subcommand="stats", user=moderator(fake_discord)
        )
        message = await finished(fake_discord, record)
    assert fault.hits == 2
    assert record.response is not None and record.response["type"] == 5
    assert message["flags"] & EPHEMERAL
    assert message["embeds"] and "went wrong" not in (message["content"] or "")
    assert fake_discord.late_callbacks == 0
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_feedback_thanks_survive_a_callback_failing_twice(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with started_bot(fake_discord, tmp_path):
        answer = await fake_discord.inject_slash("cert", {"certification": "ciip"})
        await answer.wait_response()
        assert answer.message_id is not None
        fault = fake_discord.fail_next("POST", CALLBACK, 500, times=2)
        click = await fake_discord.inject_component(answer.message_id, FEEDBACK_YES)
        thanks = await finished(fake_discord, click)
    assert fault.hits == 2
    assert thanks["flags"] & EPHEMERAL
    assert thanks["content"].startswith("Thanks")
    assert fake_discord.late_callbacks == 0
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_delete_survives_a_callback_failing_twice(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with started_bot(fake_discord, tmp_path):
        answer = await fake_discord.inject_slash("cert", {"certification": "ciip"})
        delete = buttons((await answer.wait_response())["data"])[-1]["custom_id"]
        assert answer.message_id is not None
        fault = fake_discord.fail_next("POST", CALLBACK, 500, times=2)
        click = await fake_discord.inject_component(answer.message_id, delete)
        await fake_discord.wait_until(
            lambda: answer.message_id not in fake_discord.messages, 8.0, "the answer deleted"
        )
    assert fault.hits == 2
    assert click.response is not None and click.response["type"] == 6
    assert fake_discord.late_callbacks == 0
    assert fake_discord.violations == []


@pytest.mark.asyncio
@pytest.mark.parametrize("gone", ["token", "message"])
async def test_a_deferred_answer_whose_token_or_message_is_gone_is_not_logged_as_a_failure(
    fake_discord: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture, gone: str
) -> None:
    caplog.set_level(logging.INFO)
    async with started_bot(fake_discord, tmp_path) as bot:
        fake_discord.fail_next("POST", CALLBACK, 500)  # so the answer goes through a deferral
        edit = fake_discord.fail_next("PATCH", ORIGINAL, 200, delay=0.5)  # held back a moment
        record = await fake_discord.inject_slash("define", {"term": "dicom"})
        assert (await record.wait_response())["type"] == 5
        if gone == "token":  # as after its 15 minutes
            del fake_discord.interactions[record.id]
        else:  # the asker dismissed the "thinking…" message
            assert record.message_id is not None
            del fake_discord.messages[record.message_id]
        await fake_discord.wait_until(lambda: edit.hits == 1, 5.0, "the held-back edit")
        await fake_discord.wait_until(lambda: not bot.inflight.count, 5.0, "the answer to end")
        expired = bot.load.expired_total
    assert expired == (1 if gone == "token" else 0)  # a token gone counts as too late
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert not record.followups  # no apology sent after it


@pytest.mark.asyncio
async def test_private_notes_survive_a_callback_failing_twice(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    bob = add_bob(fake_discord)
    async with started_bot(fake_discord, tmp_path, USER_COOLDOWN="1/60"):
        answer = await fake_discord.inject_slash("cert", {"certification": "ciip"})
        delete = buttons((await answer.wait_response())["data"])[-1]["custom_id"]
        assert answer.message_id is not None
        # the cooldown notice (from the command tree) and a refused Delete (from a button)
        faults = [fake_discord.fail_next("POST", CALLBACK, 500, times=2)]
        too_fast = await fake_discord.inject_slash("define", {"term": "dicom"})
        cooldown = await finished(fake_discord, too_fast)
        faults.append(fake_discord.fail_next("POST", CALLBACK, 500, times=2))
        refused = await fake_discord.inject_component(answer.message_id, delete, user=bob)
        refusal = await finished(fake_discord, refused)
    assert [fault.hits for fault in faults] == [2, 2]  # each note met both failures
    assert cooldown["flags"] & EPHEMERAL and "wait" in cooldown["content"]
    assert refusal["flags"] & EPHEMERAL and "Only the person who asked" in refusal["content"]
    assert answer.message_id in fake_discord.messages
    assert fake_discord.late_callbacks == 0
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_an_answer_that_expired_on_its_way_is_no_context_for_a_follow_up(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with started_bot(fake_discord, tmp_path) as bot:
        held = fake_discord.fail_next("POST", CALLBACK, 200, delay=0.5)
        lost = await fake_discord.inject_slash(
            "ask", {"question": "how much does a pacs admin make"}
        )
        await fake_discord.wait_until(lambda: held.hits == 1, 5.0, "the held-back answer")
        del fake_discord.interactions[lost.id]  # Discord no longer knows it: "Unknown interaction"
        await fake_discord.wait_until(lambda: bot.load.expired_total == 1, 5.0, "the expiry")
        follow_up = await fake_discord.inject_slash("ask", {"question": "and in boston?"})
        title = (await follow_up.wait_response())["data"]["embeds"][0]["title"]
    assert lost.response is None
    # nobody saw the salary, so there is no "and" to it: the bot asks whose pay in Boston
    assert title == "Did you mean…"
