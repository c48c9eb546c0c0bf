"""Which renderer a stream gets: rich styling on a terminal, plain text everywhere else."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TextIO

from bot.render.terminal import render_text
from bot.replies.reply import Reply

ReplyPrinter = Callable[[Reply], None]


def is_styled_terminal(stream: TextIO) -> bool:
    """True when ``stream`` is a terminal that can show styling (not ``TERM=dumb``)."""
    isatty = getattr(stream, "isatty", None)
    try:
        terminal = bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False
    return terminal and os.environ.get("TERM", "") != "dumb"


def reply_printer(stream: TextIO) -> ReplyPrinter:
    """A function printing replies to ``stream``; imports rich only for a terminal."""
    if is_styled_terminal(stream):
        from bot.render.rich_terminal import RichPrinter

        return RichPrinter(stream)

    def print_plain(reply: Reply) -> None:
        print(render_text(reply), file=stream, flush=True)

    return print_plain
