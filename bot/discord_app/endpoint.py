"""A testing hook: point discord.py at another Discord endpoint, such as a loopback stand-in.

docs/architecture.md section 3.5: ``DISCORD_API_BASE`` (e.g.
``http://127.0.0.1:PORT/api/v10``) becomes ``discord.http.Route.BASE`` (a ``str``), and
``DISCORD_GATEWAY_URL`` (default: the same host and port with ``ws``/``wss`` and path ``/``) becomes
``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` (a ``yarl.URL``). A plain ``commands.Bot``
never asks ``GET /gateway/bot``, so both are needed. Unset, nothing changes.

Not for proxies: an HTTP proxy is discord.py's own ``proxy=`` option (``DISCORD_PROXY``).
"""

from __future__ import annotations

import logging

import discord
import yarl

log = logging.getLogger(__name__)


def default_gateway_for(api_base: str) -> yarl.URL:
    """The gateway URL on the same host and port as ``api_base``: ``ws``/``wss``, path ``/``."""
    api = yarl.URL(api_base)
    if not api.host:
        raise ValueError(f"DISCORD_API_BASE is not an absolute URL: {api_base!r}")
    scheme = "wss" if api.scheme == "https" else "ws"
    return yarl.URL.build(scheme=scheme, host=api.host, port=api.explicit_port, path="/")


def apply_endpoint(api_base: str | None, gateway_url: str | None = None) -> None:
    """Send discord.py's REST calls to ``api_base`` and its gateway to ``gateway_url``.

    Either may be None; with both None nothing changes. Raises ValueError for a relative URL.
    """
    if api_base:
        discord.http.Route.BASE = api_base.rstrip("/")
        log.info("Discord REST endpoint: %s", discord.http.Route.BASE)
    if gateway_url:
        gateway = yarl.URL(gateway_url)
        if not gateway.host:
            raise ValueError(f"DISCORD_GATEWAY_URL is not an absolute URL: {gateway_url!r}")
    elif api_base:
        gateway = default_gateway_for(api_base)
    else:
        return
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway
    log.info("Discord gateway endpoint: %s", gateway)
