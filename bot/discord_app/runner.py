"""``pacsbot run`` and ``pacsbot sync``: settings, logging, signals, and one-line errors.

Exit codes: 0 after a clean shutdown (SIGTERM / Ctrl-C finish in-flight replies first), 1 when
Discord refuses (bad token, intent not enabled, unreachable), 2 when a setting is missing or
invalid. Knowledge errors are raised to the command line, which lists them.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import os
import re
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import discord

from bot.config import Settings, SettingsError, proxy_address
from bot.discord_app.client import PacsBot, ShardedPacsBot, create_bot
from bot.discord_app.endpoint import apply_endpoint
from bot.engine import Engine
from bot.knowledge.location import choose_knowledge
from bot.knowledge.reload import EngineHolder

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
SHUTDOWN_GRACE = 10.0
MISSING_TOKEN = (
    "DISCORD_TOKEN is not set: put DISCORD_TOKEN=<your bot token> in the environment or in .env "
    "(see .env.example; the token is on the Bot page of your app at "
    "https://discord.com/developers/applications)."
)
REJECTED_TOKEN = (
    "DISCORD_TOKEN was rejected by Discord: copy a fresh token from the Bot page of your app "
    "(Reset Token) into DISCORD_TOKEN."
)
INTENT_REFUSED = (
    "Discord refused the Message Content intent: enable it on the Bot page of your app, or set "
    "MESSAGE_CONTENT_INTENT=false (the bot then answers slash commands, mentions and DMs only)."
)


def _fail(message: str, code: int) -> int:
    print(f"pacsbot: {message}", file=sys.stderr)
    return code


# Interaction tokens: in webhook and callback URLs, and as "token" in gateway payloads (logged by
# discord.py at DEBUG level as dicts, so quoted either way).
_INTERACTION_TOKENS = (
    re.compile(r"(/(?:interactions|webhooks)/\d+/)[^/?#\s'\"]+"),
    re.compile(r"""(['"]token['"]\s*:\s*['"])[^'"]+"""),
)
REDACTED = "[token]"
_PLAIN = logging.Formatter()  # formats tracebacks for redaction


class TokenRedactor(logging.Filter):
    """Replaces the bot token and interaction tokens with ``[token]`` in every log record, in
    the message, the traceback and the stack alike."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def redact(self, text: str) -> str:
        """``text`` without the bot token and without interaction tokens."""
        if self.token and self.token in text:
            text = text.replace(self.token, REDACTED)
        if "token" in text or "/interactions/" in text or "/webhooks/" in text:
            for pattern in _INTERACTION_TOKENS:
                text = pattern.sub(rf"\g<1>{REDACTED}", text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record where it contains a token; never drops a record.

        A traceback is formatted here, redacted, and kept as text only (``exc_info`` cleared),
        so no formatter can render the unredacted exception again.
        """
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info:
            if not record.exc_text:
                record.exc_text = _PLAIN.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def setup_logging(settings: Settings) -> None:
    """discord.py's log format on stderr at the configured level, with tokens redacted."""
    discord.utils.setup_logging(level=getattr(logging, settings.log_level), root=True)
    redactor = TokenRedactor(settings.discord_token or "")
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)


def load_settings() -> Settings:
    """Settings from the environment and ``./.env``."""
    return Settings.from_env(os.environ, Path(".env"))


def _prepare(knowledge_dir: Path | None) -> tuple[Settings, EngineHolder] | int:
    try:
        settings = load_settings()
    except SettingsError as exc:
        return _fail(str(exc), EXIT_USAGE)
    if not settings.discord_token:
        return _fail(MISSING_TOKEN, EXIT_USAGE)
    folder = choose_knowledge(knowledge_dir, settings.knowledge_dir)
    settings = dataclasses.replace(settings, knowledge_dir=folder)  # what /kb reload loads
    holder = EngineHolder(Engine.from_directory(folder))
    setup_logging(settings)
    try:
        apply_endpoint(settings.api_base, settings.gateway_url)
    except ValueError as exc:
        return _fail(str(exc), EXIT_USAGE)
    log.info("Settings: %s", settings)
    return settings, holder


def run_bot(knowledge_dir: Path | None = None) -> int:
    """Start the Discord bot and run until SIGTERM / Ctrl-C; returns the exit code.

    ``knowledge_dir`` is ``--knowledge DIR``; without it ``KNOWLEDGE_DIR`` (environment or
    ``.env``) is used, else the shipped knowledge.
    """
    prepared = _prepare(knowledge_dir)
    if isinstance(prepared, int):
        return prepared
    settings, holder = prepared
    return asyncio.run(serve(settings, holder))


def sync_commands(knowledge_dir: Path | None = None) -> int:
    """Log in over REST only and force a slash-command sync; returns the exit code."""
    prepared = _prepare(knowledge_dir)
    if isinstance(prepared, int):
        return prepared
    settings, holder = prepared
    return asyncio.run(force_sync(settings, holder))


async def force_sync(settings: Settings, holder: EngineHolder) -> int:
    """Sync the commands whatever the stored hash says, then log out."""
    bot = create_bot(settings, holder, force_sync=True)
    async with bot:
        code = await _guarded(bot, bot.login(_token(settings)), settings)
    if code == EXIT_OK and bot.last_sync is not None:
        result = bot.last_sync
        print(f"Synced {result.commands} slash command(s) to {result.scope}.")
    return code


async def serve(settings: Settings, holder: EngineHolder) -> int:
    """Run the bot until it is closed; SIGTERM and SIGINT close it gracefully."""
    bot = create_bot(settings, holder)
    stop = _install_signal_handlers(bot)
    try:
        async with bot:
            return await _guarded(bot, bot.start(_token(settings)), settings)
    finally:
        stop()


def _token(settings: Settings) -> str:
    assert settings.discord_token is not None
    return settings.discord_token


async def _guarded(
    bot: PacsBot | ShardedPacsBot, work: Awaitable[object], settings: Settings
) -> int:
    """Await the bot's login/start, mapping Discord's refusals to one-line errors."""
    try:
        await work
    except discord.LoginFailure:
        return _fail(REJECTED_TOKEN, EXIT_FAILED)
    except discord.PrivilegedIntentsRequired:
        return _fail(INTENT_REFUSED, EXIT_FAILED)
    except (aiohttp.ClientConnectionError, OSError, discord.GatewayNotFound) as exc:
        where = settings.api_base or "discord.com"
        if settings.proxy:
            where += f" through the proxy {proxy_address(settings.proxy)}"
        return _fail(f"could not reach Discord at {where}: {exc}", EXIT_FAILED)
    except discord.HTTPException as exc:
        return _fail(f"Discord answered {exc.status}: {exc.text or exc}", EXIT_FAILED)
    return EXIT_OK


def _install_signal_handlers(bot: PacsBot | ShardedPacsBot) -> Callable[[], None]:
    """SIGTERM / SIGINT start a graceful shutdown; returns a function that removes the handlers."""
    loop = asyncio.get_running_loop()
    tasks: set[asyncio.Task[None]] = set()

    def on_signal(name: str) -> None:
        log.info("%s received: finishing in-flight replies and closing", name)
        task = loop.create_task(bot.shutdown(SHUTDOWN_GRACE))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    installed: list[signal.Signals] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, on_signal, sig.name)
            installed.append(sig)

    def remove() -> None:
        for sig in installed:
            loop.remove_signal_handler(sig)

    return remove
