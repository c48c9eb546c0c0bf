"""Text built to hurt: lone surrogates, characters NFKC expands, forged clicks, stale context.

How fast such text is answered is a benchmark figure (benchmarks/bench_hostile.py); these tests
hold what a user would notice: a reply that can be sent, a clear "too long", nothing kept.
"""

from __future__ import annotations

import gc
import json
import tracemalloc

import pytest

from bot.engine import Engine
from bot.matching.context import Conversation
from bot.matching.long_text import MAX_QUESTION_CHARS, last_question
from bot.matching.normalise import CACHE_BUDGET_BYTES, clear_cache, normalise
from bot.replies.long_message import QUOTE_CHARS, quoted
from bot.replies.reply import Choice, Reply
from tests.reply_contract import check_reply_object


def sendable(reply: Reply) -> dict:
    """The reply object, checked to encode as UTF-8 JSON (what every caller sends on)."""
    data = reply.to_dict()
    check_reply_object(data)
    json.dumps(data, ensure_ascii=False).encode("utf-8")
    return data


# ---- slash commands are cleaned as free text is -------------------------------------------------
def test_slash_command_with_a_lone_surrogate_can_be_sent(engine: Engine) -> None:
    data = sendable(engine.answer_command("salary", "pacs admin \ud800"))
    assert data["question"] == "/salary pacs admin"
    assert (data["outcome"], data["subjects"]) == ("answer", ["pacs-administrator"])


def test_slash_command_reads_its_options_as_typed_free_text(engine: Engine) -> None:
    typed = engine.answer_command("salary", "ＰＡＣＳ ad\u200bmin \x00")
    assert typed.question == engine.answer("/salary ＰＡＣＳ ad\u200bmin \x00").question
    assert typed.question == "/salary PACS admin"
    assert typed.subjects == ("pacs-administrator",)


def test_slash_option_too_long_once_expanded_is_refused_as_too_long(engine: Engine) -> None:
    # 2,000 characters typed, 8,000 once NFKC has made each "\u33d8" into "p.m."
    data = sendable(engine.answer_command("salary", "\u33d8" * 2000))
    assert data["outcome"] == "decline"
    assert "Please ask me one shorter question." in data["text"]
    assert len(data["question"]) <= MAX_QUESTION_CHARS + len("/salary ")


def test_click_carrying_a_lone_surrogate_can_be_sent(engine: Engine) -> None:
    data = sendable(engine.answer_choice(Choice("x", "definition", ("dicom",), "\ud800")))
    assert (data["outcome"], data["subjects"]) == ("answer", ["dicom"])


# ---- clicks and context no button or answer of this bot produced --------------------------------
@pytest.mark.parametrize(
    "choice",
    [
        Choice("", "career_path", ("abii",)),  # a term where a role belongs
        Choice("", "certifications", ("ciip-100-question-guide",)),  # a resource
        Choice("", "certifications", ("atkinson",)),  # a place is never a subject
        Choice("", "salary", ("pacs-administrator", "atkinson")),
        Choice("", "no-such-intent", ("dicom",)),
        Choice("", "role", ("no-such-role",)),
    ],
)
def test_click_on_a_reading_no_button_carries_is_refused(engine: Engine, choice: Choice) -> None:
    data = sendable(engine.answer_choice(choice))
    assert data["outcome"] == "decline"


def test_click_on_a_reading_a_button_carries_is_answered(engine: Engine) -> None:
    reply = engine.answer_choice(Choice("", "career_path", ("pacs-administrator",)))
    assert (reply.outcome, reply.intent) == ("answer", "career_path")


def test_context_remembered_before_a_knowledge_reload_is_ignored(engine: Engine) -> None:
    # The caller's memory outlives a /kb reload: its intent or subject may be gone.
    for stale in (
        Conversation("intent-removed-since", ("pacs-administrator",), None, 0.0),
        Conversation("salary", ("role-removed-since",), None, 0.0),
        Conversation("salary", ("pacs-administrator",), "place-removed-since", 0.0),
    ):
        reply = engine.answer("and in boston?", stale, now=1.0)
        assert reply == engine.answer("and in boston?", now=1.0)


# ---- the patterns that read user text -----------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("see https://x.com/a?b=1 now", "see now"),
        ("(see foo.com) and foo.com.evil.org/p.m. ok", "see and ok"),
        ("mail me at bob@foo.com ok", "mail me at ok"),
        ("a.b.c.com", ""),
        ("x.comx y", "x comx y"),
        ("pay in the u.s. and l.a.?", "pay in the us and la"),
        ("p.m.", "pm"),
        ("1a.b.c. x", "1a bc x"),  # an abbreviation after a letter run, as before
        ("a.b.c", "a b c"),  # not an abbreviation: it ends in a letter
        ("\u33d8" * 3, "pmpmpm"),
    ],
)
def test_links_and_abbreviations_read_as_before(typed: str, expected: str) -> None:
    assert normalise(typed) == expected


def test_long_runs_of_spaces_still_split_sentences_at_line_breaks() -> None:
    assert last_question("what is pacs?" + " " * 5000 + "thanks") == "what is pacs?"
    assert last_question("intro" + " " * 3000 + "\n \t what is dicom") == "what is dicom"
    assert last_question(" " * 5000) is None


def test_quoting_keeps_masked_link_text_and_drops_links() -> None:
    assert quoted("see [the guide](https://x.com/g) or www.y.org now") == "“see the guide or now”"
    assert quoted("[" * 3000 + "]") == "“" + "\\[" * (QUOTE_CHARS - 1) + "…”"


# ---- memory -------------------------------------------------------------------------------------
def test_the_normalise_cache_keeps_no_more_than_its_budget_of_long_questions() -> None:
    """8,192 unique long questions kept about 1.2 GB in a cache bounded only by count."""
    clear_cache()
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for number in range(1100):
            # 2,000 characters outside the BMP: 8 kB stored per string, 16 kB per question
            normalise(f"{number} " + ("𠀀𠀁 " * 700)[:2000])
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
        clear_cache()
    assert kept < CACHE_BUDGET_BYTES * 1.25, f"{kept / 1e6:.1f} MB kept"
