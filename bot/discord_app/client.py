"""The bot: a ``commands.Bot`` (or ``AutoShardedBot``) that holds the engine and loads the cogs.

``allowed_mentions`` is set once here and pings nobody; intents are the few the bot needs, with
the privileged message-content intent only when ``MESSAGE_CONTENT_INTENT=true``.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord.ext import commands

from bot.config import Settings
from bot.discord_app.cooldowns import Cooldowns
from bot.discord_app.inflight import InFlight
from bot.discord_app.passive import PassiveChannels, StaticPassiveChannels
from bot.discord_app.recent import RecentAnswers
from bot.discord_app.sync import SyncResult, SyncState, sync_if_changed
from bot.discord_app.tree import PacsTree
from bot.discord_app.views import ChoiceButton, DeleteButton
from bot.knowledge.reload import EngineHolder
from bot.matching.context import ConversationMemory

log = logging.getLogger(__name__)

EXTENSIONS = ("bot.discord_app.cogs.lookups", "bot.discord_app.cogs.questions")
NO_CONTENT_INTENT = (
    "MESSAGE_CONTENT_INTENT is off: answering slash commands, mentions and DMs only. "
    "To answer on its own in enabled channels, turn on the Message Content intent in the "
    "Developer Portal and set MESSAGE_CONTENT_INTENT=true."
)


def build_intents(settings: Settings) -> discord.Intents:
    """Guilds, guild and DM messages; message content only when enabled in the settings."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = settings.message_content_intent
    return intents


class PacsBotMixin:
    """What the single-connection and the sharded bot share."""

    def _init_pacs(
        self,
        settings: Settings,
        holder: EngineHolder,
        passive: PassiveChannels | None,
        force_sync: bool,
    ) -> None:
        self.settings = settings
        self.holder = holder
        self.passive: PassiveChannels = passive or StaticPassiveChannels(settings.passive_channels)
        self.memory = ConversationMemory()
        self.cooldowns = Cooldowns(settings.user_cooldown, settings.channel_cooldown)
        self.recent = RecentAnswers(settings.duplicate_window)
        self.inflight = InFlight()
        self.closing = False
        self.force_sync = force_sync
        self.last_sync: SyncResult | None = None

    async def setup_hook(self) -> None:
        """Register the buttons, load the cogs, and sync the commands if they changed."""
        bot: Any = self
        bot.add_dynamic_items(ChoiceButton, DeleteButton)
        for extension in EXTENSIONS:
            await bot.load_extension(extension)
        if not self.settings.message_content_intent:
            log.warning(NO_CONTENT_INTENT)
        try:
            self.last_sync = await sync_if_changed(
                bot,
                bot.tree,
                SyncState(self.settings.state_dir),
                self.settings.dev_guild_id,
                force=self.force_sync,
            )
        except discord.HTTPException as exc:
            if self.force_sync:
                raise
            log.error("Could not sync slash commands (%s); keeping the previous ones", exc)

    async def on_ready(self) -> None:
        """Log who we are once the guilds have arrived."""
        bot: Any = self
        log.info("Ready as %s in %d server(s)", bot.user, len(bot.guilds))

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: free text is handled by the questions cog's listener."""

    async def shutdown(self, timeout: float = 10.0) -> None:
        """Stop taking new work, let in-flight replies finish (up to ``timeout``), then close."""
        bot: Any = self
        if self.closing:
            return
        self.closing = True
        if self.inflight.count:
            log.info("Finishing %d reply(ies) before closing", self.inflight.count)
        if not await self.inflight.wait_idle(timeout):
            log.warning("Closing with %d reply(ies) still running", self.inflight.count)
        await bot.close()


class PacsBot(PacsBotMixin, commands.Bot):
    """The bot on one gateway connection."""

    def __init__(
        self,
        settings: Settings,
        holder: EngineHolder,
        *,
        passive: PassiveChannels | None = None,
        force_sync: bool = False,
        **options: Any,
    ) -> None:
        super().__init__(**_bot_options(settings), **options)
        self._init_pacs(settings, holder, passive, force_sync)


class ShardedPacsBot(PacsBotMixin, commands.AutoShardedBot):
    """The bot on several gateway connections (``SHARD_COUNT`` set to a number or ``auto``)."""

    def __init__(
        self,
        settings: Settings,
        holder: EngineHolder,
        *,
        passive: PassiveChannels | None = None,
        force_sync: bool = False,
        **options: Any,
    ) -> None:
        shards = settings.shard_count if isinstance(settings.shard_count, int) else None
        super().__init__(**_bot_options(settings), shard_count=shards, **options)
        self._init_pacs(settings, holder, passive, force_sync)


def _bot_options(settings: Settings) -> dict[str, Any]:
    return {
        "command_prefix": commands.when_mentioned,
        "help_command": None,
        "intents": build_intents(settings),
        "allowed_mentions": discord.AllowedMentions.none(),
        "tree_cls": PacsTree,
        "chunk_guilds_at_startup": False,
        "member_cache_flags": discord.MemberCacheFlags.none(),
    }


def create_bot(
    settings: Settings,
    holder: EngineHolder,
    *,
    passive: PassiveChannels | None = None,
    force_sync: bool = False,
) -> PacsBot | ShardedPacsBot:
    """The bot these settings ask for: sharded when ``SHARD_COUNT`` is set."""
    cls = ShardedPacsBot if settings.shard_count is not None else PacsBot
    return cls(settings, holder, passive=passive, force_sync=force_sync)
