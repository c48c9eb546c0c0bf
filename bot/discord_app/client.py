"""The bot: a ``commands.Bot`` (or ``AutoShardedBot``) that holds the engine and loads the cogs.

``allowed_mentions`` is set once here and pings nobody; intents are the few the bot needs, with
the privileged message-content intent only when ``MESSAGE_CONTENT_INTENT=true``.

The bot also owns the SQLite store (per-server settings, missed questions, votes; opened in
``setup_hook``, closed on close, never waited on by a reply) and the knowledge watcher, which
reloads the knowledge folder when a file changes and reports the result in each server's mod-log
channel.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.config import Settings
from bot.discord_app.answering import Answering
from bot.discord_app.charts import Charts
from bot.discord_app.cluster import ClusterSync
from bot.discord_app.cooldowns import Cooldowns
from bot.discord_app.inflight import InFlight
from bot.discord_app.knowledge_edits import KnowledgeEditing, ReviewButton
from bot.discord_app.load import Load
from bot.discord_app.passive import StorePassiveChannels
from bot.discord_app.recent import RecentAnswers
from bot.discord_app.recording import Recorder
from bot.discord_app.reports import reload_embed
from bot.discord_app.sync import SyncResult, SyncState, sync_if_changed
from bot.discord_app.tree import PacsTree
from bot.discord_app.views import ChoiceButton, DeleteButton, FeedbackButton
from bot.discord_app.watchdog import ACK_TIMEOUT, HeartbeatWatchdog
from bot.knowledge.location import choose_knowledge
from bot.knowledge.reload import EngineHolder, KnowledgeWatcher, ReloadResult
from bot.matching.context import ConversationMemory
from bot.store import Store

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.discord_app.cogs.lookups",
    "bot.discord_app.cogs.questions",
    "bot.discord_app.cogs.knowledge_commands",
    "bot.discord_app.cogs.server_settings",
)
DRAIN_SECONDS = 5.0  # how long closing waits for database writes and mod-log posts
LOGGED_LINES = 50  # knowledge problems written to the log per reload
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


if TYPE_CHECKING:
    # To the type checker the mixin is the commands.Bot it is always combined with; at run time it
    # is a plain mixin placed before commands.Bot or commands.AutoShardedBot in the bases.
    _BotBase = commands.Bot
else:
    _BotBase = object


class PacsBotMixin(_BotBase):
    """What the single-connection and the sharded bot share."""

    def __init__(
        self,
        settings: Settings,
        holder: EngineHolder,
        *,
        force_sync: bool = False,
        knowledge_dir: str | Path | None = None,
        ack_timeout: float = ACK_TIMEOUT,
        **options: Any,
    ) -> None:
        # The bot has no voice, so PyNaCl and davey are not installed; discord.Client.__init__
        # would log "... is not installed, voice will NOT be supported" for each. These two class
        # flags are discord.py's own switch for that warning (it clears them after warning once).
        # Joining a voice channel would still fail loudly, as it should.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        super().__init__(  # commands.Bot or commands.AutoShardedBot, after us in the bases
            **_bot_options(settings), **self._connection_options(settings), **options
        )
        self.settings = settings
        self.holder = holder
        self.knowledge_dir = choose_knowledge(knowledge_dir, settings.knowledge_dir)
        self.store = Store(
            settings.database,
            retention_days=settings.retention_days,
            low_confidence=settings.low_confidence,
        )
        self.recorder = Recorder(self.store)
        self.passive = StorePassiveChannels(self.store, settings.passive_channels)
        self.watcher = KnowledgeWatcher(
            holder, self.knowledge_dir, on_result=self.on_knowledge_reloaded
        )
        self.memory = ConversationMemory()
        self.cooldowns = Cooldowns(
            settings.user_cooldown, settings.channel_cooldown, settings.private_cooldown
        )
        self.recent = RecentAnswers(settings.duplicate_window)
        self.inflight = InFlight()
        self.load = Load()  # sheds interactions that arrive past their deadline
        self._shed_at_the_door()
        self._skip_own_messages()
        self.watchdog = HeartbeatWatchdog(self, ack_timeout)
        # every entry point (slash commands, free text, buttons) answers through this
        self.answering = Answering(
            holder, self.recorder, self.memory, self.inflight, Charts(self._chart_theme)
        )
        self.editing = KnowledgeEditing(self)  # /kb put, teach, undo: reviews and history
        self.cluster = ClusterSync(self)  # what other processes sharing the database changed
        self.force_sync = force_sync
        self.last_sync: SyncResult | None = None
        self._released = False

    def _shed_at_the_door(self) -> None:
        """Drop a late interaction as soon as the gateway hands it over, before discord.py builds
        an Interaction and a task for it: under overload that work is what starves the rest.

        discord.py has no public hook there; its gateway looks events up in the connection
        state's ``parsers`` table (one dict shared by every shard), so the entry is wrapped.
        The command tree and the buttons check again later (an interaction can age in the queue).
        """
        parsers = self._connection.parsers
        parse = parsers["INTERACTION_CREATE"]
        late_id = self.load.late_id

        def parse_interaction_create(data: Any) -> None:
            if not late_id(int(data["id"])):
                parse(data)

        parsers["INTERACTION_CREATE"] = parse_interaction_create

    def _chart_theme(self, guild_id: int | None) -> str:
        """How charts are drawn in a server (``/settings charts``), else the bot's ``CHARTS``."""
        chosen = self.store.cached_settings(guild_id).charts if guild_id is not None else None
        return chosen or self.settings.charts

    def _skip_own_messages(self) -> None:
        """Leave the bot's own new messages unparsed.

        Every answer comes back from the gateway as MESSAGE_CREATE. Nothing here reads the bot's
        own messages back (votes, deletes and repeats work from ids and the REST answers), yet
        discord.py built a Message with its embed and buttons for each (about 80 us of CPU), kept
        it in its cache and dispatched it to two listeners that ignore it, as the next
        interaction arrived. Wrapped in the ``parsers`` table, as in ``_shed_at_the_door``.
        """
        parsers = self._connection.parsers
        parse = parsers["MESSAGE_CREATE"]
        state = self._connection

        def parse_message_create(data: Any) -> None:
            author = data.get("author") or {}
            if state.self_id is None or author.get("id") != str(state.self_id):
                parse(data)

        parsers["MESSAGE_CREATE"] = parse_message_create

    @staticmethod
    def _connection_options(settings: Settings) -> dict[str, Any]:
        """Options only one kind of bot takes (the sharded one: how many shards)."""
        return {}

    @property
    def closing(self) -> bool:
        """True once the bot is shutting down: no new work is taken."""
        return self.inflight.closing

    @closing.setter
    def closing(self, value: bool) -> None:
        self.inflight.closing = value

    async def setup_hook(self) -> None:
        """Register the buttons, load the cogs, open the store, start watching the knowledge
        folder, and sync the commands if they changed."""
        self.add_dynamic_items(ChoiceButton, DeleteButton, FeedbackButton, ReviewButton)
        self.editing.remember_folder()
        self.watchdog.start()
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if not self.settings.message_content_intent:
            log.warning(NO_CONTENT_INTENT)
        if await self.store.open():
            log.info("Database: %s", self.store.path)
        if self.settings.watch_knowledge and not self.force_sync:
            self.watcher.start()
            log.info("Watching %s for knowledge changes", self.knowledge_dir)
        if not self.force_sync:
            await self.cluster.start()
        try:
            self.last_sync = await sync_if_changed(
                self,
                self.tree,
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
        log.info(
            "Ready as %s in %d server(s); shards %s",
            self.user,
            len(self.guilds),
            self.settings.shards_text,
        )

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: free text is handled by the questions cog's listener."""

    async def on_guild_available(self, guild: discord.Guild) -> None:
        """Read the server's settings once, so passive answering knows its channels."""
        self.recorder.spawn(self.passive.prepare(guild.id), f"settings:{guild.id}")

    async def on_guild_join(self, guild: discord.Guild) -> None:
        """A new server: read its settings (there may be some from an earlier stay)."""
        self.recorder.spawn(self.passive.prepare(guild.id), f"settings:{guild.id}")

    # ---- knowledge reloads and the mod-log channel -------------------------------------------
    def log_reload(self, result: ReloadResult, what: str) -> None:
        """Write a reload or check result to the log, every problem on its own line."""
        lines = result.lines()
        shown = "".join(f"\n  {line}" for line in lines[:LOGGED_LINES])
        more = f"\n  ... and {len(lines) - LOGGED_LINES} more" if len(lines) > LOGGED_LINES else ""
        level = logging.INFO if result.ok else logging.WARNING
        state = "ok" if result.ok else "failed, the previous knowledge keeps answering"
        log.log(level, "Knowledge %s %s: %s%s%s", what, state, result.summary, shown, more)

    async def on_knowledge_reloaded(self, result: ReloadResult) -> None:
        """The watcher reloaded the folder: log it and tell every server's mod-log channel."""
        self.log_reload(result, f"reload of {self.knowledge_dir} after a file change")
        await self.editing.record_disk_edits()
        embed = reload_embed(result, automatic=True)
        for guild in list(self.guilds):
            self.recorder.spawn(self.post_mod_log(guild.id, embed), f"mod-log:{guild.id}")

    async def post_mod_log(self, guild_id: int, embed: discord.Embed) -> bool:
        """Post to the server's mod-log channel, if one is set; True when posted."""
        settings = await self.store.get_settings(guild_id)
        channel_id = settings.mod_log_channel_id
        if channel_id is None:
            return False
        try:
            channel = self.get_channel(channel_id) or await self.fetch_channel(channel_id)
            if not isinstance(channel, discord.abc.Messageable):
                log.warning(
                    "Mod-log channel %s of server %s takes no messages", channel_id, guild_id
                )
                return False
            await channel.send(embed=embed)
        except discord.HTTPException as exc:
            log.warning(
                "Could not post to the mod-log channel %s of server %s: %s",
                channel_id,
                guild_id,
                exc,
            )
            return False
        return True

    # ---- shutting down -----------------------------------------------------------------------
    async def release(self) -> None:
        """Stop the watcher, let database writes and mod-log posts finish, close the store."""
        if self._released:
            return
        self._released = True
        self.closing = True
        self.load.flush()
        await self.watchdog.stop()
        await self.watcher.stop()
        await self.cluster.stop()
        await self.recorder.drain(DRAIN_SECONDS)
        await self.store.close()
        self.answering.close()

    async def close(self) -> None:
        """Release the watcher and the store, then disconnect."""
        await self.release()
        await super().close()

    async def shutdown(self, timeout: float = 10.0) -> None:
        """Stop taking new work, let in-flight replies finish (up to ``timeout``), then close."""
        if self.closing:
            return
        self.closing = True
        if self.inflight.count:
            log.info("Finishing %d reply(ies) before closing", self.inflight.count)
        if not await self.inflight.wait_idle(timeout):
            log.warning("Closing with %d reply(ies) still running", self.inflight.count)
        await self.close()


class PacsBot(PacsBotMixin, commands.Bot):
    """The bot on one gateway connection."""


class ShardedPacsBot(PacsBotMixin, commands.AutoShardedBot):
    """The bot on several gateway connections (``SHARD_COUNT`` set to a number or ``auto``)."""

    @staticmethod
    def _connection_options(settings: Settings) -> dict[str, Any]:
        """A fixed shard count (or None for as many as Discord recommends), and the shards this
        process runs (``SHARD_IDS``; None: all of them)."""
        shards = settings.shard_count if isinstance(settings.shard_count, int) else None
        ids = list(settings.shard_ids) if settings.shard_ids is not None else None
        return {"shard_count": shards, "shard_ids": ids}


def _bot_options(settings: Settings) -> dict[str, Any]:
    options: dict[str, Any] = {
        # commands.Bot insists on a prefix, but the bot has no prefix commands (the mixin's
        # on_message never runs them): an empty one.
        "command_prefix": (),
        "help_command": None,
        "intents": build_intents(settings),
        "allowed_mentions": discord.AllowedMentions.none(),
        "tree_cls": PacsTree,
        "chunk_guilds_at_startup": False,
        "member_cache_flags": discord.MemberCacheFlags.none(),
    }
    if settings.proxy:  # discord.py sends REST calls and the gateway through it
        options["proxy"] = settings.proxy
    return options


def create_bot(
    settings: Settings,
    holder: EngineHolder,
    *,
    force_sync: bool = False,
    knowledge_dir: str | Path | None = None,
) -> PacsBot | ShardedPacsBot:
    """The bot these settings ask for: sharded when ``SHARD_COUNT`` is set.

    ``knowledge_dir`` is the folder ``/kb reload`` and the watcher load (default: the
    ``KNOWLEDGE_DIR`` setting, else the shipped folder).
    """
    cls = ShardedPacsBot if settings.shard_count is not None else PacsBot
    return cls(settings, holder, force_sync=force_sync, knowledge_dir=knowledge_dir)
