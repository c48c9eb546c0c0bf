"""The stand-in checks, stores and serves uploaded files, with a real discord.py bot."""

from __future__ import annotations

import io
import struct
import zlib

import aiohttp
import discord
import pytest
from discord.ext import commands

from .discord_limits import check_uploads
from .fake_discord import FakeDiscord, RecordedFile, running_bot


def tiny_png(width: int = 2, height: int = 1) -> bytes:
    """A valid RGB PNG of ``width`` x ``height`` black pixels, built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x00\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG = tiny_png()
YAML = b"topics:\n  - name: DICOM\n    answer: A standard for medical images.\n"


def chart() -> tuple[discord.File, discord.Embed]:
    """A chart file and an embed showing it, as the bot will send them."""
    file = discord.File(io.BytesIO(PNG), filename="chart.png", description="Salary chart")
    embed = discord.Embed(title="Salaries").set_image(url="attachment://chart.png")
    return file, embed


class UploadBot(commands.Bot):
    """Commands that send charts in each way the bot will, and one that reads an upload."""

    def __init__(self) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        super().__init__(command_prefix="!", intents=intents, guild_ready_timeout=0.1)

        @self.tree.command(name="chart", description="Send a chart")
        async def send_chart(interaction: discord.Interaction) -> None:
            file, embed = chart()
            await interaction.response.send_message(embed=embed, file=file)

        @self.tree.command(name="slowchart", description="Send a chart after thinking")
        async def slow_chart(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            file, embed = chart()
            await interaction.edit_original_response(attachments=[file], embed=embed)

        @self.tree.command(name="post", description="Post a chart in the channel")
        async def post(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("posting", ephemeral=True)
            file, embed = chart()
            assert isinstance(interaction.channel, discord.TextChannel)
            await interaction.channel.send(embed=embed, file=file)

        @self.tree.command(name="put", description="Upload a knowledge file")
        async def put(interaction: discord.Interaction, attachment: discord.Attachment) -> None:
            data = await attachment.read()
            text = data.decode()
            await interaction.response.send_message(
                f"{attachment.filename}: {len(data)} bytes, {text.count(chr(10))} lines"
            )

        @self.tree.command(name="broken", description="An embed naming a missing file")
        async def broken(interaction: discord.Interaction) -> None:
            embed = discord.Embed(title="x").set_image(url="attachment://missing.png")
            await interaction.response.send_message(embed=embed)

    async def setup_hook(self) -> None:
        await self.tree.sync()


async def download(url: str) -> tuple[int, str, bytes]:
    """Status, Content-Type and body of a GET on ``url``."""
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, response.headers.get("Content-Type", ""), await response.read()


def assert_chart(message: dict) -> dict:
    """The message has chart.png (real size, served URL) and its embed image shows it."""
    (attachment,) = message["attachments"]
    assert attachment["filename"] == "chart.png" and attachment["size"] == len(PNG)
    assert attachment["content_type"] == "image/png"
    assert (attachment["width"], attachment["height"]) == (2, 1)
    assert message["embeds"][0]["image"]["url"] == attachment["url"]
    assert attachment["url"].startswith("http://127.0.0.1:")
    return attachment


@pytest.mark.asyncio
async def test_slash_answer_with_chart_is_stored_and_served(fake_discord: FakeDiscord) -> None:
    async with running_bot(fake_discord, UploadBot()):
        record = await fake_discord.inject_slash("chart")
        await record.wait_response()
        callback = await fake_discord.wait_for_request(lambda r: r.path.endswith("/callback"))
        assert [(f.field, f.filename, f.data) for f in callback.files] == [
            ("files[0]", "chart.png", PNG)
        ]
        assert callback.filenames == ["chart.png"]
        message = record.original_message
        assert message is not None
        attachment = assert_chart(message)
        assert attachment["description"] == "Salary chart"

        status, content_type, body = await download(attachment["url"])
        assert (status, content_type, body) == (200, "image/png", PNG)
        unknown = attachment["url"].replace(attachment["id"], str(int(attachment["id"]) + 1))
        renamed = attachment["url"].replace("chart.png", "other.png")
        assert [(await download(url))[0] for url in (unknown, renamed)] == [404, 404]

        # GET message, as Discord returns it.
        async with aiohttp.ClientSession() as session:
            url = (
                f"{fake_discord.api_base}/channels/{message['channel_id']}/messages/{message['id']}"
            )
            headers = {"Authorization": f"Bot {fake_discord.token}"}
            async with session.get(url, headers=headers) as response:
                fetched = await response.json()
        assert fetched["embeds"][0]["image"]["url"] == attachment["url"]
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_deferred_edit_and_channel_send_carry_the_chart(fake_discord: FakeDiscord) -> None:
    bot = UploadBot()
    async with running_bot(fake_discord, bot):
        record = await fake_discord.inject_slash("slowchart")
        assert (await record.wait_response())["type"] == 5
        edit = await record.wait_edit()
        assert edit["attachments"] == [
            {"id": 0, "filename": "chart.png", "description": "Salary chart"}
        ]
        assert record.original_message is not None
        assert_chart(record.original_message)

        record = await fake_discord.inject_slash("post")
        await record.wait_response()
        channel_id = int(record.payload["channel_id"])
        posted = await fake_discord.wait_until(
            lambda: next(
                (
                    m
                    for m in fake_discord.channel_messages(channel_id)
                    if m["attachments"] and not m.get("interaction_metadata")
                ),
                None,
            )
        )
        attachment = assert_chart(posted)
        assert (await download(attachment["url"]))[2] == PNG
        # discord.py saw the resolved embed image in MESSAGE_CREATE.
        cached = await fake_discord.wait_until(
            lambda: discord.utils.get(bot.cached_messages, id=int(posted["id"]))
        )
        assert cached.embeds[0].image.url == attachment["url"]
        assert cached.attachments[0].size == len(PNG)
        # An edit keeps only the attachments it lists.
        edited = await cached.edit(content="no chart", attachments=[])
        assert edited.attachments == [] and fake_discord.messages[cached.id]["attachments"] == []
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_attachment_option_is_downloaded_by_the_bot(fake_discord: FakeDiscord) -> None:
    async with running_bot(fake_discord, UploadBot()):
        upload = fake_discord.add_upload("topics.yaml", YAML, "application/x-yaml")
        record = await fake_discord.inject_slash("put", {"attachment": upload})
        resolved = record.payload["data"]["resolved"]["attachments"]
        assert resolved[upload["id"]]["url"] == upload["url"]
        response = await record.wait_response()
        assert response["data"]["content"] == f"topics.yaml: {len(YAML)} bytes, 3 lines"
        assert await download(upload["url"]) == (200, "application/x-yaml", YAML)
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_embed_naming_a_missing_attachment_is_a_violation(fake_discord: FakeDiscord) -> None:
    async with running_bot(fake_discord, UploadBot()):
        record = await fake_discord.inject_slash("broken")
        message = await fake_discord.wait_until(lambda: record.original_message)
        assert message["embeds"][0]["image"]["url"] == "attachment://missing.png"
    assert any("attachment://missing.png names no attachment" in v for v in fake_discord.violations)


def upload(n: int, filename: str, data: bytes = PNG) -> RecordedFile:
    """A ``files[n]`` part as discord.py sends it."""
    return RecordedFile(f"files[{n}]", filename, "application/octet-stream", data)


def test_upload_rules() -> None:
    body = {
        "embeds": [{"image": {"url": "attachment://chart.png"}}],
        "attachments": [{"id": 0, "filename": "chart.png", "description": "alt"}],
    }
    assert check_uploads(body, [upload(0, "chart.png")]) == []
    callback = {"type": 4, "data": {**body, "attachments": [{"id": "0", "filename": "chart.png"}]}}
    assert check_uploads(callback, [upload(0, "chart.png")]) == []

    long_alt = {"attachments": [{"id": 0, "filename": "chart.png", "description": "d" * 2000}]}
    assert check_uploads(long_alt, [upload(0, "chart.png")]) == [
        "attachments[0].description has 2000 characters (allowed 0..1024)"
    ]
    fake_png = {"attachments": [{"id": 0, "filename": "chart.png"}]}
    assert check_uploads(fake_png, [upload(0, "chart.png", b"GIF89a")]) == [
        "file files[0] ('chart.png') is not a PNG image"
    ]
    missing = {"embeds": [{"thumbnail": {"url": "attachment://gone.png"}}]}
    assert check_uploads(missing, []) == [
        "embeds[0].thumbnail.url attachment://gone.png names no attachment of the message"
    ]
    # On an edit, an attachment the message keeps may be shown; one it drops may not.
    existing = {"111": "chart.png"}
    keeps = {**missing, "embeds": [{"image": {"url": "attachment://chart.png"}}]}
    assert check_uploads(keeps, [], existing=existing) == []
    drops = {**keeps, "attachments": []}
    assert check_uploads(drops, [], existing=existing) == [
        "embeds[0].image.url attachment://chart.png names no attachment of the message"
    ]

    mismatched = {"attachments": [{"id": 1, "filename": "other.png"}]}
    problems = check_uploads(mismatched, [upload(0, "chart.png")])
    assert "file files[0] ('chart.png') has no attachments entry" in problems
    assert any("attachments[0] id 1 is neither" in p for p in problems)
    badly_named = RecordedFile("file", "a/b.png", "image/png", PNG)
    problems = check_uploads({"attachments": []}, [badly_named])
    assert "file field 'file' is not named files[n]" in problems
    assert "file file name 'a/b.png' has a path separator" in problems

    eleven = [upload(n, f"{n}.png") for n in range(11)]
    entries = {"attachments": [{"id": n, "filename": f"{n}.png"} for n in range(11)]}
    assert check_uploads(entries, eleven) == ["11 attachments (max 10)"]
    two = {"attachments": [{"id": 0, "filename": "a.bin"}, {"id": 1, "filename": "b.bin"}]}
    halves = [upload(0, "a.bin", bytes(60)), upload(1, "b.bin", bytes(60))]
    assert check_uploads(two, halves, limit=100) == ["files total 120 bytes (max 100)"]
    one = {"attachments": [{"id": 0, "filename": "a.bin"}]}
    assert check_uploads(one, [upload(0, "a.bin", bytes(101))], limit=100) == [
        "file files[0] ('a.bin') has 101 bytes (max 100)"
    ]


@pytest.mark.asyncio
async def test_file_over_the_upload_limit_is_refused(fake_discord: FakeDiscord) -> None:
    fake_discord.attachment_size_limit = len(PNG) - 1
    async with running_bot(fake_discord, UploadBot()):
        record = await fake_discord.inject_slash("chart")
        refused = await fake_discord.wait_for_request(lambda r: str(record.id) in r.path)
        assert refused.status == 413 and record.response is None
    assert any("chart.png') has" in v for v in fake_discord.violations)
