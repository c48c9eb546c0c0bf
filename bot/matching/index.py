"""Everything the matcher needs, precomputed once when a knowledge base loads.

A question then costs one pass over its words: dictionary look-ups for known words and phrases,
and a rapidfuzz search only for the few words that are not already known (typos), restricted to
vocabulary words of similar length and cached.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.knowledge.model import Entity, KnowledgeBase
from bot.matching import other_languages
from bot.matching.english import COMMON_WORDS, PHRASE_FILLERS
from bot.matching.normalise import singular

_MIN_CORRECTABLE = 4
_MIN_MISSPELT = 6  # shorter alias words that differ by one letter are mostly different words
_CACHE_LIMIT = 50_000
_TIES = 8  # near words compared per length when picking a typo's correction
# A word in more entries' aliases than this ("pacs") is too common to hint at any one entry.
_MAX_HEAD_OWNERS = 16
# In intent phrases, these words stand for any entry / any place named in the question:
# "what does {subject} do" matches "what does a cardio pacs admin do".
SUBJECT_SLOT = "subject"
PLACE_SLOT = "place"

# Intent phrases count more than single keywords: "how much" says more than "make".
PHRASE_WEIGHT = 2.0
KEYWORD_WEIGHT = 1.0


@dataclass(frozen=True, slots=True)
class Correction:
    """A question word mapped onto the vocabulary, with how sure that mapping is (0..1)."""

    word: str
    similarity: float


@dataclass
class MatchIndex:
    """Alias phrases, vocabulary, head words and intent signals of one knowledge base."""

    phrases: dict[tuple[str, ...], str]
    max_phrase_length: int
    entity_kind: dict[str, str]
    vocabulary: frozenset[str]
    by_length: dict[int, list[str]]
    # last word of an alias -> (entry, share of the alias it is, the alias's other words)
    head_words: dict[str, tuple[tuple[str, float, frozenset[str]], ...]]
    intent_keywords: dict[str, tuple[str, ...]]
    intent_phrases: dict[tuple[str, ...], tuple[str, ...]]
    stopwords: frozenset[str]
    domain_words: frozenset[str]
    modifiers: frozenset[str]  # alias words that never end an alias ("rad", "junior")
    word_owners: dict[str, frozenset[str]]  # alias word -> the entries whose aliases use it
    prominence: dict[str, int]
    names: dict[str, str]
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    alias_words: dict[str, frozenset[str]] = field(default_factory=dict)  # entry -> its alias words
    # Words that mean something on their own: alias words, keywords, fillers and domain words.
    # A word found only inside intent phrases ("life" of "day in the life") is unknown alone.
    meaningful: frozenset[str] = frozenset()
    # first word of an alias -> the lengths of the aliases starting with it, longest first
    phrase_lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # the same for intent phrases ("short for", "what does {subject} do")
    intent_phrase_lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    search_choices: list[str] = field(default_factory=list)
    search_owner: list[str] = field(default_factory=list)
    _cache: dict[str, Correction | None] = field(default_factory=dict, repr=False)

    def keyword_intents(self, word: str) -> tuple[str, ...]:
        """Intents a single word signals, also through its singular ("certs" -> "cert") or its
        -ing form ("certifying" -> "certify")."""
        found = self.intent_keywords.get(word)
        if found is None:
            plain = singular(word)
            found = self.intent_keywords.get(plain) if plain else None
        if found is None and word.endswith("ing") and len(word) > 6:
            # "certifying", "issuing": the keyword's -ing form signals what the keyword does
            base = word[:-3]
            found = self.intent_keywords.get(base) or self.intent_keywords.get(base + "e")
        return found or ()

    def heads(self, word: str) -> tuple[tuple[str, float, frozenset[str]], ...]:
        """Entries whose aliases end in this word (or its singular), with how much it names them."""
        found = self.head_words.get(word)
        if found is None:
            plain = singular(word)
            found = self.head_words.get(plain) if plain else None
        return found or ()

    def expand(self, word: str) -> tuple[str, ...]:
        """A word as the knowledge base reads it: ``admin`` -> ``administrator``."""
        return self.synonyms.get(word, (word,))

    def correct(self, token: str) -> Correction | None:
        """Map a word to a vocabulary word: itself, its singular, or its nearest typo-fix."""
        if token in self.vocabulary:
            return Correction(token, 1.0)
        cached = self._cache.get(token, ...)
        if cached is not ...:
            return cached
        result = self._correct_uncached(token)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[token] = result
        return result

    def _correct_uncached(self, token: str) -> Correction | None:
        plain = singular(token)
        if plain is not None and plain in self.vocabulary:
            return Correction(plain, 1.0)
        if len(token) < _MIN_CORRECTABLE or not token.isalpha():
            return None
        max_distance = 1 if len(token) <= 6 else 2
        letters = sorted(token)
        best: tuple[int, bool, bool, str] | None = None
        for length in range(len(token) - max_distance, len(token) + max_distance + 1):
            bucket = self.by_length.get(length)
            if not bucket:
                continue
            found = process.extract(
                token, bucket, scorer=OSA.distance, score_cutoff=max_distance, limit=_TIES
            )
            for word, distance, _ in found:
                # Prefer the smaller distance, then swapped letters ("cpms" is "cpsm" more
                # likely than "cpas"), then a word with the same first letter.
                candidate = (int(distance), sorted(word) != letters, word[0] != token[0], word)
                if best is None or candidate[:3] < best[:3]:
                    best = candidate
        if best is None:
            return None
        distance, word = best[0], best[3]
        return Correction(word, 1.0 - distance / max(len(token), len(word)) * 1.5)


def build_index(knowledge: KnowledgeBase) -> MatchIndex:
    """Precompute the match index for a knowledge base."""
    phrases: dict[tuple[str, ...], str] = {}
    entity_kind: dict[str, str] = {}
    head: dict[str, dict[str, tuple[float, frozenset[str]]]] = defaultdict(dict)
    token_entities: dict[str, set[str]] = defaultdict(set)
    vocabulary: set[str] = set()
    names: dict[str, str] = {}
    prominence: dict[str, int] = {}
    search_choices: list[str] = []
    search_owner: list[str] = []
    synonyms = {word: tuple(meaning.split()) for word, meaning in other_languages.WORDS.items()}
    synonyms.update((word, tuple(meaning.split())) for word, meaning in knowledge.synonyms.items())
    for typo, word in _misspellings(knowledge).items():
        synonyms.setdefault(typo, synonyms.get(word, (word,)))
    vocabulary.update(synonyms)
    phrase_words: set[str] = set()

    def expand(words: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(part for word in words for part in synonyms.get(word, (word,)))

    references = _references(knowledge)
    for position, entity in enumerate(knowledge.entities()):
        entity_kind[entity.id] = entity.kind
        names[entity.id] = entity.name
        prominence[entity.id] = _prominence(entity, position, references)
        for alias in entity.aliases:
            tokens = expand(tuple(alias.split()))
            phrases[tokens] = entity.id
            if len(tokens) > 1:
                phrases.setdefault(("".join(tokens),), entity.id)
            vocabulary.update(tokens)
            for token in tokens:
                token_entities[token].add(entity.id)
            if len(tokens) > 1:
                # The last word of a compound names the thing ("pacs analyst" is an analyst);
                # seen alone it hints at the entries it ends, the shorter the alias the more.
                owners = head[tokens[-1]]
                share = 1.0 / len(tokens)
                if share > owners.get(entity.id, (0.0,))[0]:
                    owners[entity.id] = (share, frozenset(tokens[:-1]))
            search_choices.append(alias)
            search_owner.append(entity.id)

    # A head word is a distinctive word of an alias ("analyst", "administrator"): seen alone it
    # points at the few entries that contain it, which become clarification options.
    modifiers = frozenset(token_entities) - frozenset(head)
    for token in list(head):
        if (
            len(token_entities[token]) > _MAX_HEAD_OWNERS
            or token in knowledge.stopwords
            or token.isdigit()
        ):
            del head[token]

    intent_keywords: dict[str, set[str]] = defaultdict(set)
    intent_phrases: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for intent in knowledge.intents.values():
        for keyword in intent.keywords:
            words = expand(tuple(keyword.split()))
            if len(words) == 1:
                intent_keywords[words[0]].add(intent.id)
            else:
                intent_phrases[words].add(intent.id)
            vocabulary.update(words)
        for phrase in intent.phrases:
            words = expand(tuple(w for w in phrase.split() if w not in PHRASE_FILLERS))
            intent_phrases[words].add(intent.id)
            phrase_words.update(words)
    stopwords = knowledge.stopwords | (COMMON_WORDS - vocabulary)
    vocabulary.update(stopwords)
    vocabulary.update(knowledge.domain_words)
    meaningful = frozenset(vocabulary)
    vocabulary.update(phrase_words)

    # Typos are corrected only onto words that carry meaning here: a misspelt "nursing" must
    # not become "using" and vanish, it must stay an unknown word.
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in sorted(vocabulary - stopwords):
        if word.isalpha():
            by_length[len(word)].append(word)

    return MatchIndex(
        phrases=phrases,
        max_phrase_length=max((len(p) for p in phrases), default=1),
        phrase_lengths=_lengths_by_first_word(phrases),
        entity_kind=entity_kind,
        vocabulary=frozenset(vocabulary),
        by_length=dict(by_length),
        head_words={
            t: tuple(
                (entity_id, share, rest)
                for entity_id, (share, rest) in sorted(
                    o.items(), key=lambda kv: (-kv[1][0], -prominence[kv[0]])
                )
            )
            for t, o in head.items()
        },
        modifiers=modifiers,
        word_owners={t: frozenset(o) for t, o in token_entities.items()},
        alias_words=_alias_words(token_entities),
        meaningful=meaningful,
        intent_keywords={k: tuple(sorted(v)) for k, v in intent_keywords.items()},
        intent_phrases={k: tuple(sorted(v)) for k, v in intent_phrases.items()},
        intent_phrase_lengths=_lengths_by_first_word(intent_phrases),
        stopwords=stopwords,
        domain_words=knowledge.domain_words,
        prominence=prominence,
        names=names,
        synonyms=synonyms,
        search_choices=search_choices,
        search_owner=search_owner,
    )


def _misspellings(knowledge: KnowledgeBase) -> dict[str, str]:
    """Misspelt words the aliases spell out, each with the word it misspells.

    Moderators list typos as aliases ("cardiolgy pacs analyst" beside "cardiology pacs
    analyst"); the misspelt word then means its word in every alias of the entry, so
    "cardiolgy pacs admin" is the cardiology administrator too. A word counts as misspelt when
    it is in one alias only, one edit from the word in the same place of another alias of the
    same entry, and that word is in more aliases (so "junior" never becomes "senior").
    """
    counts: Counter[str] = Counter(
        w for entity in knowledge.entities() for alias in entity.aliases for w in alias.split()
    )
    found: dict[str, str] = {}
    for entity in knowledge.entities():
        split = [alias.split() for alias in entity.aliases]
        for one, other in itertools.combinations(split, 2):
            if len(one) != len(other):
                continue
            differ = [(a, b) for a, b in zip(one, other, strict=True) if a != b]
            if len(differ) != 1:
                continue
            a, b = differ[0]
            typo, word = (a, b) if counts[a] < counts[b] else (b, a)
            if (
                counts[typo] == 1
                and counts[word] > 1
                and min(len(typo), len(word)) >= _MIN_MISSPELT
                and typo.isalpha()
                and typo not in COMMON_WORDS
                and OSA.distance(typo, word) == 1
            ):
                found[typo] = word
    return found


def _alias_words(token_entities: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    words: dict[str, set[str]] = defaultdict(set)
    for token, owners in token_entities.items():
        for owner in owners:
            words[owner].add(token)
    return {owner: frozenset(w) for owner, w in words.items()}


_KIND_RANK = {"role": 3, "certification": 2, "term": 1}


_REFERENCE_FIELDS = (
    "certifications",
    "career_next",
    "builds_on",
    "replaces",
    "valued_by",
    "preparation",
    "related",
    "helps_with",
)


def _references(knowledge: KnowledgeBase) -> Counter[str]:
    """How often each entry is named by the others (valued by, leads to, related to...)."""
    counts: Counter[str] = Counter()
    for entity in knowledge.entities():
        for name in _REFERENCE_FIELDS:
            counts.update(getattr(entity, name, ()))
    return counts


def _prominence(entity: Entity, position: int, references: Counter[str]) -> int:
    """How central an entry is; orders clarification options and empty autocomplete.

    Main roles come before the niche titles under them, then certifications, then terms; within
    a kind, entries the rest of the knowledge base refers to more often first, then file order.
    """
    kind = _KIND_RANK.get(entity.kind, 0) * 10_000
    niche = 20_000 if getattr(entity, "parent", None) else 0
    return kind - niche + references[entity.id] * 100 - position


def _lengths_by_first_word(phrases: Iterable[tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    """For each word a phrase starts with, the lengths of those phrases, longest first: a pass
    over a question's words tries only these at a position instead of every length."""
    lengths: dict[str, set[int]] = defaultdict(set)
    for words in phrases:
        lengths[words[0]].add(len(words))
    return {word: tuple(sorted(found, reverse=True)) for word, found in lengths.items()}
