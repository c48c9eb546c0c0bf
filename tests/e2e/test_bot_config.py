"""Settings from the environment and ``.env``, and the endpoint hook, without a network."""

from __future__ import annotations

import logging
from pathlib import Path

import discord
import pytest
import yarl

from bot.config import Cooldown, Settings, SettingsError, read_dotenv
from bot.discord_app.endpoint import apply_endpoint
from bot.discord_app.runner import TokenRedactor

TOKEN = "MTIz.secret-token.value"


def test_environment_wins_over_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# comment\n"
        f"export DISCORD_TOKEN='{TOKEN}'\n"
        "DEV_GUILD_ID=123  # inline comment\n"
        'PASSIVE_CHANNELS="1, 2,3"\n'
        "MESSAGE_CONTENT_INTENT=yes\n"
        "SHARD_COUNT=auto\n"
    )
    settings = Settings.from_env({"DEV_GUILD_ID": "456", "USER_COOLDOWN": "2/10"}, dotenv)
    assert settings.discord_token == TOKEN
    assert settings.dev_guild_id == 456
    assert settings.passive_channels == frozenset({1, 2, 3})
    assert settings.message_content_intent is True
    assert settings.shard_count == "auto"
    assert settings.user_cooldown == Cooldown(2, 10.0)
    assert read_dotenv(dotenv)["DEV_GUILD_ID"] == "123"


def test_defaults_and_token_never_shown() -> None:
    settings = Settings.from_env({"DISCORD_TOKEN": f"Bot {TOKEN}"}, None)
    assert settings.discord_token == TOKEN  # a pasted "Bot " prefix is dropped
    assert settings.shard_count is None and not settings.message_content_intent
    assert settings.log_level == "INFO" and settings.dev_guild_id is None
    assert TOKEN not in repr(settings) and TOKEN not in str(settings)
    assert Settings.from_env({}, None).discord_token is None


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEV_GUILD_ID", "my-guild"),
        ("MESSAGE_CONTENT_INTENT", "maybe"),
        ("SHARD_COUNT", "0"),
        ("PASSIVE_CHANNELS", "1,general"),
        ("LOG_LEVEL", "loud"),
        ("USER_COOLDOWN", "fast"),
        ("DISCORD_TOKEN", "two words"),
    ],
)
def test_bad_values_are_explained(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value}, None)


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
