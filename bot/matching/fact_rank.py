"""Rank the knowledge base's facts against a question, with weights from the facts' own words.

At index time every fact becomes a bag of word stems (its sentence, its figure kind and place,
moderators' ``asks:``), weighted BM25-style: a stem found in few facts ("promoted", "interface")
says more than one found in many ("pacs"). A question is then scored against the facts of the
entries it is about, and the aspect its intent implies gets a boost. No word list here names a
question: every weight comes from the knowledge files.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.knowledge.facts import Fact, derive_facts, own_words
from bot.knowledge.model import KnowledgeBase
from bot.matching.analyse import Analysis
from bot.matching.english import COMMON_WORDS, FIGURATIVE, NEGATIONS, WHOLE_ER_WORDS
from bot.matching.index import MatchIndex
from bot.matching.normalise import singular, tokenize

# BM25 constants: facts are short sentences, so length matters less than in long documents.
K1 = 1.2
B = 0.4
_SUFFIXES = (
    "ational",
    "ations",
    "ation",
    "ments",
    "ment",
    "ings",
    "ing",
    "ies",
    "ied",
    "ers",
    "er",
    "ed",
    "es",
    "ly",
    "s",
)
_CACHE_LIMIT = 20_000
REFERENCE_FACTS = 250
RARE_DOMAIN_WORD = 2  # a domain word held by at most this many facts says which fact is meant
LONG_QUESTION = 5  # distinct stems from which a question likely carries background as well
FUZZY_STEM = 5  # the shortest stem a question word may be typo-fixed from or onto


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """A crude English stem: "promoted", "promotion" and "promote" all read "promot"."""
    if len(word) <= 4 or not word.isalpha():
        return word
    if word.endswith(("eer", "eers")) or word.removesuffix("s") in WHOLE_ER_WORDS:
        return word.removesuffix("s")  # "careers" is "career", never "care"
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            # "integration" keeps its "at", as "integrate" and "integrating" do
            word = word[: -len(suffix)] + ("at" if suffix.startswith("ation") else "")
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    if word.endswith("ion") and len(word) > 6:
        word = word[:-3]
    return word


@dataclass
class FactIndex:
    """The facts of one knowledge base and the BM25 weight of each of their stems."""

    facts: tuple[Fact, ...]
    by_entity: dict[str, tuple[int, ...]]
    # stem -> ((fact position, weight), ...)
    postings: dict[str, tuple[tuple[int, float], ...]]
    # stem -> its inverse document frequency, to weigh question words by how telling they are
    idf: dict[str, float]
    # entries whose facts name this entry (CPSM's "awarded by PARCA" names PARCA)
    named_by: dict[str, tuple[str, ...]]
    stopwords: frozenset[str] = frozenset()  # fillers left out of facts and questions alike
    by_kind: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> entry ids
    # glossary term or certification -> facts of other entries that name it
    mentions: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # each fact's stems with their weights, to score a few candidate facts directly
    weights: tuple[dict[str, float], ...] = ()
    by_length: dict[int, list[str]] = field(default_factory=dict)
    # facts whose sentence other entries state word for word (three books sharing one note):
    # position -> how many entries state it
    shared: dict[int, int] = field(default_factory=dict)
    # entry id -> its kind: the match index's own table, not a copy
    kinds: Mapping[str, str] = field(default_factory=dict)
    _cache: dict[str, str | None] = field(default_factory=dict, repr=False)
    # fact position -> the stems of its own words (not its kind's tags), read once
    _own: dict[int, frozenset[str]] = field(default_factory=dict, repr=False)

    def own_stems(self, index: MatchIndex, position: int) -> frozenset[str]:
        """The stems of a fact's own words, without the words its kind tags it with."""
        found = self._own.get(position)
        if found is None:
            words = read_tokens(index, own_words(self.facts[position]))
            found = self._own[position] = frozenset(fact_words(words, self.stopwords))
        return found

    def kind_of(self, entity_id: str) -> str:
        """The kind of an entry: role, certification, term, place or resource (unknown: a term)."""
        return self.kinds.get(entity_id, "term")

    def stems_of(self, word: str, *, fuzzy: bool = True) -> str | None:
        """The fact stem a question word stands for: its own stem or a close typo-fix."""
        stemmed = stem(NUMBER_WORDS.get(word, word))
        if stemmed in self.postings:
            return stemmed
        plain = singular(word)
        if plain is not None and stem(plain) in self.postings:
            return stem(plain)
        # a typo-fix onto a short stem is mostly a different word, and a plain English word
        # is no typo at all ("matter" is no "master")
        if (
            not fuzzy
            or word in COMMON_WORDS
            or len(word) < 5
            or len(stemmed) < FUZZY_STEM
            or not word.isalpha()
        ):
            return None
        cached = self._cache.get(word, ...)
        if cached is not ...:
            return cached
        found = None
        for length in range(len(stemmed) - 1, len(stemmed) + 2):
            hit = process.extractOne(
                stemmed, self.by_length.get(length, ()), scorer=OSA.distance, score_cutoff=1
            )
            if hit is not None and hit[0][0] == stemmed[0]:
                found = hit[0]
                break
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[word] = found
        return found


# Small numbers are written both ways ("5 yrs", "five years"); facts and questions read digits.
_NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve"
NUMBER_WORDS = {word: str(n) for n, word in enumerate(_NUMBERS.split())}


# A fact stating how many of something there are ("four PACS certifications", "three books",
# "five years") carries this stem; a question asking "how many" or "the number of" does too.
COUNT = "#count"
_COUNT_QUESTION = (("how", "many"), ("number", "of"))


def states_count(tokens: list[str]) -> bool:
    """Whether a text gives a small count ("four", "3 books"): not "one", not money or shares
    ("$7,399", "+9.6%")."""
    for at, token in enumerate(tokens):
        value = NUMBER_WORDS.get(token, token)
        if not value.isdigit() or not 2 <= int(value) <= 12:
            continue
        before = tokens[at - 1] if at else ""
        after = tokens[at + 1] if at + 1 < len(tokens) else ""
        # a number beside another is part of a figure ("$7,399", "9.6%"), not a count
        if before != "$" and not after.isdigit() and not before.isdigit():
            return True
    return False


def asks_count(tokens: tuple[str, ...]) -> bool:
    """Whether a question asks how many of something there are."""
    return any(pair in _COUNT_QUESTION for pair in itertools.pairwise(tokens))


def counted_word(tokens: tuple[str, ...]) -> str | None:
    """The word a question counts ("states" of "how many states"), if it asks how many."""
    for at, pair in enumerate(itertools.pairwise(tokens)):
        if pair in _COUNT_QUESTION and at + 2 < len(tokens):
            return tokens[at + 2]
    return None


def read_tokens(index: MatchIndex, text: str) -> list[str]:
    """A text's words as the matcher reads questions: normalised, synonyms expanded."""
    return [word for token in tokenize(text) for word in index.expand(token)]


def fact_words(tokens: list[str], fillers: frozenset[str]) -> list[str]:
    """The stems some read words contribute to a fact (no fillers, numbers as digits)."""
    stems = []
    for word in tokens:
        word = NUMBER_WORDS.get(word, word)
        if word in fillers or word == "$" or (len(word) < 2 and not word.isdigit()):
            continue
        stems.append(stem(word))
    return stems


NAMED_KINDS = frozenset({"term", "certification"})  # entries whose naming in facts is indexed


def _terms_named(index: MatchIndex, tokens: list[str], firsts: frozenset[str]) -> set[str]:
    """The glossary terms and certifications a fact names by one of their aliases ("the HL7 and
    DICOM protocols", "the single CIIP certification").

    ``firsts``: the first words of every alias; no alias starts at any other word.
    """
    found = set()
    for start in range(len(tokens)):
        if tokens[start] not in firsts:
            continue
        for length in range(1, min(index.max_phrase_length, len(tokens) - start) + 1):
            owner = index.phrases.get(tuple(tokens[start : start + length]))
            if owner is not None and index.entity_kind[owner] in NAMED_KINDS:
                found.add(owner)
    return found


def build_fact_index(knowledge: KnowledgeBase, index: MatchIndex) -> FactIndex:
    """Derive every fact and weigh its words."""
    facts = derive_facts(knowledge)
    # Only the moderators' filler words: "top", "first", "highest" are common English but name
    # facts ("the highest PARCA qualification").
    fillers = knowledge.stopwords
    documents = []
    mentions: dict[str, list[int]] = defaultdict(list)
    firsts = frozenset(phrase[0] for phrase in index.phrases)
    for position, fact in enumerate(facts):
        tokens = read_tokens(index, fact.text)
        words = fact_words(tokens + read_tokens(index, fact.words), fillers)
        documents.append([*words, COUNT] if states_count(tokens) else words)
        for term in _terms_named(index, tokens, firsts) - {fact.entity}:
            mentions[term].append(position)
    frequency: dict[str, int] = defaultdict(int)
    for words in documents:
        for word in set(words):
            frequency[word] += 1
    total = max(1, len(facts))
    average = sum(len(d) for d in documents) / total or 1.0
    # Weights are kept on the scale of a knowledge base of about REFERENCE_FACTS facts, so the
    # thresholds that use them mean the same when moderators add thousands of entries.
    scale = math.log(1.0 + REFERENCE_FACTS) / math.log(1.0 + max(total, REFERENCE_FACTS))
    idf = {w: scale * math.log(1.0 + (total - n + 0.5) / (n + 0.5)) for w, n in frequency.items()}
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for position, words in enumerate(documents):
        counts: dict[str, int] = defaultdict(int)
        for word in words:
            counts[word] += 1
        norm = K1 * (1 - B + B * len(words) / average)
        for word, count in counts.items():
            postings[word].append((position, idf[word] * count * (K1 + 1) / (count + norm)))
    weights: list[dict[str, float]] = [{} for _ in facts]
    for word, entries in postings.items():
        for position, weight in entries:
            weights[position][word] = weight
    by_kind: dict[str, list[str]] = defaultdict(list)
    for entity in knowledge.entities():
        by_kind[entity.kind].append(entity.id)
    by_entity: dict[str, list[int]] = defaultdict(list)
    named_by: dict[str, set[str]] = defaultdict(set)
    for position, fact in enumerate(facts):
        by_entity[fact.entity].append(position)
        for other in fact.about:
            named_by[other].add(fact.entity)
    owners: dict[str, set[str]] = defaultdict(set)
    for fact in facts:
        owners[fact.text].add(fact.entity)
    shared = {p: len(owners[f.text]) for p, f in enumerate(facts) if len(owners[f.text]) > 1}
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in sorted(postings):
        if word.isalpha() and len(word) >= FUZZY_STEM:
            by_length[len(word)].append(word)
    return FactIndex(
        facts=facts,
        by_entity={e: tuple(p) for e, p in by_entity.items()},
        postings={w: tuple(p) for w, p in postings.items()},
        idf=idf,
        named_by={e: tuple(sorted(n)) for e, n in named_by.items()},
        stopwords=fillers,
        by_kind={k: tuple(v) for k, v in by_kind.items()},
        mentions={t: tuple(p) for t, p in mentions.items()},
        weights=tuple(weights),
        by_length=dict(by_length),
        shared=shared,
        kinds=index.entity_kind,
    )


def score_facts(
    facts: FactIndex, stems: list[str], candidates: set[int] | None
) -> dict[int, float]:
    """BM25 score of every candidate fact (all facts when ``candidates`` is None)."""
    words = list(dict.fromkeys(stems))
    scores: dict[int, float] = defaultdict(float)
    postings = [facts.postings.get(word, ()) for word in words]
    if candidates is not None and len(candidates) * len(words) < sum(map(len, postings)):
        # few candidates, common words: look the words up in each candidate fact
        for position in candidates:
            weights = facts.weights[position]
            total = sum(weights.get(word, 0.0) for word in words)
            if total:
                scores[position] = total
        return scores
    for entries in postings:
        for position, weight in entries:
            if candidates is None or position in candidates:
                scores[position] += weight
    return scores


def coverage(facts: FactIndex, stems: list[str], scored: dict[int, float]) -> dict[int, float]:
    """For each scored fact, the share of the question's distinct stems it contains."""
    distinct = set(stems)
    if not distinct:
        return {}
    return {
        position: sum(w in facts.weights[position] for w in distinct) / len(distinct)
        for position in scored
    }


@dataclass(frozen=True, slots=True)
class QuestionStems:
    """A question's words as fact stems, from the loosest reading to the most telling."""

    every: list[str]
    asked: list[str]
    telling: list[str]


def question_stems(
    index: MatchIndex, facts: FactIndex, analysis: Analysis, subjects: tuple[str, ...] = ()
) -> QuestionStems:
    """The fact stems a question's words stand for, leaving out the words naming entries.

    Returns every such stem (to pick the facts that lead), the asked ones (without on-topic
    filler words and bare numbers) and the telling ones (without the intent's own keywords as
    well: those alone must not re-aim a question).
    """
    named = [False] * len(analysis.tokens)
    for mention in analysis.mentions:
        # The subject's own name says nothing about which of its facts is meant, and places are
        # matched through the facts' places; other entries named are words of the question
        # ("which cert is about connecting PACS and RIS").
        if mention.kind == "place" or mention.entity_id in subjects:
            named[mention.start : mention.end] = [True] * (mention.end - mention.start)
    set_aside = _set_aside_words(analysis.tokens)
    stems = QuestionStems([], [], [])
    promoted: set[str] = set()  # rare on-topic words read as telling ones
    fillers = facts.stopwords
    # words of the subjects' own aliases ("analyst" of "ris ... analyst") name them again
    own = {w for s in subjects for w in index.alias_words.get(s, ())}
    for position, token in enumerate(analysis.tokens):
        raw = analysis.raw_words[position]
        if position in set_aside:
            continue  # "the top rung, not the first": the first is not asked about
        if named[position] or token in fillers or token == "$" or token in own:
            continue
        # a word the typo-fixer moved onto a keyword ("rays" -> "pays") may be a fact word
        exact = facts.stems_of(raw, fuzzy=False) if raw != token else None
        found = exact or facts.stems_of(token)
        if found is None:
            continue
        stems.every.append(found)
        if token.isdigit():
            continue  # "5" picks "five years" among facts, but "explain like im 5" asks no fact
        # an on-topic word ("software") says which fact is meant when few facts hold it
        domain = token in index.domain_words
        if domain and not exact and len(facts.postings[found]) <= RARE_DOMAIN_WORD:
            promoted.add(found)
            domain = False
        if exact or not domain:
            stems.asked.append(found)
        if exact or not (index.keyword_intents(token) or domain):
            stems.telling.append(found)
    if promoted and len(set(stems.every)) >= LONG_QUESTION:
        # in a long question an on-topic word is more likely background ("at my hospital")
        stems.asked[:] = [s for s in stems.asked if s not in promoted]
        stems.telling[:] = [s for s in stems.telling if s not in promoted]
    if asks_count(analysis.tokens) and COUNT in facts.postings:
        stems.every.append(COUNT)
        stems.asked.append(COUNT)
        stems.telling.append(COUNT)
    return stems


def _set_aside_words(tokens: tuple[str, ...]) -> set[int]:
    """Positions of words that name no fact: the word a correction sets aside ("not the
    first": a negation, an article, then the word) and the last word of a figure of speech
    ("the bigger picture")."""
    corrected = {
        at + 2
        for at in range(len(tokens) - 2)
        if tokens[at] in NEGATIONS and tokens[at + 1] in ("the", "a", "an")
    }
    figurative = {at + 1 for at in range(len(tokens) - 1) if tokens[at : at + 2] in FIGURATIVE}
    return corrected | figurative


def entity_pull(facts: FactIndex, scores: dict[int, float]) -> dict[str, float]:
    """How strongly the question points at each entry: the sum of its two best facts (an entry
    with many facts sharing one common word must not outweigh one with two telling ones). A
    sentence several entries state word for word is shared among them: it tells them apart from
    other entries, not from each other."""
    weight: dict[str, list[float]] = {}
    for position, score in scores.items():
        score /= facts.shared.get(position, 1)
        weight.setdefault(facts.facts[position].entity, []).append(score)
    return {e: sum(sorted(s, reverse=True)[:2]) for e, s in weight.items()}
