"""Point discord.py at another Discord endpoint (the loopback stand-in in tests)."""

from __future__ import annotations

import discord
import yarl


def point_discord_at(api_base: str, gateway_url: str | None = None) -> None:
    """Send discord.py's REST calls to ``api_base`` and its gateway to ``gateway_url``.

    ``api_base`` (e.g. ``http://127.0.0.1:PORT/api/v10``) becomes the ``str``
    ``discord.http.Route.BASE``; interaction callbacks and webhooks use the same Route class.
    ``gateway_url`` (default: same host and port, ``ws``/``wss``, path ``/``) becomes the
    ``yarl.URL`` ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY``. A plain ``commands.Bot``
    never asks ``GET /gateway/bot``, so both are needed.
    """
    if gateway_url is None:
        api = yarl.URL(api_base)
        scheme = "wss" if api.scheme == "https" else "ws"
        gateway = yarl.URL.build(
            scheme=scheme, host=api.host or "127.0.0.1", port=api.explicit_port, path="/"
        )
    else:
        gateway = yarl.URL(gateway_url)
    discord.http.Route.BASE = api_base.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway
