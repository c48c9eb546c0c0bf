"""The line a reply starts with when it answers one question out of a long message.

Replies otherwise never show what the user wrote (see bot.replies.compose); this line quotes the
question it answered, so it is made harmless first: no mention or emoji markup, no links, no
@everyone, and markdown characters escaped so the text shows as typed.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.matching.normalise import LINK_PATTERN
from bot.replies.reply import Reply

QUOTE_CHARS = 150
# [text](url) -> text. Neither part may hold its own opening bracket, so a run of "[" or "(" is
# scanned once, not once from each bracket (quadratic).
_MASKED_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_MARKUP = re.compile(r"<[^<>\s]*>")  # <@123>, <#123>, <:emoji:123>, <t:123:R>, <https://...>
_LINK = re.compile(LINK_PATTERN, re.IGNORECASE)
_EVERYONE = re.compile(r"@(everyone|here)\b", re.IGNORECASE)
_MARKDOWN = re.compile(r"([\\*_`~|\[\]()<>])")


def escape_markdown(text: str) -> str:
    """Text with Discord markdown characters backslash-escaped, so it shows as typed."""
    return _MARKDOWN.sub(r"\\\1", text)


def quoted(question: str) -> str:
    """The question as the notice quotes it: without markup or links, at most QUOTE_CHARS
    characters, markdown escaped, in quotation marks."""
    text = _MASKED_LINK.sub(r"\1", question)
    text = _EVERYONE.sub(r"\1", _LINK.sub(" ", _MARKUP.sub(" ", text)))
    text = " ".join(text.split())
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 1].rstrip() + "…"
    return f"“{escape_markdown(text)}”"


def with_long_message_notice(reply: Reply) -> Reply:
    """The reply, its description first saying which question of a long message it answers."""
    notice = f"Your message was long, so I answered its last question: {quoted(reply.question)}"
    description = f"{notice}\n\n{reply.description}" if reply.description else notice
    return replace(reply, description=description)
