"""The accuracy floor on questions written the way people chat (tests/data/questions.yaml)."""

from __future__ import annotations

from bot.engine import Engine
from tests.question_grading import Score, is_right, load_questions

FLOOR = 0.95


def test_labelled_set_is_large_and_varied() -> None:
    data = load_questions()
    outcomes = [q["outcome"] for q in data["questions"]]
    assert len(outcomes) >= 250
    assert outcomes.count("decline") >= 40
    assert outcomes.count("clarify") >= 15


def test_accuracy_floor(engine: Engine) -> None:
    score = Score()
    for expected in load_questions()["questions"]:
        score.add(engine.answer(expected["q"]), expected)
    report = "\n".join(score.wrong)
    assert score.rate("answer") >= FLOOR, report
    assert score.rate("decline") >= FLOOR, report
    assert score.rate("clarify") >= 0.8, report


def test_follow_ups_reuse_the_conversation(engine: Engine) -> None:
    wrong = []
    turns = 0
    for conversation in load_questions()["followups"]:
        context = None
        for turn in conversation["turns"]:
            reply = engine.answer(turn["q"], context)
            context = reply.conversation or context
            turns += 1
            if not is_right(reply, turn):
                wrong.append(turn["q"])
    assert len(wrong) <= turns * 0.1, wrong
