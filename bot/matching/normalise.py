"""Turn what people type into comparable tokens.

Questions arrive from Discord with mentions, custom emoji, links, markdown, zero-width characters,
full-width letters and shouting. Aliases in the knowledge files go through the same function, so a
question token and an alias token are equal exactly when a person would read them as equal.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Discord markup that carries no words: user/role/channel mentions, custom emoji, timestamps,
# slash-command mentions.
_DISCORD_MARKUP = re.compile(r"<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|t:\d+(?::\w)?|/[\w -]+:\d+)>")
_EVERYONE = re.compile(r"@(?:everyone|here)\b")
_URL = re.compile(r"\b(?:https?://|www\.)\S+|\b\S+\.(?:com|org|net|io|gg|edu)(?:/\S*)?\b", re.I)
_DOTTED_ABBREVIATION = re.compile(r"\b(?:[a-z]\.){2,}(?![a-z])")  # u.s. / l.a. -> us / la
_MONEY = re.compile(r"\$+")
_APOSTROPHE = re.compile(r"(?<=\w)['’`](?=\w)")  # what's -> whats, don't -> dont
_NON_WORD = re.compile(r"[^\w$]+")
_UNDERSCORE = re.compile(r"_+")
# Control, private-use, surrogate and unassigned characters separate words like a space does.
_SEPARATING_CATEGORIES = {"Cc", "Co", "Cs", "Cn"}
# Format characters (zero-width space, soft hyphen, joiners, word joiner) are invisible inside a
# word: "di\u200bcom" and "di\u00adcom" are read as "dicom", so they are removed, not spaced.
_FORMAT = "Cf"


def _visible(ch: str) -> str:
    if ch in "\n\t ":
        return ch
    category = unicodedata.category(ch)
    if category == _FORMAT:
        return ""
    return " " if category in _SEPARATING_CATEGORIES else ch


def strip_invisible(text: str) -> str:
    """NFKC-fold the text; drop format characters, turn control and unassigned ones into spaces."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(_visible(ch) for ch in unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Lower-case, markup-free, single-spaced words; ``$``/``$$`` becomes the word ``$``."""
    text = strip_invisible(text)
    text = _DISCORD_MARKUP.sub(" ", text)
    text = _URL.sub(" ", text)
    text = text.casefold()
    text = _EVERYONE.sub(" ", text)
    text = _DOTTED_ABBREVIATION.sub(lambda m: m.group(0).replace(".", "") + " ", text)
    text = _APOSTROPHE.sub("", text)
    text = _MONEY.sub(" $ ", text)
    text = _NON_WORD.sub(" ", text)
    text = _UNDERSCORE.sub(" ", text)
    return " ".join(text.split())


def tokenize(text: str) -> list[str]:
    """The normalised words of a text."""
    return normalise(text).split()


def singular(word: str) -> str | None:
    """A plain English singular for a plural-looking word, or None when it does not look plural."""
    if len(word) <= 3 or word.endswith("ss"):
        return None
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s"):
        return word[:-1]
    return None
