"""``pacsbot kb check``: everything the loader checks, plus checks that need the whole base.

Beyond the loader's file, key, type and reference checks this renders every reply an entry can
produce and reports text that Discord would have to cut, and warns about aliases of different
entries so alike that questions could be confused, unless an entry's ``close_aliases`` says the
pair is alike on purpose; an allowance that no longer matches such a pair is itself a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.intents import GENERIC_INTENTS, NAMES, SALARY, intents_for_kind
from bot.knowledge.checked import remember_checked, was_checked
from bot.knowledge.diagnostics import Diagnostic
from bot.knowledge.facts import derive_facts
from bot.knowledge.loader import CloseAlias, LoadResult, load_knowledge
from bot.knowledge.model import KnowledgeBase
from bot.matching.decide import Match
from bot.matching.fact_rank import build_fact_index
from bot.matching.index import build_index
from bot.matching.normalise import normalise
from bot.render import limits
from bot.render.discord_body import footer_text
from bot.replies.compose import Composer
from bot.replies.reply import Reply

# Aliases of different entries at least this similar (rapidfuzz ratio, 0-100) get a warning;
# aliases shorter than MIN_COMPARED_ALIAS characters are not compared.
SIMILAR_ALIAS_SCORE = 90
MIN_COMPARED_ALIAS = 4


def check_knowledge(
    directory: str | Path,
    *,
    warnings: bool = True,
    stamp: str | None = None,
    composer_of: Callable[[KnowledgeBase], Composer] | None = None,
) -> LoadResult:
    """Load a folder and run every check; the result's diagnostics are sorted by file and line.

    ``warnings=False`` skips the checks that can only warn (start-up does not show warnings):
    the errors, and so whether the folder loads, are the same either way. ``stamp`` (start-up:
    the folder's ``fingerprint``) skips composing every reply when this exact folder passed that
    before, and records a pass. ``composer_of`` gives the composer to compose them with, so a
    caller that builds an engine anyway (start-up, reload) does not index the folder twice.
    """
    result = load_knowledge(directory)
    if result.knowledge is None:
        return result
    if was_checked(stamp):
        return result
    composer = composer_of(result.knowledge) if composer_of is not None else None
    answers = every_answer(result.knowledge, composer)
    extra = [*_oversized_replies(result, answers), *_empty_replies(result, answers)]
    if warnings:
        extra += [*_similar_aliases(result), *_stale_close_aliases(result)]
    result.diagnostics = sorted([*result.diagnostics, *extra])
    if any(d.severity == "error" for d in extra):
        result.knowledge = None
    else:
        remember_checked(stamp)
    return result


def reply_overflows(reply: Reply) -> list[str]:
    """What in a composed reply exceeds Discord's limits before the renderer would cut it."""
    problems = []
    if len(reply.title) > limits.EMBED_TITLE:
        problems.append(f"title is {len(reply.title)} characters (limit {limits.EMBED_TITLE})")
    if len(reply.description) > limits.EMBED_DESCRIPTION:
        problems.append(
            f"description is {len(reply.description)} characters (limit {limits.EMBED_DESCRIPTION})"
        )
    if len(reply.fields) > limits.EMBED_FIELDS:
        problems.append(f"{len(reply.fields)} sections (limit {limits.EMBED_FIELDS})")
    for field in reply.fields:
        if len(field.value) > limits.FIELD_VALUE:
            problems.append(
                f"section '{field.name}' is {len(field.value)} characters "
                f"(limit {limits.FIELD_VALUE})"
            )
    total = (
        len(reply.title)
        + len(reply.description)
        + sum(len(f.name) + len(f.value) for f in reply.fields)
        + len(footer_text(reply))
    )
    if total > limits.EMBED_TOTAL:
        problems.append(f"the whole reply is {total} characters (limit {limits.EMBED_TOTAL})")
    return problems


def every_answer(
    knowledge: KnowledgeBase, composer: Composer | None = None
) -> list[tuple[str, Reply]]:
    """Each entry's id with every answer that can be composed about it alone (by ``composer``,
    or one built for the knowledge)."""
    if composer is None:
        composer = Composer(knowledge, build_fact_index(knowledge, build_index(knowledge)))
    replies = []
    for entity in knowledge.entities():
        for intent in intents_for_kind(entity.kind):
            match = Match("answer", 1.0, intent, (entity.id,))
            replies.append((entity.id, composer.compose(entity.name, match)))
            if intent == SALARY:
                for place in knowledge.places:
                    match = Match("answer", 1.0, intent, (entity.id,), place)
                    replies.append((entity.id, composer.compose(entity.name, match)))
    for intent in (n for n in NAMES if n in GENERIC_INTENTS):
        replies.append(("", composer.compose(intent, Match("answer", 1.0, intent))))
    return replies


# How a reply states plainly that the source does not give something: that is content too.
_GAP = re.compile(r"\bsource (?:gives|lists|names|has) no\b|\bsource does not\b")
_STATEMENT_PREFIX = 60  # characters of a statement that identify it in a reply


def knowledge_statements(knowledge: KnowledgeBase) -> dict[str, frozenset[str]]:
    """The opening words of every statement the knowledge base makes, normalised, by entry."""
    found: dict[str, set[str]] = {}
    for fact in derive_facts(knowledge):
        # a fact may open with its entry's name ("DICOM (...): ..."), which a card puts in its title
        for statement in (fact.text, fact.text.split(": ", 1)[-1]):
            found.setdefault(fact.entity, set()).add(normalise(statement)[:_STATEMENT_PREFIX])
    return {entity: frozenset(texts) for entity, texts in found.items()}


def reply_is_empty(reply: Reply, statements: Iterable[str]) -> bool:
    """True when a reply shows no statement of the knowledge base and states no gap either."""
    body = "\n".join([reply.description, *(f"{f.name}\n{f.value}" for f in reply.fields)])
    if _GAP.search(body.lower()):
        return False
    text = normalise(body)
    return not any(statement and statement in text for statement in statements)


def _empty_replies(result: LoadResult, answers: list[tuple[str, Reply]]) -> list[Diagnostic]:
    assert result.knowledge is not None
    statements = knowledge_statements(result.knowledge)
    found: dict[tuple[str, str], Diagnostic] = {}
    for entity_id, reply in answers:
        # the entry's own statements first: looking through all of them is the rare case
        own = statements.get(entity_id, frozenset())
        if not entity_id or not reply_is_empty(reply, own):
            continue
        if not reply_is_empty(reply, (t for texts in statements.values() for t in texts)):
            continue
        path, line, column = result.locations.get(entity_id, ("knowledge", 1, 1))
        message = (
            f"the {reply.intent} reply for '{entity_id}' would show only its title: "
            "add what the source says about it, or a note saying the source gives nothing"
        )
        found.setdefault((entity_id, str(reply.intent)), Diagnostic(path, line, column, message))
    return list(found.values())


def _oversized_replies(result: LoadResult, answers: list[tuple[str, Reply]]) -> list[Diagnostic]:
    found: dict[tuple[str, str], Diagnostic] = {}
    for entity_id, reply in answers:
        for problem in reply_overflows(reply):
            path, line, column = result.locations.get(entity_id, ("knowledge", 1, 1))
            message = f"the {reply.intent} reply would not fit in a Discord embed: {problem}"
            found.setdefault((entity_id, problem), Diagnostic(path, line, column, message))
    return list(found.values())


def _similar_aliases(result: LoadResult) -> list[Diagnostic]:
    assert result.knowledge is not None
    aliases: list[str] = []
    owners: list[str] = []
    for entity in result.knowledge.entities():
        for alias in entity.aliases:
            if len(alias) >= MIN_COMPARED_ALIAS:
                aliases.append(alias)
                owners.append(entity.id)
    if not aliases:
        return []
    allowed = {frozenset((c.alias, c.near)) for c in result.close_aliases}
    warnings = []
    seen: set[tuple[str, str]] = set()
    for i, alias in enumerate(aliases):
        found = process.extract(
            alias, aliases, scorer=fuzz.ratio, score_cutoff=SIMILAR_ALIAS_SCORE, limit=None
        )
        for other, score, j in found:
            if j <= i or owners[i] == owners[j] or (owners[i], owners[j]) in seen:
                continue
            if frozenset((alias, other)) in allowed:
                continue
            seen.add((owners[i], owners[j]))
            path, line, column = result.locations.get(owners[j], ("knowledge", 1, 1))
            warnings.append(
                Diagnostic(
                    path,
                    line,
                    column,
                    f"alias '{other}' of '{owners[j]}' and '{alias}' of '{owners[i]}' "
                    f"are {score:.0f}% alike; questions could be confused",
                    "warning",
                )
            )
    return warnings


def _stale_close_aliases(result: LoadResult) -> list[Diagnostic]:
    """A ``close_aliases`` item must name a pair the similar-alias check would warn about."""
    assert result.knowledge is not None
    owner_of = {a: e.id for e in result.knowledge.entities() for a in e.aliases}
    return [
        Diagnostic(*item.where, f"close_aliases: {problem}", "warning")
        for item in result.close_aliases
        if (problem := _close_alias_problem(item, owner_of))
    ]


def _close_alias_problem(item: CloseAlias, owner_of: dict[str, str]) -> str | None:
    if owner_of.get(item.alias) != item.owner:
        return f"'{item.alias}' is not an alias of '{item.owner}'"
    near_owner = owner_of.get(item.near)
    if near_owner is None or near_owner == item.owner:
        return f"'{item.near}' is not an alias of another entry"
    short = min(len(item.alias), len(item.near)) < MIN_COMPARED_ALIAS
    score = 0.0 if short else fuzz.ratio(item.alias, item.near)
    if score < SIMILAR_ALIAS_SCORE:
        return (
            f"'{item.alias}' and '{item.near}' of '{near_owner}' are not alike enough to be "
            "confused, so this allowance is not needed; remove it"
        )
    return None
