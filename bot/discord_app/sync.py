"""Slash-command sync: only when the command payload changed since the last sync (or forced).

Discord rate-limits command registration and a global sync can take a while to show everywhere,
so the bot never syncs on every start. It hashes the exact payload ``tree.sync()`` would send and
remembers the hash per application and scope (global, or one guild with ``DEV_GUILD_ID``) in
``<state_dir>/command-sync.json``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
from discord import app_commands

log = logging.getLogger(__name__)

STATE_FILE = "command-sync.json"


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What a sync attempt did: the scope, whether it sent anything, and how many commands."""

    scope: str
    synced: bool
    commands: int


def command_payload(tree: app_commands.CommandTree, guild_id: int | None) -> list[dict[str, Any]]:
    """The commands ``tree.sync(guild=...)`` would send, sorted by type and name."""
    guild = discord.Object(guild_id) if guild_id is not None else None
    payload = [command.to_dict(tree) for command in tree._get_all_commands(guild=guild)]
    return sorted(payload, key=lambda c: (c.get("type", 1), c.get("name", "")))


def payload_hash(payload: list[dict[str, Any]]) -> str:
    """A stable SHA-256 of a command payload."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def scope_key(application_id: int | None, guild_id: int | None) -> str:
    """The key a scope's hash is stored under: ``<app id>:global`` or ``<app id>:guild:<id>``."""
    scope = "global" if guild_id is None else f"guild:{guild_id}"
    return f"{application_id}:{scope}"


class SyncState:
    """The last synced hash per scope, kept in a small JSON file."""

    def __init__(self, state_dir: Path) -> None:
        self.path = Path(state_dir) / STATE_FILE

    def load(self) -> dict[str, str]:
        """All stored hashes (empty if the file is missing or unreadable)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def get(self, key: str) -> str | None:
        """The stored hash for a scope, or None."""
        return self.load().get(key)

    def put(self, key: str, value: str) -> None:
        """Store the hash for a scope (written atomically)."""
        data = self.load()
        data[key] = value
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".command-sync.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, sort_keys=True)
        os.replace(tmp, self.path)


async def sync_if_changed(
    client: discord.Client,
    tree: app_commands.CommandTree,
    state: SyncState,
    guild_id: int | None = None,
    *,
    force: bool = False,
) -> SyncResult:
    """Sync the tree's commands to ``guild_id`` (None: global) if their payload changed.

    With ``guild_id`` the global commands are copied to that guild first (instant updates while
    developing). Raises discord.HTTPException if Discord rejects the sync.
    """
    if guild_id is not None:
        tree.copy_global_to(guild=discord.Object(guild_id))
    payload = command_payload(tree, guild_id)
    digest = payload_hash(payload)
    key = scope_key(client.application_id, guild_id)
    scope = "global" if guild_id is None else f"guild {guild_id}"
    if not force and state.get(key) == digest:
        log.info("Slash commands unchanged since the last sync (%s); not syncing", scope)
        return SyncResult(scope, False, len(payload))
    synced = await tree.sync(guild=discord.Object(guild_id) if guild_id is not None else None)
    state.put(key, digest)
    log.info("Synced %d slash command(s) to %s", len(synced), scope)
    return SyncResult(scope, True, len(synced))
