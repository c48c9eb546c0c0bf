"""The yardstick for ``bench_overhead.py``: a trivial discord.py bot with the same slash commands.

Every command answers at once with one embed and one button, doing nothing else: no engine, no
store, no cooldowns. It reads ``DISCORD_TOKEN``, ``DISCORD_API_BASE`` and ``DISCORD_GATEWAY_URL``
as ``pacsbot run`` does, syncs its commands at start-up and runs until SIGTERM.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import discord
from discord import app_commands

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.discord_app.endpoint import apply_endpoint


class Trivial(discord.Client):
    """A client whose commands send an embed and a button."""

    def __init__(self) -> None:
        super().__init__(
            intents=discord.Intents.default(), allowed_mentions=discord.AllowedMentions.none()
        )
        self.tree = app_commands.CommandTree(self)
        for command in _commands():
            self.tree.add_command(command)

    async def setup_hook(self) -> None:
        """Sync the commands, so the stand-in knows them."""
        await self.tree.sync()


async def _reply(interaction: discord.Interaction, title: str) -> None:
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label="Delete", custom_id=f"trivial:delete:{title}"))
    embed = discord.Embed(title=title, description="A trivial answer.")
    await interaction.response.send_message(embed=embed, view=view)


def _commands() -> list[app_commands.Command]:  # type: ignore[type-arg]
    @app_commands.command(name="ask", description="Ask")
    async def ask(interaction: discord.Interaction, question: str) -> None:
        await _reply(interaction, question)

    @app_commands.command(name="salary", description="Salary")
    async def salary(interaction: discord.Interaction, role: str, location: str = "") -> None:
        await _reply(interaction, f"{role} {location}")

    @app_commands.command(name="role", description="Role")
    async def role(interaction: discord.Interaction, role: str) -> None:
        await _reply(interaction, role)

    @app_commands.command(name="cert", description="Cert")
    async def cert(interaction: discord.Interaction, certification: str) -> None:
        await _reply(interaction, certification)

    @app_commands.command(name="compare", description="Compare")
    async def compare(interaction: discord.Interaction, first: str, second: str) -> None:
        await _reply(interaction, f"{first} vs {second}")

    @app_commands.command(name="path", description="Path")
    async def path(interaction: discord.Interaction, role: str = "") -> None:
        await _reply(interaction, role or "paths")

    @app_commands.command(name="define", description="Define")
    async def define(interaction: discord.Interaction, term: str) -> None:
        await _reply(interaction, term)

    @app_commands.command(name="help", description="Help")
    async def show_help(interaction: discord.Interaction) -> None:
        await _reply(interaction, "help")

    return [ask, salary, role, cert, compare, path, define, show_help]


async def main() -> None:
    """Run until SIGTERM."""
    apply_endpoint(os.environ.get("DISCORD_API_BASE"), os.environ.get("DISCORD_GATEWAY_URL"))
    client = Trivial()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with client:
        runner = asyncio.create_task(client.start(os.environ["DISCORD_TOKEN"]))
        await stop.wait()
        await client.close()
        await asyncio.gather(runner, return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main())
