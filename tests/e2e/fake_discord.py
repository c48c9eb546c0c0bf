"""A loopback stand-in for Discord's gateway v10 and REST v10, for driving a real discord.py bot.

``FakeDiscord`` runs an aiohttp server on 127.0.0.1 (random port). Point discord.py at it with
:func:`discord_endpoint.point_discord_at` (``fake.api_base``, ``fake.gateway_url``), start the bot
with ``fake.token`` (see :func:`running_bot`) and wait for :meth:`FakeDiscord.wait_identified`.
Tests inject interactions and messages, then assert on the recorded REST requests; request bodies
are checked against Discord's documented limits and its OpenAPI description (``fake.violations``).

What discord.py 2.7.1 needs from a Discord stand-in (learned the hard way):
- JSON answers with ``Content-Type: application/json`` exactly; with ``; charset=utf-8`` it
  treats bodies as text and login fails.
- A 429 must carry a ``Via`` header, or discord.py takes it for a Cloudflare ban and raises
  instead of sleeping ``retry_after``. 5xx answers are retried after a fixed 1 s (then 3 s, ...).
  ``fail_next(..., via=False)`` sends such a 429 on purpose; ``rate=`` fails a share of requests.
- Like Discord, an interaction callback later than ``deadline`` (3 s) after the interaction was
  created is refused with 404/10062 "Unknown interaction"; follow-ups stay valid (15 minutes).
  ``inject_slash(..., age=)`` delivers an interaction that is already that old (as under load).
- Faults: ``fail_next(status=0)`` drops the connection without an answer (the bot sees a
  ServerDisconnectedError); ``delay=`` holds the answer back; ``go_silent()`` stops the live
  gateway connection from sending anything, heartbeat ACKs included.
- Interaction callbacks are POSTed with ``?with_response=1``; the answer's
  ``resource.message.id`` is the message a View gets bound to.
- INTERACTION_CREATE needs ``attachment_size_limit``; guild commands are looked up through
  ``data.guild_id``. ``tree.sync()`` is one PUT and needs the id from GET /oauth2/applications/@me.
- ``on_ready`` waits ``guild_ready_timeout`` (2 s) after the last GUILD_CREATE; pass
  ``guild_ready_timeout=0.1`` to the bot or wait for :meth:`FakeDiscord.wait_identified`.
  No member chunking happens: GUILD_CREATE has all members (GUILD_MEMBERS intent) or the
  intent is off, so ``chunk_guilds_at_startup`` does not matter.
- discord.py uploads every file as ``files[n]`` with ``application/octet-stream``; the stand-in
  reports a content type from the file name, as Discord does from the bytes. Attachments are
  served at ``http://127.0.0.1:PORT/attachments/CHANNEL/ID/NAME`` (``attachment.read()`` works).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import mimetypes
import random
import re
import secrets
import struct
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import quote

import discord
from aiohttp import WSMsgType, web

from .discord_limits import (
    PNG_SIGNATURE,
    check_message_body,
    check_no_pings,
    check_upload_limits,
    check_upload_sizes,
    check_uploads,
    file_index,
)
from .fake_world import (
    ALL_PERMISSIONS,
    ATTACH_FILES,
    EVERYONE_PERMISSIONS,
    INTENT_GUILD_MEMBERS,
    FakeChannel,
    FakeGuild,
    FakeUser,
    default_world,
    snowflake,
)
from .openapi_validation import load_spec, validate_request

T = TypeVar("T")
Reply = tuple[int, Any]  # (status, JSON body or None for 204)
API_PREFIX = "/api/v10"
INTENT_PRESENCES, INTENT_MESSAGE_CONTENT = 1 << 8, 1 << 15
INTENT_GUILD_MESSAGES, INTENT_DIRECT_MESSAGES = 1 << 9, 1 << 12
PRIVILEGED_INTENTS = INTENT_GUILD_MEMBERS | INTENT_PRESENCES | INTENT_MESSAGE_CONTENT
EPHEMERAL, LOADING = 1 << 6, 1 << 7
_LIMITED_PATHS = re.compile(r"/commands$|/callback$|/messages(/[^/]+)?$|^/webhooks/\d+/[^/]+$")


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _walk(components: Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
    for component in components:
        yield component
        children = list(component.get("components") or [])
        children += [component[k] for k in ("accessory", "component") if k in component]
        yield from _walk(children)


@dataclass
class RecordedFile:
    """One file part of a multipart request: form ``field`` (``files[n]``) and what was sent."""

    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class RecordedRequest:
    """One REST request the bot made (``path`` is relative to ``/api/v10``)."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    headers: dict[str, str]
    files: list[RecordedFile] = field(default_factory=list)
    status: int = 0  # of the response; 0 while being handled, -1 dropped without an answer

    @property
    def filenames(self) -> list[str]:
        """Names of the uploaded files, in form order."""
        return [f.filename for f in self.files]


@dataclass
class StoredFile:
    """Bytes the stand-in serves at ``path`` (an attachment the bot or a user uploaded)."""

    path: str
    content_type: str
    data: bytes


@dataclass
class Fault:
    """A pending injected failure, see :meth:`FakeDiscord.fail_next`.

    ``status`` 0 drops the connection without an answer (the request is lost on the way back).
    """

    method: str
    pattern: re.Pattern[str]
    status: int
    times: int
    retry_after: float
    rate: float = 1.0
    via: bool = True
    delay: float = 0.0
    hits: int = 0
    seen: int = 0  # matching requests, failed or not


class _Dropped(Exception):
    """A fault that closes the connection without answering."""


class DiscordError(Exception):
    """Raised by REST handlers; answered as Discord's JSON error ``{"message", "code"}``."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass(eq=False)
class InteractionRecord:
    """An injected interaction and everything the bot did with it."""

    payload: dict[str, Any]
    fake: FakeDiscord = field(repr=False)
    response: dict[str, Any] | None = None  # the callback body
    created: float = field(default_factory=time.monotonic)  # when it was dispatched
    followups: list[dict[str, Any]] = field(default_factory=list)
    edits: list[dict[str, Any]] = field(default_factory=list)  # PATCH @original bodies
    message_id: int | None = None  # the @original message

    @property
    def id(self) -> int:
        """The interaction id."""
        return int(self.payload["id"])

    @property
    def token(self) -> str:
        """The interaction token."""
        return str(self.payload["token"])

    @property
    def original_message(self) -> dict[str, Any] | None:
        """The stored @original message, if the response created or targets one."""
        return self.fake.messages.get(self.message_id) if self.message_id else None

    async def wait_response(self, timeout: float = 5.0) -> dict[str, Any]:
        """The callback body (``type`` 4, 5, 6, 7, 8 or 9), once the bot has sent it."""
        what = f"a response to interaction {self.id}"
        return await self.fake.wait_until(lambda: self.response, timeout, what)

    async def wait_followup(self, count: int = 1, timeout: float = 5.0) -> dict[str, Any]:
        """The ``count``-th follow-up body (POST /webhooks/{app}/{token})."""
        probe = lambda: self.followups[count - 1] if len(self.followups) >= count else None  # noqa: E731
        return await self.fake.wait_until(probe, timeout, f"follow-up #{count} to {self.id}")

    async def wait_edit(self, count: int = 1, timeout: float = 5.0) -> dict[str, Any]:
        """The ``count``-th edit of @original (e.g. the answer after a deferral)."""
        probe = lambda: self.edits[count - 1] if len(self.edits) >= count else None  # noqa: E731
        return await self.fake.wait_until(probe, timeout, f"edit #{count} of {self.id}'s response")


class _Connection:
    def __init__(self, ws: web.WebSocketResponse, request: web.Request) -> None:
        self.ws, self.request, self.lock = ws, request, asyncio.Lock()

    async def send(self, payload: Mapping[str, Any]) -> None:
        async with self.lock:
            await self.ws.send_str(json.dumps(payload))


@dataclass(eq=False)
class _Session:
    id: str
    intents: int
    conn: _Connection | None
    seq: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)


class FakeDiscord:
    """The loopback Discord stand-in: gateway at ``gateway_url``, REST at ``api_base``.

    ``allowed_intents``: privileged intents the "developer portal" enables (else close 4014).
    ``reject_over_limits``: answer bodies over Discord's documented limits with 400/50035, as
    Discord does. ``check_pings``: count ``allowed_mentions`` that allow pings as violations.
    """

    def __init__(
        self,
        *,
        bot_user: FakeUser | None = None,
        application_id: int | None = None,
        guilds: list[FakeGuild] | None = None,
        token: str = "fake-bot-token",
        heartbeat_interval_ms: int = 41250,
        allowed_intents: int = PRIVILEGED_INTENTS,
        attachment_size_limit: int = 10 * 1024 * 1024,
        check_pings: bool = True,
        reject_over_limits: bool = True,
        deadline: float | None = 3.0,
        seed: int = 10,
    ) -> None:
        self.bot_user = bot_user or FakeUser(1100000000000000001, "pacsbot", bot=True)
        self.application_id = application_id or self.bot_user.id
        self.guilds = guilds if guilds is not None else default_world(self.bot_user)
        self.token, self.heartbeat_interval_ms = token, heartbeat_interval_ms
        self.allowed_intents, self.attachment_size_limit = allowed_intents, attachment_size_limit
        self.check_pings, self.reject_over_limits = check_pings, reject_over_limits
        self.deadline = deadline  # seconds a callback may take (None: no limit)
        self.late_callbacks = 0  # callbacks refused because they came after the deadline
        self.heartbeats: list[float] = []  # time.monotonic() of every HEARTBEAT received
        self.silent = False  # True: the live connection neither answers nor sends anything
        self._random = random.Random(seed)
        self.requests: list[RecordedRequest] = []
        self.violations: list[str] = []
        self.unhandled: list[str] = []  # "METHOD /path" of REST routes the stand-in lacks
        self.notes: list[str] = []  # events not delivered or altered (missing intents)
        self.identifies: list[dict[str, Any]] = []  # IDENTIFY payloads (``d``)
        self.resumes = 0
        self.gateway_received: list[dict[str, Any]] = []
        self.commands: dict[int | None, list[dict[str, Any]]] = {}  # guild id or None (global)
        self.messages: dict[int, dict[str, Any]] = {}
        self.stored_files: dict[int, StoredFile] = {}  # by attachment id, served over HTTP
        self._uploads: dict[str, dict[str, Any]] = {}  # add_upload() attachments by id
        self.interactions: dict[int, InteractionRecord] = {}
        self.port = 0
        self._faults: list[Fault] = []
        self._silent_conn: _Connection | None = None
        self._sessions: dict[str, _Session] = {}
        self._session: _Session | None = None
        self._connections: set[_Connection] = set()
        self._users: dict[int, FakeUser] = {self.bot_user.id: self.bot_user}
        self._channels: dict[int, tuple[FakeChannel, FakeGuild | None]] = {}
        for guild in self.guilds:
            self._users.update((m.user.id, m.user) for m in guild.members)
            self._channels.update((c.id, (c, guild)) for c in guild.channels)
        self._tick = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._routes = self._build_routes()

    # ------------------------------------------------------------------ lifecycle and lookups
    async def start(self) -> None:
        """Start listening on a free port of 127.0.0.1.

        Loads Discord's OpenAPI spec first, so a missing or unreadable spec stops every test
        that uses the stand-in with SpecUnavailableError instead of letting bodies go unchecked.
        """
        load_spec()
        # Room for a request over the upload limit, so it is answered like Discord (413 40005).
        app = web.Application(client_max_size=2 * self.attachment_size_limit + (1 << 20))
        app.router.add_get("/", self._gateway)
        app.router.add_get("/resume", self._gateway)  # resume_gateway_url
        app.router.add_get(
            r"/{kind:(ephemeral-)?attachments}/{scope:\d+}/{attachment_id:\d+}/{filename}",
            self._serve_file,
        )
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._api)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Close gateway connections and the server."""
        for conn in list(self._connections):
            await conn.ws.close(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def api_base(self) -> str:
        """REST base URL for ``discord.http.Route.BASE``."""
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """Gateway URL for ``DiscordWebSocket.DEFAULT_GATEWAY``."""
        return f"ws://127.0.0.1:{self.port}/"

    @property
    def guild(self) -> FakeGuild:
        """The first (default) guild."""
        return self.guilds[0]

    @property
    def default_user(self) -> FakeUser:
        """Who interactions and messages come from by default (a member, not owner, not bot)."""
        owner = self.guild.owner_id
        return next(m.user for m in self.guild.members if m.user.id != owner and not m.user.bot)

    @property
    def intents(self) -> int | None:
        """Intents of the last IDENTIFY."""
        return int(self.identifies[-1].get("intents", 0)) if self.identifies else None

    def user(self, ref: FakeUser | int) -> FakeUser:
        """Look up a user by id (or register a new :class:`FakeUser`)."""
        if isinstance(ref, FakeUser):
            return self._users.setdefault(ref.id, ref)
        return self._users[int(ref)]

    def dm_channel(self, user: FakeUser | int) -> FakeChannel:
        """The bot's DM channel with ``user`` (created on first use)."""
        target = self.user(user)
        for channel, _ in self._channels.values():
            if channel.type == 1 and channel.recipient and channel.recipient.id == target.id:
                return channel
        channel = FakeChannel(snowflake(), type=1, recipient=target)
        self._channels[channel.id] = (channel, None)
        return channel

    def channel_messages(self, channel_id: int) -> list[dict[str, Any]]:
        """Stored messages of a channel, oldest first (ephemeral ones included)."""
        return [m for m in self.messages.values() if int(m["channel_id"]) == channel_id]

    def bot_messages(self) -> list[dict[str, Any]]:
        """Every message the bot created, oldest first."""
        return [m for m in self.messages.values() if int(m["author"]["id"]) == self.bot_user.id]

    # ------------------------------------------------------------------ waiting and faults
    def _notify(self) -> None:
        self._tick.set()
        self._tick = asyncio.Event()

    async def wait_until(
        self, probe: Callable[[], T | None], timeout: float = 5.0, what: str = "a condition"
    ) -> T:
        """Wait until ``probe()`` returns something other than None/False, and return that."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (result := probe()) is None or result is False:
            if (remaining := deadline - loop.time()) <= 0:
                hint = f"unhandled={self.unhandled[-5:]}, violations={self.violations[-3:]}"
                raise TimeoutError(f"timed out after {timeout}s waiting for {what}; {hint}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._tick.wait(), remaining)
        return result

    async def wait_identified(self, count: int = 1, timeout: float = 5.0) -> None:
        """Wait until the bot identified ``count`` times (READY and GUILD_CREATEs sent)."""
        await self.wait_until(lambda: len(self.identifies) >= count, timeout, f"IDENTIFY #{count}")

    async def wait_resumed(self, count: int = 1, timeout: float = 5.0) -> None:
        """Wait until ``count`` RESUMEs were answered (missed events replayed, RESUMED sent)."""
        await self.wait_until(lambda: self.resumes >= count, timeout, f"RESUME #{count}")

    async def wait_for_request(
        self, predicate: Callable[[RecordedRequest], bool], timeout: float = 5.0, since: int = 0
    ) -> RecordedRequest:
        """The first answered request matching ``predicate``, from index ``since`` on.

        Take ``since = len(fake.requests)`` before acting to ignore earlier requests.
        """

        def probe() -> RecordedRequest | None:
            return next((r for r in self.requests[since:] if r.status and predicate(r)), None)

        return await self.wait_until(probe, timeout, "a matching request")

    def fail_next(
        self,
        method: str,
        path_regex: str,
        status: int = 500,
        times: int = 1,
        retry_after: float = 0.2,
        *,
        rate: float = 1.0,
        via: bool = True,
        delay: float = 0.0,
    ) -> Fault:
        """Answer the next ``times`` requests matching (``re.search``, /api/v10-relative path)
        with a Discord-shaped error; 429s carry ``retry_after``, ``global: false``, X-RateLimit-*.

        ``rate``: fail only this share of matching requests (seeded, so runs repeat), until
        ``times`` failed. ``via=False``: a 429 without the ``Via`` header, as Cloudflare sends.
        ``status=0``: drop the connection without answering. ``delay``: seconds to wait before
        answering (``status=200``: answer normally, only later).
        """
        fault = Fault(
            method.upper(), re.compile(path_regex), status, times, retry_after, rate, via, delay
        )
        self._faults.append(fault)
        return fault

    def clear_faults(self) -> list[Fault]:
        """Stop injecting failures; returns the faults that were pending."""
        faults, self._faults = self._faults, []
        return faults

    def go_silent(self) -> None:
        """From now on the live gateway connection sends nothing, not even heartbeat ACKs
        (dispatches are kept for a RESUME); a new connection talks again."""
        self.silent = True
        self._silent_conn = self._session.conn if self._session else None

    # ------------------------------------------------------------------ gateway
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        conn = _Connection(ws, request)
        self._connections.add(conn)
        try:
            await conn.send({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self._on_op(conn, json.loads(msg.data))
        finally:
            self._connections.discard(conn)
            for session in self._sessions.values():
                if session.conn is conn:
                    session.conn = None
            self._notify()
        return ws

    async def _on_op(self, conn: _Connection, msg: dict[str, Any]) -> None:
        self.gateway_received.append(msg)
        op, data = msg.get("op"), msg.get("d") or {}
        if op == 1:  # HEARTBEAT
            self.heartbeats.append(time.monotonic())
            if not self._is_silent(conn):
                await conn.send({"op": 11, "d": None})
        elif op == 2:
            await self._identify(conn, data)
        elif op == 6:
            await self._resume(conn, data)
        self._notify()

    def _is_silent(self, conn: _Connection | None) -> bool:
        return self.silent and conn is not None and conn is self._silent_conn

    async def _identify(self, conn: _Connection, data: dict[str, Any]) -> None:
        if data.get("token") != self.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        intents = int(data.get("intents", 0))
        if intents & PRIVILEGED_INTENTS & ~self.allowed_intents:
            await conn.ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        session = self._session = _Session(secrets.token_hex(16), intents, conn)
        self._sessions[session.id] = session
        ready = {
            "v": 10,
            "user": {**self.bot_user.payload(), "verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in self.guilds],
            "session_id": session.id,
            "resume_gateway_url": f"ws://127.0.0.1:{self.port}/resume",
            "application": {"id": str(self.application_id), "flags": 0},
            **{key: [] for key in ("private_channels", "relationships", "presences")},
            **({"shard": data["shard"]} if "shard" in data else {}),
        }
        await self.send_dispatch("READY", ready)
        for guild in self.guilds:
            await self.send_dispatch("GUILD_CREATE", guild.payload(intents, self.bot_user.id))
        self.identifies.append(data)

    async def _resume(self, conn: _Connection, data: dict[str, Any]) -> None:
        session = self._sessions.get(str(data.get("session_id")))
        if session is None or data.get("token") != self.token:
            await conn.send({"op": 9, "d": False})  # INVALID_SESSION, not resumable
            return
        sent = int(data.get("seq") or 0)
        while pending := [p for p in session.history if p["s"] > sent]:  # incl. ones sent meanwhile
            for payload in pending:
                await conn.send(payload)
                sent = payload["s"]
        session.conn = conn
        self._session = session
        await self.send_dispatch("RESUMED", {})
        self.resumes += 1

    async def send_dispatch(self, event: str, data: Mapping[str, Any]) -> None:
        """Dispatch ``event`` (op 0) on the session; buffered for RESUME while disconnected."""
        session = self._session
        if session is None:
            raise RuntimeError("no gateway session: the bot has not identified yet")
        session.seq += 1
        payload = {"op": 0, "t": event, "s": session.seq, "d": data}
        session.history.append(payload)
        if session.conn is not None and not self._is_silent(session.conn):
            try:
                await session.conn.send(payload)
            except (ConnectionError, RuntimeError):
                session.conn = None

    async def send_op(self, op: int, data: Any = None) -> None:
        """Send a non-dispatch opcode (7 RECONNECT, 9 INVALID_SESSION, ...) on the connection."""
        if self._session is None or self._session.conn is None:
            raise RuntimeError("no live gateway connection")
        await self._session.conn.send({"op": op, "d": data})

    async def drop_gateway(self, code: int | None = None) -> None:
        """Close the live gateway connection abruptly (no close frame) or with close ``code``."""
        session = self._session
        if session is None or session.conn is None:
            raise RuntimeError("no live gateway connection")
        conn, session.conn = session.conn, None
        if code is None and conn.request.transport is not None:
            conn.request.transport.abort()
        else:
            await conn.ws.close(code=code or 4000, message=b"dropped by test")

    # ------------------------------------------------------------------ interactions
    def _where(
        self, user: FakeUser | int | None, guild_id: int | None, channel_id: int | None, dm: bool
    ) -> tuple[FakeUser, FakeGuild | None, FakeChannel]:
        who = self.user(user) if user is not None else self.default_user
        if channel_id is not None:
            channel, guild = self._channels[channel_id]
        elif dm:
            return who, None, self.dm_channel(who)
        else:
            guild = next(g for g in self.guilds if g.id == guild_id) if guild_id else self.guild
            channel = guild.text_channel
        if guild_id is not None and (guild is None or guild.id != guild_id):
            raise ValueError(f"channel {channel_id} is not in guild {guild_id}")
        if guild is not None and guild.member(who.id) is None:
            raise ValueError(f"user {who.id} is not a member of guild {guild.id}")
        return who, guild, channel

    def _interaction(
        self,
        kind: int,
        data: dict[str, Any],
        who: FakeUser,
        guild: FakeGuild | None,
        channel: FakeChannel,
        **extra: Any,
    ) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "id": str(snowflake()),
            "application_id": str(self.application_id),
            "type": kind,
            "data": data,
            "token": secrets.token_urlsafe(48),
            "version": 1,
            "locale": "en-US",
            "entitlements": [],
            "attachment_size_limit": self.attachment_size_limit,
            "channel_id": str(channel.id),
            "channel": channel.payload(guild.id if guild else None),
            **extra,
        }
        if guild is None:  # the bot's DM (context 1)
            payload.update(user=who.payload(), app_permissions=str(EVERYONE_PERMISSIONS))
            payload.update(context=1, authorizing_integration_owners={"0": "0"})
            return payload
        member = guild.member(who.id)
        assert member is not None
        permissions = str(guild.permissions_for(who.id))
        payload["channel"]["permissions"] = permissions
        payload.update(
            guild_id=str(guild.id),
            guild={"id": str(guild.id), "locale": "en-US", "features": []},
            guild_locale="en-US",
            member={**member.payload(), "permissions": permissions},
            app_permissions=str(guild.permissions_for(self.bot_user.id)),
            context=0,
            authorizing_integration_owners={"0": str(guild.id)},
        )
        return payload

    async def _deliver(self, payload: dict[str, Any], age: float = 0.0) -> InteractionRecord:
        if age:  # created ``age`` seconds ago: its id (and so ``created_at``) is that old
            payload["id"] = str(int(payload["id"]) - (round(age * 1000) << 22))
        record = InteractionRecord(payload, self, created=time.monotonic() - age)
        self.interactions[record.id] = record
        await self.send_dispatch("INTERACTION_CREATE", payload)
        return record

    def _resolve(self, kind: int, value: Any, guild: FakeGuild | None, resolved: dict) -> str:
        """Snowflake option value (user, channel, role, mentionable) plus its ``resolved`` entry."""
        target = int(getattr(value, "id", value))
        if target in self._users and kind in (6, 9):
            resolved.setdefault("users", {})[str(target)] = self._users[target].payload()
            if guild is not None and (member := guild.member(target)):
                perms = str(guild.permissions_for(target))
                entry = {**member.payload(with_user=False), "permissions": perms}
                resolved.setdefault("members", {})[str(target)] = entry
        elif target in self._channels:
            entry = self._channels[target][0].payload(guild.id if guild else None)
            entry["permissions"] = str(ALL_PERMISSIONS)
            resolved.setdefault("channels", {})[str(target)] = entry
        elif guild is not None and (role := next((r for r in guild.roles if r.id == target), None)):
            resolved.setdefault("roles", {})[str(target)] = role.payload()
        return str(target)

    async def _command_data(
        self,
        name: str,
        options: Mapping[str, Any] | None,
        subcommand: str | None,
        guild: FakeGuild | None,
        timeout: float,
    ) -> dict[str, Any]:
        """``data`` of an APPLICATION_COMMAND interaction, typed from the synced command."""

        def find() -> tuple[dict[str, Any], int | None] | None:
            for scope in ([guild.id] if guild else []) + [None]:
                for command in self.commands.get(scope, []):
                    if command["name"] == name and command.get("type", 1) == 1:
                        return command, scope
            return None

        synced = {k: [c["name"] for c in v] for k, v in self.commands.items()}
        command, scope = await self.wait_until(find, timeout, f"/{name} synced (have {synced})")
        schema, path = command.get("options") or [], []
        for part in (subcommand or "").split():  # "group sub" or "sub"
            spec = next((o for o in schema if o["name"] == part and o["type"] in (1, 2)), None)
            if spec is None:
                raise KeyError(f"/{name} has no subcommand {part!r}")
            path.append((part, spec["type"]))
            schema = spec.get("options") or []
        types = {o["name"]: o["type"] for o in schema}
        resolved: dict[str, Any] = {}
        built = []
        for option, value in (options or {}).items():
            if option not in types:
                raise KeyError(f"/{name} has no option {option!r} (has {sorted(types)})")
            kind = types[option]
            if kind in (6, 7, 8, 9):
                value = self._resolve(kind, value, guild, resolved)
            elif kind == 11:  # ATTACHMENT: an add_upload() object or its id
                key = value["id"] if isinstance(value, Mapping) else value
                attachment = self._uploads[str(key)]
                resolved.setdefault("attachments", {})[attachment["id"]] = attachment
                value = attachment["id"]
            elif kind in (3, 4, 5, 10):
                value = {3: str, 4: int, 5: bool, 10: float}[kind](value)
            built.append({"name": option, "type": kind, "value": value})
        for part, kind in reversed(path):
            built = [{"name": part, "type": kind, "options": built}]
        data: dict[str, Any] = {"id": command["id"], "name": name, "type": 1, "options": built}
        if resolved:
            data["resolved"] = resolved
        if scope is not None:
            data["guild_id"] = str(scope)  # discord.py finds guild commands through this
        return data

    async def inject_slash(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: FakeUser | int | None = None,
        guild_id: int | None = None,
        channel_id: int | None = None,
        subcommand: str | None = None,
        dm: bool = False,
        sync_timeout: float = 3.0,
        age: float = 0.0,
    ) -> InteractionRecord:
        """Send an APPLICATION_COMMAND interaction for the synced ``/name`` command.

        ``options`` maps option names to values (users/channels/roles by id or fake object,
        attachments as :meth:`add_upload` objects or their ids);
        ``subcommand`` is ``"sub"`` or ``"group sub"``; ``dm=True`` uses the user's DM channel.
        Waits up to ``sync_timeout`` for the command to be synced. ``age``: the interaction was
        created that many seconds ago (it reaches the bot late, as under load).
        """
        who, guild, channel = self._where(user, guild_id, channel_id, dm)
        data = await self._command_data(name, options, subcommand, guild, sync_timeout)
        return await self._deliver(self._interaction(2, data, who, guild, channel), age)

    async def inject_autocomplete(
        self,
        name: str,
        options: Mapping[str, Any],
        focused: str,
        *,
        user: FakeUser | int | None = None,
        guild_id: int | None = None,
        channel_id: int | None = None,
        subcommand: str | None = None,
        dm: bool = False,
        sync_timeout: float = 3.0,
    ) -> InteractionRecord:
        """Send an APPLICATION_COMMAND_AUTOCOMPLETE interaction while ``focused`` is typed."""
        who, guild, channel = self._where(user, guild_id, channel_id, dm)
        data = await self._command_data(name, options, subcommand, guild, sync_timeout)
        leaf = data["options"]
        while leaf and leaf[0]["type"] in (1, 2):
            leaf = leaf[0]["options"]
        option = next((o for o in leaf if o["name"] == focused), None)
        if option is None:
            raise KeyError(f"focused option {focused!r} is not among {list(options)}")
        option.update(focused=True, value=str(options[focused]))  # typed text is a string
        return await self._deliver(self._interaction(4, data, who, guild, channel))

    async def inject_component(
        self,
        message_id: int,
        custom_id: str,
        *,
        user: FakeUser | int | None = None,
        values: list[str] | None = None,
    ) -> InteractionRecord:
        """Click button ``custom_id`` (or choose select ``values``) on a stored message."""
        message = self.messages[message_id]
        components = list(_walk(message.get("components") or []))
        found = next((c for c in components if c.get("custom_id") == custom_id), None)
        if found is None:
            ids = [c["custom_id"] for c in components if c.get("custom_id")]
            raise LookupError(f"message {message_id} has no component {custom_id!r} (has {ids})")
        who, guild, channel = self._where(user, None, int(message["channel_id"]), False)
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": found["type"]}
        if found["type"] != 2:
            data["values"] = list(values or [])
        payload = self._interaction(3, data, who, guild, channel, message=copy.deepcopy(message))
        return await self._deliver(payload)

    async def inject_modal_submit(
        self, custom_id: str, values: Mapping[str, Any], *, user: FakeUser | int | None = None
    ) -> InteractionRecord:
        """Submit the modal the bot last opened as ``custom_id`` (values by input custom_id)."""

        def opened(record: InteractionRecord) -> bool:
            body = record.response or {}
            return body.get("type") == 9 and body["data"].get("custom_id") == custom_id

        opener = next((r for r in reversed(self.interactions.values()) if opened(r)), None)
        if opener is None or opener.response is None:
            raise LookupError(f"no modal {custom_id!r} was opened")

        def mirror(c: Mapping[str, Any]) -> dict[str, Any]:  # same layout, values filled in
            out: dict[str, Any] = {"type": c["type"], "id": c.get("id", 0)}
            if "components" in c:
                out["components"] = [mirror(x) for x in c["components"]]
            if "component" in c:
                out["component"] = mirror(c["component"])
            if "custom_id" in c and c["type"] == 4:
                out.update(custom_id=c["custom_id"], value=values.get(c["custom_id"], ""))
            elif "custom_id" in c:
                out.update(custom_id=c["custom_id"], values=values.get(c["custom_id"], []))
            return out

        modal = opener.response["data"]
        data = {"custom_id": custom_id, "components": [mirror(c) for c in modal["components"]]}
        source = opener.payload
        who = self.user(
            user if user is not None else (source.get("member") or source)["user"]["id"]
        )
        channel, guild = self._channels[int(source["channel_id"])]
        return await self._deliver(self._interaction(5, data, who, guild, channel))

    async def inject_message(
        self,
        content: str,
        *,
        author: FakeUser | int | None = None,
        channel_id: int | None = None,
        guild_id: int | None = None,
        mentions: Iterable[FakeUser | int] = (),
        bot: bool = False,
        webhook_id: int | None = None,
        dm: bool = False,
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        """Dispatch MESSAGE_CREATE from a user; returns the payload as dispatched.

        Default channel: the guild's first text channel (``dm=True``: the author's DM channel).
        Mentions are ``mentions`` plus ``<@id>`` in the content. Like Discord, nothing is sent
        without the GUILD_MESSAGES/DIRECT_MESSAGES intent, and without MESSAGE_CONTENT the content
        is blanked unless in a DM or mentioning the bot (both noted in ``fake.notes``).
        """
        who, guild, channel = self._where(author, guild_id, channel_id, dm)
        author_payload = {**who.payload(), "bot": bot or who.bot}
        if webhook_id is not None:
            author_payload.update(id=str(webhook_id), bot=True)
        body: dict[str, Any] = {"content": content}
        if reply_to is not None:
            body["message_reference"] = {"message_id": reply_to}
        message = self._new_message(channel, guild, body, author_payload, webhook_id=webhook_id)
        mentioned = {int(getattr(m, "id", m)) for m in mentions}
        mentioned |= {int(x) for x in re.findall(r"<@!?(\d+)>", content)}
        message["mentions"] = [
            self._mention(u, guild) for u in sorted(mentioned & set(self._users))
        ]
        message["mention_roles"] = re.findall(r"<@&(\d+)>", content)
        message["mention_everyone"] = "@everyone" in content or "@here" in content
        event = copy.deepcopy(message)
        if guild is not None and webhook_id is None and (member := guild.member(who.id)):
            event["member"] = member.payload(with_user=False)
        intents = self._session.intents if self._session else 0
        if not intents & (INTENT_GUILD_MESSAGES if guild else INTENT_DIRECT_MESSAGES):
            self.notes.append(f"MESSAGE_CREATE {message['id']} not sent: no *_MESSAGES intent")
            return event
        if guild and not intents & INTENT_MESSAGE_CONTENT and self.bot_user.id not in mentioned:
            event.update(content="", embeds=[], attachments=[], components=[])
            self.notes.append(f"MESSAGE_CREATE {message['id']}: content blanked (no intent)")
        await self.send_dispatch("MESSAGE_CREATE", event)
        return event

    def _mention(self, user_id: int, guild: FakeGuild | None) -> dict[str, Any]:
        data = self._users[user_id].payload()
        if guild is not None and (member := guild.member(user_id)):
            data["member"] = member.payload(with_user=False)
        return data

    # ------------------------------------------------------------------ messages
    def _new_message(
        self,
        channel: FakeChannel,
        guild: FakeGuild | None,
        body: Mapping[str, Any],
        author: dict[str, Any],
        *,
        webhook_id: int | None = None,
        interaction: InteractionRecord | None = None,
        files: Sequence[RecordedFile] = (),
    ) -> dict[str, Any]:
        message_id = snowflake()
        flags = int(body.get("flags") or 0)
        attachments = self._store_files(channel.id, body, files, bool(flags & EPHEMERAL))
        message: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel.id),
            "type": 0,
            "content": body.get("content") or "",
            "author": author,
            "attachments": attachments,
            "embeds": _resolve_embeds(body.get("embeds") or [], attachments),
            "components": copy.deepcopy(body.get("components") or []),
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": bool(body.get("tts")),
            "timestamp": _now(),
            "edited_timestamp": None,
            "flags": flags,
        }
        if guild is not None:
            message["guild_id"] = str(guild.id)
        if reference := body.get("message_reference"):
            ref_id = int(reference["message_id"])
            ref = {"type": 0, "message_id": str(ref_id), "channel_id": str(channel.id)}
            message.update(type=19, message_reference=ref)
            message["referenced_message"] = copy.deepcopy(self.messages.get(ref_id))
        if webhook_id is not None:
            message.update(webhook_id=str(webhook_id), application_id=str(self.application_id))
        if interaction is not None:
            source = interaction.payload
            message["type"] = 20 if source["type"] == 2 else 0
            message["interaction_metadata"] = {
                "id": source["id"],
                "type": source["type"],
                "user": (source.get("member") or source)["user"],
                "authorizing_integration_owners": source["authorizing_integration_owners"],
            }
        self.messages[message_id] = message
        return message

    async def _echo(self, event: str, message: Mapping[str, Any]) -> None:
        """MESSAGE_CREATE/UPDATE/DELETE for the bot's own messages, as Discord sends them."""
        session = self._session
        if session is None or int(message.get("flags") or 0) & EPHEMERAL:
            return
        if not session.intents & (
            INTENT_GUILD_MESSAGES if "guild_id" in message else INTENT_DIRECT_MESSAGES
        ):
            return
        if event == "MESSAGE_DELETE":
            data = {k: message[k] for k in ("id", "channel_id", "guild_id") if k in message}
        else:
            data = copy.deepcopy(dict(message))
            guild = self._channels[int(message["channel_id"])][1]
            if guild is not None and (member := guild.member(self.bot_user.id)):
                data["member"] = member.payload(with_user=False)
        await self.send_dispatch(event, data)

    async def _post_message(
        self,
        channel_id: int,
        body: Mapping[str, Any],
        files: Sequence[RecordedFile] = (),
        interaction: InteractionRecord | None = None,
    ) -> dict[str, Any]:
        if channel_id not in self._channels:
            raise DiscordError(404, 10003, "Unknown Channel")
        channel, guild = self._channels[channel_id]
        # a bot's own channel message needs Attach Files to carry files (interaction responses
        # go through the webhook and need no channel permission)
        allowed = guild is None or guild.permissions_for(self.bot_user.id) & ATTACH_FILES
        if files and interaction is None and not allowed:
            raise DiscordError(403, 50013, "Missing Permissions")
        webhook = self.application_id if interaction else None
        author = self.bot_user.payload()
        message = self._new_message(
            channel, guild, body, author, webhook_id=webhook, interaction=interaction, files=files
        )
        await self._echo("MESSAGE_CREATE", message)
        return message

    async def _edit_message(
        self, message_id: int, body: Mapping[str, Any], files: Sequence[RecordedFile] = ()
    ) -> dict[str, Any]:
        message = self.messages.get(message_id)
        if message is None:
            raise DiscordError(404, 10008, "Unknown Message")
        if "content" in body:
            message["content"] = body["content"] or ""
        if "attachments" in body or files:  # only the listed attachments stay, new ones join
            keep = {str(a.get("id")) for a in body.get("attachments") or []}
            message["attachments"] = [a for a in message["attachments"] if a["id"] in keep]
            ephemeral = bool(message["flags"] & EPHEMERAL)
            channel_id = int(message["channel_id"])
            message["attachments"] += self._store_files(channel_id, body, files, ephemeral)
        if "embeds" in body:
            message["embeds"] = _resolve_embeds(body["embeds"] or [], message["attachments"])
        if "components" in body:
            message["components"] = copy.deepcopy(body["components"] or [])
        if body.get("flags") is not None:
            message["flags"] = (message["flags"] & EPHEMERAL) | int(body["flags"])
        message["flags"] &= ~LOADING
        message["edited_timestamp"] = _now()
        await self._echo("MESSAGE_UPDATE", message)
        return message

    def _store_files(
        self,
        channel_id: int,
        body: Mapping[str, Any],
        files: Sequence[RecordedFile],
        ephemeral: bool,
    ) -> list[dict[str, Any]]:
        """Attachment objects for newly uploaded ``files`` (description from ``attachments``)."""
        entries = {str(e.get("id")): e for e in body.get("attachments") or []}
        stored = []
        for upload in files:
            entry = entries.get(str(file_index(upload)), {})
            kind = "ephemeral-attachments" if ephemeral else "attachments"
            attachment = self._serve(
                kind, channel_id, upload.filename, upload.data, upload.content_type
            )
            if entry.get("description") is not None:
                attachment["description"] = entry["description"]
            if ephemeral:
                attachment["ephemeral"] = True
            stored.append(attachment)
        return stored

    def _serve(
        self, kind: str, scope: int, filename: str, data: bytes, content_type: str | None
    ) -> dict[str, Any]:
        """Keep ``data`` to serve it; returns its attachment object (url, size, type, ...)."""
        attachment_id = snowflake()
        content_type = _content_type(filename, content_type)
        path = f"/{kind}/{scope}/{attachment_id}/{filename}"
        self.stored_files[attachment_id] = StoredFile(path, content_type, data)
        url = f"http://127.0.0.1:{self.port}/{kind}/{scope}/{attachment_id}/{quote(filename)}"
        attachment: dict[str, Any] = {
            "id": str(attachment_id),
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": content_type,
        }
        if data.startswith(PNG_SIGNATURE) and len(data) >= 24:  # IHDR: width, height
            attachment["width"], attachment["height"] = struct.unpack(">II", data[16:24])
        return attachment

    def add_upload(
        self,
        filename: str,
        data: bytes,
        content_type: str | None = None,
        *,
        description: str | None = None,
    ) -> dict[str, Any]:
        """A file a user uploads as a slash command's ATTACHMENT option; returns its attachment
        object, served like Discord's ``ephemeral-attachments``. Pass it (or its id) as that
        option's value to :meth:`inject_slash`, which puts it in ``resolved.attachments``."""
        attachment = self._serve(
            "ephemeral-attachments", self.application_id, filename, data, content_type
        )
        if description is not None:
            attachment["description"] = description
        attachment["ephemeral"] = True
        self._uploads[attachment["id"]] = attachment
        return copy.deepcopy(attachment)

    async def _serve_file(self, request: web.Request) -> web.Response:
        stored = self.stored_files.get(int(request.match_info["attachment_id"]))
        if stored is None or stored.path != request.path:
            return web.Response(status=404, text="404: Not Found")
        return web.Response(body=stored.data, headers={"Content-Type": stored.content_type})

    async def _delete_message(self, message_id: int) -> None:
        message = self.messages.pop(message_id, None)
        if message is None:
            raise DiscordError(404, 10008, "Unknown Message")
        await self._echo("MESSAGE_DELETE", message)

    # ------------------------------------------------------------------ REST plumbing
    def _build_routes(self) -> list[tuple[str, re.Pattern[str], Callable[..., Awaitable[Reply]]]]:
        app, token = r"(?P<app_id>\d+)", r"(?P<token>[^/]+)"
        channel = r"/channels/(?P<channel_id>\d+)"
        commands = app + r"(?:/guilds/(?P<guild_id>\d+))?/commands"
        table: list[tuple[str, str, Callable[..., Awaitable[Reply]]]] = [
            ("GET", "/users/@me", self._r_me),
            ("POST", "/users/@me/channels", self._r_create_dm),
            ("GET", "/oauth2/applications/@me", self._r_application),
            ("GET", "/gateway(/bot)?", self._r_gateway),
            ("GET|PUT|POST", f"/applications/{commands}", self._r_commands),
            ("POST", rf"/interactions/(?P<interaction_id>\d+)/{token}/callback", self._r_callback),
            ("POST", f"/webhooks/{app}/{token}", self._r_followup),
            ("GET|PATCH|DELETE", rf"/webhooks/{app}/{token}/messages/(?P<message_id>@original|\d+)",
             self._r_webhook_message),
            ("GET", channel, self._r_channel),
            ("GET|POST", f"{channel}/messages", self._r_channel_messages),
            ("GET|PATCH|DELETE", rf"{channel}/messages/(?P<message_id>\d+)", self._r_message),
            ("POST", f"{channel}/typing", self._r_no_content),
            ("PUT|DELETE", rf"{channel}/messages/\d+/reactions/[^/]+/@me", self._r_no_content),
            ("GET", r"/guilds/(?P<guild_id>\d+)/members/(?P<user_id>\d+)", self._r_member),
        ]  # fmt: skip
        return [(methods, re.compile(f"^{path}$"), handler) for methods, path, handler in table]

    @staticmethod
    def _json(status: int, payload: Any, headers: Mapping[str, str] | None = None) -> web.Response:
        if payload is None:
            return web.Response(status=204, headers=headers)
        # Exactly "application/json": with "; charset=utf-8" discord.py does not parse the body.
        headers = {"Content-Type": "application/json", **(headers or {})}
        return web.Response(status=status, body=json.dumps(payload).encode(), headers=headers)

    async def _api(self, request: web.Request) -> web.StreamResponse:
        path = request.path[len(API_PREFIX) :] or "/"
        body: Any = None
        files: list[RecordedFile] = []
        if request.content_type == "application/json" and request.can_read_body:
            body = await request.json()
        elif request.content_type == "multipart/form-data":
            try:
                form = await request.post()
            except web.HTTPRequestEntityTooLarge as error:
                self.violations.append(f"{request.method} {path}: {error.text}")
                return self._json(413, {"message": "Request entity too large", "code": 40005})
            body = json.loads(str(form["payload_json"])) if "payload_json" in form else None
            files = [
                RecordedFile(name, f.filename, f.content_type, f.file.read())
                for name, f in form.items()
                if isinstance(f, web.FileField)
            ]
        query, headers = dict(request.query), dict(request.headers)
        record = RecordedRequest(request.method, path, query, body, headers, files)
        self.requests.append(record)
        self._notify()  # a test may wait for a request that is still being handled
        over_limits = self._check(record)
        try:
            response = await self._fault(record, request)
            too_large = check_upload_sizes(record.files, self.attachment_size_limit)
            if response is None and too_large and self.reject_over_limits:
                response = self._json(413, {"message": "Request entity too large", "code": 40005})
            if response is None and over_limits and self.reject_over_limits:
                errors = [{"code": "BASE_TYPE_MAX_LENGTH", "message": p} for p in over_limits]
                error = {"message": "Invalid Form Body", "code": 50035}
                response = self._json(400, {**error, "errors": {"_errors": errors}})
            response = response or await self._route(record, request)
        except DiscordError as error:
            response = self._json(error.status, {"message": error.message, "code": error.code})
        except _Dropped:
            record.status = -1
            self._notify()
            if request.transport is not None:
                request.transport.abort()
            return web.Response(status=503)  # never reaches the bot: the connection is gone
        record.status = response.status
        self._notify()
        return response

    def _check(self, record: RecordedRequest) -> list[str]:
        """Record spec, limit, upload and no-pings violations; return the ones Discord refuses."""
        if record.method not in ("POST", "PUT", "PATCH"):
            return []
        if record.json is None and not record.files:
            return []
        limited = _LIMITED_PATHS.search(record.path)
        limits = check_message_body(record.json) if limited else []
        uploads: list[str] = []
        refused: list[str] = []
        if limited and not record.path.endswith("/commands"):
            target = self._edit_target(record)
            existing = {a["id"]: a["filename"] for a in (target or {}).get("attachments", [])}
            limit = self.attachment_size_limit
            uploads = check_uploads(record.json, record.files, limit=limit, existing=existing)
            refused = check_upload_limits(record.json, record.files, limit, existing)
        pings = check_no_pings(record.json) if self.check_pings else []
        spec = validate_request(record.method, record.path, record.json) if record.json else []
        problems = spec + limits + uploads + pings
        self.violations += [f"{record.method} {record.path}: {p}" for p in problems]
        return limits + refused

    def _edit_target(self, record: RecordedRequest) -> dict[str, Any] | None:
        """The stored message a PATCH (or an UPDATE_MESSAGE callback) edits; None for creates."""
        match = re.search(r"/messages/(\d+|@original)$", record.path)
        if record.method == "PATCH" and match:
            if match.group(1) != "@original":
                return self.messages.get(int(match.group(1)))
            token = record.path.split("/")[3]
            interaction = next((r for r in self.interactions.values() if r.token == token), None)
            return interaction.original_message if interaction else None
        callback = re.fullmatch(r"/interactions/(\d+)/[^/]+/callback", record.path)
        if callback and isinstance(record.json, Mapping) and record.json.get("type") == 7:
            interaction = self.interactions.get(int(callback.group(1)))
            message = (interaction.payload.get("message") or {}) if interaction else {}
            return self.messages.get(int(message.get("id", 0)))
        return None

    async def _fault(self, record: RecordedRequest, request: web.Request) -> web.Response | None:
        for fault in self._faults:  # the first matching fault that fires (see ``rate``)
            if fault.hits >= fault.times or fault.method != record.method:
                continue
            if not fault.pattern.search(record.path):
                continue
            fault.seen += 1
            if fault.rate >= 1.0 or self._random.random() < fault.rate:
                break
        else:
            return None
        fault.hits += 1
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.status == 200:
            return None
        if fault.status == 0:  # the answer is lost: the connection closes without one
            raise _Dropped
        if fault.status != 429:
            # Like a proxy's error page, the message names the request (tokens included).
            where = f"{record.method} {API_PREFIX}{record.path}"
            body = {"message": f"{fault.status}: injected failure on {where}", "code": 0}
            return self._json(fault.status, body)
        headers = {
            "Retry-After": str(max(1, round(fault.retry_after))),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": f"{time.time() + fault.retry_after:.3f}",
            "X-RateLimit-Reset-After": f"{fault.retry_after:.3f}",
            "X-RateLimit-Bucket": "fake" + secrets.token_hex(8),
            "X-RateLimit-Scope": "user",
            "Via": "1.1 google",  # discord.py treats a 429 without Via as a Cloudflare ban
        }
        if not fault.via:
            del headers["Via"]
        body = {"message": "You are being rate limited.", "retry_after": fault.retry_after}
        return self._json(429, {**body, "global": False}, headers)

    async def _route(self, record: RecordedRequest, request: web.Request) -> web.Response:
        for methods, pattern, handler in self._routes:
            if (match := pattern.match(record.path)) and record.method in methods.split("|"):
                webhook = record.path.startswith(("/interactions/", "/webhooks/"))
                auth = request.headers.get("Authorization")
                if not webhook and auth != f"Bot {self.token}":  # webhooks: the token is in the URL
                    raise DiscordError(401, 0, "401: Unauthorized")
                return self._json(*await handler(record, **match.groupdict()))
        self.unhandled.append(f"{record.method} {record.path}")
        raise DiscordError(404, 0, "404: Not Found")

    # ------------------------------------------------------------------ REST handlers
    async def _r_no_content(self, record: RecordedRequest, **_: str) -> Reply:
        return 204, None

    async def _r_me(self, record: RecordedRequest) -> Reply:
        return 200, {**self.bot_user.payload(), "verified": True, "mfa_enabled": False}

    async def _r_create_dm(self, record: RecordedRequest) -> Reply:
        recipient = int((record.json or {}).get("recipient_id", 0))
        if recipient not in self._users:
            raise DiscordError(400, 50033, "Invalid Recipient(s)")
        return 200, self.dm_channel(recipient).payload(None)

    async def _r_application(self, record: RecordedRequest) -> Reply:
        owner = (
            self._users.get(self.guild.owner_id, self.bot_user) if self.guilds else self.bot_user
        )
        flags = (1 << 19) | (1 << 15)  # GATEWAY_MESSAGE_CONTENT_LIMITED, _GUILD_MEMBERS_LIMITED
        app = {"id": str(self.application_id), "name": self.bot_user.username, "flags": flags}
        app.update(icon=None, description="", summary="", verify_key="0" * 64, team=None)
        app.update(bot_public=True, bot_require_code_grant=False, interactions_endpoint_url=None)
        return 200, {**app, "owner": owner.payload(), "bot": self.bot_user.payload()}

    async def _r_gateway(self, record: RecordedRequest) -> Reply:
        limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1}
        return 200, {"url": self.gateway_url, "shards": 1, "session_start_limit": limit}

    def _store_command(self, body: Mapping[str, Any], scope: int | None) -> dict[str, Any]:
        command = {"type": 1, "description": "", "nsfw": False, **copy.deepcopy(dict(body))}
        key = command["type"], command["name"]
        old = next((c for c in self.commands.get(scope, []) if (c["type"], c["name"]) == key), None)
        permissions = command.get("default_member_permissions")
        command.update(
            id=old["id"] if old else str(snowflake()),  # Discord keeps ids across overwrites
            application_id=str(self.application_id),
            version=str(snowflake()),
            default_member_permissions=None if permissions is None else str(permissions),
        )
        if scope is not None:
            command["guild_id"] = str(scope)
        return command

    async def _r_commands(
        self, record: RecordedRequest, app_id: str, guild_id: str | None
    ) -> Reply:
        known = any(str(g.id) == guild_id for g in self.guilds)
        if int(app_id) != self.application_id or (guild_id is not None and not known):
            raise DiscordError(403, 50001, "Missing Access")
        scope = int(guild_id) if guild_id else None
        if record.method == "PUT":  # bulk overwrite, what tree.sync() does
            self.commands[scope] = [self._store_command(c, scope) for c in record.json or []]
        elif record.method == "POST":
            command = self._store_command(record.json, scope)
            others = [c for c in self.commands.get(scope, []) if c["id"] != command["id"]]
            self.commands[scope] = [*others, command]
            return 201, command
        return 200, self.commands.get(scope, [])

    async def _r_callback(self, record: RecordedRequest, interaction_id: str, token: str) -> Reply:
        interaction = self.interactions.get(int(interaction_id))
        if interaction is None or interaction.token != token:
            raise DiscordError(404, 10062, "Unknown interaction")
        if interaction.response is not None:
            raise DiscordError(400, 40060, "Interaction has already been acknowledged.")
        if self.deadline is not None and time.monotonic() - interaction.created > self.deadline:
            self.late_callbacks += 1
            raise DiscordError(404, 10062, "Unknown interaction")
        body = record.json or {}
        kind, data = body.get("type"), body.get("data") or {}
        interaction.response = body
        message = None
        if kind in (4, 5):  # a new message; deferred: a "thinking" placeholder
            content = data if kind == 4 else {"flags": int(data.get("flags") or 0) | LOADING}
            channel_id = int(interaction.payload["channel_id"])
            message = await self._post_message(channel_id, content, record.files, interaction)
            interaction.message_id = int(message["id"])
        elif kind in (6, 7) and "message" in interaction.payload:  # the component's message
            interaction.message_id = int(interaction.payload["message"]["id"])
            message = self.messages.get(interaction.message_id)
            if kind == 7:
                message = await self._edit_message(interaction.message_id, data, record.files)
        if record.query.get("with_response", "").lower() not in ("1", "true"):
            return 204, None
        summary: dict[str, Any] = {"id": interaction_id, "type": interaction.payload["type"]}
        resource: dict[str, Any] = {"type": kind}
        if message is not None:
            flags = int(message["flags"])
            summary.update(
                response_message_id=message["id"],
                response_message_loading=bool(flags & LOADING),
                response_message_ephemeral=bool(flags & EPHEMERAL),
            )
            resource["message"] = message
        return 200, {"interaction": summary, "resource": resource}

    def _webhook_interaction(self, app_id: str, token: str) -> InteractionRecord:
        record = next((r for r in self.interactions.values() if r.token == token), None)
        if record is None or int(app_id) != self.application_id or record.response is None:
            raise DiscordError(404, 10015, "Unknown Webhook")
        return record

    async def _r_followup(self, record: RecordedRequest, app_id: str, token: str) -> Reply:
        interaction = self._webhook_interaction(app_id, token)
        body = record.json or {}
        interaction.followups.append(body)
        channel_id = int(interaction.payload["channel_id"])
        message = await self._post_message(channel_id, body, record.files, interaction)
        return (
            (200, message) if record.query.get("wait", "").lower() in ("1", "true") else (204, None)
        )

    async def _r_webhook_message(
        self, record: RecordedRequest, app_id: str, token: str, message_id: str
    ) -> Reply:
        interaction = self._webhook_interaction(app_id, token)
        target = interaction.message_id if message_id == "@original" else int(message_id)
        if target is None or target not in self.messages:
            raise DiscordError(404, 10008, "Unknown Message")
        if record.method == "GET":
            return 200, self.messages[target]
        if record.method == "DELETE":
            await self._delete_message(target)
            return 204, None
        if message_id == "@original":
            interaction.edits.append(record.json or {})
        return 200, await self._edit_message(target, record.json or {}, record.files)

    async def _r_channel(self, record: RecordedRequest, channel_id: str) -> Reply:
        if int(channel_id) not in self._channels:
            raise DiscordError(404, 10003, "Unknown Channel")
        channel, guild = self._channels[int(channel_id)]
        return 200, channel.payload(guild.id if guild else None)

    async def _r_channel_messages(self, record: RecordedRequest, channel_id: str) -> Reply:
        if record.method == "POST":
            return 200, await self._post_message(int(channel_id), record.json or {}, record.files)
        await self._r_channel(record, channel_id)
        shown = [m for m in self.channel_messages(int(channel_id)) if not m["flags"] & EPHEMERAL]
        return 200, shown[::-1][: int(record.query.get("limit", 50))]  # newest first

    async def _r_message(self, record: RecordedRequest, channel_id: str, message_id: str) -> Reply:
        message = self.messages.get(int(message_id))
        if message is None or message["channel_id"] != channel_id or message["flags"] & EPHEMERAL:
            raise DiscordError(404, 10008, "Unknown Message")
        if record.method == "GET":
            return 200, message
        if record.method == "DELETE":
            await self._delete_message(int(message_id))
            return 204, None
        if int(message["author"]["id"]) != self.bot_user.id:
            raise DiscordError(403, 50005, "Cannot edit a message authored by another user")
        return 200, await self._edit_message(int(message_id), record.json or {}, record.files)

    async def _r_member(self, record: RecordedRequest, guild_id: str, user_id: str) -> Reply:
        guild = next((g for g in self.guilds if g.id == int(guild_id)), None)
        member = guild.member(int(user_id)) if guild else None
        if member is None:
            raise DiscordError(404, 10007, "Unknown Member")
        return 200, member.payload()


def _resolve_embeds(
    embeds: Iterable[Mapping[str, Any]], attachments: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Embeds as Discord stores them: ``attachment://NAME`` replaced by that attachment's URL."""
    by_name = {a["filename"]: a for a in attachments}
    resolved = []
    for embed in embeds:
        embed = {"type": "rich", **copy.deepcopy(dict(embed))}
        for part in ("image", "thumbnail", "author", "footer"):
            holder = embed.get(part) or {}
            key = "url" if part in ("image", "thumbnail") else "icon_url"
            url = holder.get(key)
            name = url.removeprefix("attachment://") if isinstance(url, str) else None
            if name is None or name == url or name not in by_name:
                continue
            attachment = by_name[name]
            holder[key] = attachment["url"]
            holder["proxy_" + key] = attachment["proxy_url"]
            if part in ("image", "thumbnail") and "width" in attachment:
                holder.update(width=attachment["width"], height=attachment["height"])
        resolved.append(embed)
    return resolved


def _content_type(filename: str, sent: str | None) -> str:
    """The media type Discord reports: what was sent, unless generic, else from the name."""
    if sent and sent != "application/octet-stream":
        return sent
    guessed = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


@contextlib.asynccontextmanager
async def running_bot(
    fake: FakeDiscord, bot: discord.Client, *, timeout: float = 5.0
) -> AsyncIterator[discord.Client]:
    """Start ``bot`` against ``fake``, wait for its IDENTIFY, and close it cleanly on exit."""
    task = asyncio.create_task(bot.start(fake.token), name="bot.start")
    identified = asyncio.create_task(fake.wait_identified(timeout=timeout))
    try:
        await asyncio.wait({task, identified}, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            task.result()  # raises the bot's startup error
            raise RuntimeError("the bot stopped before identifying")
        identified.result()
        yield bot
    finally:
        identified.cancel()
        await bot.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, timeout)
