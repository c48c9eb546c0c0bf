"""Focus a decision on the facts that answer the question.

``decide`` reads which entries and which intent a question names; this step scores the facts of
those entries against the question's words (see ``fact_rank``) and

* picks the facts that lead the reply (the answer first, the card after it),
* changes the aspect when one fact clearly answers something else than the intent's card
  ("how much schooling does a RIS analyst need" is about requirements, not pay),
* moves to a neighbouring entry when a question names a term or a whole field and another
  entry's facts answer it ("which PARCA cert is the top one" is the CPSM, not PARCA itself).

Slash commands fix the intent, so for them only the lead facts are picked. Declined questions
are handled in ``rescue``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace

from bot.intents import (
    CERTIFICATIONS,
    COMPARISON,
    DEFINITION,
    DUTIES,
    HELP,
    INTENT_ASPECTS,
    KINDS_WITHOUT_SUBJECT,
    PAY_INTENTS,
    RESOURCES,
    SALARY,
)
from bot.knowledge.facts import Fact
from bot.knowledge.model import KnowledgeBase
from bot.matching.analyse import Analysis
from bot.matching.aspects import target_intent
from bot.matching.besides import besides_named, the_other_issuer, the_others
from bot.matching.cert_ranks import ranked_certifications
from bot.matching.compare_pay import pay_sides
from bot.matching.decide import (
    Match,
    intent_signals,
    named_most_fully,
    role_beside_place,
    roles_named_after,
)
from bot.matching.fact_rank import (
    COUNT,
    FactIndex,
    counted_word,
    coverage,
    entity_pull,
    question_stems,
    score_facts,
)
from bot.matching.index import MatchIndex
from bot.matching.issuers import issuer_asked
from bot.matching.normalise import singular
from bot.matching.place_compare import better_paid
from bot.matching.relations import related_answer
from bot.matching.resource_kinds import by_kind

ASPECT_BOOST = 1.6  # facts of the aspect the intent asks for count this much more
PLACE_BONUS = 1.5  # a figure or ranking for the place the question names
MIN_LEAD = 3.0  # a fact needs at least this score to lead a reply...
MIN_LEAD_WORDS = 2.0  # ...and this much from its words alone, before the aspect boost
LEAD_SHARE = 0.6  # further facts lead too when they score this share of the best
MAX_LEAD = 3
LISTED_LEAD = 3  # facts that lead, in the knowledge's order, when the question picks none
SWITCH_MIN = 3.0  # a fact must score this much to change the aspect or the entry
PAIR = 1.5  # another entry's two best facts together count as one fact scoring their sum / PAIR
SWITCH_RATIO = 1.5  # a fact of another entry must beat every other entry's facts by this factor
SWITCH_MARGIN = 0.5  # ties and near-ties keep the intent reading
RARE_WORD = 2  # a word found in at most this many facts is rare
LONG_QUESTION = 5  # telling words from which a question likely carries background as well
IN_FACT_SENSE = 3  # question words a fact holds beside an intent's keyword to read it its way
INTENT_WEIGHT = 3.0  # one intent keyword weighs as much as a fact matching a rare word or two
STUDY_INTENTS = frozenset({RESOURCES, CERTIFICATIONS})
NO_FOCUS = frozenset({COMPARISON, HELP})
# readings another certification may answer ("one cert instead of the PARCA ones")
RELATED_INTENTS = frozenset({COMPARISON, CERTIFICATIONS, DEFINITION})
NAMED = 0.75  # a mention scoring this much names its entry outright
# a fact opening with these leans on the sentence before it in its file, and read first it makes
# no sense ("Instead of a degree, ..."); a pronoun ("It follows the outline") is told by the
# entry's name that the reply shows, and leaves the fact asked for first
LEANS_BACK = re.compile(
    r"(?:instead|also|however|but|otherwise|likewise|similarly|besides|in addition|even so|"
    r"these|those|such)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Focus:
    """The decision after reading the facts, and the facts that lead its reply."""

    match: Match
    lead: tuple[Fact, ...] = ()


def focus(
    knowledge: KnowledgeBase,
    index: MatchIndex,
    facts: FactIndex,
    analysis: Analysis,
    match: Match,
    *,
    forced: bool = False,
) -> Focus:
    """Pick the lead facts, and re-aim the decision when one fact clearly answers the question."""
    focused = _focus(knowledge, index, facts, analysis, match, forced=forced)
    return _placed_by_lead(knowledge, analysis, focused)


def _placed_by_lead(knowledge: KnowledgeBase, analysis: Analysis, focused: Focus) -> Focus:
    """A salary answer naming no place but the kind of place it asks about ("the money in the
    top state"), led by a figure for a place of that kind, is an answer about that place: its
    card says where the figure is from."""
    match, lead = focused.match, focused.lead
    if match.outcome != "answer" or match.location or match.intent != SALARY or not lead:
        return focused
    first = lead[0]
    place = knowledge.places.get(first.place or "")
    if first.field != "salary" or place is None or place.national:
        return focused
    kinds = {singular(t) or t for t in analysis.tokens}
    return Focus(replace(match, location=place.id), lead) if place.place_kind in kinds else focused


def _focus(
    knowledge: KnowledgeBase,
    index: MatchIndex,
    facts: FactIndex,
    analysis: Analysis,
    match: Match,
    *,
    forced: bool = False,
) -> Focus:
    """``focus`` before a lead figure's place is taken as the answer's place."""
    # a group of roles ("who is at the low end") is answered by those roles' overviews, which
    # name them; their figures alone would not say who
    # so is the term a question opens by asking about ("what is syngo dynamics, ..."): a fact
    # elsewhere naming it does not make the question about that fact's entry
    forced = forced or match.reason in ("role_group", "what_is")
    other = the_other_issuer(knowledge, analysis, match)
    if other != match:
        return Focus(other)  # the card lists the other body's certifications
    match = ranked_certifications(knowledge, analysis, match)
    if match.outcome == "clarify" and match.options and forced:
        # a slash command fixes what is asked: its only near-miss ("/cert cip") is the answer,
        # and so is the option its words name most fully ("/salary admin")
        words = {t for m, t in zip(_place_words(analysis), analysis.tokens, strict=True) if not m}
        fullest = named_most_fully(knowledge, words - facts.stopwords, match.options)
        if fullest is None:
            fullest = _only_placed_option(knowledge, facts, match)
        if len(match.options) == 1 or fullest is not None:
            picked = (fullest,) if fullest is not None else match.options
            confidence = max(match.confidence, 0.6)
            # "/compare admin sf": the role picked, set beside a place, is its pay there
            intent = match.intent and role_beside_place(
                knowledge, match.intent, picked, match.location
            )
            match = replace(
                match,
                outcome="answer",
                confidence=confidence,
                intent=intent,
                subjects=picked,
                options=(),
            )
    if match.outcome == "clarify" and match.options and not forced:
        placed = _placed_options(knowledge, index, facts, analysis, match)
        settled = placed if placed.outcome == "answer" else _settle(index, facts, analysis, placed)
        if settled is None:
            return Focus(placed)
        match = settled
    others = the_others(knowledge, analysis, match)
    if others != match:
        return Focus(others)  # the card lists the others; the one set aside must not lead
    if not forced:
        besides = besides_named(facts, analysis, match)
        if besides is not None:
            return Focus(*besides)
    kinded = by_kind(knowledge, analysis, match, index)
    if kinded != match:
        return Focus(kinded)  # the card lists what was asked for; nothing else may lead
    if not forced and match.outcome == "answer" and match.intent in RELATED_INTENTS:
        related = related_answer(knowledge, facts, analysis, index, match)
        if related is not None:
            return Focus(related[0], (related[1],))
    if not forced and match.intent == COMPARISON:
        issued = issuer_asked(knowledge, facts, index, analysis, match)
        if issued is not None:
            return Focus(*issued)  # "who awards CPAS and CPIA": one body awards both
    if match.outcome != "answer" or match.intent in NO_FOCUS or match.intent is None:
        if match.outcome == "answer" and match.intent == COMPARISON:
            every = question_stems(index, facts, analysis, match.subjects).every
            # the figures asked for; else the facts holding the question's words; else, for a
            # question about pay, each side's headline figure
            side = _side_by_side(index, facts, analysis, match)
            # "which 3 states are top" asks where: the facts about places answer
            where = not match.location and any(
                f.aspect == "place" or f.place not in (None, knowledge.national) for f in side
            )
            lead = side if where else pay_sides(knowledge, facts, analysis, every, match) or side
            if not lead:
                lead = pay_sides(knowledge, facts, analysis, every, match, headlines=True)
            return Focus(match, lead)
        return Focus(match)
    intent = match.intent
    if intent in PAY_INTENTS and len(match.subjects) == 1:
        # "boston or san francisco, which pays more": the answer is at the place paying more
        named_places = [m.entity_id for m in analysis.mentions if m.kind == "place"]
        winner = better_paid(knowledge, match.subjects[0], named_places, analysis.tokens)
        if winner is not None:
            match = replace(match, location=winner)
    wanted = INTENT_ASPECTS.get(intent, ())
    # a subject with nothing on the asked aspect ("the manager-level cert": the manager role has
    # no certification) is a word of the question, and the entries of the asked kind may answer,
    # unless one of its other aspects answers ("does an x ray course help for a RIS job")
    kinds = set(KINDS_WITHOUT_SUBJECT.get(intent, ()))
    named = {m.entity_id for m in analysis.mentions if m.score >= NAMED}
    terms = tuple(e for e in named if facts.kind_of(e) == "term")
    if not forced and not match.subjects and terms:
        # a term named beside an intent that is not about terms ("the top rung of the PARCA
        # ladder") hands over to the entries naming it, as it does when it is the subject
        handed = _focus_on(
            knowledge, index, facts, analysis, replace(match, subjects=terms), forced, set()
        )
        handed_to = handed.match.subjects
        if handed_to and all(facts.kind_of(s) != "term" for s in handed_to):
            return handed
    if (
        intent == DUTIES
        and len(match.subjects) == 1
        and match.subjects[0] in knowledge.parent_roles & named
        and _empty(facts, match.subjects[0], wanted)
    ):
        # "what do PACS professionals do": the whole field named outright, with no duties of
        # its own, does what its overview says, as any other role without duties keeps its own
        # card; one of its roles speaks for it only when the field is not named
        overview = [facts.facts[p] for p in facts.by_entity.get(match.subjects[0], ())]
        lead = tuple(f for f in overview if f.aspect == "definition")[:LISTED_LEAD]
        return Focus(replace(match, intent=DEFINITION), lead)
    own = _focus_on(knowledge, index, facts, analysis, match, forced, set())
    if (
        own.match == match
        and not forced
        and match.subjects
        and not named & set(match.subjects)  # "a PACS manager" named outright stays the subject
        and all(_empty(facts, s, wanted) and facts.kind_of(s) not in kinds for s in match.subjects)
    ):
        moved = _focus_on(knowledge, index, facts, analysis, match, forced, kinds)
        if all(facts.kind_of(s) in kinds for s in moved.match.subjects):
            return moved
    if (
        own.match == match
        and not forced
        and len(match.subjects) == 1
        and match.subjects[0] in knowledge.parent_roles
        and _empty(facts, match.subjects[0], wanted)
    ):
        # the whole field says nothing of its own on the aspect asked ("where do I start in
        # PACS"): one of its featured roles whose facts answer it speaks for the field
        within = _focus_on(
            knowledge, index, facts, analysis, match, forced, {"role"}, only_asked=True
        )
        if within.lead and all(s in knowledge.featured_roles for s in within.match.subjects):
            return within
    return own


def _focus_on(
    knowledge: KnowledgeBase,
    index: MatchIndex,
    facts: FactIndex,
    analysis: Analysis,
    match: Match,
    forced: bool,
    kinds: set[str],
    *,
    only_asked: bool = False,
) -> Focus:
    """Score the facts around the decision's subjects (or, given ``kinds``, the entries of those
    kinds, reading the subjects' names as words of the question) and focus on the best
    (``only_asked``: among the facts of the aspect asked only, as when one role speaks for the
    whole field: "the first steps into PACS" is no role's "next step")."""
    wanted = INTENT_ASPECTS.get(match.intent or "", ())
    read = question_stems(index, facts, analysis, () if kinds else match.subjects)
    # picking among the entries of one kind, every word tells them apart ("manager level")
    stems, telling = read.every, read.every if kinds else read.telling
    if not stems:
        return _listed(knowledge, facts, match) if not match.location else Focus(match)
    entities = _candidates(
        knowledge, facts, match, wanted, asks=bool(analysis.intents) or len(set(telling)) < 2
    )
    entities.update(e for kind in kinds for e in facts.by_kind.get(kind, ()))
    entities.update(m.entity_id for m in analysis.mentions if m.kind != "place")
    if not entities:
        return Focus(match)
    positions = {p for e in entities for p in facts.by_entity.get(e, ())}
    if only_asked:
        positions = {p for p in positions if facts.facts[p].aspect in wanted}
    raw = score_facts(facts, stems, positions)
    # what the glossary says of a certification asked about may answer it ("CIIP is an
    # increasingly popular alternative", said of PARCA); it leads, but re-aims nothing
    cited = {
        p
        for s in match.subjects
        if s in knowledge.certifications
        for p in facts.mentions.get(s, ())
        if facts.kind_of(facts.facts[p].entity) == "term"
    }
    said = score_facts(facts, stems, cited) if cited and not kinds else {}
    if not raw and not said:
        return Focus(match)
    # the national place is no hint: every national figure is for it
    places = knowledge.places_around(match.location) if match.location else frozenset()
    new_match = match
    if not forced:
        # the intent's own words count for a fact that uses them ("course" in "an X-ray
        # technology course"), but cannot make it eligible by themselves
        strong = score_facts(facts, read.asked, positions)
        # A long question matches some fact by a word or two of its background; a fact that
        # holds most of what was asked weighs more ("how much schooling" is all about school).
        if len(set(telling)) >= LONG_QUESTION:
            share = coverage(facts, telling, strong)
            strong = {p: s * math.sqrt(share[p]) for p, s in strong.items()}
        # One word re-aims a question only when it is rare in the knowledge ("schooling"); a
        # common one ("least", as in "at least a year") needs a second word beside it.
        held = {p: _held(facts, telling, p) for p in strong}
        if "pay" not in wanted:
            # a figure's kind words ("bottom", "top" of a range) tag every figure of that kind:
            # they re-aim a question about something else ("the career ladder from bottom to
            # top") only where the figure's own words hold them
            held = {p: _own_held(index, facts, p, words) for p, words in held.items()}
        # "how many" is held by every fact stating a count: with one asked word beside it, it
        # picks the fact giving that count ("how many certs": "four PACS certifications")
        counted = {
            p
            for p, words in held.items()
            if COUNT in words and len(_held(facts, read.asked, p)) >= 2
        }
        # a figure's label is a few words naming what it measures: a telling word beside
        # another intent's keyword in it ("start" and "graduate": the starting pay for recent
        # graduates) names that figure, as two telling words do (a longer statement holding a
        # keyword of its own list says less: "certifications help to rise")
        beside = {
            p
            for p, words in held.items()
            if words
            and facts.facts[p].field == "salary"
            and len(_own_held(index, facts, p, _held(facts, read.asked, p))) >= 2
        }
        eligible = (
            {p for p, words in held.items() if len(words) >= 2 or _rare(facts, words)}
            | counted
            | beside
        )
        # two words of the question in one fact, one of them telling and held by no other entry
        # of its kind ("only one book": the book the source says to read if you read only one;
        # not "self-study", which all three books say)
        paired = {
            p
            for p, words in held.items()
            if len(words) >= 2
            or (
                len(_held(facts, read.asked, p)) >= 2
                and any(_only_one_of_kind(facts, w, facts.facts[p].entity) for w in words)
            )
        }
        told = {facts.facts[p].entity for p, words in held.items() if words}
        new_match = _reaim(
            knowledge, facts, analysis, match, strong, places, eligible, (paired, told), held_by=raw
        )
        if new_match == match:
            new_match = _break_tie(facts, analysis, match, raw, read.every, index)
    # a word naming a whole list ("qualifications") picks the list, and the knowledge's order
    # picks within it: it weighs the same in each of the list's statements, so the ties go to
    # the first listed, not to the shortest
    for word in _list_names(facts, stems, new_match):
        weight = {p: facts.weights[p][word] for p in raw if word in facts.weights[p]}
        top = max(weight.values(), default=0.0)
        # rounded, so that float noise cannot decide between equal statements
        raw = {p: round(s + top - weight.get(p, top), 6) for p, s in raw.items()}
    counting_word = counted_word(analysis.tokens)
    if COUNT in stems and counting_word is not None:
        # "how many states pay more": the facts stating a count of them answer first, in their
        # order ("how many dollars more" counts no dollars: a figure answers)
        of = facts.stems_of(counting_word, fuzzy=False)
        counting = [p for p in raw if COUNT in facts.weights[p] and of in facts.weights[p]]
        best = max(raw.values(), default=0.0)
        raw = {**raw, **{p: raw[p] + best for p in counting}}
    if new_match.subjects == match.subjects and said:
        raw = {**said, **raw}
    return Focus(new_match, _lead(knowledge, facts, raw, places, new_match, frozenset(said)))


def _list_names(facts: FactIndex, stems: list[str], match: Match) -> list[str]:
    """The question's stems that every statement of one of the subjects' lists of the asked
    aspect holds ("qualification" in each qualification): they name the list, not a statement."""
    aspects = INTENT_ASPECTS.get(match.intent or "", ())
    pool = [
        p
        for s in match.subjects
        for p in facts.by_entity.get(s, ())
        if facts.facts[p].aspect in aspects and facts.facts[p].field != "salary"
    ]  # figures are no list of statements: their kind words ("average") tell them apart
    names = []
    for word in dict.fromkeys(stems):
        holders = [p for p in pool if word in facts.weights[p]]
        lists = {(facts.facts[p].entity, facts.facts[p].field) for p in holders}
        whole = [p for p in pool if (facts.facts[p].entity, facts.facts[p].field) in lists]
        # a list of one statement names nothing: its word is the statement's own
        if len(holders) >= 2 * len(lists) and len(holders) == len(whole):
            names.append(word)
    return names


def _listed(knowledge: KnowledgeBase, facts: FactIndex, match: Match) -> Focus:
    """The lead for a question naming only an entry and what is asked about it: the entry's
    facts of that aspect in the order the knowledge lists them (the most important first).

    A whole field with nothing of its own on the aspect ("how do I get into PACS") is answered
    by the first featured role that has something on it (the knowledge's ranking of roles).
    """
    aspects = INTENT_ASPECTS.get(match.intent or "", ())
    if match.outcome != "answer" or len(match.subjects) != 1 or not aspects:
        return Focus(match)
    if match.intent in PAY_INTENTS or aspects[0] == "definition":
        return Focus(match)  # pay and overview cards open with their headline fact already
    subject = match.subjects[0]
    if _empty(facts, subject, aspects[:1]) and subject in knowledge.parent_roles:
        subject = next(
            (r for r in knowledge.featured_roles if not _empty(facts, r, aspects[:1])), subject
        )
        match = replace(match, subjects=(subject,))
    listed = [facts.facts[p] for p in facts.by_entity.get(subject, ())]
    return Focus(match, tuple(f for f in listed if f.aspect == aspects[0])[:LISTED_LEAD])


def _break_tie(
    facts: FactIndex,
    analysis: Analysis,
    match: Match,
    raw: dict[int, float],
    stems: list[str],
    index: MatchIndex | None = None,
) -> Match:
    """When another intent was read as strongly as the decided one, the subject's fact holding
    the most of the question's words decides ("how much informatics experience": 'how much' reads
    as pay and 'experience' as requirements; only a requirement holds both words asked).

    A fact of another aspect holding the decided intent's keywords themselves, among
    ``IN_FACT_SENSE`` words of the question, reads them in its own sense ("what would make my
    resume stand out": 'make' reads as pay and 'stand' as a definition, but the requirement that
    experience "makes a candidate stand out" holds both).
    """
    signals = intent_signals(analysis)
    top = signals.get(match.intent or "", 0.0)
    # "help" and "or" are read as intents only when nothing else is asked (see decide)
    tied = {i for i, v in signals.items() if v == top and i not in (match.intent, HELP, COMPARISON)}
    if not tied or len(match.subjects) != 1:
        return match
    own_sense = _in_fact_sense(facts, analysis, match, raw, stems, index)
    if own_sense is not None:
        return own_sense
    subject = match.subjects[0]
    kind = facts.kind_of(subject)
    counts: dict[str, tuple[int, float]] = {}
    for position, score in raw.items():
        fact = facts.facts[position]
        if fact.entity != subject:
            continue
        intent = target_intent(kind, fact.aspect)
        held = _held(facts, stems, position)
        if index is not None and intent != match.intent:
            # a figure's kind words ("bottom", "top" of a range) tag every figure of that kind:
            # they win a tie over the decided reading ("the career ladder from bottom to top")
            # only where the figure's own words hold them
            held = _own_held(index, facts, position, held)
        key = (len(held), score)
        counts[intent] = max(counts.get(intent, (0, 0.0)), key)
    mine = counts.get(match.intent or "", (0, 0.0))[0]
    # "how much" asks for pay and for any other quantity: a tied reading may win. Two other
    # readings tied ("senior" a career word, "experience" a requirement one) say the keywords
    # disagree, so any aspect whose fact holds more of the question than theirs may win.
    if match.intent in PAY_INTENTS:
        rivals = tied
    else:
        rivals = set(counts) - {match.intent}
        mine = max([mine, *(counts[i][0] for i in tied if i in counts)])
    best = max(((c, i) for i, c in counts.items() if i in rivals), default=None)
    if best is None or best[0][0] < 2 or best[0][0] <= mine:
        return match
    return replace(match, intent=best[1])


def _own_held(index: MatchIndex, facts: FactIndex, position: int, words: list[str]) -> list[str]:
    """The held words of a salary figure that its own words state, not its kind's tags."""
    if facts.facts[position].field != "salary":
        return words
    own = facts.own_stems(index, position)
    return [w for w in words if w in own]


def _in_fact_sense(
    facts: FactIndex,
    analysis: Analysis,
    match: Match,
    raw: dict[int, float],
    stems: list[str],
    index: MatchIndex | None,
) -> Match | None:
    """The subject's fact of another aspect that holds every keyword of the decided intent and
    at least ``IN_FACT_SENSE`` of the question's words: its aspect answers (see ``_break_tie``)."""
    if index is None or match.intent is None:
        return None
    keywords = {
        s
        for t in analysis.tokens
        if match.intent in index.keyword_intents(t) and (s := facts.stems_of(t, fuzzy=False))
    }
    if not keywords:
        return None
    subject = match.subjects[0]
    kind = facts.kind_of(subject)
    wanted = INTENT_ASPECTS.get(match.intent, ())
    best: tuple[int, float, int] | None = None
    mine = 0
    for position, score in raw.items():
        fact = facts.facts[position]
        if fact.entity != subject:
            continue
        held = set(_held(facts, stems, position))
        if fact.aspect in wanted:
            mine = max(mine, len(held))
        elif keywords <= held and len(held) >= IN_FACT_SENSE:
            best = max(best or (0, 0.0, position), (len(held), score, position))
    if best is None or best[0] <= mine:
        return None
    aspect = facts.facts[best[2]].aspect
    if kind == "role" and aspect == "definition":
        return None
    return replace(match, intent=target_intent(kind, aspect))


def _lead(
    knowledge: KnowledgeBase,
    facts: FactIndex,
    raw: dict[int, float],
    places: AbstractSet[str],
    match: Match,
    cited: frozenset[int] = frozenset(),
) -> tuple[Fact, ...]:
    """The facts that open the reply: the best ones of the answered aspect and entry (or,
    ``cited``, other entries' facts naming it)."""
    aspects = INTENT_ASPECTS.get(match.intent or "", ())
    subjects = set(match.subjects)
    if match.intent == RESOURCES:
        # what prepares for a certification is told by the resources' own summaries
        subjects |= {e for s in match.subjects for e in _helpers(knowledge, facts, s)}
    scored: list[tuple[float, int]] = []
    for position, score in raw.items():
        fact = facts.facts[position]
        if score < MIN_LEAD_WORDS or (
            subjects and fact.entity not in subjects and position not in cited
        ):
            continue
        if position in cited:
            pass  # another entry's words: they lead on their own score
        elif fact.aspect in aspects:
            score *= ASPECT_BOOST
        elif match.intent == CERTIFICATIONS and set(fact.about) & set(knowledge.certifications):
            pass  # what a role's requirements say of a certification it values answers too
        elif match.intent != "role":  # an overview may open with any aspect
            continue
        scored.append((score + _place_bonus(fact, places), position))
    scored.sort(key=lambda sp: (-sp[0], sp[1]))
    lead: list[Fact] = []
    for score, position in scored[:MAX_LEAD]:
        if score < MIN_LEAD or score < scored[0][0] * LEAD_SHARE:
            break
        lead.append(facts.facts[position])
    return tuple(lead)


def said_in_order(lead: tuple[Fact, ...]) -> tuple[Fact, ...]:
    """The lead facts, best first, except that a fact leaning on the one before it in its file
    ("Instead of a degree, ..." after the degree; "These extra skills ..." after the skills)
    comes after that one when both lead: a reply does not open with a sentence whose reference
    it has not said yet."""
    order = list(lead)
    by_id = {fact.id: fact for fact in lead}
    for fact in lead:
        anchor = by_id.get(_before(fact.id))
        if anchor is None or not LEANS_BACK.match(fact.text):
            continue
        if order.index(anchor) > order.index(fact):
            order.remove(anchor)
            order.insert(order.index(fact), anchor)
    return tuple(order)


def _before(fact_id: str) -> str:
    """The id of the statement before this one in the same field of its file ("" if none)."""
    stem, _, number = fact_id.rpartition("/")
    return f"{stem}/{int(number) - 1}" if number.isdigit() and int(number) > 0 else ""


def _settle(
    index: MatchIndex,
    facts: FactIndex,
    analysis: Analysis,
    match: Match,
) -> Match | None:
    """Answer a clarification when the question's own words pick one of its options.

    "what is the entry level cert of PARCA" offers PARCA's four certifications; only the CPAS's
    facts say "entry level", so the CPAS answers. The winning option needs a fact holding two of
    the question's telling words (or a rare one), scoring ``SWITCH_MIN``, and its facts must beat
    every other option's by ``SWITCH_RATIO``.
    """
    options = set(match.options)
    # entries of the options' kind whose words name a term the question names may answer too
    # ("one cert instead of the four PARCA ones" is the CIIP, whose summary says so)
    option_kinds = {facts.kind_of(o) for o in options}
    options |= {
        facts.facts[p].entity
        for m in analysis.mentions
        if m.kind == "term"
        for p in facts.mentions.get(m.entity_id, ())
        if facts.kind_of(facts.facts[p].entity) in option_kinds
    }
    # every word counts here: "entry level" tells the options apart though it is a domain word
    read = question_stems(index, facts, analysis, match.options)
    telling = read.every
    if not telling:
        return None
    # what is asked ("make", the words of "day to day"), not which one
    phrased = {w for phrase in index.intent_phrases for w in phrase}
    keywords = set(read.asked) - set(read.telling)
    keywords |= {
        s for t in analysis.tokens if t in phrased and (s := facts.stems_of(t, fuzzy=False))
    }
    positions = {p for e in options for p in facts.by_entity.get(e, ())}
    scores = score_facts(facts, telling, positions)
    if not scores:
        return None
    position, best = max(scores.items(), key=lambda ps: (ps[1], -ps[0]))
    # only the fact's own words may pick: a figure's kind words ("starting") are the same tag
    # on every role's figures, and one role having that figure says nothing about which is meant
    # (a certification's level words and moderators' asks are its own)
    winner = facts.facts[position].entity
    own = facts.own_stems(index, position)
    held = [w for w in _held(facts, telling, position) if w in own]
    pull = entity_pull(facts, scores)
    rival = max((p for e, p in pull.items() if e != winner), default=0.0)
    # one word no other option's facts hold picks too ("the beginner cert": only one is entry
    # level), unless it is what is asked rather than which one ("make", "day" of "day to day")
    alone = rival == 0.0 and any(w not in keywords for w in held)
    # a rare word picks only when it says which one, not what is asked ("career" of "career
    # path" is rare in the facts, but every option has a career path)
    rare = _rare(facts, [w for w in held if w not in keywords])
    if best < SWITCH_MIN or not (len(held) >= 2 or rare or alone):
        return None
    if pull[winner] < SWITCH_RATIO * rival:
        return None
    intent = match.intent
    kind = facts.kind_of(winner)
    if intent is None or target_intent(kind, facts.facts[position].aspect) != intent:
        intent = target_intent(kind, facts.facts[position].aspect)
    return replace(
        match, outcome="answer", confidence=0.6, intent=intent, subjects=(winner,), options=()
    )


def _only_placed_option(knowledge: KnowledgeBase, facts: FactIndex, match: Match) -> str | None:
    """The one option the source says anything about the command's place for ("/salary LA
    analyst": only the PACS analyst's facts name Los Angeles); None when none or several do."""
    if match.location in (None, knowledge.national):
        return None
    assert match.location is not None
    places = set(knowledge.place_and_parents(match.location)) - {knowledge.national}
    placed = {
        option
        for option in match.options
        for p in facts.by_entity.get(option, ())
        if facts.facts[p].place in places or places & set(facts.facts[p].about)
    }
    return placed.pop() if len(placed) == 1 else None


def _placed_options(
    knowledge: KnowledgeBase, index: MatchIndex, facts: FactIndex, analysis: Analysis, match: Match
) -> Match:
    """A clarification for a place, narrowed to the options whose facts about that place say
    what is asked ("SF analysts, what percent more": only the PACS analyst has a San Francisco
    figure, and it states a percent). One such option answers; none leaves the options as
    they are, and so does a question asking nothing a place's fact states ("analyst salary in
    tennessee" may mean an analyst the source has no figure there for)."""
    if match.location in (None, knowledge.national):
        return match
    assert match.location is not None
    places = set(knowledge.place_and_parents(match.location)) - {knowledge.national}
    read = question_stems(index, facts, analysis, match.options)
    # "how much more than average in SF": a comparison with the nation is what a place's
    # premium states, so the words asking for it say which option is meant
    telling = read.every if match.intent == COMPARISON else read.telling
    saying = [
        p
        for option in match.options
        for p in facts.by_entity.get(option, ())
        if (facts.facts[p].place in places or places & set(facts.facts[p].about))
        and _held(facts, telling, p)
    ]
    placed = tuple(dict.fromkeys(facts.facts[p].entity for p in saying))
    if not placed or placed == match.options:
        return match
    if len(placed) > 1:
        return replace(match, options=placed)
    intent = match.intent
    if intent in (None, COMPARISON):
        # what the place's fact states says what was asked ("by what percent", "which city")
        best = max(saying, key=lambda p: (len(_held(facts, telling, p)), -p))
        intent = target_intent(facts.kind_of(placed[0]), facts.facts[best].aspect)
    return replace(
        match, outcome="answer", confidence=0.6, intent=intent, subjects=placed, options=()
    )


def _side_by_side(
    index: MatchIndex, facts: FactIndex, analysis: Analysis, match: Match
) -> tuple[Fact, ...]:
    """For a comparison, each side's best fact for the question's words, when one stands out.

    Every word of the question weighs ("the same job": the note that the same job goes by
    another title, not the skill of tasks running at the same time), but a fact must hold a
    telling one.
    """
    read = question_stems(index, facts, analysis, match.subjects)
    telling = read.telling
    if not telling:
        return ()
    lead = []
    for subject in match.subjects[:MAX_LEAD]:
        positions = {p for p in facts.by_entity.get(subject, ()) if _held(facts, telling, p)}
        scores = score_facts(facts, read.every, positions)
        if scores:
            position, score = max(scores.items(), key=lambda ps: (ps[1], -ps[0]))
            if score >= MIN_LEAD:
                lead.append(facts.facts[position])
    return tuple(lead)


def _place_words(analysis: Analysis) -> list[bool]:
    """For each word of the question, whether it names a place."""
    marks = [False] * len(analysis.tokens)
    for mention in analysis.mentions:
        if mention.kind == "place":
            marks[mention.start : mention.end] = [True] * (mention.end - mention.start)
    return marks


def _place_bonus(fact: Fact, places: AbstractSet[str]) -> float:
    """A figure for an asked place gets the bonus, a ranking naming it half (``places`` holds
    no national place)."""
    if fact.place in places:
        return PLACE_BONUS
    if set(fact.about) & places:
        return PLACE_BONUS / 2
    return 0.0


def _held(facts: FactIndex, stems: list[str], position: int) -> list[str]:
    """The question's distinct stems that a fact contains."""
    weights = facts.weights[position]
    return [w for w in set(stems) if w in weights]


def _only_one_of_kind(facts: FactIndex, word: str, entity: str) -> bool:
    """Whether no other entry of this entry's kind has a fact holding the word."""
    kind = facts.kind_of(entity)
    return all(
        facts.facts[p].entity == entity or facts.kind_of(facts.facts[p].entity) != kind
        for p, _ in facts.postings.get(word, ())
    )


def _rare(facts: FactIndex, words: list[str]) -> bool:
    """Whether one of these words is found in at most RARE_WORD facts."""
    return any(len(facts.postings[w]) <= RARE_WORD for w in words)


def _two_strongest_by_kind(
    facts: FactIndex, pull: dict[str, float]
) -> dict[str, list[tuple[str, float]]]:
    """For each kind of entry, its two entries pulled hardest (the strongest rival of any
    entry is one of them), instead of comparing every entry with every other."""
    by_kind: dict[str, list[tuple[str, float]]] = {}
    for entity_id, strength in pull.items():
        top = by_kind.setdefault(facts.kind_of(entity_id), [])
        top.append((entity_id, strength))
        top.sort(key=lambda es: -es[1])
        del top[2:]
    return by_kind


def _reaim(
    knowledge: KnowledgeBase,
    facts: FactIndex,
    analysis: Analysis,
    match: Match,
    raw: dict[int, float],
    places: AbstractSet[str],
    eligible: set[int],
    held: tuple[set[int], set[str]],
    held_by: dict[int, float] | None = None,
) -> Match:
    """Weigh the intent reading against the best fact of each entry and aspect.

    Each reading scores ``INTENT_WEIGHT`` times its intent signals plus its best fact. The
    decided reading keeps the strongest signal the question has (decide had reasons to pick
    it); another entry or aspect wins only with a fact that scores at least ``SWITCH_MIN``.
    """
    if not raw or match.intent is None:
        return match
    paired, told = held  # facts holding two telling words; entries with a fact holding one
    wanted = INTENT_ASPECTS.get(match.intent, ())
    signals = dict(analysis.intents)
    subjects = set(match.subjects)
    best: dict[tuple[str, str], float] = {}  # every fact: what the decided reading has
    able: dict[tuple[str, str], float] = {}  # facts strong enough to re-aim the question
    both: set[str] = set()  # entries with a fact holding two of the question's telling words
    placed: dict[int, float] = {}
    for position, score in raw.items():
        fact = facts.facts[position]
        score += _place_bonus(fact, places)
        placed[position] = score
        key = (fact.entity, fact.aspect)
        best[key] = max(best.get(key, 0.0), score)
        if position in eligible:
            able[key] = max(able.get(key, 0.0), score)
        if position in paired:
            both.add(fact.entity)
    pull = entity_pull(facts, placed)
    # With no subject yet, no entry's fact is the decided reading's: any may be picked.
    current = INTENT_WEIGHT * max(signals.values(), default=0.0) + max(
        (s for (e, a), s in best.items() if a in wanted and e in subjects), default=0.0
    )
    if held_by and all(facts.kind_of(s) != "term" for s in subjects):
        # the decided reading keeps the credit of its own fact for every word it holds, domain
        # words too ("a year in medical informatics before applying" is a requirement); a term
        # still hands over to the entries that name it ("PARCA's entry-level cert")
        current = max(
            current,
            INTENT_WEIGHT * max(signals.values(), default=0.0)
            + max(
                (
                    s
                    for p, s in held_by.items()
                    if facts.facts[p].aspect in wanted and facts.facts[p].entity in subjects
                ),
                default=0.0,
            ),
        )
    chosen: tuple[float, str, str] | None = None
    strongest = _two_strongest_by_kind(facts, pull)
    for (entity_id, aspect), score in best.items():
        moves = entity_id not in subjects
        kind = facts.kind_of(entity_id)
        if moves:
            # another entry may answer through two facts together ("CPSM ... the highest
            # PARCA qualification", "the highest PACS qualification PARCA offers")
            if max(score, pull[entity_id] / PAIR) < SWITCH_MIN:
                continue
            # ...if it clearly beats the other entries of its kind, and the question may move
            rival = next((p for e, p in strongest.get(kind, ()) if e != entity_id), 0.0)
            if pull[entity_id] < SWITCH_RATIO * rival or not _may_move(
                knowledge, facts, match, entity_id
            ):
                continue
            if not subjects and entity_id not in both and (rival or entity_id not in told):
                # picking one entry for a question naming none takes two words, or a telling
                # word no other entry of its kind has ("the first cert": the entry level one)
                continue
        elif score < SWITCH_MIN or aspect in wanted or (entity_id, aspect) not in able:
            continue  # another aspect of the same entry needs a rare word, or two words
        if kind == "role" and aspect == "definition":
            continue  # a role's summary is the overview every card of it opens with
        target = target_intent(kind, aspect)
        total = INTENT_WEIGHT * signals.get(target, 0.0) + score
        if total > current + SWITCH_MARGIN and (chosen is None or total > chosen[0]):
            chosen = (total, entity_id, aspect)
    if chosen is None:
        return match
    _, entity_id, aspect = chosen
    moved: tuple[str, ...] = match.subjects
    if entity_id not in subjects:
        # a study resource answers about the certification it prepares for: both are the subject
        helped = [s for s in match.subjects if entity_id in _helpers(knowledge, facts, s)]
        moved = (entity_id, *helped)
    return replace(match, intent=target_intent(facts.kind_of(entity_id), aspect), subjects=moved)


def _helpers(knowledge: KnowledgeBase, facts: FactIndex, entity_id: str) -> set[str]:
    """The resources whose facts name this entry (they help with it or prepare for it)."""
    return {e for e in facts.named_by.get(entity_id, ()) if e in knowledge.resources}


def _may_move(knowledge: KnowledgeBase, facts: FactIndex, match: Match, target: str) -> bool:
    """Whether facts of another entry may answer: a resource that helps with a subject may,
    when the question is about certifications or study;
    otherwise only when the question names no role or certification of its own, or names a
    whole field of roles ("PACS professionals"). A term hands over to the roles, certifications
    and resources naming it ("the top PARCA cert" is the CPSM), never to another term."""
    if match.intent in STUDY_INTENTS and any(
        target in _helpers(knowledge, facts, s) for s in match.subjects
    ):
        return True
    wanted = INTENT_ASPECTS.get(match.intent or "", ())
    if all(_empty(facts, s, wanted) for s in match.subjects):
        return True
    kind = facts.kind_of(target)
    for subject in match.subjects:
        entity = knowledge.entity(subject)
        if entity is None or entity.kind == "term":
            if kind == "term":
                return False
            continue
        if subject not in knowledge.parent_roles:
            return False
    return True


def _empty(facts: FactIndex, entity_id: str, aspects: tuple[str, ...]) -> bool:
    """Whether an entry has no fact of these aspects (its card on them would be empty)."""
    return not any(facts.facts[p].aspect in aspects for p in facts.by_entity.get(entity_id, ()))


def _candidates(
    knowledge: KnowledgeBase,
    facts: FactIndex,
    match: Match,
    wanted: tuple[str, ...],
    *,
    asks: bool = True,
) -> set[str]:
    """The entries whose facts may answer: the subjects, and the entries around them
    (``asks``: whether the question's words ask something, such as a definition)."""
    if not match.subjects:
        kinds = KINDS_WITHOUT_SUBJECT.get(match.intent or "", ())
        return {e for kind in kinds for e in facts.by_kind.get(kind, ())}
    asked_kinds = KINDS_WITHOUT_SUBJECT.get(match.intent or "", ())
    # the resources that help with the subjects ("a question bank for the CIIP exam")
    entities = set(match.subjects)
    entities |= {e for s in match.subjects for e in _helpers(knowledge, facts, s)}
    for subject in match.subjects:
        entity = knowledge.entity(subject)
        if entity is None:
            continue
        if entity.kind == "term":
            # PARCA's certifications, DICOM's roles: the entries whose facts name the term;
            # and of the kind asked for, those whose words name it ("certs instead of PARCA's")
            entities.update(facts.named_by.get(subject, ()))
            entities.update(
                e
                for e in (facts.facts[p].entity for p in facts.mentions.get(subject, ()))
                if facts.kind_of(e) in asked_kinds
            )
            if not asks:
                # nothing asked about the term itself ("third place state for ris?"): the
                # roles named after it may answer (the RIS analyst)
                entities.update(roles_named_after(knowledge, subject))
        elif subject in knowledge.parent_roles and not any(
            facts.facts[p].aspect in wanted for p in facts.by_entity.get(subject, ())
        ):
            # nothing on the asked aspect ("how do i get into pacs" about the whole field):
            # the same aspect of the other entries of its kind may answer, and so may the
            # entries of the kind asked for ("pacs career videos": the videos)
            entities.update(facts.by_kind.get(entity.kind, ()))
            entities.update(e for kind in asked_kinds for e in facts.by_kind.get(kind, ()))
    return entities
