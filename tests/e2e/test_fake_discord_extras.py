"""The stand-in's other helpers (autocomplete, modals, deferrals, DMs, checks) with a real bot."""

from __future__ import annotations

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from .discord_limits import check_message_body, check_no_pings
from .fake_discord import FakeDiscord, running_bot

FRUITS = ["apple", "apricot", "banana", "cherry"]


class Feedback(discord.ui.Modal, title="Feedback"):
    """A one-field modal."""

    text = discord.ui.TextInput(label="What should we improve?", custom_id="feedback:text")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"Thanks: {self.text.value}", ephemeral=True)


class ExtrasBot(commands.Bot):
    """Commands exercising autocomplete, modals, deferral, follow-ups and DMs."""

    def __init__(self, **options: object) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        super().__init__(command_prefix="!", intents=intents, guild_ready_timeout=0.1, **options)  # type: ignore[arg-type]

        @self.tree.command(name="fruit", description="Pick a fruit")
        @app_commands.describe(name="Fruit name", count="How many")
        async def fruit(interaction: discord.Interaction, name: str, count: int = 1) -> None:
            await interaction.response.send_message(f"{count} x {name}")

        @fruit.autocomplete("name")
        async def fruit_complete(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return [app_commands.Choice(name=f, value=f) for f in FRUITS if f.startswith(current)]

        @self.tree.command(name="feedback", description="Send feedback")
        async def feedback(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(Feedback())

        @self.tree.command(name="slow", description="Deferred answer")
        async def slow(interaction: discord.Interaction, who: discord.Member) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.edit_original_response(content=f"done for {who.name}")
            await interaction.followup.send("one more thing")

        @self.tree.command(name="dmme", description="Send a DM")
        async def dmme(interaction: discord.Interaction) -> None:
            await interaction.user.send("psst")
            await interaction.response.send_message("sent", ephemeral=True)

        @self.tree.command(name="long", description="Too long for Discord")
        async def long(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("x" * 2001)

        kb = app_commands.Group(
            name="kb", description="Knowledge base", default_permissions=discord.Permissions(32)
        )

        @kb.command(name="reload", description="Reload the knowledge base")
        async def reload(interaction: discord.Interaction, quiet: bool = False) -> None:
            await interaction.response.send_message(f"reloaded (quiet={quiet})", ephemeral=True)

        self.tree.add_command(kb)

    async def setup_hook(self) -> None:
        await self.tree.sync()

    async def on_message(self, message: discord.Message) -> None:
        if isinstance(message.channel, discord.DMChannel) and not message.author.bot:
            await message.channel.send(f"DM echo: {message.content}")


@pytest.mark.asyncio
async def test_autocomplete_options_and_modal(fake_discord: FakeDiscord) -> None:
    async with running_bot(fake_discord, ExtrasBot()):
        record = await fake_discord.inject_autocomplete("fruit", {"name": "ap"}, focused="name")
        assert await record.wait_response() == {
            "type": 8,
            "data": {
                "choices": [
                    {"name": "apple", "value": "apple"},
                    {"name": "apricot", "value": "apricot"},
                ]
            },
        }
        record = await fake_discord.inject_slash("fruit", {"name": "cherry", "count": 3})
        assert (await record.wait_response())["data"]["content"] == "3 x cherry"
        record = await fake_discord.inject_slash("feedback")
        modal = await record.wait_response()
        assert modal["type"] == 9 and modal["data"]["title"] == "Feedback"
        submit = await fake_discord.inject_modal_submit(
            modal["data"]["custom_id"], {"feedback:text": "more fruit"}
        )
        assert (await submit.wait_response())["data"]["content"] == "Thanks: more fruit"
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_deferral_edit_followup_and_dms(fake_discord: FakeDiscord) -> None:
    async with running_bot(fake_discord, ExtrasBot()):
        record = await fake_discord.inject_slash("slow", {"who": fake_discord.guild.owner_id})
        assert (await record.wait_response())["type"] == 5
        assert (await record.wait_edit())[
            "content"
        ] == f"done for {fake_discord.user(fake_discord.guild.owner_id).username}"
        assert (await record.wait_followup())["content"] == "one more thing"
        assert record.original_message is not None and not record.original_message["flags"] & 128

        record = await fake_discord.inject_slash("dmme")
        await record.wait_response()
        dm = fake_discord.dm_channel(fake_discord.default_user)
        assert [m["content"] for m in fake_discord.channel_messages(dm.id)] == ["psst"]

        mark = len(fake_discord.requests)
        await fake_discord.inject_message("hi there", dm=True)
        post = await fake_discord.wait_for_request(
            lambda r: r.path == f"/channels/{dm.id}/messages", since=mark
        )
        assert post.json["content"] == "DM echo: hi there"
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_subcommands_dms_and_over_limit_bodies(fake_discord: FakeDiscord) -> None:
    async with running_bot(fake_discord, ExtrasBot()):
        put = await fake_discord.wait_for_request(lambda r: r.method == "PUT")
        kb = next(c for c in put.json if c["name"] == "kb")
        assert int(kb["default_member_permissions"]) == 32  # discord.py sends an int
        record = await fake_discord.inject_slash("kb", {"quiet": True}, subcommand="reload")
        assert (await record.wait_response())["data"]["content"] == "reloaded (quiet=True)"

        record = await fake_discord.inject_slash("fruit", {"name": "kiwi"}, dm=True)
        assert "guild_id" not in record.payload and record.payload["context"] == 1
        assert (await record.wait_response())["data"]["content"] == "1 x kiwi"
        assert fake_discord.violations == []

        record = await fake_discord.inject_slash("long")
        rejected = await fake_discord.wait_for_request(lambda r: r.status == 400)
        assert rejected.path.endswith("/callback") and record.response is None
    assert any("content has 2001 characters" in v for v in fake_discord.violations)


@pytest.mark.asyncio
async def test_missing_message_content_intent_blanks_content(fake_discord: FakeDiscord) -> None:
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
    async with running_bot(fake_discord, bot):
        sent = await fake_discord.inject_message("hello")
        assert sent["content"] == ""
        mentioned = await fake_discord.inject_message(f"<@{fake_discord.bot_user.id}> hello")
        assert mentioned["content"].endswith("hello")
        assert mentioned["mentions"][0]["id"] == str(fake_discord.bot_user.id)
    assert any("content blanked" in n for n in fake_discord.notes)


@pytest.mark.asyncio
async def test_wrong_token_and_unknown_routes(fake_discord: FakeDiscord) -> None:
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
    with pytest.raises(discord.LoginFailure):
        await bot.login("wrong-token")
    await bot.close()
    async with aiohttp.ClientSession() as session:
        url = f"{fake_discord.api_base}/guilds/1/emojis"
        async with session.get(
            url, headers={"Authorization": f"Bot {fake_discord.token}"}
        ) as response:
            assert response.status == 404
            assert response.headers["Content-Type"] == "application/json"
            assert await response.json() == {"message": "404: Not Found", "code": 0}
    assert fake_discord.unhandled == ["GET /guilds/1/emojis"]


def test_documented_limits() -> None:
    assert check_message_body({"content": "x" * 2000}) == []
    assert check_message_body({"content": "x" * 2001}) == [
        "content has 2001 characters (allowed 0..2000)"
    ]
    embed = {
        "title": "t" * 256,
        "description": "d" * 4096,
        "fields": [{"name": "n", "value": "v" * 1024}] * 2,
    }
    assert any("embeds total" in p for p in check_message_body({"embeds": [embed]}))
    buttons = [{"type": 2, "style": 1, "label": "b", "custom_id": "same"}] * 6
    problems = check_message_body({"components": [{"type": 1, "components": buttons}]})
    assert any("6 buttons" in p for p in problems) and any("not unique" in p for p in problems)
    choices = [{"name": str(i), "value": str(i)} for i in range(26)]
    assert check_message_body({"type": 8, "data": {"choices": choices}}) == [
        "choices: 26 choices (max 25)"
    ]
    assert any(
        "lowercase" in p
        for p in check_message_body([{"name": "Ping", "description": "x", "type": 1}])
    )
    assert check_no_pings({"content": "x", "allowed_mentions": {"parse": ["users"]}})
    assert check_no_pings({"type": 4, "data": {"allowed_mentions": {"parse": []}}}) == []


@pytest.mark.asyncio
async def test_network_faults_as_discord_py_meets_them(fake_discord: FakeDiscord) -> None:
    callback = r"/interactions/\d+/[^/]+/callback$"
    async with running_bot(fake_discord, ExtrasBot()):
        # Like Discord, a callback after 3 s is refused: "Unknown interaction".
        late = await fake_discord.inject_slash("fruit", {"name": "apple"}, age=4.0)
        refused = await fake_discord.wait_for_request(lambda r: str(late.id) in r.path)
        assert refused.status == 404 and late.response is None
        assert fake_discord.late_callbacks == 1
        # A 429 without Via (Cloudflare) is not retried by discord.py.
        fault = fake_discord.fail_next("POST", callback, 429, via=False)
        banned = await fake_discord.inject_slash("fruit", {"name": "cherry"})
        await fake_discord.wait_for_request(lambda r: str(banned.id) in r.path)
        # A dropped connection gets no answer at all.
        dropped = fake_discord.fail_next("POST", callback, 0)
        lost = await fake_discord.inject_slash("fruit", {"name": "banana"})
        request = await fake_discord.wait_for_request(lambda r: str(lost.id) in r.path)
        ok = await fake_discord.inject_slash("fruit", {"name": "apricot"})
        assert (await ok.wait_response())["data"]["content"] == "1 x apricot"
    assert fault.hits == 1 and banned.response is None
    assert [r.status for r in fake_discord.requests if str(banned.id) in r.path] == [429]
    assert dropped.hits == 1 and request.status == -1 and lost.response is None
