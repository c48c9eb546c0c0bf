"""The rules the knowledge files state about words and ranks, checked by the loader.

intents.yaml: a keyword belongs to one intent only and is not also an alias, a filler word or a
domain word; a domain word is not an alias or a filler word; a phrase has several words; every
intent keeps its core keywords and phrases (``bot.intents.CORE_SIGNALS``). places.yaml: a city
and a state lie within something, a state within a country, and a short alias is not an everyday
word (except for the national place, which is what a question means by default anyway).
resources.yaml: a priority counts from 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from bot.intents import CORE_SIGNALS
from bot.knowledge.diagnostics import Diagnostic
from bot.knowledge.yaml_reader import PathKey, YamlDocument
from bot.matching.english import COMMON_WORDS, STOPWORDS
from bot.matching.normalise import normalise

SHORT_ALIAS = 2  # place aliases this short must not be everyday words ("in", "me", "ok")


class Item(Protocol):
    """One entry of a knowledge file, where the loader found it."""

    table: str
    data: dict[str, Any]
    document: YamlDocument
    at: PathKey


# A word of a top-level list (domain_words), with where it is written.
Placed = tuple[str, YamlDocument, PathKey]


def check_words(items: Iterable[Item], domain_words: list[Placed]) -> list[Diagnostic]:
    """Every problem with intent words, domain words and place aliases."""
    entries = list(items)
    aliases = _aliases(entries)
    return [
        *_check_intent_words(entries, aliases, domain_words),
        *_check_places(entries),
        *_check_priorities(entries),
    ]


def _aliases(items: list[Item]) -> dict[str, str]:
    """Every entry's normalised aliases (with its id and name), to the entry's id."""
    found: dict[str, str] = {}
    for item in items:
        if item.table in ("source", "intent"):
            continue
        d = item.data
        for text in (*d.get("aliases", ()), d.get("id"), d.get("name"), d.get("title")):
            if isinstance(text, str) and normalise(text):
                found.setdefault(normalise(text), d["id"])
    return found


def _check_intent_words(
    items: list[Item], aliases: dict[str, str], domain_words: list[Placed]
) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    domain = {normalise(w): (w, doc, at) for w, doc, at in domain_words}
    owner: dict[str, str] = {}
    for item in (i for i in items if i.table == "intent"):
        intent = item.data["id"]
        signals: set[str] = set()
        for n, keyword in enumerate(item.data.get("keywords") or ()):
            word = normalise(keyword)
            signals.add(word)
            where = (*item.at, "keywords", n)
            if word in owner and owner[word] != intent:
                message = f"keyword '{keyword}' is also a keyword of {owner[word]}: keep it in one"
            elif word in aliases:
                message = f"keyword '{keyword}' is also an alias of {aliases[word]}"
            elif word in STOPWORDS:
                message = f"keyword '{keyword}' is a filler word the bot ignores"
            elif word in domain:
                message = f"keyword '{keyword}' is also a domain word: keep it in one list"
            else:
                owner.setdefault(word, intent)
                continue
            problems.append(item.document.diagnostic(where, message))
        for n, phrase in enumerate(item.data.get("phrases") or ()):
            words = normalise(phrase)
            signals.add(words)
            if len(words.split()) < 2:
                message = f"phrase '{phrase}' is one word: list it under keywords"
                problems.append(item.document.diagnostic((*item.at, "phrases", n), message))
        # plurals are matched automatically: "qualification" keeps "qualifications"
        signals |= {form for s in signals for form in _number_forms(s)}
        missing = [s for s in CORE_SIGNALS.get(intent, ()) if s not in signals]
        if missing:
            message = (
                f"intent {intent} must keep its core keywords and phrases: "
                + ", ".join(missing)
                + " (the bot relies on them)"
            )
            problems.append(item.document.diagnostic((*item.at, "id"), message))
    for word, (text, document, at) in domain.items():
        if word in aliases:
            message = f"domain word '{text}' is also an alias of {aliases[word]}"
            problems.append(document.diagnostic(at, message))
        elif word in STOPWORDS:
            message = f"domain word '{text}' is a filler word the bot ignores: remove it"
            problems.append(document.diagnostic(at, message))
    return problems


def _check_priorities(items: list[Item]) -> list[Diagnostic]:
    """A resource's priority counts from 1, the source's top pick."""
    return [
        i.document.diagnostic(
            (*i.at, "priority"), f"'priority' must be 1 or more (1 is the top pick), not {rank}"
        )
        for i in items
        if i.table == "resource" and isinstance(rank := i.data.get("priority"), int) and rank < 1
    ]


def _number_forms(word: str) -> tuple[str, ...]:
    """A word's singular and plural, roughly ("duty", "duties"), for the core-word check."""
    if word.endswith("ies"):
        return (word[:-3] + "y",)
    if word.endswith("y"):
        return (word[:-1] + "ies", word + "s")
    return (word.removesuffix("s"), word + "s")


def _check_places(items: list[Item]) -> list[Diagnostic]:
    places = {i.data["id"]: i for i in items if i.table == "place"}
    problems: list[Diagnostic] = []
    for item in places.values():
        d = item.data
        within = places.get(d.get("within") or "")
        if d["kind"] in ("city", "state") and "within" not in d:
            message = f"{d['kind']} '{d['id']}' must lie within a " + (
                "state or country" if d["kind"] == "city" else "country"
            )
            problems.append(item.document.diagnostic((*item.at, "id"), message))
        elif d["kind"] == "state" and within is not None and within.data["kind"] != "country":
            message = f"state '{d['id']}' must lie within a country, not a {within.data['kind']}"
            problems.append(item.document.diagnostic((*item.at, "within"), message))
        if d.get("national"):
            continue
        for n, alias in enumerate(d.get("aliases") or ()):
            word = normalise(alias)
            if len(word) <= SHORT_ALIAS and word in COMMON_WORDS:
                message = (
                    f"alias '{alias}' is an everyday word: every question using it would name "
                    f"{d['name']}"
                )
                problems.append(item.document.diagnostic((*item.at, "aliases", n), message))
    return problems
