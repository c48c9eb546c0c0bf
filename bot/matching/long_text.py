"""Questions inside messages longer than the engine reads.

A pasted paragraph (an email, a job advert, a long story) usually ends with the thing the person
wants to know. Rather than cutting the text at the limit and answering a fragment, the engine
answers the last sentence that asks something, or asks for a shorter question.
"""

from __future__ import annotations

import re

# Longest question the engine reads (Discord caps messages at 4000 characters anyway).
MAX_QUESTION_CHARS = 2000

QUESTION_WORDS = frozenset(
    {
        *("what", "whats", "what's", "how", "hows", "how's", "which", "who", "whos", "who's"),
        *("where", "wheres", "where's", "when", "why", "is", "are", "am", "was", "were"),
        *("can", "could", "should", "would", "will", "do", "does", "did"),
        *("any", "anyone", "anybody", "tell", "explain", "compare"),
    }
)
# A sentence ends at a line break, or at . ! ? followed by a space. A run of spaces is tried
# for a line break from its first character only: tried from each one, a long run without a
# line break took quadratic time.
_SENTENCE_END = re.compile(r"(?<!\s)\s*\n\s*|(?<=[.!?…])\s+")
_FIRST_WORD = re.compile(r"[a-z'’]+")
_SLASH_COMMAND = re.compile(r"^/[a-z]")


def asks_something(sentence: str) -> bool:
    """True when a sentence is a question: it has a ``?``, starts with a question word or is a
    slash command."""
    if "?" in sentence or _SLASH_COMMAND.match(sentence.lower()):
        return True
    first = _FIRST_WORD.match(sentence.lower())
    return bool(first and first.group().replace("’", "'") in QUESTION_WORDS)


def last_question(text: str, limit: int = MAX_QUESTION_CHARS) -> str | None:
    """The last sentence of ``text`` that asks something and fits in ``limit`` characters."""
    for sentence in reversed(_SENTENCE_END.split(text)):
        sentence = " ".join(sentence.split())
        if sentence and len(sentence) <= limit and asks_something(sentence):
            return sentence
    return None
