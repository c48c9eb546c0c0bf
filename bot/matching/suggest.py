"""Entries whose names best match partial text: autocomplete, and the entries a command whose
subject is unknown offers instead."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bot.knowledge.model import KnowledgeBase
from bot.matching.index import MatchIndex
from bot.matching.normalise import normalise, strip_invisible

# Autocomplete reads at most this much of what was typed (after NFKC): no name is longer, and
# fuzzy scoring costs grow with the length of the query.
SUGGEST_MAX_CHARS = 100


class Suggester:
    """Fuzzy lookup of entry names and aliases, by kind of entry."""

    def __init__(self, knowledge: KnowledgeBase, index: MatchIndex) -> None:
        self.knowledge = knowledge
        self.index = index
        self._choices_by_kind: dict[tuple[str, ...], tuple[list[str], list[str]]] = {}

    def suggest(
        self, text: str, kinds: tuple[str, ...] = ("role",), limit: int = 25
    ) -> list[tuple[str, str]]:
        """Up to ``limit`` (id, name) pairs of the given kinds that best match partial text."""
        limit = max(1, min(limit, 25))
        text = strip_invisible(text[:SUGGEST_MAX_CHARS])[:SUGGEST_MAX_CHARS]
        query = normalise(text)
        if not query:
            ranked = sorted(
                (e for e in self.knowledge.entities() if e.kind in kinds),
                key=lambda e: -self.index.prominence[e.id],
            )
            return [(e.id, e.name) for e in ranked[:limit]]
        return [
            (entity_id, self.index.names[entity_id])
            for entity_id, _ in self.closest(text, kinds)[:limit]
        ]

    def closest(self, text: str, kinds: tuple[str, ...]) -> list[tuple[str, float]]:
        """Entries of these kinds with their blended similarity to ``text`` (0-105), best first."""
        choices, owners = self._choices_for(kinds)
        query = normalise(text)[:SUGGEST_MAX_CHARS]
        found = process.extract(
            query, choices, scorer=fuzz.WRatio, processor=None, limit=60, score_cutoff=40
        )
        best: dict[str, float] = {}
        for alias, score, position in found:
            owner = owners[position]
            # WRatio scores a query inside a longer alias as highly as a whole match; blending in
            # the plain ratio prefers "pacs administrator" to "cardiology administrator".
            blended = 0.7 * score + 0.3 * fuzz.ratio(query, alias)
            blended += 5.0 if alias.startswith(query) else 0.0
            best[owner] = max(best.get(owner, 0.0), blended)
        return sorted(best.items(), key=lambda kv: (-kv[1], -self.index.prominence[kv[0]]))

    def _choices_for(self, kinds: tuple[str, ...]) -> tuple[list[str], list[str]]:
        cached = self._choices_by_kind.get(kinds)
        if cached is None:
            pairs = [
                (alias, owner)
                for alias, owner in zip(
                    self.index.search_choices, self.index.search_owner, strict=True
                )
                if self.index.entity_kind[owner] in kinds
            ]
            cached = ([a for a, _ in pairs], [o for _, o in pairs])
            self._choices_by_kind[kinds] = cached
        return cached
