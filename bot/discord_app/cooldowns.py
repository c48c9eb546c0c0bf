"""Rate limits, built on discord.py's ``commands.CooldownMapping``.

Cooldowns keep channels free of spam; they do not ration anyone's lookups:

- a public reply (a slash command answered in a channel, a mention, a passive answer) counts
  against the asker's limit (``USER_COOLDOWN``) and the channel's (``CHANNEL_COOLDOWN``);
- a private reply (an ephemeral answer, anything in a DM) bothers nobody, so it counts only
  against a generous per-user abuse limit (``PRIVATE_COOLDOWN``), kept apart from the public one.

One mapping per limit, shared by every command and by free text (a per-command
``app_commands.checks.cooldown`` would let someone alternate commands to get around it).
"""

from __future__ import annotations

import time

from discord import app_commands
from discord.ext import commands

from bot.config import Cooldown


class PublicCooldown(app_commands.CommandOnCooldown):
    """Over a public limit: the same lookup would still be answered privately."""


def _by_id(key: int) -> int:
    return key


class _SweptMapping(commands.CooldownMapping[int]):
    """discord.py's mapping, forgetting idle buckets at most once per window.

    discord.py scans every bucket for idle ones on each lookup: with thousands of people asking
    within a window that is thousands of steps per reply. A bucket kept a little longer behaves
    the same (it refills itself once its window has passed), so sweeping once per window keeps
    memory bounded at a constant cost per reply.
    """

    _next_sweep = 0.0

    def _verify_cache_integrity(self, current: float | None = None) -> None:
        current = current or time.time()
        if current < self._next_sweep:
            return
        self._next_sweep = current + (self._cooldown.per if self._cooldown else 0.0)
        super()._verify_cache_integrity(current)


def _mapping(cooldown: Cooldown) -> commands.CooldownMapping[int]:
    return _SweptMapping.from_cooldown(cooldown.rate, cooldown.per, _by_id)


class Cooldowns:
    """The public limits (per user, per channel) and the private abuse limit (per user)."""

    def __init__(self, user: Cooldown, channel: Cooldown, private: Cooldown) -> None:
        self.user = _mapping(user)
        self.channel = _mapping(channel)
        self.private = _mapping(private)

    def hit(self, user_id: int, channel_id: int | None, *, private: bool = False) -> float | None:
        """Count one reply; the seconds to wait if it is over a limit, else None.

        A public reply is refused when either the user's or the channel's limit is reached.
        """
        if private:
            return self.private.update_rate_limit(user_id) or None
        wait = self.user.update_rate_limit(user_id)
        if not wait and channel_id is not None:
            wait = self.channel.update_rate_limit(channel_id)
        return wait or None

    def check(self, user_id: int, channel_id: int | None, *, private: bool = False) -> None:
        """Count one reply; raise ``app_commands.CommandOnCooldown`` if it is over a limit."""
        wait = self.hit(user_id, channel_id, private=private)
        if wait:
            bucket = (self.private if private else self.user).get_bucket(user_id)
            assert bucket is not None
            error = app_commands.CommandOnCooldown if private else PublicCooldown
            raise error(bucket, wait)
