"""Helpers for the ``test_bot_*`` end-to-end tests: the real PacsBot against the stand-in.

Nothing here replaces our code or discord.py: the bot is the real ``PacsBot`` with real settings,
pointed at the loopback stand-in by the ``fake_discord`` fixture.
"""

from __future__ import annotations

import asyncio
import copy
import functools
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.discord_app.client import PacsBot, ShardedPacsBot
from bot.engine import Engine
from bot.knowledge.reload import EngineHolder

from .fake_discord import LOADING, FakeDiscord, InteractionRecord, RecordedRequest, running_bot
from .fake_world import FakeMember, FakeUser

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
BOB = FakeUser(1300000000000000099, "bob")  # a plain member: no moderator rights, asks nothing


@functools.cache
def engine() -> Engine:
    """The shipped knowledge base, loaded once per test session (an Engine is immutable)."""
    return Engine.from_directory(KNOWLEDGE)


def settings_for(fake: FakeDiscord, state_dir: Path, **env: str) -> Settings:
    """Settings as ``pacsbot run`` would read them, pointed at the stand-in; cooldowns generous.

    The Moderator role is the knowledge editors' role (``HOME_GUILD_ID`` and
    ``KNOWLEDGE_EDITOR_ROLE_ID``) unless a test sets them: moderators' tests reload and edit.
    Pay charts are off unless a test sets ``CHARTS``: a new chart defers the answer while it is
    drawn, and these tests look at the text answer's body and timing. ``test_bot_charts.py``
    runs with charts on, through every entry point.
    """
    editors = next((r for r in fake.guild.roles if r.name == "Moderator"), None)
    values = {
        "CHARTS": "off",
        "HOME_GUILD_ID": str(fake.guild.id),
        "KNOWLEDGE_EDITOR_ROLE_ID": str(editors.id) if editors else "",
        "DISCORD_TOKEN": fake.token,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "STATE_DIR": str(state_dir),
        "USER_COOLDOWN": "1000/1",
        "CHANNEL_COOLDOWN": "1000/1",
        **env,
    }
    return Settings.from_env(values, None)


def add_bob(fake: FakeDiscord) -> FakeUser:
    """Add a plain member (no moderator rights) to the default guild."""
    if fake.guild.member(BOB.id) is None:
        fake.guild.members.append(FakeMember(BOB))
    return fake.user(BOB)


@asynccontextmanager
async def started_bot(
    fake: FakeDiscord,
    state_dir: Path,
    *,
    engine_: Engine | None = None,
    bot_options: Mapping[str, Any] | None = None,
    **env: str,
) -> AsyncIterator[PacsBot | ShardedPacsBot]:
    """Run the real bot against ``fake`` until the block ends (then close it cleanly).

    ``env``: settings as environment variables; ``bot_options``: keyword arguments of the bot.
    """
    settings = settings_for(fake, state_dir, **env)
    holder = EngineHolder(engine_ or engine())
    cls = ShardedPacsBot if settings.shard_count is not None else PacsBot
    bot = cls(settings, holder, guild_ready_timeout=0.1, **(bot_options or {}))
    before = len(fake.identifies)
    async with running_bot(fake, bot):
        shards = settings.shard_count if isinstance(settings.shard_count, int) else 1
        if settings.shard_ids is not None:  # cluster mode: this process runs only these
            shards = len(settings.shard_ids)
        # discord.py waits 5 s before each IDENTIFY after the first (before_identify_hook)
        await fake.wait_identified(before + shards, timeout=5.0 * shards)
        await asyncio.wait_for(bot.wait_until_ready(), 5)
        yield bot


async def finished(
    fake: FakeDiscord, record: InteractionRecord, timeout: float = 8.0
) -> dict[str, Any]:
    """The interaction's message once it shows an answer: sent at once, or after a deferral
    (no longer "thinking…")."""

    def done() -> dict[str, Any] | None:
        message = record.original_message
        if message is None or message["flags"] & LOADING:
            return None
        return message if message["embeds"] or message["content"] else None

    return await fake.wait_until(done, timeout, f"a finished answer to {record.id}")


def wire(body: Mapping[str, Any]) -> dict[str, Any]:
    """A message body's embeds and components without discord.py's neutral defaults.

    discord.py adds ``"flags": 0`` to every embed and ``"disabled": false`` to every button; the
    stand-in adds ``"type": "rich"`` to stored embeds. Everything else must match exactly.
    """
    embeds = []
    for embed in body.get("embeds") or []:
        embed = {k: v for k, v in embed.items() if (k, v) not in (("flags", 0), ("type", "rich"))}
        embeds.append(embed)
    rows = copy.deepcopy(list(body.get("components") or []))
    for row in rows:
        for component in row.get("components") or []:
            if component.get("disabled") is False:
                del component["disabled"]
    return {"embeds": embeds, "components": rows}


def buttons(body: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every button of a message body, row by row."""
    return [c for row in body.get("components") or [] for c in row.get("components") or []]


def posts(fake: FakeDiscord, since: int = 0) -> list[RecordedRequest]:
    """Channel messages the bot created (POST /channels/{id}/messages) from request ``since`` on."""
    return [
        r
        for r in fake.requests[since:]
        if r.method == "POST" and r.path.startswith("/channels/") and r.path.endswith("/messages")
    ]
