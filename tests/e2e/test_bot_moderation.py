"""Moderators through the stand-in, with the real bot: safe reloads, /kb, /settings, the store.

Reload tests work on a copy of the shipped knowledge folder; every test has its own database (in
the test's state folder).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings, SettingsError
from bot.engine import Engine
from bot.store import Store

from .bot_harness import KNOWLEDGE, add_bob, buttons, posts, started_bot
from .discord_limits import check_commands
from .fake_discord import EPHEMERAL, FakeDiscord, InteractionRecord, RecordedRequest
from .fake_world import FakeMember, FakeRole, FakeUser

ANALYST = Path("roles") / "pacs-analyst.yaml"
BROKEN_DATA = Path(__file__).resolve().parents[1] / "data" / "broken"
OLD_FIGURE = "$119,416"  # the San Francisco figure of the shipped PACS Analyst file
SF_QUESTION = "how much does a pacs analyst make in san francisco?"


def at(needle: str, offset: int) -> str:
    """``line:column`` in the shipped PACS Analyst file of ``offset`` characters into ``needle``
    (where it first appears), so the expected diagnostics follow edits of that file."""
    lines = (KNOWLEDGE / ANALYST).read_text(encoding="utf-8").splitlines()
    number, line = next((n, text) for n, text in enumerate(lines, 1) if needle in text)
    return f"{number}:{line.index(needle) + offset + 1}"


# (name, edit of roles/pacs-analyst.yaml, what /kb reload must report)
BROKEN: list[tuple[str, Any, str]] = [
    (
        "syntax-error",
        lambda text: text.replace("name: PACS Analyst\n", "name: PACS Analyst: the job\n", 1),
        f"roles/pacs-analyst.yaml:{at('name: PACS Analyst', 18)}: YAML syntax error",
    ),
    (
        "wrong-type",
        lambda text: text.replace("amount: 119416", 'amount: "$119,416"', 1),
        f"roles/pacs-analyst.yaml:{at('amount: 119416', 8)}: "
        "'amount' must be a whole number, not text",
    ),
    (
        "unknown-reference",
        lambda text: text.replace("certifications: [ciip, cpsa]", "certifications: [ciip, cpsx]"),
        f"roles/pacs-analyst.yaml:{at('certifications: [ciip, cpsa]', 23)}: "
        "unknown certification 'cpsx'",
    ),
    (
        "anchor-bomb",  # a "billion laughs" file: refused at the first anchor, never expanded
        lambda text: (BROKEN_DATA / "anchor-alias" / ANALYST).read_text(encoding="utf-8"),
        "roles/pacs-analyst.yaml:4:4: YAML anchors and aliases",
    ),
    (
        "negative-amount",  # once shown as "$-119,416"
        lambda text: text.replace("amount: 119416", "amount: -119416", 1),
        f"roles/pacs-analyst.yaml:{at('amount: 119416', 8)}: "
        "'amount' must not be negative (got -119416)",
    ),
    (
        "nan-percent",  # once shown as "(+nan%)"
        lambda text: text.replace("percent: 51", "percent: .nan", 1),
        f"roles/pacs-analyst.yaml:{at('percent: 51', 9)}: "
        "'percent' must be a number, not .nan (not a number)",
    ),
    (
        "impossible-date",  # PyYAML builds a date and throws: it was a traceback, not a line
        lambda text: text.replace("amount: 119416", "amount: 2021-13-45", 1),
        f"roles/pacs-analyst.yaml:{at('amount: 119416', 8)}: "
        "'2021-13-45' is not a real date (month must be in 1..12)",
    ),
]


def moderator(fake: FakeDiscord) -> FakeUser:
    """The member whose role has Manage Server."""
    return next(m.user for m in fake.guild.members if m.user.username == "moderator")


def channel(fake: FakeDiscord, name: str) -> int:
    """A channel id of the default guild, by name."""
    return next(c.id for c in fake.guild.channels if c.name == name)


async def poll_until(probe: Any, timeout: float, what: str) -> None:
    """Wait for something the stand-in does not see (e.g. a reload), checking every 20 ms."""
    deadline = time.monotonic() + timeout
    while not probe():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.02)


def knowledge_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped knowledge folder."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


def edit(path: Path, change: Any) -> None:
    """Rewrite a file in one go (as an editor saving it)."""
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


async def kb(
    fake: FakeDiscord, sub: str, user: FakeUser, options: dict[str, Any] | None = None
) -> InteractionRecord:
    """Run ``/kb <sub>``."""
    return await fake.inject_slash("kb", options, subcommand=sub, user=user)


async def setting(
    fake: FakeDiscord, sub: str, user: FakeUser, options: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Run ``/settings <sub>`` and return the private answer (given after a deferral)."""
    record = await fake.inject_slash("settings", options, subcommand=sub, user=user)
    return await settled_answer(record)


async def settled_answer(record: InteractionRecord, timeout: float = 5.0) -> dict[str, Any]:
    """The private answer to a moderator command: the response, or the edit after a deferral."""
    response = await record.wait_response(timeout)
    assert response["data"]["flags"] & EPHEMERAL
    if response["type"] == 4:
        return response["data"]
    assert response["type"] == 5
    return await record.wait_edit(timeout=timeout)


async def private_embed(record: InteractionRecord) -> dict[str, Any]:
    """The embed of a deferred private answer (/kb ...)."""
    response = await record.wait_response()
    assert response["type"] == 5 and response["data"]["flags"] & EPHEMERAL
    return (await record.wait_edit())["embeds"][0]


async def answer_title(fake: FakeDiscord, question: str) -> str:
    """Ask with /ask; the title of the (public) answer."""
    record = await fake.inject_slash("ask", {"question": question})
    return (await record.wait_response())["data"]["embeds"][0]["title"]


async def answer_text(fake: FakeDiscord, question: str) -> str:
    """Ask with /ask; the description and fields of the answer, as one text."""
    record = await fake.inject_slash("ask", {"question": question})
    embed = (await record.wait_response())["data"]["embeds"][0]
    fields = [f"{f['name']} {f['value']}" for f in embed.get("fields") or []]
    return "\n".join([embed["title"], embed.get("description") or "", *fields])


def channel_posts(
    fake: FakeDiscord, channel_id: int, since: int = 0
) -> list[dict[str, Any]] | None:
    """Bodies the bot posted in a channel (not replies to interactions), other than the notes of
    /settings changes (``settings_posts``); None if none."""
    path = f"/channels/{channel_id}/messages"
    found = [r.json for r in posts(fake, since) if r.path == path and r.status == 200]
    return [b for b in found if not _is_settings_note(b)] or None


def settings_posts(fake: FakeDiscord, channel_id: int) -> list[dict[str, Any]]:
    """The notes of /settings changes posted in a channel."""
    path = f"/channels/{channel_id}/messages"
    return [r.json for r in posts(fake) if r.path == path and _is_settings_note(r.json)]


def _is_settings_note(body: dict[str, Any]) -> bool:
    embeds = body.get("embeds") or [{}]
    return str(embeds[0].get("title", "")).startswith("/settings ")


def reply_to(fake: FakeDiscord, message: dict[str, Any]) -> RecordedRequest | None:
    """The bot's reply to a message, if it sent one."""
    for request in posts(fake):
        reference = (request.json or {}).get("message_reference") or {}
        if str(reference.get("message_id")) == message["id"]:
            return request
    return None


# ---- commands ----------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_moderator_commands_are_synced_valid_and_hidden_by_default(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with started_bot(fake_discord, tmp_path, WATCH_KNOWLEDGE="false"):
        put = await fake_discord.wait_for_request(lambda r: r.method == "PUT")
    commands = {c["name"]: c for c in put.json}
    subcommands = {
        name: [o["name"] for o in commands[name]["options"]] for name in ("kb", "settings")
    }
    assert subcommands == {
        "kb": ["reload", "check", "gaps", "stats", "get", "put", "teach", "undo", "history"],
        "settings": ["passive", "moderator-role", "mod-log", "charts", "show"],
    }
    for name in ("kb", "settings"):
        assert int(commands[name]["default_member_permissions"]) == 1 << 5  # Manage Server
        assert commands[name]["dm_permission"] is False
    assert check_commands(put.json) == []
    assert fake_discord.violations == [] and fake_discord.unhandled == []


# ---- reloads -----------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_broken_edits_keep_the_old_knowledge_and_report_file_and_line(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    folder = knowledge_copy(tmp_path)
    target = folder / ANALYST
    good = target.read_text(encoding="utf-8")
    mod = moderator(fake_discord)
    mod_log = channel(fake_discord, "bot-commands")
    env = {"KNOWLEDGE_DIR": str(folder), "WATCH_KNOWLEDGE": "false"}
    async with started_bot(
        fake_discord, tmp_path / "state", engine_=Engine.from_directory(folder), **env
    ) as bot:
        await setting(fake_discord, "mod-log", mod, {"channel": mod_log})
        serving = bot.holder.engine
        assert OLD_FIGURE in await answer_text(fake_discord, SF_QUESTION)
        for name, change, expected in BROKEN:
            target.write_text(good, encoding="utf-8")
            edit(target, change)
            since = len(fake_discord.requests)
            # a question asked while the reload runs is answered (by the old knowledge)
            reload = await kb(fake_discord, "reload", mod)
            question = await fake_discord.inject_slash("ask", {"question": SF_QUESTION})
            embed = await private_embed(reload)
            assert "failed" in embed["title"], name
            assert expected in embed["description"], (name, embed["description"])
            assert (await question.wait_response())["type"] == 4
            assert bot.holder.engine is serving, name
            assert OLD_FIGURE in await answer_text(fake_discord, SF_QUESTION), name
            logged = await fake_discord.wait_until(
                lambda since=since: channel_posts(fake_discord, mod_log, since)
            )
            assert expected in logged[0]["embeds"][0]["description"], name
            check = await private_embed(await kb(fake_discord, "check", mod))
            assert check["title"] == "Knowledge check found errors"
            assert expected in check["description"], name
        target.write_text(good, encoding="utf-8")
        check = await private_embed(await kb(fake_discord, "check", mod))
        assert check["title"] == "Knowledge check passed"
        assert bot.holder.engine is serving, "/kb check never swaps"
        reloaded = await private_embed(await kb(fake_discord, "reload", mod))
        assert reloaded["title"] == "Knowledge reloaded"
        assert bot.holder.engine is not serving
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_a_named_pipe_in_the_folder_is_refused_and_reload_still_works(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    """A named pipe once hung /kb reload forever, holding the reload lock: every later reload
    waited too. Now it is refused at once, the bot keeps answering, and once it is gone the
    next reload applies."""
    folder = knowledge_copy(tmp_path)
    pipe = folder / "roles" / "pacs-intern.yaml"
    mod = moderator(fake_discord)
    env = {"KNOWLEDGE_DIR": str(folder), "WATCH_KNOWLEDGE": "false"}
    async with started_bot(fake_discord, tmp_path / "state", **env) as bot:
        serving = bot.holder.engine
        os.mkfifo(pipe)
        try:
            for _ in range(2):  # the second reload would wait for the lock if the first hung
                embed = await asyncio.wait_for(
                    private_embed(await kb(fake_discord, "reload", mod)), 20
                )
                assert "failed" in embed["title"]
                assert (
                    "roles/pacs-intern.yaml:1:1: file is a named pipe, not a regular file"
                    in embed["description"]
                )
                assert bot.holder.engine is serving
                assert OLD_FIGURE in await answer_text(fake_discord, SF_QUESTION)
        finally:
            with contextlib.suppress(OSError):  # a reader stuck on the pipe gets an empty file
                os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        pipe.unlink()
        edit(folder / ANALYST, lambda text: text.replace("amount: 119416", "amount: 119417", 1))
        reloaded = await private_embed(await kb(fake_discord, "reload", mod))
        assert reloaded["title"] == "Knowledge reloaded"
        assert "$119,417" in await answer_text(fake_discord, SF_QUESTION)
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_the_watcher_reports_errors_and_applies_a_good_edit(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    folder = knowledge_copy(tmp_path)
    target = folder / ANALYST
    good = target.read_text(encoding="utf-8")
    mod_log = channel(fake_discord, "bot-commands")
    async with started_bot(
        fake_discord,
        tmp_path / "state",
        engine_=Engine.from_directory(folder),
        KNOWLEDGE_DIR=str(folder),
    ) as bot:
        await setting(fake_discord, "mod-log", moderator(fake_discord), {"channel": mod_log})
        assert bot.watcher.running
        serving = bot.holder.engine

        # a broken save: reported in the mod-log channel, the old knowledge keeps answering
        since = len(fake_discord.requests)
        edit(target, BROKEN[1][1])
        logged = await fake_discord.wait_until(
            lambda: channel_posts(fake_discord, mod_log, since), 3.0, "a mod-log post"
        )
        embed = logged[0]["embeds"][0]
        assert "failed" in embed["title"] and BROKEN[1][2] in embed["description"]
        assert bot.holder.engine is serving
        assert OLD_FIGURE in await answer_text(fake_discord, SF_QUESTION)

        # a correct edit (a new alias) goes live without a restart (how soon: benchmarks/
        # bench_reload.py, median 0.9 s; the wait below only guards against a hang)
        assert "PACS Analyst" not in await answer_title(fake_discord, "what does a pacs wizard do")
        # (the shipped file's aliases start with "  - pacs analyst")
        since = len(fake_discord.requests)
        target.write_text(good.replace("  - pacs analyst\n", "  - pacs wizard\n  - pacs analyst\n"))
        await poll_until(lambda: bot.holder.engine is not serving, 10.0, "the reload")
        title = await answer_title(fake_discord, "what does a pacs wizard do")
        assert title == "What a PACS Analyst does", title
        logged = await fake_discord.wait_until(lambda: channel_posts(fake_discord, mod_log, since))
        assert logged[0]["embeds"][0]["title"] == "Knowledge reloaded after a file change"
        assert bot.watcher.reloads == 2
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_a_burst_of_saves_gives_one_reload(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    folder = knowledge_copy(tmp_path)
    target = folder / ANALYST
    good = target.read_text(encoding="utf-8")
    async with started_bot(
        fake_discord,
        tmp_path / "state",
        engine_=Engine.from_directory(folder),
        KNOWLEDGE_DIR=str(folder),
    ) as bot:
        half = len(good) // 2
        with target.open("w", encoding="utf-8") as handle:  # written in pieces, a save burst
            for piece in (good[:half], good[half:]):
                handle.write(piece)
                handle.flush()
                await asyncio.sleep(0.05)
        for n in range(3):
            target.write_text(good.replace("pacs annalist", f"pacs annalist{n}"), encoding="utf-8")
            await asyncio.sleep(0.05)
        await poll_until(lambda: bot.watcher.reloads >= 1, 3.0, "a reload")
        await asyncio.sleep(1.0)  # longer than a poll and the quiet period
        assert bot.watcher.reloads == 1
        assert "pacs annalist2" in bot.holder.engine.knowledge.roles["pacs-analyst"].aliases


# ---- who may do what ---------------------------------------------------------------------------

EVERY_COMMAND: list[tuple[str, str, dict[str, Any]]] = [
    ("kb", "reload", {}),
    ("kb", "check", {}),
    ("kb", "gaps", {}),
    ("kb", "gaps", {"days": 7}),
    ("kb", "stats", {}),
    ("kb", "stats", {"days": 7}),
    ("settings", "passive", {"channel": "general", "enabled": True}),
    ("settings", "moderator-role", {"role": "everyone"}),
    ("settings", "moderator-role", {}),
    ("settings", "mod-log", {"channel": "general"}),
    ("settings", "mod-log", {}),
    ("settings", "show", {}),
]


def _options(fake: FakeDiscord, options: dict[str, Any]) -> dict[str, Any]:
    resolved = dict(options)
    if resolved.get("channel") == "general":
        resolved["channel"] = channel(fake, "general")
    if resolved.get("role") == "everyone":
        resolved["role"] = fake.guild.id
    return resolved


@pytest.mark.asyncio
async def test_members_without_rights_are_refused_and_nothing_changes(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    helpers = FakeRole(1200000000000000299, "Helpers", 0, 2)  # no permissions at all
    carol = FakeUser(1300000000000000098, "carol")
    fake_discord.guild.roles.append(helpers)
    fake_discord.guild.members.append(FakeMember(carol, [helpers.id]))
    fake_discord.user(carol)
    bob = add_bob(fake_discord)
    alice = fake_discord.default_user
    folder = knowledge_copy(tmp_path)
    edit(folder / ANALYST, BROKEN[0][1])  # a reload would fail: nothing may be attempted
    env = {"KNOWLEDGE_DIR": str(folder), "WATCH_KNOWLEDGE": "false"}
    async with started_bot(fake_discord, tmp_path / "state", **env) as bot:
        serving = bot.holder.engine
        for user in (alice, bob, carol):
            for command, sub, options in EVERY_COMMAND:
                since = len(fake_discord.requests)
                record = await fake_discord.inject_slash(
                    command, _options(fake_discord, options), subcommand=sub, user=user
                )
                response = await record.wait_response()
                where = (user.username, command, sub, options)
                assert response["type"] == 4 and response["data"]["flags"] & EPHEMERAL, where
                refusal = "Only knowledge editors" if sub == "reload" else "Only moderators"
                assert refusal in response["data"]["content"], where
                assert not response["data"].get("embeds"), where
                await asyncio.sleep(0.05)
                assert not record.edits and not record.followups, where
                assert posts(fake_discord, since) == [], where
        guild = fake_discord.guild.id
        assert (await bot.store.get_settings(guild)).updated_at is None, "nothing was saved"
        assert bot.holder.engine is serving

        # Manage Server may; a moderator role set by a moderator may too (and only that role)
        owner = fake_discord.user(fake_discord.guild.owner_id)
        text = (await setting(fake_discord, "moderator-role", owner, {"role": helpers.id}))[
            "content"
        ]
        assert f"<@&{helpers.id}>" in text
        assert (await bot.store.get_settings(guild)).moderator_role_id == helpers.id
        stats = await private_embed(await kb(fake_discord, "stats", carol))
        assert stats["title"].startswith("Questions")
        shown = await setting(fake_discord, "show", carol)
        assert f"<@&{helpers.id}>" in shown["embeds"][0]["fields"][1]["value"]
        refused = await kb(fake_discord, "stats", bob)
        assert "Only moderators" in (await refused.wait_response())["data"]["content"]
        everyone = await setting(
            fake_discord, "moderator-role", moderator(fake_discord), {"role": guild}
        )
        assert "Nothing was changed" in everyone["content"]
        assert (await bot.store.get_settings(guild)).moderator_role_id == helpers.id
    assert fake_discord.violations == []


# ---- gaps and stats ----------------------------------------------------------------------------

MISSES = [
    "can you recommend a pizza place?",
    "Can you recommend a pizza place??",
    "can you recomend a pizza place",  # a typo: still the same question
    "how much does an analyst make?",
    "what is the weather in paris tomorrow?",
    "who won the football game last night?",
    "how do I bake sourdough bread?",
    "what time does the library open?",
    "is it going to snow this weekend?",
    "which laptop should I buy for gaming?",
    "where can I park my car downtown?",
    "how tall is mount everest?",
]


@pytest.mark.asyncio
async def test_gaps_and_stats_show_what_was_asked(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    mod = moderator(fake_discord)
    bob = add_bob(fake_discord)
    async with started_bot(fake_discord, tmp_path, WATCH_KNOWLEDGE="false"):
        for question in MISSES:
            await (await fake_discord.inject_slash("ask", {"question": question})).wait_response()
        for term in ("dicom", "hl7"):
            await (await fake_discord.inject_slash("define", {"term": term})).wait_response()
        gaps_record = await kb(fake_discord, "gaps", mod)
        page = await private_embed(gaps_record)
        description = page["description"]
        first = description.split("\n\n")[0]
        assert "recommend a pizza place" in first and "×3" in first, first
        assert "<t:" in first and ":R>" in first
        assert page["footer"]["text"].startswith("Page 1 of 2")

        # the next page, for the moderator who asked only
        message_id = gaps_record.message_id
        assert message_id is not None
        pager = buttons(gaps_record.edits[0])
        teach = [f"Teach {n}" for n in range(1, 9)]  # a Teach button per group on the page
        assert [b["label"] for b in pager] == ["Previous", "Next", *teach]
        assert pager[0].get("disabled") is True
        refused = await fake_discord.inject_component(message_id, pager[1]["custom_id"], user=bob)
        assert (await refused.wait_response())["data"]["flags"] & EPHEMERAL
        turn = await fake_discord.inject_component(message_id, pager[1]["custom_id"], user=mod)
        second = (await turn.wait_response())["data"]
        assert second["embeds"][0]["footer"]["text"].startswith("Page 2 of 2")
        assert second["embeds"][0]["description"].startswith("**9.**")
        both = description + second["embeds"][0]["description"]
        assert both.count("**") == 2 * 10, "ten groups: the three pizza wordings are one"
        assert "how much does an analyst make?" in both
        assert "asked back" in both and "best guess: " in both

        stats = await private_embed(await kb(fake_discord, "stats", mod, {"days": 7}))
        fields = {f["name"]: f["value"] for f in stats["fields"]}
        assert stats["title"] == "Questions, last 7 days"
        assert fields["Asked"] == str(len(MISSES) + 2)
        assert fields["Answered"] == "14% (2)"
        assert fields["Asked back"] == "7% (1)"
        assert fields["Declined"] == "79% (11)"
        assert fields["Helpful"] == "no votes yet"
        assert "DICOM (1)" in fields["Top subjects"]
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_user_written_questions_cannot_format_or_ping(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    hostile = "@everyone `**look**` [click](https://evil.example) <@&1200000000000000201> ok?"
    async with started_bot(fake_discord, tmp_path, WATCH_KNOWLEDGE="false"):
        await (await fake_discord.inject_slash("ask", {"question": hostile})).wait_response()
        page = await private_embed(await kb(fake_discord, "gaps", moderator(fake_discord)))
    first = page["description"].split("\n")[0]
    shown = first.split("`")[1]  # one inline-code span: no markdown, links or mentions
    assert first.count("`") == 2
    assert "@\u200beveryone" in shown and "@role" in shown and "1200000000000000201" not in shown
    assert fake_discord.violations == []


# ---- settings ----------------------------------------------------------------------------------

CONFIDENT = "how much does a pacs admin make in sf?"
UNSURE = "how much does an analyst make?"


@pytest.mark.asyncio
async def test_settings_survive_a_restart(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    mod = moderator(fake_discord)
    general, mod_log = channel(fake_discord, "general"), channel(fake_discord, "bot-commands")
    env = {"MESSAGE_CONTENT_INTENT": "true", "WATCH_KNOWLEDGE": "false"}
    me = fake_discord.bot_user.id
    async with started_bot(fake_discord, tmp_path, **env):
        before = await fake_discord.inject_message(CONFIDENT, channel_id=general)
        control = await fake_discord.inject_message(f"<@{me}> what is dicom?", channel_id=general)
        await fake_discord.wait_until(lambda: reply_to(fake_discord, control))
        assert reply_to(fake_discord, before) is None, "not enabled yet: silent"
        note = await setting(fake_discord, "passive", mod, {"channel": general, "enabled": True})
        assert f"<#{general}>" in note["content"]
        await setting(fake_discord, "mod-log", mod, {"channel": mod_log})

    async with started_bot(fake_discord, tmp_path, **env):  # a new process, the same database
        message = await fake_discord.inject_message(CONFIDENT, channel_id=general)
        reply = await fake_discord.wait_until(
            lambda: reply_to(fake_discord, message), 5.0, "a passive answer"
        )
        assert reply.json["embeds"][0]["title"] == "PACS Administrator salary in San Francisco"
        await fake_discord.inject_message(UNSURE, channel_id=general)  # silent, but kept
        shown = (await setting(fake_discord, "show", mod))["embeds"][0]["fields"]
        assert f"<#{general}>" in shown[0]["value"] and f"<#{mod_log}>" in shown[2]["value"]
        page = await private_embed(await kb(fake_discord, "gaps", mod))
        assert UNSURE in page["description"] and "1 declined" in page["description"]
        off = await setting(fake_discord, "passive", mod, {"channel": general, "enabled": False})
        assert "off" in off["content"]
    assert fake_discord.violations == []


# ---- a broken database -------------------------------------------------------------------------

GARBAGE = b"this is not an SQLite database, just a file that happens to be here\n" * 100


@pytest.mark.asyncio
async def test_a_damaged_database_does_not_stop_answers(
    fake_discord: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    database = tmp_path / "damaged.sqlite3"
    database.write_bytes(GARBAGE)
    mod = moderator(fake_discord)
    me = fake_discord.bot_user.id
    env = {"DATABASE_PATH": str(database), "WATCH_KNOWLEDGE": "false"}
    async with started_bot(fake_discord, tmp_path, **env):
        assert "CIIP" in await answer_title(fake_discord, "what is the ciip")
        mention = await fake_discord.inject_message(f"<@{me}> what is dicom?")
        await fake_discord.wait_until(lambda: reply_to(fake_discord, mention))
        record = await fake_discord.inject_slash("cert", {"certification": "cpsm"})
        answer = await record.wait_response()
        assert record.message_id is not None
        vote = await fake_discord.inject_component(record.message_id, "pacs:feedback:yes")
        assert (await vote.wait_response())["data"]["content"].startswith("Thanks")
        page = await private_embed(await kb(fake_discord, "gaps", mod))
        assert "database is unavailable" in page["description"]
        assert "damaged" in page["description"]
        stats = await private_embed(await kb(fake_discord, "stats", mod))
        assert "database is unavailable" in stats["description"]
        general = channel(fake_discord, "general")
        saved = await setting(fake_discord, "passive", mod, {"channel": general, "enabled": True})
        assert "Nothing was changed" in saved["content"]
        assert "CPSM" in answer["data"]["embeds"][0]["title"]
    assert database.read_bytes() == GARBAGE, "a damaged file is never rewritten"
    errors = [
        r for r in caplog.records if r.name.startswith("bot.store") and r.levelno >= logging.ERROR
    ]
    assert len(errors) == 1, [r.getMessage() for r in errors]
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_a_read_only_database_keeps_its_settings_and_answers(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    general = channel(fake_discord, "general")
    mod = moderator(fake_discord)
    env = {"MESSAGE_CONTENT_INTENT": "true", "WATCH_KNOWLEDGE": "false"}
    database = tmp_path / "state" / "pacsbot.sqlite3"
    async with started_bot(fake_discord, tmp_path / "state", **env):
        await setting(fake_discord, "passive", mod, {"channel": general, "enabled": True})
    before = database.read_bytes()

    read_only = {**env, "DATABASE_PATH": f"file:{database}?mode=ro"}
    async with started_bot(fake_discord, tmp_path / "state", **read_only):
        message = await fake_discord.inject_message(CONFIDENT, channel_id=general)
        await fake_discord.wait_until(
            lambda: reply_to(fake_discord, message), 5.0, "a passive answer from stored settings"
        )
        assert "PACS Administrator" in await answer_title(fake_discord, "pacs admin salary")
        saved = await setting(
            fake_discord, "mod-log", mod, {"channel": channel(fake_discord, "bot-commands")}
        )
        assert "read-only" in saved["content"] and "Nothing was changed" in saved["content"]
    assert database.read_bytes() == before
    assert fake_discord.violations == []


ACK_DEADLINE = 3.0  # seconds Discord gives a bot to acknowledge an interaction


def add_role_moderator(fake: FakeDiscord) -> tuple[FakeRole, FakeUser]:
    """A role without permissions and a member, carol, who has it."""
    helpers = FakeRole(1200000000000000299, "Helpers", 0, 2)
    carol = FakeUser(1300000000000000098, "carol")
    fake.guild.roles.append(helpers)
    fake.guild.members.append(FakeMember(carol, [helpers.id]))
    return helpers, fake.user(carol)


@pytest.mark.asyncio
async def test_a_locked_database_gets_every_command_acknowledged_and_saves_nothing_it_denied(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    mod = moderator(fake_discord)
    helpers, carol = add_role_moderator(fake_discord)
    general = channel(fake_discord, "general")
    guild = fake_discord.guild.id
    async with started_bot(fake_discord, tmp_path, WATCH_KNOWLEDGE="false") as bot:
        await setting(fake_discord, "moderator-role", mod, {"role": helpers.id})
        before = await bot.store.get_settings(guild)
        # a backup job (another process) holds the write lock while moderators change settings
        other = sqlite3.connect(tmp_path / "pacsbot.sqlite3", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            loop = asyncio.get_running_loop()
            started = loop.time()
            records = [
                await fake_discord.inject_slash(
                    "settings",
                    {"channel": general, "enabled": True},
                    subcommand="passive",
                    user=user,
                )
                for user in (mod, mod, carol, carol)
            ]
            records.append(await kb(fake_discord, "stats", carol))  # a role moderator's /kb
            for record in records:
                left = started + ACK_DEADLINE - loop.time()
                await asyncio.wait_for(record.wait_response(timeout=10), max(left, 0.001))
            answers = [await settled_answer(record, timeout=10) for record in records]
        finally:
            other.execute("ROLLBACK")
            other.close()
        for answer in answers[:4]:
            assert "Could not save that" in answer["content"], answer
            assert "Nothing was changed" in answer["content"], answer
        assert answers[4]["embeds"][0]["title"].startswith("Questions"), answers[4]

        # the lock is gone: nothing the moderators were told failed shows up later
        await asyncio.sleep(0.5)
        shown = (await setting(fake_discord, "show", mod))["embeds"][0]["fields"]
        assert f"<#{general}>" not in shown[0]["value"]
        after = await bot.store.get_settings(guild)
        assert after == before and general not in after.passive_channels
        assert (
            "on"
            in (await setting(fake_discord, "passive", mod, {"channel": general, "enabled": True}))[
                "content"
            ]
        )
        assert (await bot.store.get_settings(guild)).passive_channels == {general}
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_a_database_deleted_under_the_running_bot_is_recreated_and_nothing_is_lost(
    fake_discord: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    mod = moderator(fake_discord)
    general, mod_log = channel(fake_discord, "general"), channel(fake_discord, "bot-commands")
    state = tmp_path / "state"
    env = {"WATCH_KNOWLEDGE": "false"}
    async with started_bot(fake_discord, state, **env):
        await setting(fake_discord, "passive", mod, {"channel": general, "enabled": True})
        for file in list(state.glob("pacsbot.sqlite3*")):  # e.g. a clean-up job
            file.unlink()
        saved = await setting(fake_discord, "mod-log", mod, {"channel": mod_log})
        assert f"<#{mod_log}>" in saved["content"]
        assert "deleted" in saved["content"] and "recreated" in saved["content"], saved
        assert (state / "pacsbot.sqlite3").is_file()

    async with started_bot(fake_discord, state, **env):  # a restart: both settings are there
        shown = (await setting(fake_discord, "show", mod))["embeds"][0]["fields"]
        assert f"<#{general}>" in shown[0]["value"] and f"<#{mod_log}>" in shown[2]["value"]
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "deleted while the bot was running" in errors[0], errors
    assert fake_discord.violations == []


# ---- settings from the environment, retention -------------------------------------------------


def test_database_and_watcher_settings(tmp_path: Path) -> None:
    defaults = Settings.from_env({"STATE_DIR": str(tmp_path)}, None)
    assert defaults.database == str(tmp_path / "pacsbot.sqlite3")
    assert (defaults.retention_days, defaults.low_confidence) == (90, 0.7)
    assert defaults.watch_knowledge is True
    custom = Settings.from_env(
        {
            "DATABASE_PATH": "file:bot.db?mode=ro",
            "RETENTION_DAYS": "0",
            "LOW_CONFIDENCE": "0.5",
            "WATCH_KNOWLEDGE": "false",
        },
        None,
    )
    assert custom.database == "file:bot.db?mode=ro"
    assert (custom.retention_days, custom.low_confidence, custom.watch_knowledge) == (0, 0.5, False)
    for name, value in [
        ("RETENTION_DAYS", "ninety"),
        ("RETENTION_DAYS", "-1"),
        ("LOW_CONFIDENCE", "70%"),
        ("LOW_CONFIDENCE", "1.5"),
        ("WATCH_KNOWLEDGE", "sometimes"),
    ]:
        with pytest.raises(SettingsError, match=name):
            Settings.from_env({name: value}, None)


@pytest.mark.asyncio
async def test_old_questions_are_deleted_after_the_retention_period(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    database = tmp_path / "pacsbot.sqlite3"
    guild = fake_discord.guild.id
    async with Store(database) as store:
        for days_ago in (100, 40, 10):
            await store.record_question(
                f"asked {days_ago} days ago?",
                outcome="decline",
                confidence=0.0,
                guild_id=guild,
                at=time.time() - days_ago * 86_400,
            )
    async with started_bot(fake_discord, tmp_path, RETENTION_DAYS="30", WATCH_KNOWLEDGE="false"):
        stats = await private_embed(
            await kb(fake_discord, "stats", moderator(fake_discord), {"days": 365})
        )
        page = await private_embed(
            await kb(fake_discord, "gaps", moderator(fake_discord), {"days": 365})
        )
    assert {f["name"]: f["value"] for f in stats["fields"]}["Asked"] == "1"
    assert "asked 10 days ago?" in page["description"]
    assert "40 days" not in page["description"] and "100 days" not in page["description"]


@pytest.mark.asyncio
async def test_hundreds_of_errors_fit_in_one_private_answer(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    folder = knowledge_copy(tmp_path)
    extra = "".join(f"unknown_key_{n:03}_{'x' * 60}: 1\n" for n in range(300))
    edit(folder / ANALYST, lambda text: text + extra)
    env = {"KNOWLEDGE_DIR": str(folder), "WATCH_KNOWLEDGE": "false"}
    mod_log = channel(fake_discord, "bot-commands")
    async with started_bot(fake_discord, tmp_path / "state", **env):
        await setting(fake_discord, "mod-log", moderator(fake_discord), {"channel": mod_log})
        embed = await private_embed(await kb(fake_discord, "reload", moderator(fake_discord)))
        logged = await fake_discord.wait_until(lambda: channel_posts(fake_discord, mod_log))
    description = embed["description"]
    assert len(description) <= 4096
    assert "roles/pacs-analyst.yaml:" in description and "unknown_key_000" in description
    assert description.rstrip().endswith("more") and "… and " in description
    assert logged[0]["embeds"][0]["description"] == description
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_every_saved_settings_change_is_posted_to_the_mod_log(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    mod = moderator(fake_discord)
    mod_log = channel(fake_discord, "bot-commands")
    async with started_bot(fake_discord, tmp_path, WATCH_KNOWLEDGE="false"):
        await setting(fake_discord, "mod-log", mod, {"channel": mod_log})
        await setting(fake_discord, "charts", mod, {"style": "light"})
        await setting(fake_discord, "show", mod)  # reading changes nothing: no note
        notes = await fake_discord.wait_until(
            lambda: (found := settings_posts(fake_discord, mod_log)) and len(found) >= 2 and found
        )
    assert [n["embeds"][0]["title"] for n in notes] == ["/settings mod-log", "/settings charts"]
    assert "light theme" in notes[1]["embeds"][0]["description"]
    assert notes[1]["embeds"][0]["fields"] == [
        {"name": "By", "value": f"<@{mod.id}>", "inline": True}
    ]
    assert fake_discord.violations == []
