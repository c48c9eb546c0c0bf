"""Cheap tests on message text, used before bothering a channel with an unasked-for reply."""

from __future__ import annotations

import re

QUESTION_WORDS = frozenset(
    {
        *("what", "whats", "what's", "how", "hows", "how's", "which", "who", "whos", "who's"),
        *("where", "wheres", "where's", "when", "why", "is", "are", "am", "was", "were"),
        *("can", "could", "should", "would", "will", "do", "does", "did"),
        *("any", "anyone", "anybody", "tell", "explain", "compare"),
    }
)
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
