"""Who may change the knowledge from Discord.

Every server the bot is in shares one knowledge base, so Manage Server in some server must not
be enough to change what every other server sees. Knowledge editors are the application's owner
(or its team's members, as discord.py's ``is_owner`` reads them) and the members of
``KNOWLEDGE_EDITOR_ROLE_ID`` in the server ``HOME_GUILD_ID``. This is checked on every use of a
changing command and on every click of a review's buttons.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

if TYPE_CHECKING:
    from bot.discord_app.client import PacsBot

log = logging.getLogger(__name__)

NOT_AN_EDITOR = (
    "Only knowledge editors can change the knowledge, because every server the bot is in shares "
    "it: the bot's owner, and members of the editor role in the bot's home server. Nothing was "
    "changed. `/kb gaps` shows them what people asked."
)


async def is_editor(bot: PacsBot, user: discord.abc.User) -> bool:
    """True for the application's owner or team, and the home server's editor role."""
    if await bot.is_owner(user):
        return True
    home_id, role_id = bot.settings.home_guild_id, bot.settings.knowledge_editor_role_id
    if home_id is None or role_id is None:
        return False
    if isinstance(user, discord.Member) and user.guild.id == home_id:
        return any(role.id == role_id for role in user.roles)
    home = bot.get_guild(home_id)
    if home is None:
        log.warning("HOME_GUILD_ID %s is not a server the bot is in", home_id)
        return False
    member = home.get_member(user.id)
    if member is None:
        try:
            member = await home.fetch_member(user.id)
        except discord.NotFound:
            return False
        except discord.HTTPException as exc:  # cannot tell: refuse, and say so in the log
            log.warning("Could not check %s in the home server: %s", user.id, exc)
            return False
    return any(role.id == role_id for role in member.roles)
