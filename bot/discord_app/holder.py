"""The engine the bot answers with, held in one place so it can be swapped as a whole."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine import Engine


@dataclass(slots=True)
class EngineHolder:
    """Holds the current Engine; a reload replaces ``engine`` in one assignment.

    Handlers read ``holder.engine`` once per event, so one reply never mixes two knowledge bases.
    """

    engine: Engine
