"""Read a question once: the entries it names, the intents it signals, the words left unknown."""

from __future__ import annotations

from dataclasses import dataclass

from bot.matching.index import KEYWORD_WEIGHT, PHRASE_WEIGHT, MatchIndex
from bot.matching.normalise import tokenize

# A question longer than this is cut before matching; nobody asks a career question in more words,
# and it bounds the work a hostile 50,000-character message can cause.
MAX_TOKENS = 120


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
    mentions: tuple[Mention, ...]
    partial: tuple[tuple[str, float], ...]  # entries hinted at by a lone head word, best first
    intents: tuple[tuple[str, float], ...]  # intent scores, best first
    unknown: tuple[str, ...]  # content words the knowledge base does not know
    known_content: int  # content words that were understood

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


def analyse(index: MatchIndex, text: str) -> Analysis:
    """Find mentions, intent signals and unknown words in one left-to-right pass."""
    raw = tokenize(text)[:MAX_TOKENS]
    tokens: list[str] = []
    similarity: list[float] = []
    for token in raw:
        correction = index.correct(token)
        if correction is None:
            tokens.append(token)
            similarity.append(0.0)
        else:
            tokens.append(correction.word)
            similarity.append(correction.similarity)

    mentions: list[Mention] = []
    consumed = [False] * len(tokens)
    i = 0
    while i < len(tokens):
        for length in range(min(index.max_phrase_length, len(tokens) - i), 0, -1):
            phrase = tuple(tokens[i : i + length])
            entity_id = index.phrases.get(phrase)
            if entity_id is None or any(s == 0.0 for s in similarity[i : i + length]):
                continue
            score = min(similarity[i : i + length])
            mentions.append(Mention(entity_id, index.entity_kind[entity_id], i, i + length, score))
            for j in range(i, i + length):
                consumed[j] = True
            i += length - 1
            break
        i += 1

    intent_scores: dict[str, float] = {}
    signal = [False] * len(tokens)
    for length in range(min(index.max_intent_phrase, len(tokens)), 1, -1):
        for start in range(len(tokens) - length + 1):
            intents = index.intent_phrases.get(tuple(tokens[start : start + length]))
            if intents:
                for intent in intents:
                    intent_scores[intent] = intent_scores.get(intent, 0.0) + PHRASE_WEIGHT
                for j in range(start, start + length):
                    signal[j] = True
    for position, token in enumerate(tokens):
        if consumed[position]:
            continue
        intents = index.intent_keywords.get(token)
        if intents:
            signal[position] = True
            for intent in intents:
                intent_scores[intent] = intent_scores.get(intent, 0.0) + KEYWORD_WEIGHT

    partial: dict[str, float] = {}
    unknown: list[str] = []
    known_content = 0
    for position, token in enumerate(tokens):
        if consumed[position] or signal[position]:
            known_content += consumed[position] or signal[position]
            continue
        if token in index.stopwords or token.isdigit() or token == "$":
            continue
        if token in index.domain_words:
            known_content += 1
            continue
        owners = index.head_words.get(token)
        if owners and similarity[position] > 0:
            known_content += 1
            for rank, owner in enumerate(owners):
                partial[owner] = partial.get(owner, 0.0) + similarity[position] - rank * 1e-3
            continue
        if similarity[position] == 0.0 or token not in index.vocabulary:
            unknown.append(raw[position])
        else:
            known_content += 1

    return Analysis(
        tokens=tuple(tokens),
        mentions=tuple(mentions),
        partial=tuple(sorted(partial.items(), key=lambda kv: (-kv[1], kv[0]))),
        intents=tuple(sorted(intent_scores.items(), key=lambda kv: (-kv[1], kv[0]))),
        unknown=tuple(unknown),
        known_content=known_content,
    )
