"""Read a question once: the entries it names, the intents it signals, the words left unknown."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.matching.english import (
    CERT_WORDS,
    COMMON_WORDS,
    EXCLUDING_PAIRS,
    IDIOM_GAP,
    IDIOMS,
    MEANT,
    NEGATIONS,
    PHRASE_FILLERS,
    PLACE_ASIDE,
    SAID,
    STOPWORDS,
)
from bot.matching.index import KEYWORD_WEIGHT, PHRASE_WEIGHT, PLACE_SLOT, SUBJECT_SLOT, MatchIndex
from bot.matching.normalise import singular, tokenize

# Articles are left out of the skeleton: "become a {subject}" reads as "become {subject}".
ARTICLES = frozenset({"a", "an", "the"})
_AMOUNT = re.compile(r"^\d{2,3}k$")

# A question longer than this is cut before matching; nobody asks a career question in more words,
# and it bounds the work a hostile 50,000-character message can cause.
MAX_TOKENS = 120
# A head word names an entry with that entry's other alias words standing this close to it.
SCATTER = 3


@dataclass(frozen=True, slots=True)
class Mention:
    """An entry named by a run of question words, with how exactly it was named (0..1)."""

    entity_id: str
    kind: str
    start: int
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class Analysis:
    """What one reading of a question found."""

    tokens: tuple[str, ...]
    raw_words: tuple[str, ...]  # the words as typed (after normalising), one per token
    mentions: tuple[Mention, ...]
    partial: tuple[tuple[str, float], ...]  # entries hinted at by a lone head word, best first
    intents: tuple[tuple[str, float], ...]  # intent scores, best first
    unknown: tuple[str, ...]  # content words the knowledge base does not know
    known_content: int  # content words that were understood
    # words naming a place the knowledge does not list (Chicago, India), counted as understood:
    # the gap says the source has no figures there
    unlisted_places: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        """True when the question had no words at all (an emoji, markup, blank)."""
        return not self.tokens

    def of_kind(self, *kinds: str) -> list[Mention]:
        """Mentions of these kinds, in question order, each entry once."""
        seen: set[str] = set()
        found = []
        for mention in self.mentions:
            if mention.kind in kinds and mention.entity_id not in seen:
                seen.add(mention.entity_id)
                found.append(mention)
        return found


# Words after a frame such as "how much" that are read for what it frames.
FRAMED_WORDS = 3


def analyse(index: MatchIndex, text: str) -> Analysis:
    """Find mentions, intent signals and unknown words in one left-to-right pass."""
    raw, tokens, similarity = _read_words(index, text)
    mentions, consumed = _find_mentions(index, tokens, similarity)
    mentions = _discount_modified(index, tokens, mentions, consumed)
    mentions = _scattered_names(index, tokens, similarity, mentions, consumed)
    negated = _set_aside(index, tokens, similarity, mentions)
    mentions = [m for m in mentions if m.start not in negated]
    intent_scores, signal = _score_intents(index, tokens, mentions, consumed)

    partial: dict[str, float] = {}
    words = frozenset(tokens)
    mentioned = frozenset(m.entity_id for m in mentions)
    unknown: list[str] = []
    known_content = 0
    for position, token in enumerate(tokens):
        if consumed[position] or signal[position]:
            known_content += 1
            continue
        if token in index.stopwords or token.isdigit() or token == "$":
            continue
        if token in index.domain_words:
            known_content += 1
            continue
        owners = index.heads(token)
        if position in negated:
            known_content += 1  # "not the analyst, the admin": named, then set aside
            continue
        if owners and similarity[position] > 0:
            known_content += 1
            owners = _certified(index, tokens, position, owners)
            for owner, share, rest in owners:
                # "pacs analyst vs admin": the words the head left out appear elsewhere.
                echo = 0.25 if rest & words else 0.0
                partial[owner] = partial.get(owner, 0.0) + (share + echo) * similarity[position]
            continue
        if token in index.modifiers and token not in index.domain_words:
            if index.word_owners.get(token, frozenset()) & mentioned:
                known_content += 1  # "vna, vendor neutral...": restates a named entry
            elif token in COMMON_WORDS:
                pass  # "im new, where do i start": plain English, not half of "new york"
            else:
                # A word of some alias standing without the rest ("rad tech"): it names
                # something the knowledge base does not have.
                unknown.append(raw[position])
            continue
        if similarity[position] == 0.0 or token not in index.meaningful:
            unknown.append(raw[position])
        else:
            known_content += 1

    # "not the analyst, the admin": an entry the set-aside word names is not the one meant,
    # though the settled word names it too (the cardiology analyst / administrator)
    aside = {owner for at in negated for owner, _, _ in index.heads(tokens[at])}
    if set(partial) - aside:
        partial = {e: s for e, s in partial.items() if e not in aside}
    return Analysis(
        tokens=tuple(tokens),
        raw_words=tuple(raw),
        mentions=tuple(mentions),
        partial=tuple(
            sorted(partial.items(), key=lambda kv: (-round(kv[1], 6), -index.prominence[kv[0]]))
        ),
        intents=tuple(sorted(intent_scores.items(), key=lambda kv: (-kv[1], kv[0]))),
        unknown=tuple(unknown),
        known_content=known_content,
    )


def _certified(
    index: MatchIndex,
    tokens: list[str],
    at: int,
    owners: tuple[tuple[str, float, frozenset[str]], ...],
) -> tuple[tuple[str, float, frozenset[str]], ...]:
    """The entries a head word hints at, only certifications when a word after it says a
    certification is meant ("the associate cert", "the manager certification")."""
    following = tokens[at + 1] if at + 1 < len(tokens) else ""
    if singular(following) in CERT_WORDS:
        following = singular(following) or following
    if following not in CERT_WORDS:
        return owners
    certified = tuple(o for o in owners if index.entity_kind[o[0]] == "certification")
    return certified or owners


def _set_aside(
    index: MatchIndex, tokens: list[str], similarity: list[float], mentions: list[Mention]
) -> frozenset[int]:
    """Positions of entries a correction sets aside: "not the analyst, the admin", "the
    associate cert, not the manager one". An entry named right after a negation is set aside
    only when the question still names another one, which is the one the asker settles on.
    """
    negated = set()
    meant = max((at for at, t in enumerate(tokens) if t in MEANT), default=0)
    for at in range(1, len(tokens)):
        before = at - 2 if tokens[at - 1] in ARTICLES and at >= 2 else at - 1
        if tokens[before] in NEGATIONS or (tokens[before] in SAID and at < meant):
            negated.add(at)
    if not negated:
        return frozenset()
    named = {m.start for m in mentions if m.kind != "place"}
    named.update(at for at, t in enumerate(tokens) if similarity[at] > 0 and index.heads(t))
    if not named - negated:
        return frozenset()
    return frozenset(negated & named)


def places_set_aside(analysis: Analysis) -> frozenset[str]:
    """The places named right after a word setting them aside ("besides SF", "after the bay
    area", "other than boston"): the question asks about the other places, not those. They
    still say whose pay is meant (only the PACS administrator's ranking lists SF)."""
    tokens = analysis.tokens
    aside = set()
    for mention in analysis.mentions:
        if mention.kind != "place" or mention.start == 0:
            continue
        before = mention.start - 1
        if tokens[before] in ARTICLES and before > 0:
            before -= 1
        pair = (tokens[before - 1], tokens[before]) if before > 0 else None
        if tokens[before] in PLACE_ASIDE or pair in EXCLUDING_PAIRS:
            aside.add(mention.entity_id)
    named = {m.entity_id for m in analysis.mentions if m.kind == "place"}
    return frozenset(aside) if aside == named else frozenset()


# Words after which the next content word says where or of what a job is ("at walmart").
HEAD_PREPOSITIONS = frozenset({"of", "at", "in", "for", "on", "from", "with"})


def words_beside_heads(index: MatchIndex, analysis: Analysis, words: set[str]) -> set[str]:
    """Which of these words (as typed) stand beside a lone head word ("architect", "director"),
    making it another job: just before it ("solutions architect") or just after it, also across
    what is asked about it, a preposition and filler words ("director of nursing", "manager
    salary at walmart", "the admin of our minecraft server")."""
    raw = analysis.raw_words
    named = {at for m in analysis.mentions for at in range(m.start, m.end)}
    found: set[str] = set()
    for at, token in enumerate(analysis.tokens):
        if at in named or token in index.domain_words or not index.heads(token):
            continue
        tokens = analysis.tokens
        after = at + 1
        while after < len(raw) and index.keyword_intents(tokens[after]):
            after += 1  # "manager salary at walmart": what is asked about the job
        if after < len(raw) and tokens[after] in HEAD_PREPOSITIONS:
            after += 1  # "director of nursing", "the admin of our minecraft server"
            while after < len(raw) and tokens[after] in STOPWORDS:
                after += 1
        found.update(raw[n] for n in (at - 1, after) if 0 <= n < len(raw) and raw[n] in words)
    return found


def _read_words(index: MatchIndex, text: str) -> tuple[list[str], list[str], list[float]]:
    """Question words corrected onto the vocabulary and expanded through synonyms.

    Returns the original word for each position (for reporting), the word as the knowledge base
    reads it, and how sure the correction is (0.0: not a known word).
    """
    raw: list[str] = []
    tokens: list[str] = []
    similarity: list[float] = []
    for token in tokenize(text)[:MAX_TOKENS]:
        if _AMOUNT.match(token):
            token = "$"  # "75k", "100k": a pay amount
        correction = index.correct(token)
        if correction is None:
            raw.append(token)
            tokens.append(token)
            similarity.append(0.0)
            continue
        for word in index.expand(correction.word):
            raw.append(token)
            tokens.append(word)
            similarity.append(correction.similarity)
    return raw, tokens, similarity


def _find_mentions(
    index: MatchIndex, tokens: list[str], similarity: list[float]
) -> tuple[list[Mention], list[bool]]:
    """Greedy longest-first alias matching; returns mentions and which positions they cover."""
    mentions: list[Mention] = []
    consumed = [False] * len(tokens)
    i = 0
    # An alias is made of known words only, so the longest that can start at a position ends
    # before the next unknown word: junk text, all unknown words, costs one step a word.
    known_run = [0] * (len(tokens) + 1)
    for at in range(len(tokens) - 1, -1, -1):
        known_run[at] = known_run[at + 1] + 1 if similarity[at] else 0
    while i < len(tokens):
        for length in index.phrase_lengths.get(tokens[i], ()):
            if length > known_run[i]:
                continue
            entity_id = index.phrases.get(tuple(tokens[i : i + length]))
            if entity_id is None:
                continue
            kind = index.entity_kind[entity_id]
            scores = similarity[i : i + length]
            mentions.append(Mention(entity_id, kind, i, i + length, min(scores)))
            consumed[i : i + length] = [True] * length
            i += length - 1
            break
        i += 1
    return mentions, consumed


def _scattered_names(
    index: MatchIndex,
    tokens: list[str],
    similarity: list[float],
    mentions: list[Mention],
    consumed: list[bool],
) -> list[Mention]:
    """A head word whose alias's other words all stand elsewhere in the question names that
    entry: "an analyst in pacs" is the PACS analyst, "admin for cardiology pacs" the cardiology
    one. The words must stand within SCATTER words of the head ("my supervisor told me the PACS
    team" names no PACS supervisor). Words already naming a role or certification of their own
    ("is a pacs admin an analyst") do not count; of several entries so named, the one named by
    most words wins.
    """
    taken = {
        at for m in mentions if m.kind in ("role", "certification") for at in range(m.start, m.end)
    }
    found: list[Mention] = []
    for at, token in enumerate(tokens):
        if consumed[at] or similarity[at] < 1.0 or not index.heads(token):
            continue
        near = range(max(0, at - SCATTER), min(len(tokens), at + SCATTER + 1))
        free = frozenset(tokens[n] for n in near if n not in taken and n != at)
        named = [
            (len(rest), owner)
            for owner, _, rest in index.heads(token)
            if index.entity_kind[owner] == "role" and rest <= free
        ]
        if not named:
            continue
        named.sort(reverse=True)
        if len(named) > 1 and named[0][0] == named[1][0]:
            continue
        entity_id = named[0][1]
        found.append(Mention(entity_id, index.entity_kind[entity_id], at, at + 1, similarity[at]))
        consumed[at] = True
    if not found:
        return mentions
    return sorted([*mentions, *found], key=lambda m: m.start)


def _discount_modified(
    index: MatchIndex, tokens: list[str], mentions: list[Mention], consumed: list[bool]
) -> list[Mention]:
    """A one-word mention next to an unknown word names something else: "aws solutions
    architect", "director of nursing", "vna nurses". Such mentions lose most of their score.
    """

    mentioned = frozenset(m.entity_id for m in mentions)

    def unknown_at(at: int) -> bool:
        """A content word here that the question's reading does not explain."""
        if at < 0 or at >= len(tokens) or consumed[at]:
            return False
        token = tokens[at]
        return not (
            token in index.stopwords
            or token in index.domain_words
            or index.keyword_intents(token)
            or token.isdigit()
            or token == "$"
            or index.word_owners.get(token, frozenset()) & mentioned
            or _starts_phrase(index, tokens, at)  # "vna short for": asks what it stands for
        )

    result = []
    for mention in mentions:
        if mention.end - mention.start == 1 and mention.kind != "place":
            after = mention.end
            if after < len(tokens) and tokens[after] == "of":
                after += 1
            if unknown_at(mention.start - 1) or unknown_at(after):
                mention = Mention(
                    mention.entity_id, mention.kind, mention.start, mention.end, mention.score * 0.5
                )
        result.append(mention)
    return result


def _starts_phrase(index: MatchIndex, tokens: list[str], at: int) -> bool:
    """Whether an intent phrase ("short for", "stand for") starts at this word."""
    return any(
        1 < n <= len(tokens) - at and tuple(tokens[at : at + n]) in index.intent_phrases
        for n in index.intent_phrase_lengths.get(tokens[at], ())
    )


def _score_intents(
    index: MatchIndex, tokens: list[str], mentions: list[Mention], consumed: list[bool]
) -> tuple[dict[str, float], list[bool]]:
    """Score intents from keywords and from phrases matched on the question's skeleton.

    The skeleton replaces each mention with one slot word, so a phrase such as
    "what does {subject} do" matches whatever the subject was called.
    """
    skeleton: list[tuple[str, int | None]] = []  # (word, its position) ; slots have no position
    starts = {m.start: m for m in mentions}
    position = 0
    while position < len(tokens):
        mention = starts.get(position)
        if mention is not None:
            skeleton.append((PLACE_SLOT if mention.kind == "place" else SUBJECT_SLOT, None))
            position = mention.end
            continue
        if tokens[position] not in PHRASE_FILLERS:
            skeleton.append((tokens[position], position))
        position += 1

    scores: dict[str, float] = {}
    signal = [False] * len(tokens)
    words = [w for w, _ in skeleton]
    for start, first in enumerate(words):
        for length in index.intent_phrase_lengths.get(first, ()):
            if length < 2 or start + length > len(words):
                continue
            intents = index.intent_phrases.get(tuple(words[start : start + length]))
            if not intents:
                continue
            for _, at in skeleton[start : start + length]:
                if at is not None:
                    signal[at] = True
            if _yields(index, words[start : start + length], words[start + length :], intents):
                continue
            for intent in intents:
                scores[intent] = scores.get(intent, 0.0) + PHRASE_WEIGHT
    trailing = _trailing_keywords(index, tokens, mentions)
    for at, token in enumerate(tokens):
        if (consumed[at] and at not in trailing) or _in_idiom(tokens, at):
            continue
        intents = index.keyword_intents(token)
        if intents and token in MEANT and at > 0 and tokens[at - 1] == "i":
            signal[at] = True  # "i meant the top one" corrects; it asks for no meaning
            continue
        if intents:
            signal[at] = True
            for intent in intents:
                scores[intent] = scores.get(intent, 0.0) + KEYWORD_WEIGHT
    return scores, signal


def _trailing_keywords(index: MatchIndex, tokens: list[str], mentions: list[Mention]) -> set[int]:
    """Positions of keywords that end an alias whose other words are an alias of the same entry
    on their own: "parca cert" names PARCA and still asks about certifications."""
    found: set[int] = set()
    for mention in mentions:
        last = mention.end - 1
        if mention.kind == "place" or last <= mention.start:
            continue
        shorter = index.phrases.get(tuple(tokens[mention.start : last]))
        if shorter == mention.entity_id and index.keyword_intents(tokens[last]):
            found.add(last)
    return found


def _in_idiom(tokens: list[str], at: int) -> bool:
    """Whether the word opens an idiom that uses it in another sense ("makes more sense": no
    pay), with at most IDIOM_GAP words between it and the idiom's last word."""
    ends = IDIOMS.get(tokens[at])
    return ends is not None and not ends.isdisjoint(tokens[at + 1 : at + 2 + IDIOM_GAP])


def _yields(
    index: MatchIndex, phrase: list[str], after: list[str], intents: tuple[str, ...]
) -> bool:
    """Whether a phrase is only a frame for the word after it: "how much experience" asks
    about experience, not pay. A phrase of filler words only ("how much", not "which city")
    yields when the next word, or one after up to two content words that signal nothing ("how
    much medical informatics experience"), is a keyword of other intents only."""
    if not all(word in index.stopwords for word in phrase):
        return False
    for word in after[:FRAMED_WORDS]:
        if word in (SUBJECT_SLOT, PLACE_SLOT):
            return False  # "how much <a role> ...": the frame asks about what it names
        signalled = index.keyword_intents(word)
        if signalled:
            return not set(signalled) & set(intents)
        if word in index.stopwords:
            return False
    return False


def places_named(index: MatchIndex, text: str) -> list[str]:
    """The places ``text`` names, in order: the mention pass of ``analyse`` alone, for reading
    where a long story says the asker is without weighing all of its words."""
    _, tokens, similarity = _read_words(index, text)
    mentions, _ = _find_mentions(index, tokens, similarity)
    return [m.entity_id for m in mentions if m.kind == "place"]
