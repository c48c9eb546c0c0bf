"""Replies that say plainly what the bot will not do or does not know.

- ``refusal``: a short decline for unsafe asks (no card, no figures, no examples).
- ``lead_with_gap``: a composed reply that first says what the source does not give, then shows
  what it does give.
"""

from __future__ import annotations

from dataclasses import replace

from bot.matching.gaps import Gap
from bot.replies.reply import Reply

REFUSALS = {
    "access": (
        "I can't help with getting into a system, an account or patient data without "
        "authorisation. Ask your PACS administrator or privacy officer for the access your job "
        "needs."
    ),
    "audit": (
        "I can't help with switching off, deleting or hiding audit logs or security controls. "
        "They are how a hospital shows who looked at patient data."
    ),
    "forgery": (
        "I can't help with faking a certificate, a credential or experience. I can tell you what "
        "each certification covers and how to prepare for it."
    ),
    "piracy": (
        "I can't help with getting pirated copies of books, guides or courses. The source also "
        "lists free resources: ask me for the free courses and guides."
    ),
    "impersonation": (
        "I can't help with having someone else sit an exam for you. I can tell you what each "
        "certification covers and how to prepare for it."
    ),
    "cheating": (
        "I can't help with cheating in an exam, being fed answers or getting past a proctor. I "
        "can point you to the study guides and practice questions the source recommends."
    ),
    "exam": (
        "I can't help with getting real exam questions or dumps. I can point you to the study "
        "guides and practice questions the source recommends."
    ),
}


def refusal(question: str, kind: str) -> Reply:
    """A brief decline for an unsafe ask of this kind (see ``bot.matching.safety``)."""
    return Reply(
        question=question,
        outcome="decline",
        confidence=1.0,
        intent=None,
        subjects=(),
        location=None,
        title="I can't help with that",
        description=REFUSALS.get(kind, REFUSALS["access"]),
    )


def lead_with_gap(reply: Reply, gap: Gap | None) -> Reply:
    """The reply, opening with what the source does not give and what it shows instead."""
    if gap is None:
        return reply
    lead = " ".join(gap.sentences)
    if reply.outcome == "answer":
        follow = gap.instead
    elif reply.outcome == "clarify":
        follow = "Pick one below to see what it does give."
    else:
        follow = ""
    opening = f"{lead} {follow}".strip()
    # A section saying the same thing again ("In Seattle: The source gives no ...") goes.
    said = {_first_sentence(s) for s in gap.sentences}
    fields = tuple(f for f in reply.fields if _first_sentence(f.value) not in said)
    # ... and so does a card that opens with the same statement ("/salary ris analyst boston").
    lines = reply.description.split("\n")
    while lines and _first_sentence(lines[0]) in said:
        lines.pop(0)
    body = "\n".join(lines).strip("\n")
    description = f"{opening}\n\n{body}" if body else opening
    return replace(reply, description=description, fields=fields)


def _first_sentence(text: str) -> str:
    return text.split(". ", 1)[0].rstrip(".")
