"""Turn what people type into comparable tokens.

Questions arrive from Discord with mentions, custom emoji, links, markdown, zero-width characters,
full-width letters and shouting. Aliases in the knowledge files go through the same function, so a
question token and an alias token are equal exactly when a person would read them as equal.
"""

from __future__ import annotations

import functools
import re
import sys
import threading
import unicodedata
from collections import OrderedDict

# Every pattern here reads text anyone can send, so each one runs in linear time: a pattern that
# can fail only after scanning to the end of a run may start only where that run starts (a
# lookbehind), and repeats that cannot give back are possessive. tests/engine/test_hostile_text.py
# holds the inputs that made the earlier patterns quadratic.

# Discord markup that carries no words: user/role/channel mentions, custom emoji, timestamps,
# slash-command mentions.
_DISCORD_MARKUP = re.compile(r"<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|t:\d+(?::\w)?|/[\w -]+:\d+)>")
_EVERYONE = re.compile(r"@(?:everyone|here)\b")
# A link: from http(s):// or www. to the next space; or a whole space-free run that ends in a
# common top-level domain (with any path), leading punctuation included. The second form starts
# only where a run starts: tried at every position of "p.m.p.m.…", it took quadratic time.
LINK_PATTERN = (
    r"\b(?:https?://|www\.)\S+"
    r"|(?<!\S)[^\w\s]*+\w\S*\.(?:com|org|net|io|gg|edu)(?:/\S*)?\b"
)
_URL = re.compile(LINK_PATTERN, re.I)
# u.s. / l.a. -> us / la. A try from the second letter of a run ends where the try from the first
# ended, and fails alike, so only the first letter of a run starts one (linear, not quadratic).
_DOTTED_ABBREVIATION = re.compile(r"(?<!\b[a-z]\.)\b(?:[a-z]\.){2,}+(?![a-z])")
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


class _VisibleTable(dict[int, str]):
    """A ``str.translate`` table that works out each character's replacement on first sight.

    Translating in C is several times faster than a Python loop over the characters. It
    remembers at most _TABLE_LIMIT characters, so text cycling through all of Unicode cannot
    grow it without bound.
    """

    def __missing__(self, code: int) -> str:
        value = _visible(chr(code))
        if len(self) < _TABLE_LIMIT:
            self[code] = value
        return value


_TABLE_LIMIT = 20_000
_VISIBLE = _VisibleTable()


def strip_invisible(text: str) -> str:
    """NFKC-fold the text; drop format characters, turn control and unassigned ones into spaces."""
    if text.isascii() and text.isprintable():
        return text
    return unicodedata.normalize("NFKC", text).translate(_VISIBLE)


class _SizedCache:
    """A least-recently-used cache of text -> text, bounded by the bytes it holds, not by count.

    Aliases and everyday questions are short, so thousands fit; a long question fills it fast and
    pushes out only other entries, and one larger than a sixteenth of the budget is not kept.
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self._entries: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()  # matching may run on worker threads

    def get(self, key: str) -> str | None:
        """The cached value, marked as just used; None when absent."""
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: str, value: str) -> None:
        """Keep a value, dropping the least recently used entries to stay within the budget."""
        size = _entry_bytes(key, value)
        if size > self.budget // 16:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = value
            self.used += size
            while self.used > self.budget:
                old_key, old_value = self._entries.popitem(last=False)
                self.used -= _entry_bytes(old_key, old_value)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._entries.clear()
            self.used = 0

    def __len__(self) -> int:
        return len(self._entries)


def _entry_bytes(key: str, value: str) -> int:
    # The two strings plus the ordered dict's own cost per entry (measured: about 100 bytes).
    return sys.getsizeof(key) + sys.getsizeof(value) + 100


# 8 MB holds tens of thousands of aliases and short questions, or a few hundred long ones.
CACHE_BUDGET_BYTES = 8 * 1024 * 1024
_CACHE = _SizedCache(CACHE_BUDGET_BYTES)


def cache_bytes() -> int:
    """The bytes the normalise cache holds now (its strings and their bookkeeping)."""
    return _CACHE.used


def clear_cache() -> None:
    """Empty the normalise cache (benchmarks do, to time questions as if new)."""
    _CACHE.clear()


def normalise(text: str) -> str:
    """Lower-case, markup-free, single-spaced words; ``$``/``$$`` becomes the word ``$``."""
    cached = _CACHE.get(text)
    if cached is None:
        cached = _normalise(text)
        _CACHE.put(text, cached)
    return cached


def _normalise(text: str) -> str:
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


@functools.lru_cache(maxsize=8192)  # asked for the same words many times per question
def singular(word: str) -> str | None:
    """A plain English singular for a plural-looking word, or None when it does not look plural."""
    if len(word) <= 3 or word.endswith("ss"):
        return None
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s"):
        return word[:-1]
    return None
