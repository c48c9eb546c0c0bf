"""/kb gaps: similar wordings of a missed question are one group, with a count and a date."""

from __future__ import annotations

import pytest

from bot.store import Store
from bot.store.gaps import group_questions, question_key, same_question
from tests.store.conftest import DAY, NOW


async def test_similar_wordings_are_one_group(store: Store) -> None:
    asked = [
        ("how much do nurses make", NOW - 3 * DAY),
        ("how much do nurse make??", NOW - 2 * DAY),
        ("How much do nurses make", NOW - DAY),
        ("what is a vna", NOW - 5 * DAY),
    ]
    for text, at in asked:
        await store.record_question(
            text, outcome="decline", confidence=0.1, guild_id=1, at=at, best_guess="salary"
        )

    page = await store.gaps(1, days=30)

    assert page.available and page.total == 2
    nurses, vna = page.groups
    assert (nurses.count, nurses.last_seen) == (3, NOW - DAY)
    assert nurses.text in {"how much do nurses make", "How much do nurses make"}
    assert set(nurses.wordings) == {t for t, _ in asked[:3]}
    assert nurses.best_guess == "salary"
    assert nurses.outcomes == (("decline", 3),)
    assert (vna.text, vna.count) == ("what is a vna", 1)


async def test_gaps_are_paginated_most_frequent_first(store: Store) -> None:
    questions = ["what is a vna", "what is xds", "what is fhir", "what is iti", "what is mwl"]
    for count, text in enumerate(questions, start=1):
        for _ in range(count):
            await store.record_question(text, outcome="decline", confidence=0, guild_id=1)

    first = await store.gaps(1, days=7, limit=2)
    last = await store.gaps(1, days=7, limit=2, offset=4)

    assert [g.text for g in first.groups] == ["what is mwl", "what is iti"]
    assert first.total == 5 and first.has_more
    assert [(g.text, g.count) for g in last.groups] == [("what is a vna", 1)]
    assert not last.has_more


async def test_gaps_leave_out_answers_other_servers_and_old_questions(store: Store) -> None:
    await store.record_question("what is xds", outcome="answer", confidence=0.95, guild_id=1)
    await store.record_question("what is fhir", outcome="decline", confidence=0, guild_id=2)
    await store.record_question(
        "what is iti", outcome="decline", confidence=0, guild_id=1, at=NOW - 10 * DAY
    )
    await store.record_question("what is mwl", outcome="clarify", confidence=0.3, guild_id=1)
    await store.record_question("is pacs fun", outcome="answer", confidence=0.5, guild_id=1)

    page = await store.gaps(1, days=7)

    assert sorted(g.text for g in page.groups) == ["is pacs fun", "what is mwl"]
    assert (await store.gaps(None, days=30)).total == 4


def test_question_key_folds_case_punctuation_and_plurals() -> None:
    assert question_key("How much do NURSES make??") == question_key("how much do nurse make")
    assert question_key("!!!") == ""


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("what is dicom", "what is dicomm", True),  # typo
        ("salary of pacs admin", "pacs admin salary", True),  # order and filler
        ("what does a pacs analist do", "what does a pacs analyst do", True),
        ("how much does a ris analyst make", "how much does a pacs analyst make", False),
        ("what is hl7", "what is hl7 and dicom", False),
        ("what is pacs", "what is ris", False),
    ],
)
def test_same_question(a: str, b: str, same: bool) -> None:
    assert same_question(question_key(a), question_key(b)) is same


def test_group_questions_orders_by_count_then_recency() -> None:
    groups = group_questions(
        [("b", 5.0, None, "decline"), ("a", 9.0, None, "decline"), ("b", 1.0, "x", "clarify")]
    )
    assert [(g.text, g.count, g.last_seen, g.best_guess) for g in groups] == [
        ("b", 2, 5.0, "x"),
        ("a", 1, 9.0, None),
    ]
