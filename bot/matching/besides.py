"""Entries a question sets aside: "which book besides Practical Imaging Informatics" asks for the
other books, not for the one it names; "not PARCA, the other board" asks for the other body
awarding certifications; "besides HL7 and DICOM, what must an admin know" asks for the
administrator's other skills."""

from __future__ import annotations

from dataclasses import replace

from bot.intents import CERTIFICATIONS, RESOURCES
from bot.knowledge.facts import Fact
from bot.knowledge.model import KnowledgeBase
from bot.matching.analyse import Analysis
from bot.matching.aspects import target_intent
from bot.matching.decide import Match
from bot.matching.english import EXCLUDING, EXCLUDING_PAIRS, OTHER_WORDS, STOPWORDS
from bot.matching.fact_rank import FactIndex

LISTING = frozenset({"and", "or", "nor"})
# Facts that lead when a question sets some of a list aside: the ones listed nearest to them.
OTHERS_LEAD = 3


def set_aside(analysis: Analysis) -> set[str]:
    """The entries the question names right after a word that excludes them, and those named
    in a run right after them ("besides hl7 and dicom")."""
    tokens = analysis.tokens
    aside = set()
    ends: set[int] = set()  # where a set-aside name ends: a name right after it is aside too
    for mention in sorted(analysis.mentions, key=lambda m: m.start):
        start = mention.start
        listed = True  # only "and", "or" between this name and the one before
        while start > 0:
            before = tokens[max(0, start - 2) : start]
            if (
                before[-1] in EXCLUDING
                or tuple(before) in EXCLUDING_PAIRS
                or (listed and start in ends)
            ):
                aside.add(mention.entity_id)
                ends.add(mention.end)
                break
            if before[-1] not in STOPWORDS:
                break
            listed = listed and before[-1] in LISTING
            start -= 1  # "besides the Network+ Exam Cram"
    return aside


def besides_named(
    facts: FactIndex, analysis: Analysis, match: Match
) -> tuple[Match, tuple[Fact, ...]] | None:
    """A question setting named entries aside, about a role it names or only hints at
    ("besides hl7 dicom what should an admin know"): the role's fact naming them all says
    which of its lists is asked about, and that list's other statements answer, the ones
    listed nearest first. None when no single such role has such a fact."""
    if match.outcome != "answer" or not match.subjects:
        return None
    aside = set_aside(analysis)
    if not aside:
        return None
    if set(match.subjects) <= aside:
        top = analysis.partial[0][1] if analysis.partial else 0.0
        hinted = {e for e, s in analysis.partial if s == top and facts.kind_of(e) == "role"}
    else:  # a role named outright beside them ("besides dicom what must a pacs admin know")
        hinted = {s for s in match.subjects if facts.kind_of(s) == "role"} - aside
    naming = [
        p
        for p in set.intersection(*(set(facts.mentions.get(a, ())) for a in aside))
        # a summary naming them is the overview of the role, no list of its own
        if facts.facts[p].entity in hinted and facts.facts[p].aspect != "definition"
    ]
    if len({facts.facts[p].entity for p in naming}) != 1:
        return None
    named = min(naming)
    fact = facts.facts[named]
    listed = [
        p
        for p in facts.by_entity.get(fact.entity, ())
        if facts.facts[p].field == fact.field and p != named
    ]
    if not listed:
        return None
    listed.sort(key=lambda p: (abs(p - named), p))
    intent = target_intent(facts.kind_of(fact.entity), fact.aspect)
    answered = replace(match, intent=intent, subjects=(fact.entity,), confidence=0.6)
    return answered, tuple(facts.facts[p] for p in listed[:OTHERS_LEAD])


def the_others(knowledge: KnowledgeBase, analysis: Analysis, match: Match) -> Match:
    """A study-resource question setting named resources aside is about the others of their
    kind (the other books), and about any resource it names besides them."""
    if match.outcome != "answer" or match.intent != RESOURCES:
        return match
    aside = set_aside(analysis) & set(knowledge.resources)
    if not aside:
        return match
    kinds = {knowledge.resources[r].resource_kind for r in aside}
    others = [
        r.id for r in knowledge.resources.values() if r.resource_kind in kinds and r.id not in aside
    ]
    if not others:
        return match
    return replace(match, subjects=tuple(others))


def the_other_issuer(knowledge: KnowledgeBase, analysis: Analysis, match: Match) -> Match:
    """A question naming one body that awards certifications and asking for "the other" one
    ("not PARCA, the other board") is about the other bodies and their certifications.

    "the other PARCA certs" names PARCA right after "other": that is about PARCA's own.
    """
    if match.outcome == "decline":
        return match
    starts = {m.start for m in analysis.mentions}
    other = [
        at
        for at, token in enumerate(analysis.tokens)
        if token in OTHER_WORDS and at + 1 < len(analysis.tokens) and at + 1 not in starts
    ]
    if not other:
        return match
    issuers = {c.issuer for c in knowledge.certifications.values()}
    named = {m.entity_id for m in analysis.mentions if m.kind != "place"}
    if len(named) != 1 or not named <= issuers:
        return match
    others = tuple(sorted(issuers - named))
    if not others:
        return match
    return replace(
        match,
        outcome="answer",
        confidence=max(match.confidence, 0.6),
        intent=CERTIFICATIONS,
        subjects=others,
        options=(),
        reason="",
    )
