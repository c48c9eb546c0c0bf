"""The users, guilds, channels and roles the Discord stand-in serves, and their JSON payloads."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000
ADMINISTRATOR = 1 << 3
ALL_PERMISSIONS = (1 << 51) - 1
# ADD_REACTIONS, VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS, ATTACH_FILES, READ_MESSAGE_HISTORY,
# USE_EXTERNAL_EMOJIS, USE_APPLICATION_COMMANDS
EVERYONE_PERMISSIONS = sum(1 << bit for bit in (6, 10, 11, 14, 15, 16, 18, 31))
MODERATOR_PERMISSIONS = (1 << 5) | (1 << 13)  # MANAGE_GUILD, MANAGE_MESSAGES
ATTACH_FILES = 1 << 15
INTENT_GUILD_MEMBERS = 1 << 1
JOINED_AT = "2024-01-01T00:00:00+00:00"
_counter = itertools.count(1)

_USER = {"discriminator": "0", "avatar": None, "public_flags": 0}
_ROLE = {"color": 0, "hoist": False, "icon": None, "managed": False, "mentionable": False}
_ROLE |= {"flags": 0, "colors": {"primary_color": 0, "secondary_color": None}}
_MEMBER = {"avatar": None, "premium_since": None, "communication_disabled_until": None}
_MEMBER |= {"deaf": False, "mute": False, "pending": False, "flags": 0, "joined_at": JOINED_AT}
_GUILD = {"icon": None, "banner": None, "description": None, "features": [], "large": False}
_GUILD |= {"unavailable": False, "joined_at": JOINED_AT, "preferred_locale": "en-US"}
_GUILD |= {"system_channel_id": None, "afk_channel_id": None, "afk_timeout": 300}
_GUILD |= {"verification_level": 0, "mfa_level": 0, "nsfw_level": 0, "premium_tier": 0}
_GUILD_LISTS = ("emojis", "stickers", "threads", "presences", "voice_states", "stage_instances")


def snowflake() -> int:
    """A fresh snowflake whose timestamp is now (discord.py derives ``created_at`` from it)."""
    return ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) | (next(_counter) & 0x3FFFFF)


@dataclass
class FakeUser:
    """A Discord user (the bot itself, a member, a DM partner)."""

    id: int
    username: str
    bot: bool = False
    global_name: str | None = None

    def payload(self) -> dict[str, Any]:
        """The user object as Discord sends it."""
        data = {"id": str(self.id), "username": self.username, "global_name": self.global_name}
        return {**_USER, **data, "bot": self.bot}


@dataclass
class FakeChannel:
    """A guild channel (type 0 text, 2 voice, 4 category, ...) or a DM channel (type 1)."""

    id: int
    name: str = ""
    type: int = 0
    parent_id: int | None = None
    position: int = 0
    recipient: FakeUser | None = None  # DM channels only

    def payload(self, guild_id: int | None) -> dict[str, Any]:
        """The channel object as Discord sends it."""
        data: dict[str, Any] = {"id": str(self.id), "type": self.type, "flags": 0}
        if self.type == 1:
            recipients = [self.recipient.payload()] if self.recipient else []
            return {**data, "last_message_id": None, "recipients": recipients}
        parent = str(self.parent_id) if self.parent_id else None
        data.update(name=self.name, position=self.position, parent_id=parent, nsfw=False)
        data["permission_overwrites"] = []
        if guild_id is not None:
            data["guild_id"] = str(guild_id)
        if self.type in (0, 5):
            data.update(topic=None, last_message_id=None, rate_limit_per_user=0)
        if self.type in (2, 13):
            data.update(bitrate=64000, user_limit=0, rtc_region=None)
        return data


@dataclass
class FakeRole:
    """A guild role; the @everyone role has the guild's id."""

    id: int
    name: str
    permissions: int = 0
    position: int = 0

    def payload(self) -> dict[str, Any]:
        """The role object as Discord sends it."""
        data = {"id": str(self.id), "name": self.name, "position": self.position}
        return {**_ROLE, **data, "permissions": str(self.permissions)}


@dataclass
class FakeMember:
    """A guild member: a user plus role ids."""

    user: FakeUser
    roles: list[int] = field(default_factory=list)
    nick: str | None = None

    def payload(self, *, with_user: bool = True) -> dict[str, Any]:
        """The guild member object (``with_user=False``: the partial member in messages)."""
        data = {**_MEMBER, "roles": [str(r) for r in self.roles], "nick": self.nick}
        return {**data, "user": self.user.payload()} if with_user else data


@dataclass
class FakeGuild:
    """A guild with its channels, roles (the @everyone role is added if missing) and members."""

    id: int
    name: str
    owner_id: int
    channels: list[FakeChannel] = field(default_factory=list)
    roles: list[FakeRole] = field(default_factory=list)
    members: list[FakeMember] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not any(r.id == self.id for r in self.roles):
            self.roles.insert(0, FakeRole(self.id, "@everyone", EVERYONE_PERMISSIONS))

    @property
    def text_channel(self) -> FakeChannel:
        """The first text channel (where injected events go by default)."""
        return next(c for c in self.channels if c.type == 0)

    def member(self, user_id: int) -> FakeMember | None:
        """The member with this user id, if any."""
        return next((m for m in self.members if m.user.id == user_id), None)

    def role(self, name: str) -> FakeRole:
        """The role with this name."""
        return next(r for r in self.roles if r.name == name)

    def permissions_for(self, user_id: int) -> int:
        """Guild-level permissions: owner and administrators get everything (no overwrites)."""
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        member = self.member(user_id)
        held = {self.id, *(member.roles if member else [])}
        value = 0
        for role in self.roles:
            value |= role.permissions if role.id in held else 0
        return ALL_PERMISSIONS if value & ADMINISTRATOR else value

    def payload(self, intents: int, bot_id: int) -> dict[str, Any]:
        """The GUILD_CREATE payload; all members only with the GUILD_MEMBERS intent, as Discord."""
        members = [m for m in self.members if intents & INTENT_GUILD_MEMBERS or m.user.id == bot_id]
        data = {"id": str(self.id), "name": self.name, "owner_id": str(self.owner_id)}
        return {
            **_GUILD,
            **{key: [] for key in _GUILD_LISTS},
            **data,
            "member_count": len(self.members),
            "roles": [r.payload() for r in self.roles],
            "channels": [c.payload(None) for c in self.channels],
            "members": [m.payload() for m in members],
        }


def default_world(bot_user: FakeUser) -> list[FakeGuild]:
    """One "Test Guild": #general, #bot-commands; an owner, a moderator, alice and the bot."""
    owner = FakeUser(1300000000000000001, "owner")
    alice = FakeUser(1300000000000000002, "alice", global_name="Alice")
    mod = FakeUser(1300000000000000003, "moderator")
    guild_id = 1200000000000000001
    moderator = FakeRole(1200000000000000201, "Moderator", MODERATOR_PERMISSIONS, 1)
    channels = [
        FakeChannel(1200000000000000101, "general"),
        FakeChannel(1200000000000000102, "bot-commands", position=1),
    ]
    members = [FakeMember(owner), FakeMember(alice), FakeMember(mod, [moderator.id])]
    members.append(FakeMember(bot_user))
    everyone = FakeRole(guild_id, "@everyone", EVERYONE_PERMISSIONS)
    return [FakeGuild(guild_id, "Test Guild", owner.id, channels, [everyone, moderator], members)]
