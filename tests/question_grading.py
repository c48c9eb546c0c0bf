"""Grading of labelled questions (tests/data/*.yaml), shared by the tests and the benchmark."""

from __future__ import annotations

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
