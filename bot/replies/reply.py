"""The platform-neutral reply: composed once, rendered for Discord or the terminal."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.intents import command_for
from bot.matching.context import Conversation

if TYPE_CHECKING:
    from bot.replies.pay_chart import PayChart

CHOICE_PREFIX = "pacs:ask:"


@dataclass(frozen=True, slots=True)
class Field:
    """A titled block of a reply (an embed field on Discord)."""

    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True, slots=True)
class Choice:
    """One reading offered when a question is ambiguous; picking it answers that reading."""

    label: str
    intent: str
    subjects: tuple[str, ...]
    location: str | None = None

    def custom_id(self) -> str:
        """Button id that carries the reading itself, so any bot process can answer a click.

        Ids are at most 32 characters (the schema enforces it), so this stays under Discord's 100.
        """
        parts = [self.intent, ",".join(self.subjects[:2])]
        if self.location:
            parts.append(self.location)
        value = CHOICE_PREFIX + ":".join(parts)
        return value if len(value) <= 100 else CHOICE_PREFIX + ":".join(parts[:2])

    def command(self) -> str:
        """The slash command a person could type to get this reading."""
        name = command_for(self.intent)
        words = [f"/{name}", *self.subjects]
        if name == "compare":
            words = ["/compare", " vs ".join(self.subjects)]
        if self.location:
            words.append(self.location)
        return " ".join(words)


def parse_choice_id(custom_id: str) -> Choice | None:
    """The reading a choice button carries, or None if the id is not a choice button."""
    if not custom_id.startswith(CHOICE_PREFIX):
        return None
    parts = custom_id[len(CHOICE_PREFIX) :].split(":")
    if len(parts) < 2 or not parts[0] or not parts[1]:
        return None
    location = parts[2] if len(parts) > 2 and parts[2] else None
    return Choice(label="", intent=parts[0], subjects=tuple(parts[1].split(",")), location=location)


@dataclass(frozen=True, slots=True)
class Reply:
    """Everything a user sees for one question, before it is rendered for a platform."""

    question: str
    outcome: str
    confidence: float
    intent: str | None
    subjects: tuple[str, ...]
    location: str | None
    title: str
    description: str
    fields: tuple[Field, ...] = ()
    sources: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    conversation: Conversation | None = field(default=None, compare=False)
    chart: PayChart | None = None  # the dollar figures it states, to draw (pay answers only)

    @property
    def matched(self) -> bool:
        """True when the bot answered (as opposed to asking back or declining)."""
        return self.outcome == "answer"

    def to_dict(self) -> dict[str, Any]:
        """The reply object of the JSON contract (docs/architecture.md section 3.3)."""
        from bot.render.discord_body import render_message, visible_text

        message = render_message(self, with_chart=self.chart is not None)
        return {
            "question": self.question,
            "outcome": self.outcome,
            "matched": self.matched,
            "confidence": round(self.confidence, 2),
            "intent": self.intent if self.matched else None,
            "subjects": list(self.subjects),
            "location": self.location,
            "text": visible_text(message),
            "message": message,
        }
