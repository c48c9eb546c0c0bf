"""Word sequences found in a question's normalised words, for the rule tables of safety and gaps.

A phrase is written as people type it ("someone else's", "x-ray") and read through the same
normaliser as questions, so "someone else's" matches the words ``someone elses``. A phrase starting
with ``@`` is a marker kept as it is (``@pay``): callers add markers for what the question's reading
found, so a rule can say "a pay question that says per hour".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.matching.normalise import tokenize

_PLAIN = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")
K = TypeVar("K")


class PhraseSet:
    """Any one of a set of phrases; finds where they occur in a list of words."""

    __slots__ = ("_by_first", "_longer", "_longer_firsts", "_singles", "firsts", "phrases")

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases: tuple[tuple[str, ...], ...] = tuple(
            dict.fromkeys(w for w in map(words_of, phrases) if w)
        )
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(self.phrases, key=len, reverse=True):
            self._by_first.setdefault(phrase[0], []).append(phrase)
        self.firsts = frozenset(self._by_first)  # the words a phrase can start with
        self._singles = frozenset(p[0] for p in self.phrases if len(p) == 1)
        # phrases of several words, by their first word
        self._longer = {
            first: [p for p in phrases if len(p) > 1]
            for first, phrases in self._by_first.items()
            if any(len(p) > 1 for p in phrases)
        }
        self._longer_firsts = frozenset(self._longer)

    def spans(self, words: Sequence[str]) -> list[tuple[int, int]]:
        """Start and end of each longest phrase occurrence, left to right, not overlapping."""
        found: list[tuple[int, int]] = []
        at = 0
        while at < len(words):
            for phrase in self._by_first.get(words[at], ()):
                if tuple(words[at : at + len(phrase)]) == phrase:
                    found.append((at, at + len(phrase)))
                    at += len(phrase) - 1
                    break
            at += 1
        return found

    def found_in(self, words: Sequence[str], present: frozenset[str] | None = None) -> bool:
        """True when any phrase occurs in the words (``present``: the same words as a set)."""
        present = frozenset(words) if present is None else present
        if self.firsts.isdisjoint(present):
            return False
        if not self._singles.isdisjoint(present):
            return True  # a one-word phrase needs no look at word order
        starts = self._longer_firsts & present
        if not starts:
            return False
        longer = self._longer
        for at, word in enumerate(words):
            if word not in starts:
                continue
            for phrase in longer[word]:
                if tuple(words[at : at + len(phrase)]) == phrase:
                    return True
        return False


def words_of(phrase: str) -> tuple[str, ...]:
    """A phrase as the normalised words of a question (a marker stays one word)."""
    if phrase.startswith("@"):
        return (phrase,)
    if _PLAIN.fullmatch(phrase):
        return tuple(phrase.split())  # already normalised: skip the normaliser (startup time)
    return tuple(tokenize(phrase))


def phrase_set(text: str) -> PhraseSet:
    """A phrase set from a ``|``-separated list: ``"turn off | switch off | disable"``."""
    return PhraseSet(part.strip() for part in text.split("|"))


@dataclass(frozen=True, slots=True)
class Rule:
    """Fires when every group has a phrase in the question and no ``unless`` phrase occurs."""

    groups: tuple[PhraseSet, ...]
    unless: PhraseSet | None = None

    def fires(self, words: Sequence[str], present: frozenset[str] | None = None) -> bool:
        """Whether the rule applies to these normalised words (``present``: them as a set)."""
        present = frozenset(words) if present is None else present
        for group in self.groups:
            # The set test first: most rules fail on it, without looking at word order.
            if not group.found_in(words, present):
                return False
        return self.unless is None or not self.unless.found_in(words, present)


def rule(*groups: str, unless: str = "") -> Rule:
    """A rule from ``|``-separated groups of phrases, all of which must occur."""
    return Rule(tuple(phrase_set(g) for g in groups), phrase_set(unless) if unless else None)


class RuleTable(Generic[K]):
    """Rules under keys, tried only when a question holds a word their first group starts with.

    Most questions fire none of the dozens of rules; looking the question's words up once, instead
    of asking each rule, is what keeps the safety and gap checks cheap on every question.
    """

    __slots__ = ("_always", "_by_word", "_entries")

    def __init__(self, entries: Iterable[tuple[K, Rule]]) -> None:
        self._entries = tuple(entries)
        self._by_word: dict[str, list[int]] = {}
        self._always: list[int] = []  # rules without groups: nothing to look up
        for at, (_, each) in enumerate(self._entries):
            if not each.groups:
                self._always.append(at)
            # a rule fires only when each group has a phrase: the group with the fewest first
            # words is the sharpest look-up
            needed = min((g.firsts for g in each.groups), key=len, default=frozenset())
            for word in needed:
                self._by_word.setdefault(word, []).append(at)

    def firing(self, words: Sequence[str], present: frozenset[str] | None = None) -> list[K]:
        """The keys of the rules that fire on these words, once each, in the table's order."""
        present = frozenset(words) if present is None else present
        tried = {at for word in present for at in self._by_word.get(word, ())}
        tried.update(self._always)
        fired = (self._entries[at] for at in sorted(tried))
        return list(dict.fromkeys(key for key, each in fired if each.fires(words, present)))
