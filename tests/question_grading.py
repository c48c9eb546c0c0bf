"""Grading of labelled questions (tests/data/*.yaml), shared by the tests and the benchmark."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.replies.reply import Reply

DATA = Path(__file__).resolve().parent / "data"


def load_questions(name: str = "questions.yaml") -> dict[str, Any]:
    """The labelled questions file: {"questions": [...], "followups": [...]}."""
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def is_right(reply: Reply, expected: dict[str, Any]) -> bool:
    """Whether a reply is what the label expects (outcome, then intent, subjects, place)."""
    if reply.outcome != expected["outcome"]:
        return False
    if expected["outcome"] == "answer":
        intents = expected["intent"]
        if not isinstance(intents, list):
            intents = [intents]
        return (
            reply.intent in intents
            and set(reply.subjects) == set(expected.get("subjects") or [])
            and reply.location == expected.get("location")
        )
    if expected["outcome"] == "clarify":
        offered = {s for choice in reply.choices for s in choice.subjects}
        return set(expected.get("options") or []) <= offered
    return True


@dataclass
class Score:
    """Counts per expected outcome and the questions graded wrong."""

    right: dict[str, int] = field(default_factory=lambda: {"answer": 0, "clarify": 0, "decline": 0})
    total: dict[str, int] = field(default_factory=lambda: {"answer": 0, "clarify": 0, "decline": 0})
    wrong: list[str] = field(default_factory=list)
    declined: int = 0  # how many questions the engine declined
    declined_right: int = 0  # ... of which were labelled decline

    def add(self, reply: Reply, expected: dict[str, Any]) -> None:
        """Grade one reply."""
        outcome = expected["outcome"]
        self.total[outcome] += 1
        if reply.outcome == "decline":
            self.declined += 1
            self.declined_right += outcome == "decline"
        if is_right(reply, expected):
            self.right[outcome] += 1
        else:
            self.wrong.append(
                f"{expected['q']!r}: expected {outcome} {expected.get('intent')} "
                f"{expected.get('subjects')} {expected.get('location')}, got {reply.outcome} "
                f"{reply.intent} {list(reply.subjects)} {reply.location}"
            )

    def rate(self, outcome: str) -> float:
        """Share of questions with this expected outcome graded right."""
        return self.right[outcome] / max(1, self.total[outcome])

    @property
    def accuracy(self) -> float:
        """Share of all questions graded right."""
        return sum(self.right.values()) / max(1, sum(self.total.values()))

    @property
    def decline_precision(self) -> float:
        """Of the questions declined, the share that should have been."""
        return self.declined_right / max(1, self.declined)


# ---- fact-labelled sets (issue 9): the reply must show the fact asked for, and lead with it ----
LEAD_CHARS = 300  # a one-fact question is answered within this many characters of the reply text
# How a reply says plainly that the source does not give what was asked.
GAP_STATEMENT = re.compile(
    r"\b(?:source|article)\s+(?:gives|has|names|lists|states|says)\s+no\b"
    r"|\b(?:source|article)\s+(?:does\s+not|doesn't)\s+(?:give|say|list|name|state|cover)\b",
    re.IGNORECASE,
)


def reply_text(reply: Reply) -> str:
    """Everything a user sees of the reply, flattened, as the JSON contract's ``text``."""
    return str(reply.to_dict()["text"])


def shows_fact(reply: Reply, expected: dict[str, Any], within: int | None = None) -> bool:
    """Whether the reply text (or its first ``within`` characters) contains an expected fact."""
    text = reply_text(reply)[:within].lower()
    return any(str(fact).lower() in text for fact in expected.get("fact") or [])


def is_right_fact(reply: Reply, expected: dict[str, Any]) -> bool:
    """Grade one reply against a fact-labelled question.

    answer: answered, about an expected subject (when one is named), at the expected place, and
    showing an expected fact anywhere in the reply. gap: declined, or says up front that the source
    does not give it. clarify: asks back offering at least one expected option. decline: declined.
    """
    outcome = expected["outcome"]
    if outcome == "answer":
        wanted = set(expected.get("subjects") or [])
        about = not wanted or bool(wanted & set(reply.subjects))
        place = expected.get("location")
        return (
            reply.outcome == "answer"
            and about
            and (place is None or reply.location == place)
            and shows_fact(reply, expected)
        )
    if outcome == "gap":
        return reply.outcome == "decline" or bool(
            GAP_STATEMENT.search(reply_text(reply)[:LEAD_CHARS])
        )
    if outcome == "clarify":
        offered = {s for choice in reply.choices for s in choice.subjects}
        return reply.outcome == "clarify" and bool(set(expected.get("options") or []) & offered)
    return reply.outcome == "decline"


@dataclass
class FactScore:
    """Right answers, right non-answers (gaps, declines, clarifications) and the lead share."""

    answers: int = 0
    answers_right: int = 0
    led: int = 0  # right answers whose fact is within the first LEAD_CHARS characters
    others: int = 0
    others_right: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, reply: Reply, expected: dict[str, Any]) -> None:
        """Grade one reply."""
        right = is_right_fact(reply, expected)
        if expected["outcome"] == "answer":
            self.answers += 1
            self.answers_right += right
            self.led += right and shows_fact(reply, expected, LEAD_CHARS)
        else:
            self.others += 1
            self.others_right += right
        if not right:
            self.wrong.append(
                f"{expected['q']!r}: expected {expected['outcome']} {expected.get('subjects')} "
                f"{expected.get('location')} {expected.get('fact') or expected.get('missing')}, "
                f"got {reply.outcome} {reply.intent} {list(reply.subjects)} {reply.location}"
            )

    @property
    def answer_rate(self) -> float:
        """Share of answerable questions answered right."""
        return self.answers_right / max(1, self.answers)

    @property
    def other_rate(self) -> float:
        """Share of gap, decline and clarify questions handled right."""
        return self.others_right / max(1, self.others)

    @property
    def lead_rate(self) -> float:
        """Share of right answers that show their fact within the first LEAD_CHARS characters."""
        return self.led / max(1, self.answers_right)
