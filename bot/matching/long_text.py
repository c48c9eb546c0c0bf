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
# Sentences of background from which a message is read as a story, then a question.
BACKSTORY = 2
# Inside a message the engine reads whole, "..." is a pause, not the end of a sentence.
_ASKED_END = re.compile(r"(?<!\s)\s*\n\s*|(?<=[!?])\s+|(?<=[^.]\.)\s+")
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


def asked_part(text: str, backstory: int = BACKSTORY) -> tuple[str, str] | None:
    """A message telling a story before it asks, split into the story and the part that asks.

    The asked part is the last run of sentences that ask something ("...? is that true?"),
    or the last sentence when none does; the story is everything before it, at least
    ``backstory`` sentences (one sentence before a question, "I'm a nurse. can I become an
    analyst?", is part of the question). None for any other message.
    """
    sentences = [" ".join(s.split()) for s in _ASKED_END.split(text)]
    sentences = [s for s in sentences if s]
    if len(sentences) < 2:
        return None
    asking = [asks_something(s) for s in sentences]
    end = max((at for at, asks in enumerate(asking) if asks), default=len(sentences) - 1)
    start = end
    while start > 0 and asking[start - 1]:
        start -= 1
    if start < backstory:
        return None
    return " ".join(sentences[:start]), " ".join(sentences[start : end + 1])


# "recruiter here: what's a ...": a few words before a colon say who asks, not what
_LABEL = re.compile(r"^([^:\n]{1,40}):\s+(\S.*)$", re.S)
LABEL_WORDS = 4


def labelled_ask(text: str) -> tuple[str, str] | None:
    """A question after a short label and a colon ("recruiter here: is that one job?"),
    split into the label and the question; None for any other text."""
    found = _LABEL.match(text)
    if found is None or len(found.group(1).split()) > LABEL_WORDS:
        return None
    label, asked = found.group(1).strip(), found.group(2).strip()
    return (label, asked) if asks_something(asked) else None


def last_sentences(text: str, count: int) -> str:
    """The last ``count`` sentences of ``text`` (all of it when it has no more)."""
    sentences = [" ".join(s.split()) for s in _ASKED_END.split(text)]
    return " ".join([s for s in sentences if s][-count:])
