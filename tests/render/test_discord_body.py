"""The Discord message body stays within Discord's limits by construction and pings nobody."""

from __future__ import annotations

import re

import pytest

from bot.engine import Engine
from bot.knowledge.validate import every_answer
from bot.render import limits
from bot.render.discord_body import render_message, visible_text
from bot.replies.reply import Choice, Field, Reply
from tests.e2e.discord_limits import check_message_body, check_no_pings
from tests.reply_contract import check_reply_object

HOSTILE = [
    "@everyone how much does a pacs admin make?",
    "<@&123456789012345678> <@123456789012345678> pacs analyst salary",
    "ris analyst pay https://evil.example/phish [click](https://evil.example) www.evil.com",
    "[pacs admin](https://evil.example) salary @here",
    "what is dicom <:pepe:123456789012345678> ||spoiler|| `code` **bold**",
]


def huge_reply() -> Reply:
    """A reply far beyond every limit: long title, description, 40 fields, 30 choices."""
    return Reply(
        question="q",
        outcome="clarify",
        confidence=0.4,
        intent="salary",
        subjects=(),
        location=None,
        title="T" * 1000,
        description="word " * 3000,
        fields=tuple(Field("N" * 400, "value " * 400) for _ in range(40)),
        sources=tuple(f"Source number {i} " * 20 for i in range(20)),
        choices=tuple(
            Choice("label " * 40, "salary", (f"entity-{i}",), "san-francisco") for i in range(30)
        ),
    )


def embed_total(embed: dict) -> int:
    return (
        len(embed.get("title", ""))
        + len(embed.get("description", ""))
        + sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
        + len(embed.get("footer", {}).get("text", ""))
    )


def test_an_oversized_reply_is_cut_to_every_limit() -> None:
    body = render_message(huge_reply(), asker_id=123456789012345678)
    assert check_message_body(body) == []
    embed = body["embeds"][0]
    assert len(embed["title"]) <= limits.EMBED_TITLE
    assert len(embed["description"]) <= limits.EMBED_DESCRIPTION
    assert len(embed["fields"]) <= limits.EMBED_FIELDS
    assert all(len(f["value"]) <= limits.FIELD_VALUE for f in embed["fields"])
    assert embed_total(embed) <= limits.EMBED_TOTAL
    assert embed["footer"]["text"].startswith("Sources:")  # the source survives the cut
    rows = body["components"]
    assert len(rows) <= limits.ACTION_ROWS
    assert all(len(r["components"]) <= limits.BUTTONS_PER_ROW for r in rows)
    ids = [c["custom_id"] for r in rows for c in r["components"]]
    assert len(ids) == len(set(ids)) and all(len(i) <= limits.CUSTOM_ID for i in ids)


def test_every_reply_the_knowledge_base_can_produce_fits(engine: Engine) -> None:
    largest = 0
    for _, reply in every_answer(engine.knowledge):
        body = render_message(reply, asker_id=987654321098765432)
        assert check_message_body(body) == [], reply.title
        largest = max(largest, embed_total(body["embeds"][0]))
    assert largest > 1000  # the check above saw real, large replies


@pytest.mark.parametrize("question", HOSTILE)
def test_questions_never_make_the_bot_ping_or_link(engine: Engine, question: str) -> None:
    body = engine.answer(question).to_dict()["message"]
    assert body["allowed_mentions"] == {"parse": []}
    assert check_no_pings(body) == []
    shown = visible_text(body)
    assert not re.search(r"@everyone|@here|<@[!&]?\d+>|<#\d+>|https?://|www\.", shown)
    assert "evil" not in shown and "pepe" not in shown


def test_reply_object_matches_the_contract(engine: Engine) -> None:
    data = engine.answer("how much does a pacs admin make in sf").to_dict()
    check_reply_object(data)
    assert data["matched"] is True and data["outcome"] == "answer"


def test_clarification_buttons_carry_their_reading(engine: Engine) -> None:
    body = engine.answer("how much does an analyst make").to_dict()["message"]
    buttons = [c for row in body["components"] for c in row["components"]]
    choice_ids = [b["custom_id"] for b in buttons if b["custom_id"].startswith("pacs:ask:")]
    assert "pacs:ask:salary:ris-analyst" in choice_ids
    assert buttons[-1]["label"] == "Delete"
