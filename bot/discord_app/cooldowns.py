"""Per-user and per-channel rate limits, built on discord.py's cooldown mappings."""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.config import Cooldown


def _by_id(key: int) -> int:
    return key


class Cooldowns:
    """One ``CooldownMapping`` keyed by user id and one keyed by channel id."""

    def __init__(self, user: Cooldown, channel: Cooldown) -> None:
        self.user = commands.CooldownMapping.from_cooldown(user.rate, user.per, _by_id)
        self.channel = commands.CooldownMapping.from_cooldown(channel.rate, channel.per, _by_id)

    def check_user(self, user_id: int) -> None:
        """Count one use by ``user_id``; raise ``app_commands.CommandOnCooldown`` if over."""
        bucket = self.user.get_bucket(user_id)
        assert bucket is not None
        wait = bucket.update_rate_limit()
        if wait:
            raise app_commands.CommandOnCooldown(bucket, wait)

    def hit(self, user_id: int, channel_id: int) -> float | None:
        """Count one use by ``user_id`` in ``channel_id``; the longer wait if either is over."""
        user_wait = self.user.update_rate_limit(user_id)
        if user_wait:
            return user_wait
        return self.channel.update_rate_limit(channel_id)
