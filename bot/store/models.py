"""What the store hands out: immutable records that the Discord layer renders."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GuildSettings:
    """One server's settings; the defaults are what a server that never ran ``/settings`` gets."""

    passive_channels: frozenset[int] = frozenset()
    moderator_role_id: int | None = None
    mod_log_channel_id: int | None = None
    updated_at: float | None = None  # unix time of the last change; None: never set
    charts: str | None = None  # "dark", "light" or "off"; None: the bot's default (CHARTS)


@dataclass(frozen=True, slots=True)
class GapGroup:
    """Similar wordings of one question the bot declined, asked back about or was unsure of."""

    text: str  # the most frequent wording
    count: int
    last_seen: float  # unix time
    best_guess: str | None  # what the bot most often thought was meant
    wordings: tuple[str, ...]  # distinct wordings, most frequent first (a few)
    outcomes: tuple[tuple[str, int], ...]  # ("decline", 3), ("clarify", 1), ...


@dataclass(frozen=True, slots=True)
class GapsPage:
    """One page of gaps, most frequent first. ``available`` is False if the database failed."""

    groups: tuple[GapGroup, ...]
    total: int  # groups over all pages
    offset: int
    limit: int
    days: int
    available: bool = True

    @property
    def has_more(self) -> bool:
        """True when a later page has groups."""
        return self.offset + len(self.groups) < self.total


@dataclass(frozen=True, slots=True)
class Stats:
    """Questions and feedback over the last ``days`` days. ``available`` is False if the database
    failed (every count is then 0)."""

    days: int
    asked: int = 0
    answered: int = 0
    clarified: int = 0
    declined: int = 0
    low_confidence: int = 0  # answered, but below the store's confidence bar
    top_subjects: tuple[tuple[str, int], ...] = ()  # (entry id, questions), most asked first
    helpful: int = 0
    not_helpful: int = 0
    available: bool = True

    def _rate(self, count: int) -> float:
        return count / self.asked if self.asked else 0.0

    @property
    def answered_rate(self) -> float:
        """Share of questions answered, 0..1 (0 when none were asked)."""
        return self._rate(self.answered)

    @property
    def clarified_rate(self) -> float:
        """Share of questions the bot asked back about, 0..1."""
        return self._rate(self.clarified)

    @property
    def declined_rate(self) -> float:
        """Share of questions declined, 0..1."""
        return self._rate(self.declined)

    @property
    def votes(self) -> int:
        """Helpful plus not-helpful votes."""
        return self.helpful + self.not_helpful

    @property
    def helpful_share(self) -> float | None:
        """Share of votes that said Helpful, 0..1; None when nobody voted."""
        return self.helpful / self.votes if self.votes else None


@dataclass(frozen=True, slots=True)
class KnowledgeChange:
    """One change to a knowledge file: who made it, how, and the whole text before and after.

    ``action``: "put" (an uploaded file), "teach" (a question taught), "undo" (a change reverted;
    ``undoes`` names it) or "disk" (edited on disk while the bot ran; no ``user_id``).
    ``before_text`` None: the file did not exist; ``after_text`` None: the change deleted it.
    """

    path: str
    action: str
    summary: str
    before_text: str | None
    after_text: str | None
    user_id: int | None = None
    user_name: str | None = None
    undoes: int | None = None
    id: int | None = None  # set once recorded
    created_at: float | None = None
