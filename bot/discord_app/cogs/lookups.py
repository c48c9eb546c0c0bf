"""Slash commands: ``/ask /salary /role /cert /compare /path /define /help``, with autocomplete.

Each command hands its options to the engine as free text (``engine.answer_command``), so a value
picked from the suggestions (an id such as ``pacs-administrator``) and a value typed by hand
(``pacs admn``) are resolved the same way, fuzzily. Each command's description is its summary in
the registry (``bot.intents.COMMANDS``), which the help card shows too; option descriptions come
from the docstrings below.

Answers are public, unless the command is used in a DM or with ``private: True`` (an answer only
the asker sees). Public answers count against the per-user and per-channel cooldowns, private
ones only against the generous abuse limit (see ``bot.discord_app.cooldowns``). Errors and
cooldown notes are always private.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.answering import Answering, Asked
from bot.discord_app.cooldowns import Cooldowns
from bot.discord_app.delivery import acknowledge, respond
from bot.discord_app.load import Load
from bot.discord_app.views import message_parts
from bot.intents import COMMAND_BY_NAME, PLACE_KINDS
from bot.render.limits import AUTOCOMPLETE_CHOICES, CHOICE_NAME, CHOICE_VALUE, clamp
from bot.replies.reply import Reply

if TYPE_CHECKING:
    from bot.discord_app.client import PacsBotMixin

log = logging.getLogger(__name__)

# Longest text an option accepts (Discord allows 6000; the engine reads 2000 at most).
OPTION_MAX = 200
QUESTION_MAX = 1000
PRIVATE_OPTION = "private"

Text = app_commands.Range[str, 1, OPTION_MAX]
Question = app_commands.Range[str, 1, QUESTION_MAX]


def is_private(interaction: discord.Interaction) -> bool:
    """True when the answer is seen by the asker only: in a DM, or asked with ``private: True``."""
    if interaction.guild_id is None:
        return True
    return bool(getattr(interaction.namespace, PRIVATE_OPTION, False))


class Lookups(commands.Cog):
    """Slash commands that look things up in the knowledge base."""

    def __init__(self, answering: Answering, cooldowns: Cooldowns, load: Load) -> None:
        self.answering = answering
        self.cooldowns = cooldowns
        self.load = load

    # ---- shared plumbing ---------------------------------------------------------------------
    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Cooldowns shared by every command in this cog (public and private ones apart)."""
        if interaction.type is discord.InteractionType.application_command:
            private = is_private(interaction)
            self.cooldowns.check(interaction.user.id, interaction.channel_id, private=private)
        return True

    async def _answer(
        self, interaction: discord.Interaction, command: str, options: str, private: bool
    ) -> None:
        ephemeral = private and interaction.guild_id is not None  # a DM is private anyway
        asked = Asked(
            guild_id=interaction.guild_id,
            channel_id=interaction.channel_id,
            user_id=interaction.user.id,
            origin_id=interaction.id,  # the answer points back to it, and votes find it by it
            private=ephemeral,
            length=len(options),
        )

        async def send(reply: Reply) -> bool:
            upload = await self.answering.charts.upload(
                reply,
                interaction.guild_id,
                lambda: acknowledge(interaction, self.load, ephemeral=ephemeral, thinking=True),
            )
            parts = message_parts(reply, interaction.user.id, upload)
            return await respond(interaction, parts, self.load, ephemeral=ephemeral)

        await self.answering.answer(
            asked,
            lambda engine, context: engine.answer_command(command, options.strip(), context),
            send,
            record=command != "help",  # /help is not a question for /kb stats
        )

    def _choices(self, kinds: tuple[str, ...], current: str) -> list[app_commands.Choice[str]]:
        engine = self.answering.holder.engine
        suggestions = engine.suggest(current[:OPTION_MAX], kinds, AUTOCOMPLETE_CHOICES)
        return [
            app_commands.Choice(name=clamp(name, CHOICE_NAME), value=entity_id[:CHOICE_VALUE])
            for entity_id, name in suggestions[:AUTOCOMPLETE_CHOICES]
        ]

    async def complete_role(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest roles."""
        return self._choices(COMMAND_BY_NAME["role"].kinds, current)

    async def complete_cert(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest certifications."""
        return self._choices(COMMAND_BY_NAME["cert"].kinds, current)

    async def complete_subject(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest roles and certifications (for /compare)."""
        return self._choices(COMMAND_BY_NAME["compare"].kinds, current)

    async def complete_term(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest glossary terms, certifications and roles."""
        return self._choices(COMMAND_BY_NAME["define"].kinds, current)

    async def complete_location(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest places."""
        return self._choices(PLACE_KINDS, current)

    # ---- commands ----------------------------------------------------------------------------
    @app_commands.command(name="ask", description=COMMAND_BY_NAME["ask"].summary)
    async def ask(
        self, interaction: discord.Interaction, question: Question, private: bool = False
    ) -> None:
        """Ask anything about PACS and imaging-informatics careers.

        Args:
            question: Your question, e.g. how much does a PACS admin make in San Francisco?
            private: True to see the answer only yourself
        """
        await self._answer(interaction, "ask", question, private)

    @app_commands.command(name="salary", description=COMMAND_BY_NAME["salary"].summary)
    @app_commands.autocomplete(role=complete_role, location=complete_location)
    async def salary(
        self,
        interaction: discord.Interaction,
        role: Text,
        location: Text | None = None,
        private: bool = False,
    ) -> None:
        """What a role earns, with sources.

        Args:
            role: The job title, e.g. PACS administrator
            location: A country, state or city, e.g. San Francisco
            private: True to see the answer only yourself
        """
        await self._answer(interaction, "salary", f"{role} {location or ''}", private)

    @app_commands.command(name="role", description=COMMAND_BY_NAME["role"].summary)
    @app_commands.autocomplete(role=complete_role)
    async def role(
        self, interaction: discord.Interaction, role: Text, private: bool = False
    ) -> None:
        """What a role does and what it takes.

        Args:
            role: The job title, e.g. RIS analyst
            private: True to see the answer only yourself
        """
        await self._answer(interaction, "role", role, private)

    @app_commands.command(name="cert", description=COMMAND_BY_NAME["cert"].summary)
    @app_commands.autocomplete(certification=complete_cert)
    async def cert(
        self, interaction: discord.Interaction, certification: Text, private: bool = False
    ) -> None:
        """A certification: who offers it, what it needs and what it costs.

        Args:
            certification: The certification, e.g. CIIP or CPSM
            private: True to see the answer only yourself
        """
        await self._answer(interaction, "cert", certification, private)

    @app_commands.command(name="compare", description=COMMAND_BY_NAME["compare"].summary)
    @app_commands.autocomplete(first=complete_subject, second=complete_subject)
    async def compare(
        self,
        interaction: discord.Interaction,
        first: Text,
        second: Text,
        private: bool = False,
    ) -> None:
        """Compare two roles or two certifications side by side.

        Args:
            first: A role or certification, e.g. PACS analyst
            second: Another role or certification, e.g. RIS analyst
            private: True to see the answer only yourself
        """
        await self._answer(interaction, "compare", f"{first} vs {second}", private)

    @app_commands.command(name="path", description=COMMAND_BY_NAME["path"].summary)
    @app_commands.autocomplete(role=complete_role)
    async def path(
        self, interaction: discord.Interaction, role: Text | None = None, private: bool = False
    ) -> None:
        """Career paths into and up from a role (or PACS careers in general).

        Args:
            role: The job title to start from, e.g. PACS analyst
            private: True to see the answer only yourself
        """
        await self._answer(interaction, "path", role or "", private)

    @app_commands.command(name="define", description=COMMAND_BY_NAME["define"].summary)
    @app_commands.autocomplete(term=complete_term)
    async def define(
        self, interaction: discord.Interaction, term: Text, private: bool = False
    ) -> None:
        """Explain a term, acronym or certification.

        Args:
            term: The term, e.g. DICOM, HL7 or VNA
            private: True to see the answer only yourself
        """
        await self._answer(interaction, "define", term, private)

    @app_commands.command(name="help", description=COMMAND_BY_NAME["help"].summary)
    async def show_help(self, interaction: discord.Interaction, private: bool = False) -> None:
        """What this bot can answer and how to ask.

        Args:
            private: True to see the answer only yourself
        """
        await self._answer(interaction, "help", "", private)


async def setup(bot: PacsBotMixin) -> None:
    """Load the lookups cog."""
    await bot.add_cog(Lookups(bot.answering, bot.cooldowns, bot.load))
