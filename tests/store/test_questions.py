"""Questions and feedback: what is kept, how askers are hidden, stats and retention."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.store import Store, best_guess, scrub
from tests.store.conftest import DAY, NOW, rows

USER = 123456789012345678


async def test_only_missed_questions_keep_their_text(store: Store, target: str) -> None:
    await store.record_question("confident answer", outcome="answer", confidence=0.95)
    await store.record_question("unsure answer", outcome="answer", confidence=0.5)
    await store.record_question("asked back", outcome="clarify", confidence=0.4)
    await store.record_question("declined", outcome="decline", confidence=0.1)

    stored = rows(target, "SELECT text, outcome FROM questions ORDER BY id")
    assert stored == [
        (None, "answer"),
        ("unsure answer", "answer"),
        ("asked back", "clarify"),
        ("declined", "decline"),
    ]
    stats = await store.stats(days=1)
    assert (stats.asked, stats.answered, stats.low_confidence) == (4, 2, 1)


async def test_askers_are_stored_only_as_a_salted_hash(store: Store, target: str) -> None:
    first = await store.record_question(
        "what is a vna", outcome="decline", confidence=0, user_id=USER
    )
    second = await store.record_question(
        "what is vna", outcome="decline", confidence=0, user_id=USER
    )
    await store.record_feedback(555, USER, True)
    assert first and second and first != second

    hashes = rows(target, "SELECT asker_hash FROM questions")
    assert hashes[0] == hashes[1] and len(str(hashes[0][0])) == 64
    assert rows(target, "SELECT user_hash FROM feedback") == [hashes[0]]
    if not target.startswith("postgresql://"):
        assert str(USER).encode() not in Path(target).read_bytes()
    (salt,) = rows(target, "SELECT value FROM meta WHERE key = 'asker_salt'")[0]
    assert len(salt) == 32

    await store.close()
    async with Store(target) as reopened:  # the salt is kept: the same user, the same hash
        await reopened.record_question("x", outcome="decline", confidence=0, user_id=USER)
    assert len(set(rows(target, "SELECT asker_hash FROM questions"))) == 1


def test_stored_text_has_no_mentions() -> None:
    text = "hey <@123> and <@!456> in <#789>, <@&42>   what is\u200b pacs?"
    assert scrub(text) == "hey @user and @user in #channel, @role what is pacs?"
    assert len(scrub("x" * 5000)) == 500


async def test_one_vote_per_user_per_message_and_it_can_change(store: Store) -> None:
    question = await store.record_question("q", outcome="answer", confidence=0.9, guild_id=1)
    assert await store.record_feedback(900, 1, True, guild_id=1, question_id=question)
    assert await store.record_feedback(900, 1, False, guild_id=1)  # changes the vote
    assert await store.record_feedback(900, 2, True, guild_id=1)
    assert await store.record_feedback(901, 1, True, guild_id=1)

    stats = await store.stats(1, days=7)
    assert (stats.helpful, stats.not_helpful) == (2, 1)
    assert stats.helpful_share == pytest.approx(2 / 3)


async def test_stats_rates_and_top_subjects(store: Store) -> None:
    outcomes = [("answer", 0.9)] * 6 + [("clarify", 0.4)] * 3 + [("decline", 0.1)]
    for i, (outcome, confidence) in enumerate(outcomes):
        subjects = ["pacs-analyst"] if i < 4 else ["ris-analyst", "pacs-analyst"] if i < 6 else []
        await store.record_question(
            f"q{i}", outcome=outcome, confidence=confidence, guild_id=1, subjects=subjects
        )
    await store.record_question("other server", outcome="decline", confidence=0, guild_id=2)
    await store.record_question(
        "too old", outcome="decline", confidence=0, guild_id=1, at=NOW - 40 * DAY
    )

    stats = await store.stats(1, days=30)

    assert stats.available
    assert (stats.asked, stats.answered, stats.clarified, stats.declined) == (10, 6, 3, 1)
    assert (stats.answered_rate, stats.clarified_rate, stats.declined_rate) == (0.6, 0.3, 0.1)
    assert stats.top_subjects == (("pacs-analyst", 6), ("ris-analyst", 2))
    assert stats.helpful_share is None
    assert (await store.stats(None, days=30)).asked == 11
    assert (await store.stats(1, days=60)).asked == 11


async def test_no_questions_means_zero_rates(store: Store) -> None:
    stats = await store.stats(1, days=7)
    assert (stats.asked, stats.answered_rate, stats.helpful_share) == (0, 0.0, None)


async def test_rows_older_than_the_retention_are_deleted(store: Store, target: str) -> None:
    await store.set_moderator_role(1, 2)
    for age in (100, 91, 89, 1):
        await store.record_question(
            f"{age} days", outcome="decline", confidence=0, at=NOW - age * DAY
        )
        await store.record_feedback(age, 1, True, at=NOW - age * DAY)

    assert await store.purge_older_than() == 4  # default: 90 days
    assert rows(target, "SELECT text FROM questions ORDER BY id") == [("89 days",), ("1 days",)]
    assert await store.purge_older_than(30) == 2
    assert rows(target, "SELECT COUNT(*) FROM feedback") == [(1,)]
    assert (await store.get_settings(1)).moderator_role_id == 2  # settings never expire


async def test_old_rows_are_purged_when_the_store_opens(target: str) -> None:
    async with Store(target, clock=lambda: NOW) as store:
        await store.record_question("old", outcome="decline", confidence=0, at=NOW - 200 * DAY)
        await store.record_question("new", outcome="decline", confidence=0, at=NOW - DAY)
    async with Store(target, clock=lambda: NOW, retention_days=90):
        pass
    assert rows(target, "SELECT text FROM questions") == [("new",)]


async def test_record_reply_keeps_what_the_bot_guessed(
    store: Store, engine: Engine, target: str
) -> None:
    reply = engine.answer("how much does a pacs admin make in sf")
    unsure = engine.answer("analyst")
    await store.record_reply(reply, guild_id=1, channel_id=2, user_id=3)
    await store.record_reply(unsure, guild_id=1, channel_id=2, user_id=3)

    first, second = rows(
        target, "SELECT text, outcome, intent, subjects, best_guess FROM questions"
    )
    assert first[0] is None and first[1] == "answer" and first[2] == "salary"
    assert "pacs-administrator" in str(first[3])
    assert second[0] == "analyst" and second[1] != "answer"
    assert second[4] == best_guess(unsure)


async def test_queued_writes_are_written_by_stats_and_at_close(target: str) -> None:
    store = Store(target, clock=lambda: NOW)
    for n in range(3):
        store.queue_question(f"question {n}", outcome="decline", confidence=0)
    assert (await store.stats(days=1)).asked == 3  # what is queued is counted
    store.queue_question("asked just before closing", outcome="decline", confidence=0)
    await store.close()
    assert len(rows(target, "SELECT id FROM questions")) == 4


async def test_a_vote_queued_before_its_question_is_written_is_linked_to_it(
    store: Store, target: str
) -> None:
    question = store.queue_question("what is a vna", outcome="decline", confidence=0)
    vote = store.queue_feedback(777, USER, True, question=question)
    assert not question.done.done()  # nothing written yet: both wait for the batch
    await store.flush()
    assert question.result is not None and vote.result is True
    assert rows(target, "SELECT message_id, question_id FROM feedback") == [(777, question.result)]
