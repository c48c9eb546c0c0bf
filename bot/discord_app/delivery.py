"""Getting a reply to Discord when the network fails: faults cost latency, not answers.

An interaction must be acknowledged within 3 seconds of its creation. discord.py retries a
5xx answer to the callback after 1 s and then 3 s more, so two faults in a row lose the answer.
Here the first callback is tried once (``single_attempt``); when it fails, the interaction is
deferred at once (retried quickly until shortly before the deadline) and the answer is then
delivered by editing the deferred response through the follow-up webhook, which stays valid for
15 minutes and gets discord.py's ordinary retries.

A 429 without the ``Via`` header (Cloudflare in front of Discord) is raised by discord.py
instead of being waited out; ``retry_429`` waits its ``Retry-After`` and tries again, a few
times and never for long.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import aiohttp
import discord
from discord import app_commands
from discord.webhook.async_ import AsyncWebhookAdapter, async_context

from bot.discord_app.load import Load, age_of

log = logging.getLogger(__name__)

T = TypeVar("T")

ACK_BEFORE = 2.6  # seconds after creation: the last moment to start acknowledging
FIRST_ATTEMPT = 2.0  # seconds the first callback may take before the deferral is tried
DEFER_RETRY = 0.1  # first pause between deferral attempts (doubling, at most DEFER_RETRY_MAX)
DEFER_RETRY_MAX = 0.4
RETRIES_429 = 3  # tries after a 429 that discord.py does not handle itself
MAX_WAIT_429 = 10.0  # longer waits are not worth it for a chat answer
UNKNOWN_INTERACTION, ALREADY_ACKNOWLEDGED = 10062, 40060
UNKNOWN_WEBHOOK, UNKNOWN_MESSAGE = 10015, 10008
TRANSIENT = (aiohttp.ClientError, asyncio.TimeoutError, OSError)


@dataclass(frozen=True, slots=True)
class Upload:
    """A file sent with a message (a chart): its bytes, file name and alt text."""

    data: bytes
    filename: str
    description: str

    def file(self) -> discord.File:
        """A new ``discord.File`` of it: discord.py closes a file once it is sent, so every
        attempt (the answer, then its deferred edit) gets its own."""
        return discord.File(
            io.BytesIO(self.data), filename=self.filename, description=self.description
        )


UPLOAD = "upload"  # the key of message parts that holds an ``Upload``


def sendable(parts: Mapping[str, Any], *, edit: bool) -> dict[str, Any]:
    """Message parts as discord.py takes them: an ``Upload`` becomes ``file=`` for a new
    message and ``attachments=[...]`` for an edit (which replaces the message's files)."""
    out = {k: v for k, v in parts.items() if k != UPLOAD}
    upload = parts.get(UPLOAD)
    if isinstance(upload, Upload):
        if edit:
            out["attachments"] = [upload.file()]
        else:
            out["file"] = upload.file()
    return out


class _FailFast:
    """An aiohttp request context that raises DiscordServerError on a 5xx instead of letting
    discord.py's webhook adapter sleep and retry."""

    def __init__(self, context: Any) -> None:
        self._context = context

    async def __aenter__(self) -> aiohttp.ClientResponse:
        response: aiohttp.ClientResponse = await self._context.__aenter__()
        if response.status >= 500:
            data = await discord.http.json_or_text(response)
            await self._context.__aexit__(None, None, None)
            raise discord.DiscordServerError(response, data)
        return response

    async def __aexit__(self, *exc: object) -> None:
        await self._context.__aexit__(*exc)


class _FailFastSession:
    """The interaction's aiohttp session, with ``_FailFast`` requests."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    def request(self, *args: Any, **kwargs: Any) -> _FailFast:
        """Like ``ClientSession.request``, failing fast on a 5xx."""
        return _FailFast(self._session.request(*args, **kwargs))


class _SingleAttemptAdapter(AsyncWebhookAdapter):
    """discord.py's webhook adapter (interaction callbacks go through it), without 5xx retries."""

    async def request(self, route: Any, session: Any, **kwargs: Any) -> Any:
        """One attempt: a 5xx raises DiscordServerError at once.

        The message Discord echoes back in a callback's answer is dropped: nothing here reads
        it, and discord.py would build a Message with its embed and buttons from it (about as
        much CPU as the rest of sending the answer). The answer's ids stay.
        """
        # duck-typed: the adapter only calls ``session.request(...)``
        fail_fast = cast(aiohttp.ClientSession, _FailFastSession(session))
        data = await super().request(route, fail_fast, **kwargs)
        if isinstance(data, dict) and isinstance(data.get("resource"), dict):
            data["resource"].pop("message", None)
        return data


_SINGLE_ATTEMPT = _SingleAttemptAdapter()


@contextlib.contextmanager
def single_attempt() -> Iterator[None]:
    """Interaction responses made inside the block are tried once (a 5xx raises at once)."""
    token = async_context.set(_SINGLE_ATTEMPT)
    try:
        yield
    finally:
        async_context.reset(token)


def age(interaction: discord.Interaction) -> float:
    """Seconds since Discord created the interaction (from its id, by this host's clock)."""
    return age_of(interaction.id)


def is_expired_error(error: BaseException) -> bool:
    """True for Discord's "Unknown interaction": the 3 seconds were over."""
    return isinstance(error, discord.NotFound) and error.code == UNKNOWN_INTERACTION


async def respond(
    interaction: discord.Interaction,
    parts: dict[str, Any],
    load: Load,
    *,
    ephemeral: bool = False,
    edit: bool = False,
) -> bool:
    """Answer ``interaction`` with message ``parts`` (``edit``: edit the button's message).

    The first callback is tried once; on a server error, a 429 discord.py did not wait out, a
    lost connection or no answer within ``FIRST_ATTEMPT`` seconds, the interaction is deferred
    and the answer delivered by editing the response. An interaction already deferred (while
    its chart was drawn) gets the answer by that edit at once. Returns False when the
    interaction had expired (counted in ``load``) or could not be acknowledged in time.
    """
    response = interaction.response
    if response.is_done():
        return await _edit_deferred(interaction, parts, load)
    first = (
        response.edit_message(**sendable(parts, edit=True))
        if edit
        else response.send_message(**sendable(parts, edit=False), ephemeral=ephemeral)
    )
    # a callback that hangs must not eat the time the deferral needs
    bound = max(0.2, min(FIRST_ATTEMPT, ACK_BEFORE - age(interaction)))
    try:
        # asyncio.timeout, not wait_for: the callback is sent from this task at once, instead of
        # from a new task on the event loop's next turn
        with single_attempt():
            async with asyncio.timeout(bound):
                await first
        return True
    except discord.NotFound as exc:
        if not is_expired_error(exc):
            raise
        load.expired()
        return False
    except discord.HTTPException as exc:
        if exc.status < 500 and exc.status != 429:  # 429 here: Cloudflare's, without Via
            raise
        log.debug("Answer to interaction %s failed (%s); deferring it", interaction.id, exc)
        load.deferred(str(exc))  # one summary line per interval, not a line per answer
    except TRANSIENT as exc:
        log.debug("Answer to interaction %s failed (%r); deferring it", interaction.id, exc)
        load.deferred(repr(exc))
    if not await defer_in_time(interaction, load, ephemeral=ephemeral, thinking=not edit):
        return False
    return await _edit_deferred(interaction, parts, load)


async def _edit_deferred(
    interaction: discord.Interaction, parts: Mapping[str, Any], load: Load
) -> bool:
    """Deliver the answer to a deferred interaction by editing its response."""
    try:
        await retry_429(
            lambda: interaction.edit_original_response(**sendable(parts, edit=True)),
            "edit of an answer",
        )
    except discord.NotFound as exc:
        if exc.code == UNKNOWN_MESSAGE:  # the "thinking…" message was deleted or dismissed
            log.debug("The deferred response to interaction %s is gone", interaction.id)
            return False
        if exc.code != UNKNOWN_WEBHOOK:
            raise
        # the interaction's token is no longer valid (its 15 minutes are over): too late, like
        # an expired interaction, and counted as one instead of a traceback per answer
        load.expired()
        return False
    return True


class Unacknowledged(app_commands.AppCommandError):
    """The interaction could not be acknowledged before Discord's deadline (already counted)."""


async def acknowledge(
    interaction: discord.Interaction, load: Load, *, ephemeral: bool, thinking: bool
) -> None:
    """Defer the interaction now, unless it was answered already, the way ``respond`` defers: each
    attempt once, retried quickly until shortly before the deadline (discord.py alone would wait
    1 s and then 3 s more after a 5xx). Raises ``Unacknowledged`` when that failed, so the
    command stops instead of doing work nobody will see."""
    if interaction.response.is_done():
        return
    if not await defer_in_time(interaction, load, ephemeral=ephemeral, thinking=thinking):
        raise Unacknowledged("the interaction could not be acknowledged in time")


async def defer_in_time(
    interaction: discord.Interaction, load: Load, *, ephemeral: bool, thinking: bool
) -> bool:
    """Acknowledge the interaction, retrying quickly until shortly before Discord's deadline.

    True when it is acknowledged (also when an earlier, seemingly failed, response had in
    fact arrived); False when it expired or every attempt failed.
    """
    pause = DEFER_RETRY
    while True:
        try:
            with single_attempt():
                await interaction.response.defer(ephemeral=ephemeral, thinking=thinking)
            return True
        except discord.HTTPException as exc:
            if exc.code == ALREADY_ACKNOWLEDGED:
                return True
            if is_expired_error(exc):
                load.expired()
                return False
            if exc.status < 500 and exc.status != 429:
                raise
            error: BaseException = exc
        except TRANSIENT as exc:
            error = exc
        if age(interaction) + pause > ACK_BEFORE:
            log.warning("Could not acknowledge interaction %s in time: %s", interaction.id, error)
            load.expired()
            return False
        await asyncio.sleep(pause)
        pause = min(pause * 2, DEFER_RETRY_MAX)


def retry_after(error: discord.HTTPException) -> float:
    """Seconds a 429 asks to wait: ``Retry-After`` (or X-RateLimit-Reset-After), else 1."""
    headers = getattr(error.response, "headers", None) or {}
    for name in ("Retry-After", "X-RateLimit-Reset-After"):
        try:
            return max(0.0, float(headers[name]))
        except (KeyError, TypeError, ValueError):
            continue
    return 1.0


async def retry_429(call: Callable[[], Awaitable[T]], what: str) -> T:
    """Await ``call()``; on a 429 discord.py did not wait out itself (no ``Via`` header), wait
    ``Retry-After`` and try again, up to ``RETRIES_429`` times and ``MAX_WAIT_429`` s a wait."""
    for attempt in range(RETRIES_429 + 1):
        try:
            return await call()
        except discord.RateLimited:
            raise
        except discord.HTTPException as exc:
            wait = retry_after(exc) if exc.status == 429 else None
            if wait is None or wait > MAX_WAIT_429 or attempt == RETRIES_429:
                raise
            log.warning("Discord answered 429 to the %s; retrying in %.1f s", what, wait)
            await asyncio.sleep(wait)
    raise AssertionError("unreachable")
