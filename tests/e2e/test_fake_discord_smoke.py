"""Smoke test: a minimal real discord.py bot end to end against the loopback stand-in."""

from __future__ import annotations

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from .fake_discord import FakeDiscord, running_bot


class PingView(discord.ui.View):
    """One button that answers ephemerally."""

    def __init__(self) -> None:
        super().__init__(timeout=60)

    @discord.ui.button(label="Again", custom_id="ping:again", style=discord.ButtonStyle.primary)
    async def again(
        self, interaction: discord.Interaction, button: discord.ui.Button[PingView]
    ) -> None:
        await interaction.response.send_message("pong again", ephemeral=True)


class SmokeBot(commands.Bot):
    """/ping with an embed and a button; replies "Hello!" to "hello"."""

    def __init__(self, guild_id: int | None = None) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        super().__init__(
            command_prefix="!",
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=0.1,  # on_ready 0.1 s after the last GUILD_CREATE instead of 2 s
        )
        self.sync_guild = discord.Object(guild_id) if guild_id else None

        @self.tree.command(name="ping", description="Check that the bot answers")
        async def ping(interaction: discord.Interaction) -> None:
            embed = discord.Embed(title="Pong", description=f"Latency {self.latency * 1000:.0f} ms")
            await interaction.response.send_message(embed=embed, view=PingView())

    async def setup_hook(self) -> None:
        if self.sync_guild is not None:
            self.tree.copy_global_to(guild=self.sync_guild)
            self.tree.clear_commands(guild=None)
        await self.tree.sync(guild=self.sync_guild)

    async def on_message(self, message: discord.Message) -> None:
        if not message.author.bot and message.content.lower() == "hello":
            await message.reply("Hello!")


async def _ping_answered(fake: FakeDiscord, **where: int) -> dict:
    record = await fake.inject_slash("ping", **where)
    response = await record.wait_response()
    assert response["type"] == 4
    assert response["data"]["embeds"][0]["title"] == "Pong"
    return response


@pytest.mark.asyncio
async def test_connects_and_syncs(fake_discord: FakeDiscord) -> None:
    async with running_bot(fake_discord, SmokeBot()):
        put = await fake_discord.wait_for_request(lambda r: r.method == "PUT")
        assert put.path == f"/applications/{fake_discord.application_id}/commands"
        assert [(c["name"], c["description"]) for c in put.json] == [
            ("ping", "Check that the bot answers")
        ]
        intents = discord.Intents(fake_discord.intents or 0)
        assert intents.guilds and intents.guild_messages and intents.message_content
        assert not intents.members and not intents.presences
        assert [r.path for r in fake_discord.requests[:2]] == [
            "/users/@me",
            "/oauth2/applications/@me",
        ]
    assert fake_discord.unhandled == []
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_slash_command_and_button(fake_discord: FakeDiscord) -> None:
    async with running_bot(fake_discord, SmokeBot()):
        response = await _ping_answered(fake_discord)
        button = response["data"]["components"][0]["components"][0]
        assert (button["label"], button["custom_id"]) == ("Again", "ping:again")
        record = next(iter(fake_discord.interactions.values()))
        assert record.message_id is not None and record.original_message is not None
        click = await fake_discord.inject_component(record.message_id, "ping:again")
        assert click.payload["message"]["id"] == str(record.message_id)
        answer = await click.wait_response()
        assert answer["type"] == 4
        assert (answer["data"]["content"], answer["data"]["flags"]) == ("pong again", 64)
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_guild_synced_command_uses_data_guild_id(fake_discord: FakeDiscord) -> None:
    async with running_bot(fake_discord, SmokeBot(guild_id=fake_discord.guild.id)):
        put = await fake_discord.wait_for_request(
            lambda r: r.method == "PUT" and "/guilds/" in r.path
        )
        assert [c["name"] for c in put.json] == ["ping"]
        record = await fake_discord.inject_slash("ping")
        assert record.payload["data"]["guild_id"] == str(fake_discord.guild.id)
        assert (await record.wait_response())["type"] == 4
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_message_gets_a_reply(fake_discord: FakeDiscord) -> None:
    async with running_bot(fake_discord, SmokeBot()):
        sent = await fake_discord.inject_message("hello")
        channel_id = sent["channel_id"]
        post = await fake_discord.wait_for_request(
            lambda r: r.method == "POST" and r.path.endswith("/messages")
        )
        assert post.path == f"/channels/{channel_id}/messages"
        assert post.json["content"] == "Hello!"
        assert str(post.json["message_reference"]["message_id"]) == sent["id"]
        assert post.json["allowed_mentions"]["parse"] == []
        await fake_discord.inject_message("something else")
        await fake_discord.inject_message("hello", bot=True)
    posts = [
        r for r in fake_discord.requests if r.method == "POST" and r.path.endswith("/messages")
    ]
    assert len(posts) == 1  # no reply to other text, to bots, or to its own echoed message
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_survives_500_and_429(fake_discord: FakeDiscord) -> None:
    async with running_bot(fake_discord, SmokeBot()):
        fault = fake_discord.fail_next("POST", r"^/interactions/\d+/[^/]+/callback$", status=500)
        await _ping_answered(fake_discord)
        assert fault.hits == 1
        fault = fake_discord.fail_next(
            "POST", r"^/interactions/\d+/[^/]+/callback$", status=429, retry_after=0.1
        )
        await _ping_answered(fake_discord)
        assert fault.hits == 1
        fault = fake_discord.fail_next(
            "POST", r"^/channels/\d+/messages$", status=429, times=2, retry_after=0.1
        )
        mark = len(fake_discord.requests)
        await fake_discord.inject_message("hello")
        await fake_discord.wait_for_request(
            lambda r: r.path.endswith("/messages") and r.status == 200, since=mark
        )
        assert fault.hits == 2
        assert [r.status for r in fake_discord.requests[mark:] if r.path.endswith("/messages")] == [
            429,
            429,
            200,
        ]
    assert fake_discord.violations == []


@pytest.mark.asyncio
@pytest.mark.parametrize("code", [None, 4000, 1000])
async def test_survives_gateway_drop(fake_discord: FakeDiscord, code: int | None) -> None:
    async with running_bot(fake_discord, SmokeBot()):
        await _ping_answered(fake_discord)
        await fake_discord.drop_gateway(code)
        record = await fake_discord.inject_slash(
            "ping"
        )  # sent while disconnected: replayed on RESUME
        await fake_discord.wait_resumed()
        assert (await record.wait_response())["type"] == 4
        await _ping_answered(fake_discord)
        assert len(fake_discord.identifies) == 1
        resume = [m for m in fake_discord.gateway_received if m["op"] == 6]
        assert resume and resume[0]["d"]["session_id"]
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_app_command_tree_is_real(fake_discord: FakeDiscord) -> None:
    """The bot really went through discord.py's CommandTree (no mocking)."""
    bot = SmokeBot()
    async with running_bot(fake_discord, bot):
        await _ping_answered(fake_discord)
        assert isinstance(bot.tree.get_command("ping"), app_commands.Command)
        assert bot.user is not None and bot.user.id == fake_discord.bot_user.id
    assert bot.is_closed()
