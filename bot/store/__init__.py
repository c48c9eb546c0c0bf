"""Storage in SQLite (or PostgreSQL, for a ``postgresql://`` URL): per-server settings,
questions the bot missed, and feedback on answers.

store = Store(".pacsbot/pacsbot.sqlite3")
await store.open()
settings = await store.get_settings(guild_id)
await store.record_reply(reply, guild_id=..., channel_id=..., user_id=...)
page = await store.gaps(guild_id, days=30)
"""

from bot.store.models import GapGroup, GapsPage, GuildSettings, KnowledgeChange, Stats
from bot.store.schema import LATEST_VERSION
from bot.store.store import Store, best_guess, classify, scrub

__all__ = [
    "LATEST_VERSION",
    "GapGroup",
    "GapsPage",
    "GuildSettings",
    "KnowledgeChange",
    "Stats",
    "Store",
    "best_guess",
    "classify",
    "scrub",
]
