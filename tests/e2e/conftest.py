"""Fixtures for end-to-end tests against the loopback Discord stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator

import discord
import pytest_asyncio

from .discord_endpoint import point_discord_at
from .fake_discord import FakeDiscord


@pytest_asyncio.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """A started :class:`FakeDiscord` with discord.py pointed at it (restored afterwards)."""
    saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    fake = FakeDiscord()
    await fake.start()
    point_discord_at(fake.api_base, fake.gateway_url)
    try:
        yield fake
    finally:
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved
        await fake.stop()
