"""What people type, reduced to comparable words."""

from __future__ import annotations

import pytest

from bot.matching.normalise import normalise


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ＰＡＣＳ　ａｄｍｉｎ", "pacs admin"),  # full-width letters and space (NFKC)
        ("pacs\u200b ad\u200dmin\u2060", "pacs admin"),  # zero-width characters vanish
        ("di\u200bcom and h\u00adl7", "dicom and hl7"),  # so do soft hyphens, inside words too
        ("pacs\u0085admin", "pacs admin"),  # a control character still separates words
        ("HOW MUCH DOES A PACS ADMIN MAKE???", "how much does a pacs admin make"),
        ("<@123456789012345678> salary?", "salary"),  # user mention
        ("<@!123456789012345678> <@&987654321098765432> <#111111111111111111> hi", "hi"),
        ("@everyone @here pacs pay", "pacs pay"),
        ("<:pacs:123456789012345678> <a:dance:123456789012345678> cpsm", "cpsm"),  # custom emoji
        ("see https://example.com/x?y=1 and www.foo.org ok", "see and ok"),
        ("**pacs** __admin__ ~~x~~ `code` > quote", "pacs admin x code quote"),
        ("how much $$ in sf", "how much $ in sf"),
        ("what's the pay in the u.s.?", "whats the pay in the us"),
        ("ris/pacs analyst", "ris pacs analyst"),
        ("\x00\x07pacs\x1b[31m", "pacs 31m"),  # control characters dropped
    ],
)
def test_normalise(typed: str, expected: str) -> None:
    assert normalise(typed) == expected


def test_nothing_left_of_markup_only() -> None:
    assert normalise("<@123456789012345678> 🙂 <:x:123456789012345678>") == ""


@pytest.mark.parametrize("hidden", ["\u200b", "\u00ad", "\u2060", "\ufeff"])
def test_invisible_character_inside_a_word_does_not_split_it(engine, hidden: str) -> None:
    reply = engine.answer(f"what is di{hidden}com?")
    assert (reply.outcome, reply.intent, reply.subjects) == ("answer", "definition", ("dicom",))
