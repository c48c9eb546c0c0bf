"""Pay charts on Discord, end to end: the real bot uploads the chart of the figures its answer
states, shown as the embed's image with alt text, through every entry point; a chart not drawn
yet defers the answer, a drawn one goes at once; servers choose dark, light or off; and a chart
that cannot be drawn never costs the text answer."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.render.chart import draw_png
from bot.render.discord_body import CHART_FILENAME, chart_description, render_message
from bot.replies.reply import Reply, parse_choice_id

from .bot_harness import buttons, engine, finished, posts, started_bot, wire
from .fake_discord import EPHEMERAL, FakeDiscord, InteractionRecord, RecordedRequest
from .fake_world import ATTACH_FILES
from .test_bot_moderation import moderator, setting

PNG = b"\x89PNG\r\n\x1a\n"
SALARY_SF = {"role": "pacs admin", "location": "sf"}


def pay_reply() -> Reply:
    return engine().answer_command("salary", "pacs admin sf")


def uploads_to(fake: FakeDiscord, record: InteractionRecord) -> list[RecordedRequest]:
    """Requests answering ``record`` that carried files (the callback or the deferred edit)."""
    token = record.payload["token"]
    return [r for r in fake.requests if r.files and (str(record.id) in r.path or token in r.path)]


async def served(url: str) -> bytes:
    """An attachment's bytes, downloaded from where the stand-in serves them."""
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200
        return await response.read()


async def stored_reply(fake: FakeDiscord, message: dict[str, Any], what: str) -> dict[str, Any]:
    """The bot's message replying to ``message``, as the stand-in keeps it."""

    def found() -> dict[str, Any] | None:
        for stored in fake.messages.values():
            if (stored.get("message_reference") or {}).get("message_id") == message["id"]:
                return stored
        return None

    return await fake.wait_until(found, 8.0, what)


async def check_chart_message(
    fake: FakeDiscord, message: dict[str, Any], reply: Reply, theme: str = "dark"
) -> bytes:
    """The stored message shows the reply's chart: one attachment with alt text, as the image."""
    assert reply.chart is not None
    (attachment,) = message["attachments"]
    assert attachment["filename"] == CHART_FILENAME
    assert attachment["description"] == chart_description(reply)
    assert message["embeds"][0]["image"]["url"] == attachment["url"]  # attachment:// resolved
    png = await served(attachment["url"])
    assert png.startswith(PNG) and attachment["size"] == len(png)
    assert png == draw_png(reply.chart, theme)  # the chart of the very figures the reply states
    return png


@pytest.mark.asyncio
async def test_a_pay_answer_defers_draws_its_chart_and_reuses_it(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    reply = pay_reply()
    async with started_bot(fake_discord, tmp_path, CHARTS="dark"):
        first = await fake_discord.inject_slash("salary", SALARY_SF)
        assert (await first.wait_response())["type"] == 5  # thinking… while the chart is drawn
        message = await finished(fake_discord, first)
        again = await fake_discord.inject_slash("salary", SALARY_SF)
        response = await again.wait_response()
    png = await check_chart_message(fake_discord, message, reply)
    assert len(png) < 10 * 1024 * 1024 / 20  # far under the smallest upload limit
    (upload,) = uploads_to(fake_discord, first)
    assert upload.method == "PATCH" and upload.path.endswith("/messages/@original")
    assert [(f.field, f.filename) for f in upload.files] == [("files[0]", CHART_FILENAME)]
    expected = render_message(reply, fake_discord.default_user.id, with_chart=True)
    assert wire(upload.json) == wire(expected)
    assert upload.json["attachments"] == expected["attachments"]
    # asked again: the drawn chart is reused and the answer goes at once, chart and all
    assert response["type"] == 4
    (cached,) = uploads_to(fake_discord, again)
    assert cached.files[0].data == png
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_comparisons_free_text_buttons_and_private_answers_get_charts(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    me = fake_discord.bot_user.id
    async with started_bot(fake_discord, tmp_path, CHARTS="dark"):
        compare = await fake_discord.inject_slash(
            "compare", {"first": "pacs analyst", "second": "ris analyst"}
        )
        compared = await finished(fake_discord, compare)
        private = await fake_discord.inject_slash("salary", {**SALARY_SF, "private": True})
        kept_private = await finished(fake_discord, private)
        before = len(fake_discord.requests)
        message = await fake_discord.inject_message(f"<@{me}> how much does a ris analyst make")
        post = await fake_discord.wait_until(
            lambda: next(iter(posts(fake_discord, before)), None), 8.0, "the reply"
        )
        question = await fake_discord.inject_slash("salary", {"role": "analyst"})
        asked_back = await question.wait_response()
        pick = next(b for b in buttons(asked_back["data"]) if b["custom_id"].startswith("pacs:ask"))
        click = await fake_discord.inject_component(question.message_id, pick["custom_id"])
        assert (await click.wait_response())["type"] == 6  # deferred update while drawing
        picked = await fake_discord.wait_until(
            lambda: m if (m := fake_discord.messages[question.message_id])["attachments"] else None,
            8.0,
            "the picked answer with its chart",
        )
    await check_chart_message(
        fake_discord, compared, engine().answer_command("compare", "pacs analyst vs ris analyst")
    )
    assert kept_private["flags"] & EPHEMERAL
    await check_chart_message(fake_discord, kept_private, pay_reply())
    assert post.filenames == [CHART_FILENAME]
    reply_message = await stored_reply(fake_discord, message, "the reply")
    await check_chart_message(
        fake_discord, reply_message, engine().answer("how much does a ris analyst make")
    )
    choice = parse_choice_id(pick["custom_id"])
    assert choice is not None
    await check_chart_message(fake_discord, picked, engine().answer_choice(choice))
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_servers_choose_light_dark_or_no_charts(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    mod = moderator(fake_discord)
    reply = pay_reply()
    async with started_bot(fake_discord, tmp_path, CHARTS="dark"):
        light = await setting(fake_discord, "charts", mod, {"style": "light"})
        assert "drawn for Discord's light theme" in light["content"]
        lit = await finished(fake_discord, await fake_discord.inject_slash("salary", SALARY_SF))
        shown = await setting(fake_discord, "show", mod)
        off = await setting(fake_discord, "charts", mod, {"style": "off"})
        assert "no longer attach a chart" in off["content"]
        plain = await fake_discord.inject_slash("salary", SALARY_SF)
        plain_response = await plain.wait_response()
        dm = await fake_discord.inject_slash("salary", SALARY_SF, dm=True)  # the bot's default
        in_dm = await finished(fake_discord, dm)
    light_png = await check_chart_message(fake_discord, lit, reply, theme="light")
    assert light_png != draw_png(reply.chart, "dark")  # type: ignore[arg-type]
    assert {"name": "Pay charts", "value": "light", "inline": False} in shown["embeds"][0]["fields"]
    assert plain_response["type"] == 4 and not uploads_to(fake_discord, plain)
    assert "image" not in plain_response["data"]["embeds"][0]
    await check_chart_message(fake_discord, in_dm, reply, theme="dark")
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_answers_without_pay_figures_go_at_once_without_a_chart(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with started_bot(fake_discord, tmp_path, CHARTS="dark"):
        record = await fake_discord.inject_slash("define", {"term": "dicom"})
        response = await record.wait_response()
    assert response["type"] == 4
    assert "attachments" not in response["data"] or not response["data"]["attachments"]
    assert not uploads_to(fake_discord, record)
    assert "image" not in response["data"]["embeds"][0]


@pytest.mark.asyncio
async def test_a_chart_that_cannot_be_drawn_still_sends_the_text_answer(
    fake_discord: FakeDiscord,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # a broken matplotlib install: its modules cannot be imported
    for name in ("matplotlib", "matplotlib.figure", "matplotlib.backends.backend_agg"):
        monkeypatch.setitem(sys.modules, name, None)
    reply = pay_reply()
    with caplog.at_level(logging.WARNING, logger="bot.discord_app.charts"):
        async with started_bot(fake_discord, tmp_path, CHARTS="dark"):
            record = await fake_discord.inject_slash("salary", SALARY_SF)
            message = await finished(fake_discord, record)
            again = await finished(
                fake_discord, await fake_discord.inject_slash("salary", SALARY_SF)
            )
    for answer in (message, again):
        assert wire(answer) == wire(render_message(reply, fake_discord.default_user.id))
        assert answer["attachments"] == []
    failures = [r for r in caplog.records if "Could not draw the chart" in r.getMessage()]
    assert len(failures) == 1  # logged once, not once per answer
    assert fake_discord.violations == []


@pytest.mark.asyncio
@pytest.mark.parametrize("when", ["before start", "after start"])
async def test_without_attach_files_a_mention_is_answered_without_its_chart(
    fake_discord: FakeDiscord, tmp_path: Path, when: str
) -> None:
    """Channel messages need Attach Files to carry a chart: known at start, the bot does not
    draw one; taken away unseen (the bot's cache still allows it), Discord's 403 makes the bot
    send the text alone."""
    everyone = fake_discord.guild.role("@everyone")
    question = "how much does a ris analyst make"
    me = fake_discord.bot_user.id
    if when == "before start":
        everyone.permissions &= ~ATTACH_FILES
    async with started_bot(fake_discord, tmp_path, CHARTS="dark"):
        if when == "after start":
            everyone.permissions &= ~ATTACH_FILES
        message = await fake_discord.inject_message(f"<@{me}> {question}")
        reply = await stored_reply(fake_discord, message, "the text answer")
    expected = engine().answer(question)
    assert reply["embeds"][0]["title"] == expected.title
    assert reply["attachments"] == [] and "image" not in reply["embeds"][0]
    refused = [r for r in fake_discord.requests if r.status == 403]
    assert len(refused) == (1 if when == "after start" else 0)
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_a_failed_typing_indicator_costs_a_mention_nothing(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    question = "how much does a pacs admin make in sf"
    me = fake_discord.bot_user.id
    fake_discord.fail_next("POST", r"/typing$", status=500, times=5)
    async with started_bot(fake_discord, tmp_path, CHARTS="dark"):
        message = await fake_discord.inject_message(f"<@{me}> {question}")
        reply = await stored_reply(fake_discord, message, "the answer")
    assert any(r.path.endswith("/typing") and r.status == 500 for r in fake_discord.requests)
    await check_chart_message(fake_discord, reply, engine().answer(question))
