"""A question about a group of roles answers with those roles, not the whole field.

"which roles are the junior ones" or "who makes like 400k" is read as a question about
everyone in PACS (the parent role), whose card lists every role. The knowledge says which of the
parent's roles the words mean: a word of a child role's first summary sentence or of the
moderators' example questions about it ("A junior PACS title", "where newcomers start") that
some of them share, or an amount close to one of a child role's figures ($404,726 at the high
end of the range). Words are compared by their stems ("earners" is "earner").
"""

from __future__ import annotations

import re

from bot.intents import ROLE
from bot.knowledge.model import KnowledgeBase, Role
from bot.matching.analyse import Analysis
from bot.matching.decide import Match
from bot.matching.english import STOPWORDS
from bot.matching.fact_rank import stem
from bot.matching.normalise import tokenize

# "400k", "$400,000", "400 000": an amount a question names.
_AMOUNT = re.compile(r"\$?\s*(\d{1,3}(?:[ ,.]\d{3})+|\d+(?:\.\d+)?)\s*(k\b)?", re.IGNORECASE)
# Words asking for roles by name, which say nothing about which roles.
TITLE_WORDS = frozenset({"role", "roles", "title", "titles", "job", "jobs"})
# ...asked for with these words, at most TITLE_REACH words before ("which pacs job titles").
ASKING_WORDS = frozenset({"which", "what"})
TITLE_REACH = 4
# An amount within this share of a figure is that figure ("like 400k" is $404,726).
AMOUNT_TOLERANCE = 0.1
# The smallest amount read as pay, so that "top 3" or "2 years" names no figure.
MIN_PAY = 1000


def group_of_roles(
    knowledge: KnowledgeBase, text: str, analysis: Analysis, match: Match
) -> Match | None:
    """The roles a question about the whole field picks by a word or an amount; None when it
    names a role of its own, or its words pick none or all of the parent's roles."""
    if match.outcome != "answer" or ("who" not in analysis.tokens and not _asks_titles(analysis)):
        return None
    roles = [s for s in match.subjects if s in knowledge.roles]
    parents = knowledge.parent_roles
    kinds = {getattr(knowledge.entity(s), "kind", None) for s in match.subjects}
    if any(s not in parents for s in roles) or (not roles and kinds - {"term"}):
        return None
    children = [r for r in knowledge.roles.values() if r.parent in (set(roles) or parents)]
    amounts = _amounts(text)
    by_amount = [r.id for r in children if any(_near(a, r) for a in amounts)]
    parent_words = {w for p in parents for w in tokenize(knowledge.roles[p].name)}
    # what is asked ("pay", "earn") says nothing about which roles
    asked = {stem(k) for i in knowledge.intents.values() for k in i.keywords}
    words = {
        stem(w)
        for w in analysis.tokens
        if w not in STOPWORDS | TITLE_WORDS and w not in parent_words
    } - asked
    own = {r.id: _own_words(r) for r in children}
    # a group word names some of them ("junior"): not one alone, and at most half of them
    # (rounded up: three of five are the high end); the roles holding the most of the
    # question's group words are the group ("big earners")
    shared = {w: sum(w in o for o in own.values()) for w in words}
    telling = {w for w, n in shared.items() if n >= 2 and 2 * n <= len(children) + 1}
    held = {r.id: len(telling & own[r.id]) for r in children}
    most = max(held.values(), default=0)
    by_word = [r.id for r in children if most and held[r.id] == most]
    group = by_amount or by_word
    if not group or len(group) == len(children):
        return None
    # the roles' overviews say what sets them apart ("at the high end of the pay range")
    return Match("answer", 0.8, ROLE, tuple(group), match.location, reason="role_group")


def _asks_titles(analysis: Analysis) -> bool:
    """Whether the question asks for roles or titles by name ("which roles", "what pacs job
    titles"): a title word shortly after "which" or "what". A title word elsewhere ("the average
    across PACS jobs") asks about the field, not which of its roles."""
    words = analysis.raw_words
    return any(
        word in TITLE_WORDS and ASKING_WORDS & set(words[max(0, at - TITLE_REACH) : at])
        for at, word in enumerate(words)
    )


def _own_words(role: Role) -> set[str]:
    """The stems of the words that say what kind of role this is: its summary (the sentence
    placing it at the low or high end of the range need not come first) and the example
    questions moderators gave for it (``asks``). Words every sibling's summary shares tell none
    apart, so they never pick a group."""
    text = " ".join((role.summary, *role.asks))
    return {stem(w) for w in tokenize(text) if w not in STOPWORDS}


def _amounts(text: str) -> list[int]:
    """The amounts of money a question names, in dollars."""
    found = []
    for digits, thousands in _AMOUNT.findall(text):
        value = float(re.sub(r"[ ,]", "", digits)) if "." not in digits[-4:-3] else 0.0
        value *= 1000 if thousands else 1
        if value >= MIN_PAY:
            found.append(int(value))
    return found


def _near(amount: int, role: Role) -> bool:
    """Whether ``amount`` is one of the role's figures, give or take AMOUNT_TOLERANCE."""
    return any(
        abs(number - amount) <= AMOUNT_TOLERANCE * number
        for figure in role.salary
        for number in (figure.amount, figure.low, figure.high)
        if number
    )
