"""Focus a decision on the facts that answer the question.

``decide`` reads which entries and which intent a question names; this step scores the facts of
those entries against the question's words (see ``fact_rank``) and

* picks the facts that lead the reply (the answer first, the card after it),
* changes the aspect when one fact clearly answers something else than the intent's card
  ("how much schooling does a RIS analyst need" is about requirements, not pay),
* moves to a neighbouring entry when the named one holds nothing on the asked aspect
  ("which PARCA cert is the top one" is answered by the CPSM's facts, not PARCA's definition).

Slash commands fix the intent, so for them only the lead facts are picked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from bot.knowledge.facts import Fact
from bot.knowledge.model import KnowledgeBase
from bot.matching.analyse import Analysis
from bot.matching.decide import Match
from bot.matching.fact_rank import FactIndex, coverage, score_facts, stem
from bot.matching.index import MatchIndex

# Which aspects each intent's card is about, and the intent that shows each aspect of an entry.
INTENT_ASPECTS: dict[str, tuple[str, ...]] = {
    "salary": ("pay", "place"),
    "location": ("place", "pay"),
    "role": ("definition",),
    "qualifications": ("requirements",),
    "duties": ("duties",),
    "certifications": ("certification",),
    "career_path": ("path",),
    "definition": ("definition",),
    "resources": ("resource",),
}
ASPECT_INTENT = {
    "pay": "salary",
    "place": "location",
    "requirements": "qualifications",
    "duties": "duties",
    "path": "career_path",
    "certification": "certifications",
    "resource": "resources",
}
DEFINITION_INTENT = {
    "role": "role",
    "certification": "certifications",
    "term": "definition",
    "resource": "resources",
}
# Entries searched when a question names none, by intent.
KINDS_WITHOUT_SUBJECT = {
    "certifications": ("certification",),
    "resources": ("resource",),
    "career_path": ("role",),
    "definition": ("term",),
}
ASPECT_BOOST = 1.6  # facts of the aspect the intent asks for count this much more
PLACE_BONUS = 1.5  # a figure or ranking for the place the question names
MIN_LEAD = 3.0  # a fact needs at least this score to lead a reply...
MIN_LEAD_WORDS = 2.0  # ...and this much from its words alone, before the aspect boost
LEAD_SHARE = 0.6  # further facts lead too when they score this share of the best
MAX_LEAD = 3
SWITCH_MIN = 3.0  # a fact must score this much to change the aspect or the entry
MOVE_MIN = 4.5  # ...and another entry's two best facts this much together
SWITCH_RATIO = 1.5  # a fact of another entry must beat every other entry's facts by this factor
SWITCH_MARGIN = 0.5  # ties and near-ties keep the intent reading
RARE_WORD = 4.3  # idf of a word found in at most two facts (of a couple of hundred)
LONG_QUESTION = 5  # telling words from which a question likely carries background as well
INTENT_WEIGHT = 2.5  # one intent keyword weighs as much as a fact matching a rare word or two
# Declines that a clear fact match may overturn, and how clear it must be.
RESCUABLE = frozenset({"unsure", "unknown_subject", "off_topic"})
RESCUE_MIN = 4.5
RESCUE_WORDS = 2
RESCUE_SHARE = 0.5  # ...and at least this share of the question's telling and unknown words
RESCUE_CONFIDENCE = 0.6
NO_FOCUS = frozenset({"comparison", "help"})


@dataclass(frozen=True, slots=True)
class Focus:
    """The decision after reading the facts, and the facts that lead its reply."""

    match: Match
    lead: tuple[Fact, ...] = ()


def question_stems(
    index: MatchIndex, facts: FactIndex, analysis: Analysis, subjects: tuple[str, ...] = ()
) -> tuple[list[str], list[str]]:
    """The fact stems a question's words stand for, leaving out the words naming entries.

    Returns every such stem (to pick the facts that lead) and the telling ones: without the
    intent's own keywords and the on-topic filler words, which must not re-aim a question.
    """
    named = [False] * len(analysis.tokens)
    for mention in analysis.mentions:
        # The subject's own name says nothing about which of its facts is meant, and places are
        # matched through the facts' places; other entries named are words of the question
        # ("which cert is about connecting PACS and RIS").
        if mention.kind == "place" or mention.entity_id in subjects:
            named[mention.start : mention.end] = [True] * (mention.end - mention.start)
    every: list[str] = []
    telling: list[str] = []
    fillers = facts.stopwords
    # words of the subjects' own aliases ("analyst" of "ris ... analyst") name them again
    own = {w for s in subjects for w in index.alias_words.get(s, ())}
    for position, token in enumerate(analysis.tokens):
        raw = analysis.raw_words[position]
        if named[position] or token in fillers or token == "$" or token in own:
            continue
        # a word the typo-fixer moved onto a keyword ("rays" -> "pays") may be a fact word
        exact = facts.stems_of(raw, fuzzy=False) if raw != token else None
        found = exact or facts.stems_of(token)
        if found is None:
            continue
        every.append(found)
        if token.isdigit():
            continue  # "5" picks "five years" among facts, but "explain like im 5" asks no fact
        if exact or not (index.keyword_intents(token) or token in index.domain_words):
            telling.append(found)
    return every, telling


def explained_words(facts: FactIndex, analysis: Analysis, entities: set[str]) -> set[str]:
    """Unknown question words that the facts of these entries use: they are not off-topic."""
    positions = {p for e in entities for p in facts.by_entity.get(e, ())}
    explained = set()
    for word in analysis.unknown:
        found = facts.stems_of(word)
        if found is None:
            continue
        if any(p in positions for p, _ in facts.postings.get(found, ())):
            explained.add(word)
    return explained


def explain_unknown(knowledge: KnowledgeBase, facts: FactIndex, analysis: Analysis) -> Analysis:
    """The analysis with words the named entries' facts use counted as understood.

    "which windows server versions should a pacs admin know": "windows" and "server" are not
    aliases or keywords, but the administrator's skills name them, so the question is on topic.
    """
    if not analysis.unknown:
        return analysis
    entities = {m.entity_id for m in analysis.mentions if m.kind != "place"}
    for entity_id in list(entities):
        entities.update(facts.named_by.get(entity_id, ()))
    if not entities:
        return analysis
    explained = explained_words(facts, analysis, entities)
    if not explained:
        return analysis
    unknown = tuple(w for w in analysis.unknown if w not in explained)
    return replace(
        analysis,
        unknown=unknown,
        known_content=analysis.known_content + len(analysis.unknown) - len(unknown),
    )


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
    if match.outcome != "answer" or match.intent in NO_FOCUS or match.intent is None:
        if match.outcome == "answer" and match.intent == "comparison":
            return Focus(match, _side_by_side(index, facts, analysis, match))
        return Focus(match)
    stems, telling = question_stems(index, facts, analysis, match.subjects)
    if not stems:
        return Focus(match)
    wanted = INTENT_ASPECTS.get(match.intent, ())
    entities = _candidates(knowledge, facts, match, wanted)
    entities.update(m.entity_id for m in analysis.mentions if m.kind != "place")
    if not entities:
        return Focus(match)
    positions = {p for e in entities for p in facts.by_entity.get(e, ())}
    raw = score_facts(facts, stems, positions)
    if not raw:
        return Focus(match)
    places = set(knowledge.place_and_parents(match.location)) if match.location else set()
    scored: list[tuple[float, int]] = []
    for position, score in raw.items():
        fact = facts.facts[position]
        if fact.aspect in wanted:
            score *= ASPECT_BOOST
        score += _place_bonus(fact, places)
        scored.append((score, position))
    scored.sort(key=lambda sp: (-sp[0], sp[1]))
    new_match = match
    if not forced:
        strong = score_facts(facts, telling, positions)
        # A long question matches some fact by a word or two of its background; a fact that
        # holds most of what was asked weighs more ("how much schooling" is all about school).
        if len(set(telling)) >= LONG_QUESTION:
            share = coverage(facts, telling, strong)
            strong = {p: s * math.sqrt(share[p]) for p, s in strong.items()}
        # One word re-aims a question only when it is rare in the knowledge ("schooling"); a
        # common one ("least", as in "at least a year") needs a second word beside it.
        eligible = {p for p in strong if _enough(facts, telling, p)}
        new_match = _reaim(knowledge, facts, analysis, match, strong, places, eligible)
    aspects = INTENT_ASPECTS.get(new_match.intent or "", ())
    subjects = set(new_match.subjects)
    if new_match.intent == "resources":
        # what prepares for a certification is told by the resources' own summaries
        subjects |= {e for s in new_match.subjects for e in _helpers(knowledge, facts, s)}
    lead: list[Fact] = []
    top = 0.0
    for score, position in scored:
        fact = facts.facts[position]
        if fact.aspect not in aspects and new_match.intent != "role":
            continue
        if subjects and fact.entity not in subjects:
            continue
        weak = raw[position] < MIN_LEAD_WORDS or score < MIN_LEAD
        if weak or (top and score < top * LEAD_SHARE):
            break
        top = top or score
        lead.append(fact)
        if len(lead) >= MAX_LEAD:
            break
    return Focus(new_match, tuple(lead))


def rescue(
    knowledge: KnowledgeBase,
    index: MatchIndex,
    facts: FactIndex,
    analysis: Analysis,
    match: Match,
) -> Focus:
    """Answer a question ``decide`` declined when one fact plainly answers it.

    Reworded questions ("which pacs certification is the most specialised") often carry words
    that are no alias or keyword, so the intent reading gives up. If the question shares at least
    ``RESCUE_WORDS`` telling words with one fact (and most of its words: a question mostly about
    something else is not rescued), that fact scores ``RESCUE_MIN`` or more, and its entry
    clearly beats every other entry, the fact answers. Questions naming nothing and asking
    nothing known (off-topic) are left declined.
    """
    if match.outcome != "decline" or match.reason not in RESCUABLE:
        return Focus(match)
    # Only entries named outright: a lone head word ("the admin of this server") or a name
    # beside unknown words ("echo results") may be about something else entirely.
    named = {m.entity_id for m in analysis.mentions if m.kind != "place" and m.score >= 0.75}
    kinds = {k for intent, _ in analysis.intents for k in KINDS_WITHOUT_SUBJECT.get(intent, ())}
    entities = set(named)
    for entity_id in named:
        entities.update(facts.named_by.get(entity_id, ()))
    if kinds:
        entities.update(e.id for e in knowledge.entities() if e.kind in kinds)
    if not entities:
        return Focus(match)
    every, telling = question_stems(index, facts, analysis, tuple(named))
    # a lone head word ("admin") hints at entries without naming one: it is no telling word here
    heads = {
        stem(t) for t in analysis.tokens if index.heads(t) and not index.keyword_intents(t)
    } - {stem(analysis.tokens[i]) for m in analysis.mentions for i in range(m.start, m.end)}
    every = [w for w in every if w not in heads]
    telling = [w for w in telling if w not in heads]
    positions = {p for e in entities for p in facts.by_entity.get(e, ())}
    scores = score_facts(facts, every, positions)
    if not scores:
        return Focus(match)
    pull = _pull(facts, scores)
    position, best = max(scores.items(), key=lambda ps: (ps[1], -ps[0]))
    fact = facts.facts[position]
    rival = max((p for e, p in pull.items() if e != fact.entity), default=0.0)
    held = {w for w in set(every) if any(p == position for p, _ in facts.postings[w])}
    shared = len(held)
    asked = len(set(every)) + len(analysis.unknown)
    if (
        best < RESCUE_MIN
        or shared < RESCUE_WORDS
        or not held & set(telling)  # the intent's own words ("book") name no fact by themselves
        or shared < RESCUE_SHARE * asked
        or pull[fact.entity] < SWITCH_RATIO * rival
    ):
        return Focus(match)
    kind = _kind(knowledge, fact.entity)
    place = next((m.entity_id for m in analysis.mentions if m.kind == "place"), None)
    answered = Match(
        "answer", RESCUE_CONFIDENCE, _target_intent(kind, fact.aspect), (fact.entity,), place
    )
    return Focus(answered, (fact,))


def _pull(facts: FactIndex, scores: dict[int, float]) -> dict[str, float]:
    """How strongly the question points at each entry: the sum of its two best facts (an entry
    with many facts sharing one common word must not outweigh one with two telling ones)."""
    weight: dict[str, list[float]] = {}
    for position, score in scores.items():
        weight.setdefault(facts.facts[position].entity, []).append(score)
    return {e: sum(sorted(s, reverse=True)[:2]) for e, s in weight.items()}


def _side_by_side(
    index: MatchIndex, facts: FactIndex, analysis: Analysis, match: Match
) -> tuple[Fact, ...]:
    """For a comparison, each side's best fact for the question's words, when one stands out."""
    _, telling = question_stems(index, facts, analysis, match.subjects)
    if not telling:
        return ()
    lead = []
    for subject in match.subjects[:MAX_LEAD]:
        positions = set(facts.by_entity.get(subject, ()))
        scores = score_facts(facts, telling, positions)
        if scores:
            position, score = max(scores.items(), key=lambda ps: (ps[1], -ps[0]))
            if score >= MIN_LEAD:
                lead.append(facts.facts[position])
    return tuple(lead)


def _place_bonus(fact: Fact, places: set[str]) -> float:
    """A figure for the asked place gets the bonus, a ranking naming it half (the country
    itself is no hint: every national figure is for it)."""
    if fact.place in places and fact.place != "united-states":
        return PLACE_BONUS
    if (set(fact.about) & places) - {"united-states"}:
        return PLACE_BONUS / 2
    return 0.0


def _enough(facts: FactIndex, stems: list[str], position: int) -> bool:
    """Whether a fact holds two of the question's words, or one that few facts use."""
    held = [w for w in set(stems) if any(p == position for p, _ in facts.postings.get(w, ()))]
    return len(held) >= 2 or any(facts.idf[w] >= RARE_WORD for w in held)


def _reaim(
    knowledge: KnowledgeBase,
    facts: FactIndex,
    analysis: Analysis,
    match: Match,
    raw: dict[int, float],
    places: set[str],
    eligible: set[int],
) -> Match:
    """Weigh the intent reading against the best fact of each entry and aspect.

    Each reading scores ``INTENT_WEIGHT`` times its intent signals plus its best fact. The
    decided reading keeps the strongest signal the question has (decide had reasons to pick
    it); another entry or aspect wins only with a fact that scores at least ``SWITCH_MIN``.
    """
    if not raw or match.intent is None:
        return match
    wanted = INTENT_ASPECTS.get(match.intent, ())
    signals = dict(analysis.intents)
    subjects = set(match.subjects)
    best: dict[tuple[str, str], float] = {}  # every fact: what the decided reading has
    able: dict[tuple[str, str], float] = {}  # facts strong enough to re-aim the question
    placed: dict[int, float] = {}
    for position, score in raw.items():
        fact = facts.facts[position]
        score += _place_bonus(fact, places)
        placed[position] = score
        key = (fact.entity, fact.aspect)
        best[key] = max(best.get(key, 0.0), score)
        if position in eligible:
            able[key] = max(able.get(key, 0.0), score)
    pull = _pull(facts, placed)
    current = INTENT_WEIGHT * max(signals.values(), default=0.0) + max(
        (s for (e, a), s in best.items() if a in wanted and (not subjects or e in subjects)),
        default=0.0,
    )
    chosen: tuple[float, str, str] | None = None
    for (entity_id, aspect), score in best.items():
        moves = entity_id not in subjects
        if moves:
            # another entry answers through its two best facts ("CPSM ... the highest PARCA
            # qualification", "the highest PACS qualification PARCA offers")
            if pull[entity_id] < MOVE_MIN:
                continue
        elif score < SWITCH_MIN or aspect in wanted or (entity_id, aspect) not in able:
            continue  # another aspect of the same entry needs a rare word, or two words
        entity = knowledge.entity(entity_id)
        kind = entity.kind if entity else "term"
        if kind == "role" and aspect == "definition":
            continue  # a role's summary is the overview every card of it opens with
        if moves:
            rival = max((p for e, p in pull.items() if e != entity_id), default=0.0)
            if pull[entity_id] < SWITCH_RATIO * rival or not _may_move(knowledge, match, kind):
                continue
        target = _target_intent(kind, aspect)
        total = INTENT_WEIGHT * signals.get(target, 0.0) + score
        if total > current + SWITCH_MARGIN and (chosen is None or total > chosen[0]):
            chosen = (total, entity_id, aspect)
    if chosen is None:
        return match
    _, entity_id, aspect = chosen
    moved = entity_id not in subjects
    return replace(
        match,
        intent=_target_intent(_kind(knowledge, entity_id), aspect),
        subjects=(entity_id,) if moved else match.subjects,
    )


def _kind(knowledge: KnowledgeBase, entity_id: str) -> str:
    entity = knowledge.entity(entity_id)
    return entity.kind if entity else "term"


def _target_intent(kind: str, aspect: str) -> str:
    """The intent whose card shows this aspect of an entry of this kind."""
    if kind == "term":
        return "definition"
    if kind == "resource":
        return "resources"
    if kind == "certification":
        return "resources" if aspect == "resource" else "certifications"
    return ASPECT_INTENT.get(aspect) or DEFINITION_INTENT.get(kind, "definition")


def _helpers(knowledge: KnowledgeBase, facts: FactIndex, entity_id: str) -> set[str]:
    """The resources whose facts name this entry (they help with it or prepare for it)."""
    return {e for e in facts.named_by.get(entity_id, ()) if e in knowledge.resources}


def _may_move(knowledge: KnowledgeBase, match: Match, kind: str) -> bool:
    """Whether facts of another entry (of this kind) may answer: only when the question names
    no role or certification of its own, or names a whole field of roles ("PACS
    professionals"). A term hands over to the roles, certifications and resources naming it
    ("the top PARCA cert" is the CPSM), never to another term."""
    for subject in match.subjects:
        entity = knowledge.entity(subject)
        if entity is None or entity.kind == "term":
            if kind == "term":
                return False
            continue
        if not _is_umbrella(knowledge, subject):
            return False
    return True


def _is_umbrella(knowledge: KnowledgeBase, role_id: str) -> bool:
    return any(r.parent == role_id for r in knowledge.roles.values())


def _candidates(
    knowledge: KnowledgeBase, facts: FactIndex, match: Match, wanted: tuple[str, ...]
) -> set[str]:
    """The entries whose facts may answer: the subjects, and the entries around them."""
    if not match.subjects:
        kinds = KINDS_WITHOUT_SUBJECT.get(match.intent or "", ())
        return {e.id for e in knowledge.entities() if e.kind in kinds}
    entities = set(match.subjects)
    if match.intent == "resources":
        entities |= {e for s in match.subjects for e in _helpers(knowledge, facts, s)}
    for subject in match.subjects:
        entity = knowledge.entity(subject)
        if entity is None:
            continue
        if entity.kind == "term":
            # PARCA's certifications, DICOM's roles: the entries whose facts name the term
            entities.update(facts.named_by.get(subject, ()))
        elif _is_umbrella(knowledge, subject) and not any(
            facts.facts[p].aspect in wanted for p in facts.by_entity.get(subject, ())
        ):
            # nothing on the asked aspect ("how do i get into pacs" about the whole field):
            # the same aspect of the other entries of its kind may answer
            entities.update(e.id for e in knowledge.entities() if e.kind == entity.kind)
    return entities
