"""Settings for the Discord bot, read from the environment and an optional ``.env`` file.

The environment wins over ``.env``. python-dotenv reads ``.env`` (quotes, ``export``, trailing
``# comments``); it is imported only when a file is read, so only ``pacsbot run`` and
``pacsbot sync`` pay for it. Each value is checked here: a bad one raises ``SettingsError`` with
one line naming the setting and what it expects. No discord import. The token (and a proxy's
password) never appear in ``repr`` or ``str``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from bot.database_url import is_postgres_url, redact

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
CHART_THEMES = ("dark", "light", "off")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
DATABASE_FILE = "pacsbot.sqlite3"
# ASCII digits only: "²".isdigit() is True but int("²") fails.
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*s?\s*$", re.ASCII)
_TOKEN = re.compile(r"[!-~]+")  # printable ASCII, no spaces: what an HTTP header can carry
MAX_SNOWFLAKE = 2**64 - 1
MAX_DAYS = 36500  # a hundred years; anything longer is a typo (0 already means forever)


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
    shard_ids: tuple[int, ...] | None = None  # this process's shards of SHARD_COUNT; None: all
    passive_channels: frozenset[int] = frozenset()
    proxy: str | None = field(default=None, repr=False)  # may carry a password
    api_base: str | None = None
    gateway_url: str | None = None
    state_dir: Path = Path(".pacsbot")
    user_cooldown: Cooldown = Cooldown(4, 20.0)
    channel_cooldown: Cooldown = Cooldown(12, 30.0)
    private_cooldown: Cooldown = Cooldown(30, 60.0)  # private replies: an abuse limit only
    duplicate_window: float = 60.0
    passive_min_confidence: float = 0.8
    database_path: str | None = None  # None: <state_dir>/pacsbot.sqlite3
    database_url: str | None = field(
        default=None, repr=False
    )  # postgresql://…; may hold a password
    retention_days: int = 90
    watch_knowledge: bool = True
    low_confidence: float = 0.7
    charts: str = "dark"  # how pay charts are drawn where a server chose nothing: dark, light, off
    # who may change the knowledge from Discord, besides the application's owner or team: members
    # of this role in this server (both needed)
    home_guild_id: int | None = None
    knowledge_editor_role_id: int | None = None

    @property
    def database(self) -> str:
        """Where the store lives: ``DATABASE_URL`` (PostgreSQL) when set, else the SQLite file
        ``DATABASE_PATH``, else ``<STATE_DIR>/pacsbot.sqlite3``.

        A ``postgresql://`` URL, a path, ``:memory:`` or a ``file:`` URI (e.g.
        ``file:bot.db?mode=ro``).
        """
        return self.database_url or self.database_path or str(self.state_dir / DATABASE_FILE)

    @property
    def database_shown(self) -> str:
        """``database`` without a password, for the log."""
        return redact(self.database)

    @property
    def shards_text(self) -> str:
        """Which shards this process runs, for the log: "0-3 of 8", "all of 4", "single"."""
        if self.shard_count is None:
            return "single"
        if self.shard_ids is None:
            return f"all of {self.shard_count}"
        return f"{_ranges(self.shard_ids)} of {self.shard_count}"

    def __str__(self) -> str:
        token = "set" if self.discord_token else "missing"
        return (
            f"token {token}, dev guild {self.dev_guild_id or 'none'}, "
            f"message content intent {'on' if self.message_content_intent else 'off'}, "
            f"shards {self.shards_text}, "
            f"{len(self.passive_channels)} passive channel(s), "
            f"cooldowns user {self.user_cooldown} channel {self.channel_cooldown} "
            f"private {self.private_cooldown}, "
            f"database {self.database_shown}, retention {self.retention_days or 'forever'} days, "
            f"knowledge watcher {'on' if self.watch_knowledge else 'off'}, "
            f"proxy {proxy_address(self.proxy) if self.proxy else 'none'}"
        )

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str], dotenv_path: str | Path | None = ".env"
    ) -> Settings:
        """Build settings from ``environ``, falling back to ``dotenv_path`` for unset keys.

        Raises SettingsError with a one-line explanation for a value that cannot be used, or for
        a ``.env`` that cannot be read.
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
            knowledge_dir=_folder(get("KNOWLEDGE_DIR")),
            log_level=_log_level(get("LOG_LEVEL")),
            shard_count=_shards(get("SHARD_COUNT")),
            shard_ids=_shard_ids(get("SHARD_IDS"), _shards(get("SHARD_COUNT"))),
            passive_channels=_channels(get("PASSIVE_CHANNELS")),
            proxy=_proxy(get("DISCORD_PROXY")),
            api_base=_url("DISCORD_API_BASE", get("DISCORD_API_BASE"), "http", "/api/v10"),
            gateway_url=_url("DISCORD_GATEWAY_URL", get("DISCORD_GATEWAY_URL"), "ws", "/"),
            state_dir=_state_dir(get("STATE_DIR") or ".pacsbot"),
            user_cooldown=_cooldown("USER_COOLDOWN", get("USER_COOLDOWN"), Cooldown(4, 20.0)),
            channel_cooldown=_cooldown(
                "CHANNEL_COOLDOWN", get("CHANNEL_COOLDOWN"), Cooldown(12, 30.0)
            ),
            private_cooldown=_cooldown(
                "PRIVATE_COOLDOWN", get("PRIVATE_COOLDOWN"), Cooldown(30, 60.0)
            ),
            database_path=get("DATABASE_PATH"),
            database_url=_database_url(get("DATABASE_URL")),
            retention_days=_days("RETENTION_DAYS", get("RETENTION_DAYS"), 90),
            watch_knowledge=_bool("WATCH_KNOWLEDGE", get("WATCH_KNOWLEDGE") or "true"),
            low_confidence=_share("LOW_CONFIDENCE", get("LOW_CONFIDENCE"), 0.7),
            charts=_chart_theme(get("CHARTS")),
            home_guild_id=_snowflake("HOME_GUILD_ID", get("HOME_GUILD_ID")),
            knowledge_editor_role_id=_snowflake(
                "KNOWLEDGE_EDITOR_ROLE_ID", get("KNOWLEDGE_EDITOR_ROLE_ID")
            ),
        )


def read_dotenv(path: Path) -> dict[str, str]:
    """The settings in a ``.env`` file, read with python-dotenv; keys without a value are left out.

    Values are taken literally (no ``${VAR}`` expansion: a token or a proxy password may contain
    ``$``). A line python-dotenv cannot parse, an unreadable file or one that is not UTF-8 raise
    SettingsError instead of being skipped, so a setting is never silently lost.
    """
    from dotenv import dotenv_values  # here, not at the top: the console commands never need it

    unparsed: list[str] = []

    def note(record: logging.LogRecord) -> bool:
        unparsed.append(record.getMessage())
        return False  # python-dotenv only warns and skips the line; we report it ourselves

    dotenv_log = logging.getLogger("dotenv.main")
    dotenv_log.addFilter(note)
    try:
        values = dotenv_values(path, interpolate=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SettingsError(f"{path} is not UTF-8 text: save it as UTF-8") from None
    except OSError as exc:
        raise SettingsError(f"cannot read {path}: {exc.strerror or exc}") from None
    finally:
        dotenv_log.removeFilter(note)
    if unparsed:
        line = re.search(r"line (\d+)", unparsed[0])
        where = f"line {line.group(1)}" if line else "a line"
        raise SettingsError(
            f"{path} {where} cannot be read: write KEY=value, and close every quote "
            "(a value with ' #' in it needs quotes)"
        )
    return {key: value for key, value in values.items() if value is not None}


def _whole(text: str) -> bool:
    return text.isascii() and text.isdecimal()


def _token(value: str | None) -> str | None:
    if value is None:
        return None
    token = value.removeprefix("Bot ").strip()
    if not _TOKEN.fullmatch(token):
        raise SettingsError(
            "DISCORD_TOKEN must be the bot token exactly as shown on the Bot page of your app "
            "(no spaces or other characters)"
        )
    return token


def _snowflake(name: str, value: str | None) -> int | None:
    if value is None:
        return None
    if not _whole(value) or not 0 < int(value) <= MAX_SNOWFLAKE:
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
    if not _whole(value) or int(value) < 1:
        raise SettingsError(f"SHARD_COUNT must be a positive number or 'auto', not {value!r}")
    return int(value)


def _shard_ids(value: str | None, count: ShardCount) -> tuple[int, ...] | None:
    """``SHARD_IDS`` like ``0-3`` or ``0,2,5-7``: this process's shards of ``SHARD_COUNT``."""
    if value is None:
        return None
    if not isinstance(count, int):
        raise SettingsError(
            "SHARD_IDS must come with SHARD_COUNT set to a number, the same in every process"
        )
    ids: set[int] = set()
    for part in value.split(","):
        low, dash, high = part.strip().partition("-")
        if not _whole(low) or (dash and not _whole(high)):
            raise SettingsError(f"SHARD_IDS must look like 0-3 or 0,2,5-7, not {value!r}")
        first, last = int(low), int(high) if dash else int(low)
        if first > last or last >= count:
            raise SettingsError(
                f"SHARD_IDS must be among the shards 0-{count - 1} of SHARD_COUNT={count}, "
                f"not {part.strip()!r}"
            )
        ids.update(range(first, last + 1))
    return tuple(sorted(ids))


def _ranges(ids: tuple[int, ...]) -> str:
    """``(0, 1, 2, 5)`` as ``0-2, 5``."""
    parts: list[str] = []
    start = previous = ids[0]
    for shard in (*ids[1:], None):
        if shard is not None and shard == previous + 1:
            previous = shard
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if shard is not None:
            start = previous = shard
    return ", ".join(parts)


def _channels(value: str | None) -> frozenset[int]:
    if value is None:
        return frozenset()
    ids = [part.strip() for part in value.split(",") if part.strip()]
    bad = [part for part in ids if not _whole(part) or not 0 < int(part) <= MAX_SNOWFLAKE]
    if bad:
        raise SettingsError(
            f"PASSIVE_CHANNELS must be comma-separated channel ids; bad: {bad[0]!r}"
        )
    return frozenset(int(part) for part in ids)


def _folder(value: str | None) -> Path | None:
    if value is None:
        return None
    if not Path(value).is_dir():
        raise SettingsError(f"KNOWLEDGE_DIR must be the folder of knowledge files, not {value!r}")
    return Path(value)


def _state_dir(value: str) -> Path:
    path = Path(value)
    existing = next((p for p in (path, *path.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise SettingsError(
            f"STATE_DIR must be a folder (created if missing), but {str(existing)!r} is a file"
        )
    return path


def _split_url(value: str) -> tuple[str, str | None]:
    """The URL's scheme and host (None when it has none or cannot be parsed)."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "", None
    return parts.scheme.lower(), parts.hostname


def _url(name: str, value: str | None, kind: Literal["http", "ws"], path: str) -> str | None:
    if value is None:
        return None
    scheme, host = _split_url(value)
    if scheme not in (kind, kind + "s") or not host:
        raise SettingsError(
            f"{name} must be an absolute {kind}:// or {kind}s:// URL "
            f"(e.g. {kind}://127.0.0.1:8080{path}), not {value!r}"
        )
    return value


def _proxy(value: str | None) -> str | None:
    if value is None:
        return None
    scheme, host = _split_url(value)
    if scheme not in ("http", "https") or not host:
        # the value is not shown: it may hold the proxy's password
        raise SettingsError(
            "DISCORD_PROXY must be an http:// or https:// proxy URL, "
            "e.g. http://proxy.example:3128 or http://user:password@proxy.example:3128"
        )
    return value


def proxy_address(proxy: str) -> str:
    """The proxy's address without the user name and password."""
    parts = urlsplit(proxy)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}"


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
    if not _whole(value) or int(value) > MAX_DAYS:
        raise SettingsError(
            f"{name} must be a whole number of days up to {MAX_DAYS} (0 keeps rows forever), "
            f"not {value!r}"
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


def _chart_theme(value: str | None) -> str:
    theme = (value or "dark").strip().lower()
    if theme not in CHART_THEMES:
        raise SettingsError(
            f"CHARTS must be one of {', '.join(CHART_THEMES)} (how pay charts are drawn), "
            f"not {value!r}"
        )
    return theme


def _database_url(value: str | None) -> str | None:
    if value is None:
        return None
    if not is_postgres_url(value):
        shown = redact(value)
        raise SettingsError(
            f"DATABASE_URL must be a postgresql:// URL (e.g. postgresql://bot@db.example/pacsbot), "
            f"not {shown!r}; for SQLite set DATABASE_PATH instead"
        )
    return value
