"""Settings from the environment and ``.env``, the proxy option and the endpoint hook, offline."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import discord
import pytest
import yarl

from bot.config import Cooldown, Settings, SettingsError, read_dotenv
from bot.discord_app.client import create_bot
from bot.discord_app.endpoint import apply_endpoint
from bot.discord_app.runner import TokenRedactor
from bot.knowledge.reload import EngineHolder

from .bot_harness import engine

TOKEN = "MTIz.secret-token.value"


def _from_dotenv(tmp_path: Path, text: str, **environ: str) -> Settings:
    dotenv = tmp_path / ".env"
    dotenv.write_text(text, encoding="utf-8")
    return Settings.from_env(environ, dotenv)


def test_environment_wins_over_dotenv(tmp_path: Path) -> None:
    settings = _from_dotenv(
        tmp_path,
        "# comment\n"
        f"export DISCORD_TOKEN='{TOKEN}'\n"
        "DEV_GUILD_ID=123  # inline comment\n"
        'PASSIVE_CHANNELS="1, 2,3"\n'
        "MESSAGE_CONTENT_INTENT=yes\n"
        "SHARD_COUNT=auto\n",
        DEV_GUILD_ID="456",
        USER_COOLDOWN="2/10",
        PRIVATE_COOLDOWN="100/60",
    )
    assert settings.discord_token == TOKEN
    assert settings.dev_guild_id == 456
    assert settings.passive_channels == frozenset({1, 2, 3})
    assert settings.message_content_intent is True
    assert settings.shard_count == "auto"
    assert settings.user_cooldown == Cooldown(2, 10.0)
    assert settings.private_cooldown == Cooldown(100, 60.0)
    assert read_dotenv(tmp_path / ".env")["DEV_GUILD_ID"] == "123"


def test_dotenv_quotes_comments_and_export(tmp_path: Path) -> None:
    settings = _from_dotenv(
        tmp_path,
        'DISCORD_TOKEN="abc" # mine\n'
        "export DEV_GUILD_ID='123456789012345678'   # the test server\n"
        "DATABASE_PATH='state/#1.sqlite3'\n"
        'DISCORD_PROXY="http://bot:pa$$word@proxy.example:3128" # $ is not expanded\n'
        "LOG_LEVEL=debug # a comment after an unquoted value\n"
        "STATE_DIR=\n",
    )
    assert settings.discord_token == "abc"
    assert settings.dev_guild_id == 123456789012345678
    assert settings.database_path == "state/#1.sqlite3"
    assert settings.proxy == "http://bot:pa$$word@proxy.example:3128"
    assert settings.log_level == "DEBUG"
    assert settings.state_dir == Path(".pacsbot")  # empty means the default


def test_dotenv_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"DISCORD_TOKEN={TOKEN}\n", encoding="utf-8-sig")
    assert Settings.from_env({}, tmp_path / ".env").discord_token == TOKEN


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('DISCORD_TOKEN="abc\nLOG_LEVEL=INFO\n', "line 1"),  # a quote never closed
        ("LOG_LEVEL=INFO\nthis is not a setting\n", "line 2"),
    ],
)
def test_unreadable_dotenv_line_is_named(tmp_path: Path, text: str, line: str) -> None:
    with pytest.raises(SettingsError) as caught:
        _from_dotenv(tmp_path, text)
    message = str(caught.value)
    assert line in message and "KEY=value" in message and "\n" not in message
    assert "abc" not in message


def test_dotenv_that_is_not_utf8_is_explained(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(b"KNOWLEDGE_DIR=caf\xe9\n")
    with pytest.raises(SettingsError, match="not UTF-8"):
        Settings.from_env({}, tmp_path / ".env")


def test_defaults_and_token_never_shown() -> None:
    settings = Settings.from_env({"DISCORD_TOKEN": f"Bot {TOKEN}"}, None)
    assert settings.discord_token == TOKEN  # a pasted "Bot " prefix is dropped
    assert settings.shard_count is None and not settings.message_content_intent
    assert settings.log_level == "INFO" and settings.dev_guild_id is None
    assert settings.proxy is None
    assert TOKEN not in repr(settings) and TOKEN not in str(settings)
    assert Settings.from_env({}, None).discord_token is None


BAD_VALUES = [
    ("DISCORD_TOKEN", "two words"),
    ("DISCORD_TOKEN", "tökén"),
    ("DEV_GUILD_ID", "²"),
    ("DEV_GUILD_ID", "my-guild"),
    ("DEV_GUILD_ID", "-5"),
    ("DEV_GUILD_ID", "0"),
    ("DEV_GUILD_ID", "123456789012345678901234567890"),
    ("MESSAGE_CONTENT_INTENT", "maybe"),
    ("KNOWLEDGE_DIR", "no-such-knowledge-folder"),
    ("LOG_LEVEL", "loud"),
    ("SHARD_COUNT", "-1"),
    ("SHARD_COUNT", "0"),
    ("SHARD_COUNT", "²"),
    ("SHARD_COUNT", "lots"),
    ("SHARD_IDS", "0-3"),  # without SHARD_COUNT
    ("DATABASE_URL", "mysql://bot:s3cret@db.example/pacsbot"),
    ("PASSIVE_CHANNELS", "1,general"),
    ("PASSIVE_CHANNELS", "1,²"),
    ("DISCORD_PROXY", "socks5://bot:s3cret@proxy.internal:1080"),
    ("DISCORD_PROXY", "proxy.internal:8080"),
    ("DISCORD_PROXY", "http://:3128"),
    ("DISCORD_PROXY", "http://proxy.example:port"),
    ("DISCORD_API_BASE", "/api/v10"),
    ("DISCORD_API_BASE", "ws://127.0.0.1:8080/api/v10"),
    ("DISCORD_GATEWAY_URL", "http://127.0.0.1:8080/"),
    ("DISCORD_GATEWAY_URL", "gateway"),
    ("USER_COOLDOWN", "abc"),
    ("USER_COOLDOWN", "0/20"),
    ("USER_COOLDOWN", "4/0"),
    ("USER_COOLDOWN", "²/20"),
    ("CHANNEL_COOLDOWN", "fast"),
    ("PRIVATE_COOLDOWN", "0/60"),
    ("RETENTION_DAYS", "-1"),
    ("RETENTION_DAYS", "²"),
    ("RETENTION_DAYS", "forever"),
    ("RETENTION_DAYS", "99999999"),
    ("WATCH_KNOWLEDGE", "sometimes"),
    ("LOW_CONFIDENCE", "1.5"),
    ("LOW_CONFIDENCE", "high"),
    ("LOW_CONFIDENCE", "nan"),
]
# DATABASE_PATH takes any text: a database that cannot be opened is reported at run time, and the
# bot keeps answering without it (tests/store).


@pytest.mark.parametrize(("name", "value"), BAD_VALUES)
@pytest.mark.parametrize("source", ["environment", ".env"])
def test_every_bad_value_is_one_line_naming_the_setting(
    tmp_path: Path, source: str, name: str, value: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        if source == "environment":
            Settings.from_env({name: value}, None)
        else:
            _from_dotenv(tmp_path, f'{name}="{value}" # a comment\n')
    message = str(caught.value)
    assert message.startswith(name + " must "), message
    assert "\n" not in message
    if name in ("DISCORD_TOKEN", "DISCORD_PROXY", "DATABASE_URL"):  # secrets are never echoed
        assert value not in message


def test_state_dir_that_is_a_file_is_explained(tmp_path: Path) -> None:
    (tmp_path / "state").write_text("not a folder")
    for state_dir in (tmp_path / "state", tmp_path / "state" / "inner"):
        with pytest.raises(SettingsError, match=r"^STATE_DIR must be a folder"):
            Settings.from_env({"STATE_DIR": str(state_dir)}, None)
    assert Settings.from_env({"STATE_DIR": str(tmp_path / "new" / "dir")}, None).state_dir


async def test_proxy_is_handed_to_discord_py(tmp_path: Path) -> None:
    proxy = "http://bot:s3cret@proxy.example:3128"
    environ = {"DISCORD_TOKEN": TOKEN, "STATE_DIR": str(tmp_path)}
    settings = Settings.from_env({**environ, "DISCORD_PROXY": proxy}, None)
    bot = create_bot(settings, EngineHolder(engine()))
    direct = create_bot(Settings.from_env(environ, None), EngineHolder(engine()))
    try:
        assert bot.http.proxy == proxy
        assert direct.http.proxy is None
    finally:
        await bot.close()
        await direct.close()
    assert "s3cret" not in repr(settings) and "s3cret" not in str(settings)
    assert "proxy http://proxy.example:3128" in str(settings)


def test_endpoint_hook() -> None:
    saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    try:
        apply_endpoint(None, None)
        assert saved == (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
        apply_endpoint("https://proxy.example:8443/api/v10/")
        assert discord.http.Route.BASE == "https://proxy.example:8443/api/v10"
        gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        assert gateway == yarl.URL("wss://proxy.example:8443/")
        apply_endpoint("http://127.0.0.1:9/api/v10", "ws://127.0.0.1:10/gw")
        assert yarl.URL("ws://127.0.0.1:10/gw") == discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        with pytest.raises(ValueError):
            apply_endpoint("/api/v10")
    finally:
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved


def test_token_is_redacted_from_logs() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "sent %s", (TOKEN,), None)
    assert TokenRedactor(TOKEN).filter(record)
    assert record.getMessage() == "sent [token]"


def test_token_is_redacted_from_tracebacks() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(TokenRedactor(TOKEN))
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    try:
        try:
            raise RuntimeError(f"login with {TOKEN} failed")
        except RuntimeError:
            logger.exception("could not log in")
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    assert "Traceback" in text and "login with [token] failed" in text
    assert TOKEN not in text


@pytest.mark.parametrize(
    ("ids", "expected", "shown"),
    [("0-3", (0, 1, 2, 3), "0-3 of 8"), ("0, 2, 5-7", (0, 2, 5, 6, 7), "0, 2, 5-7 of 8")],
)
def test_shard_ids_name_this_process_s_shards(
    ids: str, expected: tuple[int, ...], shown: str
) -> None:
    settings = Settings.from_env({"SHARD_COUNT": "8", "SHARD_IDS": ids}, None)
    assert settings.shard_ids == expected
    assert f"shards {shown}" in str(settings)


@pytest.mark.parametrize(
    ("count", "ids", "fragment"),
    [
        ("auto", "0", "must come with SHARD_COUNT set to a number"),
        ("4", "3-5", "must be among the shards 0-3 of SHARD_COUNT=4, not '3-5'"),
        ("4", "2-1", "must be among the shards"),
        ("4", "one", "must look like 0-3 or 0,2,5-7"),
    ],
)
def test_shard_ids_that_cannot_work_are_refused(count: str, ids: str, fragment: str) -> None:
    with pytest.raises(SettingsError, match=r"^SHARD_IDS must ") as caught:
        Settings.from_env({"SHARD_COUNT": count, "SHARD_IDS": ids}, None)
    assert fragment in str(caught.value)


def test_a_database_url_selects_postgresql_and_its_password_is_never_shown() -> None:
    url = "postgresql://bot:s3cret@db.example:5432/pacsbot?sslmode=require"
    settings = Settings.from_env({"DATABASE_URL": url, "DATABASE_PATH": "ignored.db"}, None)
    assert settings.database == url  # what the store opens
    assert "s3cret" not in str(settings) and "s3cret" not in repr(settings)
    assert "database postgresql://bot:***@db.example:5432/pacsbot" in str(settings)
    assert Settings.from_env({}, None).database.endswith("pacsbot.sqlite3")  # SQLite by default
