"""Slash commands end to end: the synced payload, every command, autocomplete, sync by hash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.render.discord_body import render_message

from .bot_harness import engine, started_bot, wire
from .discord_limits import check_commands
from .fake_discord import EPHEMERAL, FakeDiscord

PRIVATE = ("private", False, False)  # every lookup can be answered privately
EXPECTED_OPTIONS = {
    "ask": [("question", True, False), PRIVATE],
    "salary": [("role", True, True), ("location", False, True), PRIVATE],
    "role": [("role", True, True), PRIVATE],
    "cert": [("certification", True, True), PRIVATE],
    "compare": [("first", True, True), ("second", True, True), PRIVATE],
    "path": [("role", False, True), PRIVATE],
    "define": [("term", True, True), PRIVATE],
    "help": [PRIVATE],
}

# (command, options as sent (ids picked from suggestions, or typed text), part of the title)
CASES = [
    ("ask", {"question": "how much does a pacs admin make in sf?"}, "PACS Administrator"),
    ("salary", {"role": "pacs-administrator", "location": "san-francisco"}, "San Francisco"),
    ("salary", {"role": "pacs admn"}, "PACS Administrator salary"),
    ("role", {"role": "ris analyst"}, "Radiology Information Systems"),
    ("cert", {"certification": "cpsm"}, "CPSM"),
    ("compare", {"first": "pacs-analyst", "second": "ris analyst"}, " vs "),
    ("path", {}, "career path"),
    ("path", {"role": "pacs analyst"}, "PACS Analyst"),
    ("define", {"term": "dicon"}, "DICOM"),
    ("help", {}, ""),
]


def _engine_options(command: str, options: dict[str, str]) -> str:
    if command == "compare":
        return f"{options['first']} vs {options['second']}"
    if command == "salary":
        return f"{options['role']} {options.get('location', '')}".strip()
    return " ".join(options.values())


@pytest.mark.asyncio
async def test_synced_payload(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    async with started_bot(fake_discord, tmp_path):
        put = await fake_discord.wait_for_request(lambda r: r.method == "PUT")
    assert put.path == f"/applications/{fake_discord.application_id}/commands"
    commands = {c["name"]: c for c in put.json}
    assert set(commands) == set(EXPECTED_OPTIONS) | {"kb", "settings"}  # moderators: see
    # tests/e2e/test_bot_moderation.py
    for name, expected in EXPECTED_OPTIONS.items():
        command = commands[name]
        assert command["description"] and command["description"] != "…", name
        options = command.get("options") or []
        got = [(o["name"], o["required"], bool(o.get("autocomplete"))) for o in options]
        assert got == expected, name
        for option in options:
            assert option["description"] not in ("", "…"), (name, option)
            if option["name"] == "private":
                assert option["type"] == 5, (name, option)  # a boolean
                continue
            assert option["type"] == 3 and option["max_length"] <= 1000, (name, option)
    assert check_commands(put.json) == []
    assert fake_discord.violations == []
    assert fake_discord.unhandled == []
    # What each command says it answers in Discord's picker is what /help says of it.
    help_text = engine().answer("/help").to_dict()["text"]
    for name in EXPECTED_OPTIONS.keys() - {"help"}:
        assert f"/{name}" in help_text and commands[name]["description"] in help_text, name


@pytest.mark.asyncio
@pytest.mark.parametrize(("command", "options", "title"), CASES)
async def test_every_command_answers_with_the_rendered_body(
    fake_discord: FakeDiscord, tmp_path: Path, command: str, options: dict[str, str], title: str
) -> None:
    async with started_bot(fake_discord, tmp_path):
        record = await fake_discord.inject_slash(command, options)
        response = await record.wait_response()
    assert response["type"] == 4
    data = response["data"]
    assert not (data.get("flags") or 0) & 64, "answers are public"
    assert data["allowed_mentions"] == {"parse": []}
    assert title in data["embeds"][0]["title"]
    reply = engine().answer_command(command, _engine_options(command, options))
    expected = render_message(reply, fake_discord.default_user.id)
    assert wire(data) == wire(expected)
    assert data["embeds"][0]["footer"]["text"]
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_unknown_subject_is_a_normal_decline(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with started_bot(fake_discord, tmp_path):
        record = await fake_discord.inject_slash("role", {"role": "astronaut pilot"})
        response = await record.wait_response()
    assert response["type"] == 4 and not (response["data"].get("flags") or 0) & 64
    assert response["data"]["embeds"][0]["title"] == "Sorry, I can't answer that"


@pytest.mark.asyncio
async def test_autocomplete_limits_and_typos(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    async with started_bot(fake_discord, tmp_path):
        cases = [
            ("salary", {"role": "pacs admn"}, "role", "pacs-administrator"),
            ("salary", {"role": "pacs-administrator", "location": "san fran"}, "location", None),
            ("cert", {"certification": "cpsm"}, "certification", "cpsm"),
            ("define", {"term": "dicon"}, "term", "dicom"),
            ("compare", {"first": "ris anlyst"}, "first", "ris-analyst"),
            ("path", {"role": ""}, "role", None),
            ("define", {"term": ""}, "term", None),
            ("define", {"term": "a"}, "term", None),
            ("role", {"role": "x" * 300}, "role", None),
        ]
        results = {}
        for command, options, focused, first in cases:
            record = await fake_discord.inject_autocomplete(command, options, focused)
            response = await record.wait_response()
            assert response["type"] == 8
            choices = response["data"]["choices"]
            assert len(choices) <= 25
            for choice in choices:
                assert 1 <= len(choice["name"]) <= 100 and 1 <= len(choice["value"]) <= 100
            if first is not None:
                assert choices and choices[0]["value"] == first, (command, options, choices[:3])
            results[(command, focused, options[focused][:10])] = choices
    assert results[("salary", "location", "san fran")][0]["value"] == "san-francisco"
    assert len(results[("define", "term", "")]) == 25  # more terms exist than Discord shows
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_sync_only_when_the_payload_changes(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    def puts() -> int:
        return sum(1 for r in fake_discord.requests if r.method == "PUT")

    async with started_bot(fake_discord, tmp_path):
        await fake_discord.wait_for_request(lambda r: r.method == "PUT")
    assert puts() == 1
    async with started_bot(fake_discord, tmp_path):  # same payload, same state dir: no sync
        record = await fake_discord.inject_slash("help")
        await record.wait_response()
    assert puts() == 1
    state = tmp_path / "command-sync.json"
    stored = json.loads(state.read_text())
    assert list(stored) == [f"{fake_discord.application_id}:global"]
    state.write_text(json.dumps({key: "an older payload" for key in stored}))
    async with started_bot(fake_discord, tmp_path):  # stored hash differs: sync again
        await fake_discord.wait_for_request(lambda r: r.method == "PUT", since=0)
    assert puts() == 2


@pytest.mark.asyncio
async def test_dev_guild_syncs_to_that_guild(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    guild_id = fake_discord.guild.id
    async with started_bot(fake_discord, tmp_path, DEV_GUILD_ID=str(guild_id)):
        put = await fake_discord.wait_for_request(lambda r: r.method == "PUT")
        assert put.path == f"/applications/{fake_discord.application_id}/guilds/{guild_id}/commands"
        record = await fake_discord.inject_slash("cert", {"certification": "ciip"})
        assert record.payload["data"]["guild_id"] == str(guild_id)
        response = await record.wait_response()
    assert "CIIP" in response["data"]["embeds"][0]["title"]
    assert not any(r.method == "PUT" and "/guilds/" not in r.path for r in fake_discord.requests)


@pytest.mark.asyncio
async def test_commands_work_in_dms(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    async with started_bot(fake_discord, tmp_path):
        record = await fake_discord.inject_slash("define", {"term": "hl7"}, dm=True)
        response = await record.wait_response()
    assert "HL7" in response["data"]["embeds"][0]["title"]


@pytest.mark.asyncio
async def test_cooldown_notice_is_private(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    async with started_bot(fake_discord, tmp_path, USER_COOLDOWN="1/60"):
        first = await fake_discord.inject_slash("help")
        assert (await first.wait_response())["type"] == 4
        second = await fake_discord.inject_slash("cert", {"certification": "ciip"})
        notice = await second.wait_response()
    assert notice["type"] == 4 and notice["data"]["flags"] & EPHEMERAL
    assert "wait" in notice["data"]["content"] and not notice["data"].get("embeds")


@pytest.mark.asyncio
async def test_errors_are_private(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    async with started_bot(fake_discord, tmp_path):
        # Discord refuses the answer once (400): the command fails, the user gets a private note.
        fake_discord.fail_next("POST", r"/interactions/\d+/[^/]+/callback$", 400)
        record = await fake_discord.inject_slash("role", {"role": "pacs manager"})
        note = await record.wait_response()
    assert note["type"] == 4 and note["data"]["flags"] & EPHEMERAL
    assert "went wrong" in note["data"]["content"]


@pytest.mark.asyncio
async def test_follow_up_uses_channel_context(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    me = fake_discord.bot_user.id
    async with started_bot(fake_discord, tmp_path):
        record = await fake_discord.inject_slash("salary", {"role": "pacs admin"})
        await record.wait_response()
        await fake_discord.inject_message(f"<@{me}> and in boston?")
        reply = await fake_discord.wait_for_request(
            lambda r: r.method == "POST" and r.path.endswith("/messages")
        )
    assert reply.json["embeds"][0]["title"] == "PACS Administrator salary in Boston"
