"""Settings for the Discord bot, read from the environment and an optional ``.env`` file.

The environment wins over ``.env``; ``.env`` is a plain ``KEY=value`` file (``#`` comments, optional
quotes, optional ``export``), parsed here so no extra dependency is needed. No discord import: the
console commands never pay for it. The token never appears in ``repr`` or ``str``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
DATABASE_FILE = "pacsbot.sqlite3"
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*s?\s*$")


class SettingsError(ValueError):
    """A setting has a value the bot cannot use; the message says which and how to fix it."""


@dataclass(frozen=True, slots=True)
class Cooldown:
    """At most ``rate`` uses every ``per`` seconds."""

    rate: int
    per: float

    def __str__(self) -> str:
        return f"{self.rate}/{self.per:g}s"


ShardCount = int | Literal["auto"] | None


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything ``pacsbot run`` needs, validated once at start-up."""

    discord_token: str | None = field(default=None, repr=False)
    dev_guild_id: int | None = None
    message_content_intent: bool = False
    knowledge_dir: Path | None = None
    log_level: str = "INFO"
    shard_count: ShardCount = None
    passive_channels: frozenset[int] = frozenset()
    api_base: str | None = None
    gateway_url: str | None = None
    state_dir: Path = Path(".pacsbot")
    user_cooldown: Cooldown = Cooldown(4, 20.0)
    channel_cooldown: Cooldown = Cooldown(12, 30.0)
    duplicate_window: float = 60.0
    passive_min_confidence: float = 0.8
    database_path: str | None = None  # None: <state_dir>/pacsbot.sqlite3
    retention_days: int = 90
    watch_knowledge: bool = True
    low_confidence: float = 0.7

    @property
    def database(self) -> str:
        """Where the SQLite store lives: ``DATABASE_PATH``, else ``<STATE_DIR>/pacsbot.sqlite3``.

        A path, ``:memory:`` or a ``file:`` URI (e.g. ``file:bot.db?mode=ro``).
        """
        return self.database_path or str(self.state_dir / DATABASE_FILE)

    def __str__(self) -> str:
        token = "set" if self.discord_token else "missing"
        return (
            f"token {token}, dev guild {self.dev_guild_id or 'none'}, "
            f"message content intent {'on' if self.message_content_intent else 'off'}, "
            f"shards {self.shard_count or 'single'}, "
            f"{len(self.passive_channels)} passive channel(s), "
            f"cooldowns user {self.user_cooldown} channel {self.channel_cooldown}, "
            f"database {self.database}, retention {self.retention_days or 'forever'} days, "
            f"knowledge watcher {'on' if self.watch_knowledge else 'off'}"
        )

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str], dotenv_path: str | Path | None = ".env"
    ) -> Settings:
        """Build settings from ``environ``, falling back to ``dotenv_path`` for unset keys.

        Raises SettingsError with a one-line explanation for a value that cannot be used.
        """
        values: dict[str, str] = {}
        if dotenv_path is not None and Path(dotenv_path).is_file():
            values.update(read_dotenv(Path(dotenv_path)))
        values.update({k: v for k, v in environ.items() if v is not None})

        def get(name: str) -> str | None:
            value = values.get(name)
            return value.strip() if value is not None and value.strip() else None

        return cls(
            discord_token=_token(get("DISCORD_TOKEN")),
            dev_guild_id=_snowflake("DEV_GUILD_ID", get("DEV_GUILD_ID")),
            message_content_intent=_bool("MESSAGE_CONTENT_INTENT", get("MESSAGE_CONTENT_INTENT")),
            knowledge_dir=Path(k) if (k := get("KNOWLEDGE_DIR")) else None,
            log_level=_log_level(get("LOG_LEVEL")),
            shard_count=_shards(get("SHARD_COUNT")),
            passive_channels=_channels(get("PASSIVE_CHANNELS")),
            api_base=get("DISCORD_API_BASE"),
            gateway_url=get("DISCORD_GATEWAY_URL"),
            state_dir=Path(get("STATE_DIR") or ".pacsbot"),
            user_cooldown=_cooldown("USER_COOLDOWN", get("USER_COOLDOWN"), Cooldown(4, 20.0)),
            channel_cooldown=_cooldown(
                "CHANNEL_COOLDOWN", get("CHANNEL_COOLDOWN"), Cooldown(12, 30.0)
            ),
            database_path=get("DATABASE_PATH"),
            retention_days=_days("RETENTION_DAYS", get("RETENTION_DAYS"), 90),
            watch_knowledge=_bool("WATCH_KNOWLEDGE", get("WATCH_KNOWLEDGE") or "true"),
            low_confidence=_share("LOW_CONFIDENCE", get("LOW_CONFIDENCE"), 0.7),
        )


def read_dotenv(path: Path) -> dict[str, str]:
    """Parse ``.env``: ``KEY=value`` lines, ``#`` comments, optional quotes and ``export``."""
    values: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        if key:
            values[key] = value
    return values


def _token(value: str | None) -> str | None:
    if value is None:
        return None
    token = value.removeprefix("Bot ").strip()
    if any(c.isspace() for c in token):
        raise SettingsError("DISCORD_TOKEN contains spaces; paste the bot token exactly as shown")
    return token


def _snowflake(name: str, value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit():
        raise SettingsError(f"{name} must be a numeric Discord id, not {value!r}")
    return int(value)


def _bool(name: str, value: str | None) -> bool:
    text = (value or "").lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise SettingsError(f"{name} must be true or false, not {value!r}")


def _log_level(value: str | None) -> str:
    level = (value or "INFO").upper()
    if level not in LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {value!r}")
    return level


def _shards(value: str | None) -> ShardCount:
    if value is None:
        return None
    if value.lower() == "auto":
        return "auto"
    if not value.isdigit() or int(value) < 1:
        raise SettingsError(f"SHARD_COUNT must be a positive number or 'auto', not {value!r}")
    return int(value)


def _channels(value: str | None) -> frozenset[int]:
    if value is None:
        return frozenset()
    ids = [part.strip() for part in value.split(",") if part.strip()]
    bad = [part for part in ids if not part.isdigit()]
    if bad:
        raise SettingsError(
            f"PASSIVE_CHANNELS must be comma-separated channel ids; bad: {bad[0]!r}"
        )
    return frozenset(int(part) for part in ids)


def _cooldown(name: str, value: str | None, default: Cooldown) -> Cooldown:
    if value is None:
        return default
    found = _RATE.match(value)
    if not found or int(found.group(1)) < 1 or float(found.group(2)) <= 0:
        raise SettingsError(f"{name} must look like 4/20 (4 uses per 20 seconds), not {value!r}")
    return Cooldown(int(found.group(1)), float(found.group(2)))


def _days(name: str, value: str | None, default: int) -> int:
    if value is None:
        return default
    if not value.isdigit():
        raise SettingsError(
            f"{name} must be a whole number of days (0 keeps rows forever), not {value!r}"
        )
    return int(value)


def _share(name: str, value: str | None, default: float) -> float:
    if value is None:
        return default
    try:
        share = float(value)
    except ValueError:
        share = -1.0
    if not 0.0 <= share <= 1.0:
        raise SettingsError(f"{name} must be a number from 0 to 1, e.g. 0.7, not {value!r}")
    return share
