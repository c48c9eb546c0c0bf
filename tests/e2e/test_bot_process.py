"""``pacsbot run`` / ``pacsbot sync`` as real subprocesses against the stand-in.

The bot process reads the ``DISCORD_API_BASE`` / ``DISCORD_GATEWAY_URL`` testing hook
(docs/architecture.md section 3.5), so it talks to the loopback stand-in running in the test's
event loop.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.store import Store
from tests.store import read_only_fs

from .bot_harness import KNOWLEDGE, finished, started_bot
from .fake_discord import EPHEMERAL, FakeDiscord

REPO = KNOWLEDGE.parent
STARTUP = 20.0


def _env(fake: FakeDiscord, state_dir: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DISCORD_")}
    for key in ("DEV_GUILD_ID", "MESSAGE_CONTENT_INTENT", "SHARD_COUNT", "PASSIVE_CHANNELS"):
        base.pop(key, None)
    return {
        **base,
        "DISCORD_TOKEN": fake.token,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "STATE_DIR": str(state_dir),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


async def _pacsbot(
    *args: str, env: dict[str, str], cwd: Path, **options: Any
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        "--knowledge",
        str(KNOWLEDGE),
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        **options,
    )


async def _finish(process: asyncio.subprocess.Process, timeout: float = 15.0) -> tuple[int, str]:
    """Wait for the process; its exit code and stderr (stdout is kept in ``process.output``)."""
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout)
    assert process.returncode is not None
    process.output = stdout.decode("utf-8", "replace")  # type: ignore[attr-defined]
    return process.returncode, stderr.decode("utf-8", "replace")


@pytest.mark.asyncio
async def test_run_answers_and_stops_cleanly_on_sigterm(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    env = _env(fake_discord, tmp_path / "state", LOG_LEVEL="DEBUG")
    process = await _pacsbot("run", env=env, cwd=tmp_path)
    try:
        await fake_discord.wait_identified(timeout=STARTUP)
        record = await fake_discord.inject_slash("salary", {"role": "pacs admin", "location": "sf"})
        # charts are on by default: the first pay answer is deferred while its chart is drawn
        assert (await record.wait_response())["type"] == 5
        message = await finished(fake_discord, record, timeout=15.0)
        assert message["embeds"][0]["title"] == "PACS Administrator salary in San Francisco"
        assert [a["filename"] for a in message["attachments"]] == ["pay-chart.png"]
    finally:
        process.send_signal(signal.SIGTERM)
        code, stderr = await _finish(process)
    assert code == 0, stderr[-2000:]
    assert fake_discord.token not in stderr, "the token must never be logged"
    assert "MESSAGE_CONTENT_INTENT is off" in stderr
    assert "voice will NOT be supported" not in stderr, "the bot has no voice: no voice warnings"
    assert "Traceback" not in stderr
    assert fake_discord.violations == []


@pytest.mark.asyncio
async def test_no_token_reaches_the_log_even_in_debug_tracebacks(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    env = _env(fake_discord, tmp_path / "state", LOG_LEVEL="DEBUG")
    process = await _pacsbot("run", env=env, cwd=tmp_path)
    moderator = next(m.user for m in fake_discord.guild.members if m.user.username == "moderator")
    try:
        await fake_discord.wait_identified(timeout=STARTUP)
        # The error bodies name the request, token included, like a proxy's error page; the
        # failed /kb answer is logged with its traceback.
        fake_discord.fail_next("POST", r"/interactions/\d+/[^/]+/callback$", 500)
        answered = await fake_discord.inject_slash("cert", {"certification": "cpsm"})
        await answered.wait_edit()
        fake_discord.fail_next("PATCH", r"/webhooks/\d+/[^/]+/messages/@original$", 400)
        failed = await fake_discord.inject_slash("kb", subcommand="stats", user=moderator)
        assert "went wrong" in (await failed.wait_edit())["content"]
    finally:
        process.send_signal(signal.SIGTERM)
        code, stderr = await _finish(process)
    assert code == 0, stderr[-2000:]
    assert "Traceback" in stderr and "injected failure on PATCH" in stderr
    assert "WebSocket Event" in stderr and "/webhooks/" in stderr  # what carries the tokens
    leaked = [r.token for r in fake_discord.interactions.values() if r.token in stderr]
    assert leaked == [], "interaction tokens must never be logged"
    assert fake_discord.token not in stderr


@pytest.mark.asyncio
async def test_sigterm_finishes_the_reply_in_flight(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    process = await _pacsbot("run", env=_env(fake_discord, tmp_path / "state"), cwd=tmp_path)
    try:
        await fake_discord.wait_identified(timeout=STARTUP)
        # The first callback is rate limited for 1.5 s: the reply is in flight during SIGTERM.
        callback = r"/interactions/\d+/[^/]+/callback$"
        fake_discord.fail_next("POST", callback, 429, retry_after=1.5)
        record = await fake_discord.inject_slash("cert", {"certification": "cpsm"})
        await fake_discord.wait_for_request(lambda r: r.status == 429)
    except BaseException:
        process.kill()
        raise
    process.send_signal(signal.SIGTERM)
    response = await record.wait_response(timeout=10.0)
    assert "CPSM" in response["data"]["embeds"][0]["title"]
    code, stderr = await _finish(process)
    assert code == 0, stderr[-2000:]
    assert "Finishing 1 reply" in stderr


@pytest.mark.asyncio
@pytest.mark.parametrize("command", ["run", "sync"])
async def test_missing_token_explains_and_exits_2(
    fake_discord: FakeDiscord, tmp_path: Path, command: str
) -> None:
    env = _env(fake_discord, tmp_path)
    del env["DISCORD_TOKEN"]
    (tmp_path / ".env").write_text("DISCORD_TOKEN=  # paste the token here\n")
    code, stderr = await _finish(await _pacsbot(command, env=env, cwd=tmp_path))
    assert code == 2
    assert stderr.strip().count("\n") == 0 and "DISCORD_TOKEN" in stderr, stderr
    assert fake_discord.requests == []


@pytest.mark.asyncio
async def test_rejected_token_is_one_line_exit_1(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    env = _env(fake_discord, tmp_path, DISCORD_TOKEN="not-the-token", LOG_LEVEL="CRITICAL")
    code, stderr = await _finish(await _pacsbot("run", env=env, cwd=tmp_path))
    assert code == 1
    assert stderr.strip().splitlines() == [stderr.strip()], stderr
    assert "DISCORD_TOKEN was rejected by Discord" in stderr
    assert "not-the-token" not in stderr


@pytest.mark.asyncio
async def test_refused_content_intent_is_one_line_exit_1(tmp_path: Path) -> None:
    async with FakeDiscord(allowed_intents=0) as fake:  # the intent is off in the portal
        env = _env(fake, tmp_path, MESSAGE_CONTENT_INTENT="true", LOG_LEVEL="CRITICAL")
        code, stderr = await _finish(await _pacsbot("run", env=env, cwd=tmp_path))
    assert code == 1
    assert stderr.strip().splitlines() == [stderr.strip()], stderr
    assert "Message Content intent" in stderr


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("name", "value"), [("DEV_GUILD_ID", "²"), ("SHARD_COUNT", "-1"), ("USER_COOLDOWN", "abc")]
)
@pytest.mark.parametrize(("command", "source"), [("run", "environment"), ("sync", ".env")])
async def test_invalid_setting_is_one_line_exit_2(
    fake_discord: FakeDiscord, tmp_path: Path, command: str, source: str, name: str, value: str
) -> None:
    if source == "environment":
        env = _env(fake_discord, tmp_path, **{name: value})
    else:
        env = _env(fake_discord, tmp_path)
        (tmp_path / ".env").write_text(f'{name}="{value}" # set by hand\n', encoding="utf-8")
    code, stderr = await _finish(await _pacsbot(command, env=env, cwd=tmp_path))
    assert code == 2
    assert stderr.strip().splitlines() == [stderr.strip()], stderr
    assert stderr.startswith(f"pacsbot: {name} must "), stderr
    assert fake_discord.requests == []


@pytest.mark.asyncio
async def test_dotenv_file_is_read(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    env = _env(fake_discord, tmp_path / "state", LOG_LEVEL="WARNING")
    token = env.pop("DISCORD_TOKEN")
    (tmp_path / ".env").write_text(
        f'# test\nexport DISCORD_TOKEN="{token}" # the stand-in token\nLOG_LEVEL=CRITICAL\n'
    )
    process = await _pacsbot("sync", env=env, cwd=tmp_path)
    code, stderr = await _finish(process)
    assert code == 0, stderr  # the stand-in accepted the token read from .env
    assert process.output.startswith("Synced ")  # type: ignore[attr-defined]
    # LOG_LEVEL=WARNING from the environment wins over LOG_LEVEL=CRITICAL in .env
    assert "MESSAGE_CONTENT_INTENT is off" in stderr and "INFO" not in stderr, stderr


@pytest.mark.asyncio
async def test_sync_forces_a_sync(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    state = tmp_path / "state"
    async with started_bot(fake_discord, state):  # the first start syncs and remembers the hash
        await fake_discord.wait_for_request(lambda r: r.method == "PUT")
    env = _env(fake_discord, state, LOG_LEVEL="WARNING")
    process = await _pacsbot("sync", env=env, cwd=tmp_path)
    code, stderr = await _finish(process)
    assert code == 0, stderr
    assert process.output.strip() == "Synced 10 slash command(s) to global."  # type: ignore[attr-defined]
    puts = [r for r in fake_discord.requests if r.method == "PUT"]
    assert len(puts) == 2, "pacsbot sync syncs even when nothing changed"
    assert len(fake_discord.identifies) == 1, "sync logs in over REST only"


@pytest.mark.asyncio
async def test_sharded_bot_answers(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    async with started_bot(fake_discord, tmp_path, SHARD_COUNT="2") as bot:
        assert bot.shard_count == 2
        record = await fake_discord.inject_slash("define", {"term": "dicom"})
        assert (await record.wait_response())["type"] == 4
    assert sorted(tuple(i["shard"]) for i in fake_discord.identifies) == [(0, 2), (1, 2)]


@pytest.mark.asyncio
async def test_a_process_runs_only_its_shard_ids(
    fake_discord: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Cluster mode: this process runs shards 1 and 2 of 4; others run the rest."""
    with caplog.at_level(logging.INFO, logger="bot.discord_app.client"):
        async with started_bot(fake_discord, tmp_path, SHARD_COUNT="4", SHARD_IDS="1-2") as bot:
            assert (bot.shard_count, bot.shard_ids) == (4, [1, 2])
    assert sorted(tuple(i["shard"]) for i in fake_discord.identifies) == [(1, 4), (2, 4)]
    assert any("shards 1-2 of 4" in r.getMessage() for r in caplog.records)


@pytest.mark.asyncio
async def test_auto_sharding_asks_discord_for_the_shard_count(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    async with started_bot(fake_discord, tmp_path, SHARD_COUNT="auto") as bot:
        assert bot.shard_count == 1  # what the stand-in's GET /gateway/bot recommends
        record = await fake_discord.inject_slash("help")
        assert (await record.wait_response())["type"] == 4
    assert any(r.path == "/gateway/bot" for r in fake_discord.requests)


@pytest.mark.asyncio
async def test_a_database_on_a_read_only_file_system_keeps_serving_its_settings(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    if reason := read_only_fs.unavailable():
        pytest.fail(reason)
    general = next(c.id for c in fake_discord.guild.channels if c.name == "general")
    mod_log = next(c.id for c in fake_discord.guild.channels if c.name == "bot-commands")
    moderator = next(m.user for m in fake_discord.guild.members if m.user.username == "moderator")
    database = tmp_path / "volume" / "pacsbot.sqlite3"
    async with Store(database) as store:
        assert await store.set_passive_channel(fake_discord.guild.id, general, True)
    before = database.read_bytes()

    env = _env(
        fake_discord,
        tmp_path / "state",
        DATABASE_PATH=str(database),
        MESSAGE_CONTENT_INTENT="true",
        WATCH_KNOWLEDGE="false",
    )
    # the bot process sees the database's folder as a read-only file system (a ro volume)
    process = await _pacsbot(
        "run",
        env=env,
        cwd=tmp_path,
        preexec_fn=lambda: read_only_fs.make_read_only(database.parent),
    )
    try:
        await fake_discord.wait_identified(timeout=STARTUP)
        message = await fake_discord.inject_message(
            "how much does a pacs admin make in sf?", channel_id=general
        )

        def passive_reply() -> bool:
            return any(
                str((m.get("message_reference") or {}).get("message_id")) == message["id"]
                for m in fake_discord.bot_messages()
            )

        await fake_discord.wait_until(passive_reply, 10.0, "a passive answer (stored settings)")
        record = await fake_discord.inject_slash(
            "settings", {"channel": mod_log}, subcommand="mod-log", user=moderator
        )
        response = await record.wait_response()
        assert response["type"] == 5 and response["data"]["flags"] & EPHEMERAL
        text = (await record.wait_edit())["content"]
        assert "read-only" in text and "Nothing was changed" in text, text
    finally:
        process.send_signal(signal.SIGTERM)
        code, stderr = await _finish(process)
    assert code == 0, stderr[-2000:]
    assert "The database is read-only" in stderr, stderr[-2000:]
    assert "cannot be opened" not in stderr and "Traceback" not in stderr, stderr[-2000:]
    assert database.read_bytes() == before
    assert fake_discord.violations == []
