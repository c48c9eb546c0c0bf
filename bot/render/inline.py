"""The little markdown replies carry (``**bold**``, ``_italic_``, backticks, backslash escapes),
split into runs of text and styles, so terminals show the styling instead of the markers.

Replies are written in the markdown Discord renders; the terminal renderers read it here, so a
marker can never leak into a console answer. Underscores inside words (``snake_case``) are text.
"""

from __future__ import annotations

import re

BOLD, ITALIC, UNDERLINE, CODE = "bold", "italic", "underline", "code"
Run = tuple[str, frozenset[str]]

# Characters a reply may escape with a backslash (see bot.replies.long_message.escape_markdown).
ESCAPABLE = r"\\*_`~|[\]()<>"
_TOKEN = re.compile(
    rf"\\(?P<escaped>[{ESCAPABLE}])"
    r"|\*\*(?P<bold>.+?)\*\*"
    r"|__(?P<underline>.+?)__"
    r"|`(?P<code>[^`\n]+)`"
    # Italic only at word edges, with no underscore inside: snake_case and _ids_like_this stay.
    r"|(?<![\w\\])_(?P<italic>[^_\s](?:[^_\n]*?[^_\s\\])?)_(?!\w)"
)
_STRAY = re.compile(r"\*\*|`")
_STYLE_OF = {"bold": BOLD, "underline": UNDERLINE, "italic": ITALIC}


def runs(text: str, styles: frozenset[str] = frozenset()) -> list[Run]:
    """The text as (text, styles) runs with the markers removed; nested markers combine."""
    found: list[Run] = []
    position = 0
    for token in _TOKEN.finditer(text):
        if token.start() > position:
            found.append((_STRAY.sub("", text[position : token.start()]), styles))
        kind = token.lastgroup
        if kind == "escaped":
            found.append((token.group("escaped"), styles))
        elif kind == "code":
            found.append((token.group("code"), styles | {CODE}))
        else:
            assert kind is not None
            found.extend(runs(token.group(kind), styles | {_STYLE_OF[kind]}))
        position = token.end()
    if position < len(text):
        found.append((_STRAY.sub("", text[position:]), styles))
    return [run for run in found if run[0]]


def plain(text: str) -> str:
    """The text without its markdown markers."""
    return "".join(part for part, _ in runs(text))
