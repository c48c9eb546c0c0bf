"""The accuracy floor on questions written the way people chat (tests/data/questions.yaml)."""

from __future__ import annotations

from bot.engine import Engine
from bot.replies.reply import Choice
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


def test_asking_for_certifications_after_a_book_shows_the_book(engine: Engine) -> None:
    # "what certs does it need" about a book cannot show a certifications card about it: the
    # book's card answers (this once failed with an error instead of a reply)
    first = engine.answer("who wrote practical imaging informatics", now=0.0)
    reply = engine.answer("what certs does it need", first.conversation, now=1.0)
    assert reply.outcome == "answer"
    assert reply.intent == "resources"
    assert reply.subjects == ("practical-imaging-informatics",)
    assert "Practical Imaging Informatics" in reply.fields[0].value


def test_a_definition_button_for_a_book_is_not_answered_as_a_definition(engine: Engine) -> None:
    choice = Choice(
        "Practical Imaging Informatics", "definition", ("practical-imaging-informatics",)
    )
    reply = engine.answer_choice(choice, now=0.0)
    assert reply.outcome == "decline"  # no reply of ours offers that reading
