"""Answer what ``decide`` would decline when the knowledge's own words plainly answer it.

Reworded questions carry words that are neither aliases nor intent keywords ("which pacs
certification is the most specialised"), so the intent reading counts them as unknown and
gives up. Two repairs, both from the facts' words: words the named entries' facts use are not
unknown (``explain_unknown``, before deciding), and a decline is overturned when one fact holds
most of the question (``rescue``, after deciding).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bot.intents import BY_NAME, INTENT_ASPECTS, KINDS_WITHOUT_SUBJECT
from bot.knowledge.facts import Fact
from bot.knowledge.model import KnowledgeBase
from bot.matching.analyse import Analysis, Mention, words_beside_heads
from bot.matching.aspects import target_intent
from bot.matching.decide import Match, roles_named_after
from bot.matching.fact_rank import (
    FactIndex,
    QuestionStems,
    entity_pull,
    question_stems,
    score_facts,
    stem,
)
from bot.matching.focus import SWITCH_RATIO, Focus
from bot.matching.index import MatchIndex

# Declines that a clear fact match may overturn, and how clear it must be.
RESCUABLE = frozenset({"unsure", "unknown_subject", "off_topic"})
RESCUE_MIN = 4.5  # the best fact's score
RESCUE_WORDS = 2  # distinct question words the fact holds...
RESCUE_SHARE = 0.5  # ...and at least this share of the question's telling and unknown words
RESCUE_CONFIDENCE = 0.6
# A question naming nothing at all ("what are medical images used for in patient care") is
# answered from all the facts only when one holds this many of its telling words...
OPEN_TELLING = 3
OPEN_SHARE = 0.6  # ...and this share of all its words, known or not


def explained_words(
    facts: FactIndex,
    analysis: Analysis,
    entities: set[str],
    synonyms: Mapping[str, str] | None = None,
) -> set[str]:
    """Unknown question words that the facts of these entries use: they are not off-topic."""
    positions = {p for e in entities for p in facts.by_entity.get(e, ())}
    explained = set()
    for word in analysis.unknown:
        # a moderator's synonym is read as its meaning ("db" as "database")
        meaning = synonyms.get(word, word).split() if synonyms else [word]
        found = next(filter(None, map(facts.stems_of, meaning)), None)
        if found is None:
            continue
        if any(p in positions for p, _ in facts.postings.get(found, ())):
            explained.add(word)
    return explained


def explain_unknown(
    knowledge: KnowledgeBase,
    facts: FactIndex,
    analysis: Analysis,
    index: MatchIndex | None = None,
) -> Analysis:
    """The analysis with words the named entries' facts use counted as understood (given the
    ``index``, also those of the roles a lone head word hints at).

    "which windows server versions should a pacs admin know": "windows" and "server" are not
    aliases or keywords, but the administrator's skills name them, so the question is on topic.
    """
    if not analysis.unknown:
        return analysis
    entities = {m.entity_id for m in analysis.mentions if m.kind != "place"}
    for entity_id in list(entities):
        entities.update(facts.named_by.get(entity_id, ()))
        if not analysis.intents:
            # nothing asked about a term itself ("third place state for ris?"): the roles named
            # after it explain the words their facts use too
            entities.update(roles_named_after(knowledge, entity_id))
    # the roles a lone head word hints at ("the admin's bonus, what percent") explain the words
    # their facts use too, except a word naming the head as another job ("sql server admin")
    top = analysis.partial[0][1] if analysis.partial else 0.0
    hinted = {e for e, s in analysis.partial if s == top and facts.kind_of(e) == "role"}
    if not entities and not hinted:
        return analysis
    explained = explained_words(facts, analysis, entities, knowledge.synonyms)
    if hinted and index is not None:
        more = explained_words(facts, analysis, hinted, knowledge.synonyms)
        explained |= more - words_beside_heads(index, analysis, more)
    if not explained:
        return analysis
    unknown = tuple(w for w in analysis.unknown if w not in explained)
    return replace(
        analysis,
        mentions=tuple(_restored(m, analysis, explained) for m in analysis.mentions),
        unknown=unknown,
        known_content=analysis.known_content + len(analysis.unknown) - len(unknown),
    )


def _restored(mention: Mention, analysis: Analysis, explained: set[str]) -> Mention:
    """A one-word name the analysis discounted for an unknown word beside it ("what knowledge
    does CPAS expect") keeps its full score when the facts explain that word."""
    if mention.end - mention.start != 1 or mention.kind == "place" or mention.score > 0.5:
        return mention
    beside = {
        analysis.raw_words[at]
        for at in (mention.start - 1, mention.end, mention.end + 1)
        if 0 <= at < len(analysis.raw_words)
    }
    if not beside & explained or beside & set(analysis.unknown) - explained:
        return mention
    return replace(mention, score=min(1.0, mention.score * 2))


def rescue(
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
    clearly beats every other entry, the fact answers. A question naming nothing and asking
    for no kind of entry is answered only when one fact of any entry holds ``OPEN_TELLING`` of
    its telling words and ``OPEN_SHARE`` of all its words; otherwise it stays declined.
    """
    # "which one takes just a diploma?" asks which entry of a kind, naming none and hinting at
    # none ("an analyst" is a choice among analysts): the one whose fact plainly answers is the
    # answer, not a choice among all of them
    unnamed = (
        match.outcome == "clarify"
        and match.reason == "no_subject"
        and bool(analysis.intents)
        and not analysis.partial
        and all(m.kind == "place" for m in analysis.mentions)
        and not _hints_at_a_role(index, analysis)
    )
    if not unnamed and (match.outcome != "decline" or match.reason not in RESCUABLE):
        return Focus(match)
    # Only entries named outright: a lone head word ("the admin of this server") or a name
    # beside unknown words ("echo results") may be about something else entirely.
    named = {m.entity_id for m in analysis.mentions if m.kind != "place" and m.score >= 0.75}
    kinds = {k for intent, _ in analysis.intents for k in KINDS_WITHOUT_SUBJECT.get(intent, ())}
    entities = set(named)
    for entity_id in named:
        entities.update(facts.named_by.get(entity_id, ()))
    # the entries of the kinds asked for are of those kinds already: only the named ones and
    # their neighbours need their kind looked up (a kind may hold 50,000 terms)
    wanted = {e for e in entities if facts.kind_of(e) in kinds}
    if kinds:
        of_kinds = [e for kind in kinds for e in facts.by_kind.get(kind, ())]
        entities.update(of_kinds)
        wanted.update(of_kinds)
    if unnamed:
        only = _one_of_kind(facts, match.intent or "", question_stems(index, facts, analysis))
        if only:
            return _answered(facts, analysis, only[0], only)
        if not entities:
            return Focus(match)
    if not entities and not _may_hold(facts, analysis, OPEN_TELLING):
        return Focus(match)  # most off-topic questions: cheaper than reading every fact
    read = question_stems(index, facts, analysis, tuple(named))
    every, telling = read.every, read.telling
    # a lone head word ("admin") hints at entries without naming one: it is no telling word here
    # unless every entry it hints at is of the kind asked for ("the network+ book": a book); a
    # moderator's on-topic word ("radiology", "imaging") hinting at no role is a word of the
    # question all the same, though some term's name holds it ("imaging beyond radiology")
    heads = {
        stem(t)
        for t in analysis.tokens
        if index.heads(t)
        and not (t in index.domain_words and not _heads_a_role(index, t))
        and not index.keyword_intents(t)
        and not (wanted and all(e in wanted for e, _, _ in index.heads(t)))
    } - {stem(analysis.tokens[i]) for m in analysis.mentions for i in range(m.start, m.end)}
    every = [w for w in every if w not in heads]
    telling = [w for w in telling if w not in heads]
    # unknown words a fact uses somewhere are counted once, among the question's stems
    unread = sum(facts.stems_of(w) not in set(read.every) for w in analysis.unknown)
    lead: tuple[Fact, ...] = ()
    if not entities:
        # nothing named, no kind of entry asked for: every fact, with a stricter bar
        lead = _plain_answer(facts, None, every, telling, unread, (OPEN_TELLING, OPEN_SHARE))
    # a question asking for an entry of some kind ("which cert fits me") is answered by one
    # of that kind when one qualifies; otherwise by any entry around the names
    tries = [wanted, entities] if wanted and wanted != entities else [entities]
    # an entry only hinted at ("director" alone) is no word of the question to drop, but its
    # facts may answer too ("does moving up to director need more certs")
    hinted = {m.entity_id for m in analysis.mentions if m.kind != "place"} - entities
    if hinted and entities:
        tries.append(entities | hinted)
    for group in tries if entities else ():
        if group is wanted:
            # the entries named are then words of the question ("cert for PACS-RIS interfaces")
            named_words = question_stems(index, facts, analysis)
            lead = _plain_answer(
                facts, group, named_words.every, named_words.telling, unread, kind_asked=True
            )
        else:
            asked = bool(wanted) and group == wanted
            lead = _plain_answer(facts, group, every, telling, unread, kind_asked=asked)
        if lead:
            break
    if not lead:
        return Focus(match)
    return _answered(facts, analysis, lead[0], lead)


def _answered(facts: FactIndex, analysis: Analysis, fact: Fact, lead: tuple[Fact, ...]) -> Focus:
    """The answer from the fact that plainly answers, at the place the question names."""
    kind = facts.kind_of(fact.entity)
    place = next((m.entity_id for m in analysis.mentions if m.kind == "place"), None)
    answered = Match(
        "answer", RESCUE_CONFIDENCE, target_intent(kind, fact.aspect), (fact.entity,), place
    )
    return Focus(answered, lead)


def _plain_answer(
    facts: FactIndex,
    entities: set[str] | None,
    every: list[str],
    telling: list[str],
    unknown: int,
    bar: tuple[int, float] = (1, RESCUE_SHARE),
    *,
    kind_asked: bool = False,
) -> tuple[Fact, ...]:
    """The facts of these entries (None: of every entry) that plainly answer, if any do (see
    ``rescue``); ``bar``: how many telling words they must hold, and what share of the
    question's words; ``kind_asked``: the question asks for an entry of these entries' kind
    ("networking resources"), so that asked kind and one telling word only one entry's facts
    use are two words held.

    A question may name several things one entry's facts hold together ("servers, db": two skills
    of the administrator), so the words held are those of the best fact and of the next best fact
    of its entry and aspect. Entries whose best fact names the winner (the administrator's "can
    be promoted to PACS manager" for the manager) or says word for word what the winner's says
    (three books sharing one note) are no rivals: they tell the same.
    """
    positions = (
        None if entities is None else {p for e in entities for p in facts.by_entity.get(e, ())}
    )
    scores = score_facts(facts, every, positions)
    if not scores or max(scores.values()) < RESCUE_MIN:
        return ()
    ranked = sorted(scores.items(), key=lambda ps: (-ps[1], ps[0]))
    position = ranked[0][0]
    fact = facts.facts[position]
    held = {w for w in set(every) if w in facts.weights[position]}
    partner = next(
        (
            p
            for p, _ in ranked[1:]
            if facts.facts[p].entity == fact.entity and facts.facts[p].aspect == fact.aspect
        ),
        None,
    )
    lead = [fact]
    if partner is not None:
        more = {w for w in set(every) if w in facts.weights[partner]} - held
        if more:
            held |= more
            lead.append(facts.facts[partner])
    # the kind asked for counts as a word held when the one telling word is the entry's alone
    told = held & set(telling)
    kind_word = (
        kind_asked
        and len(told) == 1
        and len({facts.facts[p].entity for p, _ in facts.postings.get(min(told), ())}) == 1
    )
    # a fact holding every word of the question needs one telling word fewer ("why are medical
    # images taken": "medical" is on-topic, so only two of its three words tell)
    whole = unknown == 0 and held >= set(every) and bar[0] > RESCUE_WORDS
    if (
        len(held) + kind_word < RESCUE_WORDS
        # the intent's own words ("book") name no fact by themselves
        or len(held & set(telling)) < bar[0] - whole
        or len(held) < bar[1] * (len(set(every)) + unknown)
    ):
        return ()  # decided before weighing every rival entry, which is the costly part
    top: dict[str, int] = {}
    for p, _ in ranked:
        top.setdefault(facts.facts[p].entity, p)
    pull = entity_pull(facts, scores)
    rival = max(
        (
            pull[e]
            for e, p in top.items()
            if e != fact.entity
            and fact.entity not in facts.facts[p].about
            and _unnamed(facts.facts[p]) != _unnamed(fact)
            # the one fact holding the whole question has rivals only in others doing so too
            and (not whole or all(w in facts.weights[p] for w in set(every)))
        ),
        default=0.0,
    )
    if pull[fact.entity] < SWITCH_RATIO * rival:
        return ()
    return tuple(lead)


def _one_of_kind(facts: FactIndex, intent: str, read: QuestionStems) -> tuple[Fact, ...]:
    """The fact answering "which one ..." of an intent asked without naming an entry: the only
    entry whose facts of the asked aspect hold a word asked ("which job takes just a diploma":
    only one role's requirements name a diploma), when that fact holds half the question."""
    aspects = INTENT_ASPECTS.get(intent, ())
    kinds = BY_NAME[intent].applies_to if intent in BY_NAME else ()
    asked = set(read.asked)
    holders: dict[str, set[int]] = {}
    for word in asked:
        for p, _ in facts.postings.get(word, ()):
            fact = facts.facts[p]
            if fact.aspect in aspects and facts.kind_of(fact.entity) in kinds:
                holders.setdefault(word, set()).add(p)
    # the rarest such word decides ("diploma" in one fact, not "take" in four)
    alone = sorted(
        (len(facts.postings[word]), facts.facts[next(iter(ps))].entity)
        for word, ps in holders.items()
        if len({facts.facts[p].entity for p in ps}) == 1
    )
    if not alone or (len(alone) > 1 and alone[1][0] == alone[0][0] != alone[1][1]):
        return ()
    entity = alone[0][1]
    positions = {p for ps in holders.values() for p in ps if facts.facts[p].entity == entity}
    scores = score_facts(facts, read.every, positions)
    if not scores or max(scores.values()) < RESCUE_MIN:
        return ()
    position = max(scores, key=lambda p: (scores[p], -p))
    if len(asked & set(facts.weights[position])) < RESCUE_SHARE * len(set(read.every)):
        return ()
    return (facts.facts[position],)


def _unnamed(fact: Fact) -> str:
    """A fact's sentence without the name of its entry before a colon ("**Book**: ...")."""
    return fact.text.rpartition(": ")[2] if fact.text.startswith("**") else fact.text


def _may_hold(facts: FactIndex, analysis: Analysis, least: int) -> bool:
    """Whether at least ``least`` of the question's words are, as typed, words of some fact."""
    words = {w for w in analysis.tokens if w not in facts.stopwords}
    return sum(facts.stems_of(w, fuzzy=False) is not None for w in words) >= least


def _hints_at_a_role(index: MatchIndex, analysis: Analysis) -> bool:
    """Whether a word of the question is a word of some role's name ("an analyst"), also where
    too many entries share the word for it to count as a head word (a large knowledge base)."""
    return any(
        any(index.entity_kind.get(owner) == "role" for owner in index.word_owners.get(token, ()))
        for token in analysis.tokens
        if token not in index.stopwords and token not in index.domain_words
    )


def _heads_a_role(index: MatchIndex, token: str) -> bool:
    """Whether ``token`` is the head word of some role's name ("role", "admin")."""
    return any(index.entity_kind.get(owner) == "role" for owner, _, _ in index.heads(token))
