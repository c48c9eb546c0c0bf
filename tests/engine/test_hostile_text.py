"""Text built to hurt: characters NFKC expands, long links, runs of brackets and spaces.

How fast such text is read is a benchmark figure (benchmarks/bench_hostile.py); these tests
hold what a user would notice: the same words read as before, and no memory kept.
"""

from __future__ import annotations

import gc
import tracemalloc

import pytest

from bot.matching.long_text import last_question
from bot.matching.normalise import CACHE_BUDGET_BYTES, clear_cache, normalise
from bot.replies.long_message import QUOTE_CHARS, quoted


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
