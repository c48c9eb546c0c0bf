"""Group the wordings of unanswered questions so ``/kb gaps`` lists each question once.

Two wordings are one question when they have the same content words up to typos and plurals:
"how much do nurses make", "How much do nurse make??" and "how much do nurses make" are one group,
"how much does a ris analyst make" and "... a pacs analyst make" are two.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.matching.normalise import normalise, singular
from bot.store.models import GapGroup

# Candidates must be at least this alike as sorted words (rapidfuzz, 0-100) ...
CANDIDATE_SCORE = 70
# ... and every content word that differs must have a partner at least this alike (a typo).
WORD_SCORE = 80
MAX_WORDINGS = 5
# Words that do not change what is asked.
_FILLER_WORDS = """
a an the do does did is are was were be i im me my you your we to of for in on at and or
what whats how hows please pls plz can could would should will there any some about tell
know anyone someone hi hello hey thanks thank so just like really
"""
FILLER = frozenset(_FILLER_WORDS.split())


def question_key(text: str) -> str:
    """Normalised words with simple plurals made singular: the exact-match grouping key."""
    words = normalise(text).split()
    return " ".join((singular(w) if len(w) > 4 else None) or w for w in words)


def same_question(a: str, b: str) -> bool:
    """True when two keys differ only in filler words, word order and typos."""
    words_a, words_b = set(a.split()), set(b.split())
    only_a = words_a - words_b - FILLER
    only_b = words_b - words_a - FILLER
    return _all_have_partners(only_a, only_b) and _all_have_partners(only_b, only_a)


def _all_have_partners(words: set[str], others: set[str]) -> bool:
    return all(any(fuzz.ratio(word, other) >= WORD_SCORE for other in others) for word in words)


@dataclass
class _Tally:
    count: int = 0
    last_seen: float = 0.0
    texts: Counter[str] = field(default_factory=Counter)
    text_seen: dict[str, float] = field(default_factory=dict)
    guesses: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)

    def add(self, text: str, at: float, guess: str | None, outcome: str) -> None:
        self.count += 1
        self.last_seen = max(self.last_seen, at)
        self.texts[text] += 1
        self.text_seen[text] = max(self.text_seen.get(text, 0.0), at)
        if guess:
            self.guesses[guess] += 1
        self.outcomes[outcome] += 1

    def merge(self, other: _Tally) -> None:
        self.count += other.count
        self.last_seen = max(self.last_seen, other.last_seen)
        self.texts.update(other.texts)
        for text, at in other.text_seen.items():
            self.text_seen[text] = max(self.text_seen.get(text, 0.0), at)
        self.guesses.update(other.guesses)
        self.outcomes.update(other.outcomes)

    def group(self) -> GapGroup:
        wordings = sorted(self.texts, key=lambda t: (-self.texts[t], -self.text_seen[t], t))
        guess = max(self.guesses.items(), key=lambda kv: kv[1])[0] if self.guesses else None
        return GapGroup(
            text=wordings[0],
            count=self.count,
            last_seen=self.last_seen,
            best_guess=guess,
            wordings=tuple(wordings[:MAX_WORDINGS]),
            outcomes=tuple(self.outcomes.most_common()),
        )


def group_questions(rows: Iterable[tuple[str, float, str | None, str]]) -> list[GapGroup]:
    """Group (text, unix time, best guess, outcome) rows; most frequent, then latest, first."""
    by_key: dict[str, _Tally] = {}
    for text, at, guess, outcome in rows:
        key = question_key(text)
        if key:
            by_key.setdefault(key, _Tally()).add(" ".join(text.split()), at, guess, outcome)
    ordered = sorted(by_key, key=lambda k: (-by_key[k].count, -by_key[k].last_seen, k))
    leaders: list[str] = []  # the key that started each cluster
    clusters: list[_Tally] = []
    for key in ordered:
        candidates = process.extract(
            key, leaders, scorer=fuzz.token_sort_ratio, score_cutoff=CANDIDATE_SCORE, limit=10
        )
        home = next((i for leader, _, i in candidates if same_question(key, leader)), None)
        if home is None:
            leaders.append(key)
            clusters.append(by_key[key])
        else:
            clusters[home].merge(by_key[key])
    groups = [c.group() for c in clusters]
    groups.sort(key=lambda g: (-g.count, -g.last_seen, g.text))
    return groups
