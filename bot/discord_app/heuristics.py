"""Cheap tests on message text, used before bothering a channel with an unasked-for reply."""

from __future__ import annotations

import re

from bot.matching.long_text import QUESTION_WORDS

_WORD = re.compile(r"[a-z']+")


def looks_like_question(text: str) -> bool:
    """True when the text reads like a question: it has a ``?`` or starts with a question word."""
    stripped = text.strip()
    if not stripped:
        return False
    if "?" in stripped:
        return True
    first = _WORD.search(stripped.lower())
    return bool(first and first.start() == 0 and first.group() in QUESTION_WORDS)
