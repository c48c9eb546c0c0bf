"""Shedding load: interactions already past Discord's deadline are dropped before any work.

Past about 700 interactions a second the bot falls behind; an interaction that reaches it more
than ``SHED_AFTER`` seconds after Discord created it cannot be answered in time, and answering
anyway only costs two failing calls. Such interactions are dropped at the door, and callbacks
that still came too late are counted instead of logged one by one: one summary line per
``INTERVAL``, so an overload does not also flood the log.

Ages come from the interaction id (Discord's clock) against this host's clock, so the host
clock must be synchronised (NTP); the summary names the youngest dropped age to make a skewed
clock visible.
"""

from __future__ import annotations

import asyncio
import logging
import time

import discord

log = logging.getLogger(__name__)

SHED_AFTER = 2.5  # seconds: later than this, an answer cannot arrive within Discord's 3 s
INTERVAL = 10.0  # seconds between summary lines


def age_of(snowflake: int) -> float:
    """Seconds since Discord made this id (an interaction's: since it was created), by this host's
    clock. Plain arithmetic on the id: ``discord.utils.snowflake_time`` builds a datetime, and
    this runs two or three times for every interaction."""
    return time.time() - ((snowflake >> 22) + discord.utils.DISCORD_EPOCH) / 1000


class Load:
    """Counts shed and expired interactions and logs them as one line per interval."""

    def __init__(self, shed_after: float = SHED_AFTER, interval: float = INTERVAL) -> None:
        self.shed_after = shed_after
        self.interval = interval
        self.shed = 0  # totals since start
        self.expired_total = 0
        self._shed = 0  # in the current interval
        self._expired = 0
        self._deferred = 0
        self._last_fault = ""
        self._youngest = float("inf")
        self._timer: asyncio.TimerHandle | None = None

    def late(self, interaction: discord.Interaction) -> bool:
        """True (and counted) when the interaction is too old to be answered in time."""
        return self.late_id(interaction.id)

    def late_id(self, interaction_id: int) -> bool:
        """``late`` for a raw interaction id (a snowflake: its creation time is in it)."""
        waited = age_of(interaction_id)
        if waited <= self.shed_after:
            return False
        self.shed += 1
        self._shed += 1
        self._youngest = min(self._youngest, waited)
        self._schedule()
        return True

    def expired(self) -> None:
        """Count an interaction whose answer Discord refused as too late."""
        self.expired_total += 1
        self._expired += 1
        self._schedule()

    def deferred(self, fault: str) -> None:
        """Count an answer whose first attempt failed (``fault``) and that was deferred."""
        self._deferred += 1
        self._last_fault = fault
        self._schedule()

    def _schedule(self) -> None:
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self.interval, self.flush)

    def flush(self) -> None:
        """Log what happened since the last summary (nothing if nothing happened)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._deferred:
            log.info(
                "Deferred %d answer(s) whose first attempt failed (the last: %s)",
                self._deferred,
                self._last_fault,
            )
            self._deferred = 0
        if not (self._shed or self._expired):
            return
        parts = []
        if self._shed:
            parts.append(
                f"dropped {self._shed} interaction(s) already past Discord's deadline "
                f"(the youngest {self._youngest:.1f} s old)"
            )
        if self._expired:
            parts.append(f"{self._expired} answer(s) reached Discord too late")
        log.warning("Overloaded: %s", "; ".join(parts))
        self._shed = self._expired = 0
        self._youngest = float("inf")
