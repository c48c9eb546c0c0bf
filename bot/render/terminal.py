"""Reply -> readable terminal text for ``pacsbot ask`` and ``pacsbot chat``."""

from __future__ import annotations

import textwrap

from bot.render.discord_body import footer_text
from bot.render.inline import plain as _plain
from bot.replies.reply import Reply

WIDTH = 88


def _wrap(text: str, indent: str = "") -> str:
    lines = []
    for line in _plain(text).splitlines() or [""]:
        bullet = line.startswith("• ")
        lines.append(
            textwrap.fill(
                line,
                WIDTH,
                initial_indent=indent,
                subsequent_indent=indent + ("  " if bullet else ""),
            )
            if line
            else ""
        )
    return "\n".join(lines)


def render_text(reply: Reply) -> str:
    """The reply as plain text: title, description, sections, numbered choices, source."""
    title = _plain(reply.title)
    parts = [title, "=" * min(len(title), WIDTH)]
    if reply.description:
        parts.append(_wrap(reply.description))
    for field in reply.fields:
        parts.append("")
        parts.append(_plain(field.name))
        parts.append(_wrap(field.value, "  "))
    if reply.choices:
        parts.append("")
        for number, choice in enumerate(reply.choices, 1):
            parts.append(f"  {number}) {choice.label}    ({choice.command()})")
    parts.append("")
    parts.append(footer_text(reply))
    return "\n".join(parts)
