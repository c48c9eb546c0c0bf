"""The sentences that ask are read first; the words that frame an ask do not choose its reading.

The questions here are paraphrases written for these rules, not copies of any labelled set: each
states what a user would see first when the rule works.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.engine.leading import assert_leads_with
from tests.question_grading import LEAD_CHARS, reply_text


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        (
            "Quick background: I'm a CT tech in Phoenix and my supervisor wants me on the PACS "
            "upgrade project. The pay would be better apparently. Which PARCA certification is "
            "the entry level one?",
            "cpas",
            "entry level",
        ),
        (
            "Hi all. I teach high school biology but I'm burned out. My brother-in-law is a PACS "
            "manager and says the pay is good. Which book should I read first to learn imaging "
            "informatics?",
            "practical-imaging-informatics",
            "Practical Imaging Informatics",
        ),
        (
            "Been in IT support for 6 years at a big hospital, mostly printers and passwords. Our "
            "radiology director says they need a DICOM person. How much does a RIS analyst earn?",
            "ris-analyst",
            "$",
        ),
    ],
)
def test_a_story_before_the_question_does_not_steer_the_answer(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    assert_leads_with(engine.answer(question), subject, fact, only=True)


def test_a_place_named_in_the_story_is_where_the_question_asks_about(engine: Engine) -> None:
    reply = engine.answer("I just moved to Boston last month with my family. The kids love it. "
                          "What does a PACS admin earn?")  # fmt: skip
    assert (reply.subjects, reply.location) == (("pacs-administrator",), "boston")
    assert "Boston" in reply_text(reply)[:LEAD_CHARS]


def test_an_ask_naming_nobody_refers_to_whom_the_story_names(engine: Engine) -> None:
    reply = engine.answer(
        "I've been applying for RIS analyst jobs for months and nobody calls back. My friend "
        "says certs help. Which certs would help me get it?"
    )
    assert (reply.outcome, reply.intent, reply.subjects) == (
        "answer",
        "certifications",
        ("ris-analyst",),
    )


def test_an_ask_asking_nothing_in_particular_keeps_what_the_story_asks(engine: Engine) -> None:
    """ "no degree. can I still be one?": the ask names whom, the background what about them."""
    reply = engine.answer(
        "Nurse for 9 years, no degree. I love my patients. Could I still be a RIS analyst?"
    )
    assert (reply.outcome, reply.intent, reply.subjects) == (
        "answer",
        "qualifications",
        ("ris-analyst",),
    )


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        ("how much experience do ris analysts need", "ris-analyst", "some experience"),
        ("how much training does a pacs admin need", "pacs-administrator", "Training"),
    ],
)
def test_how_much_of_something_else_is_no_pay_question(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    reply = engine.answer(question)
    assert reply.intent == "qualifications", reply_text(reply)[:LEAD_CHARS]
    assert_leads_with(reply, subject, fact, only=True)


def test_one_sentence_before_a_question_is_part_of_the_question(engine: Engine) -> None:
    reply = engine.answer("Radiographer here with years of clinical experience. Can I become a "
                          "PACS analyst?")  # fmt: skip
    assert (reply.intent, reply.subjects) == ("qualifications", ("pacs-analyst",))


@pytest.mark.parametrize(
    "question",
    [
        "what good does it do patients when their images and reports are digital",
        "digital images and reports, how does that help patients",
        "why keep a patients images reports and history digitally",
    ],
)
def test_a_question_naming_nothing_is_answered_by_the_fact_holding_its_words(
    engine: Engine, question: str
) -> None:
    assert_leads_with(engine.answer(question), "pacs", "available digitally", only=True)


@pytest.mark.parametrize(
    "question",
    [
        "who is the admin of our discord server, i want to be unbanned",
        "how much does a sql server admin earn",
        "write me a cover letter for a barista job please",
        "explain the rules of cricket quickly",
        "briefly explain how a carburetor works",
    ],
)
def test_a_few_words_shared_with_a_fact_do_not_answer_an_off_topic_question(
    engine: Engine, question: str
) -> None:
    assert engine.answer(question).outcome == "decline"


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("where should i begin if i want a job in imaging informatics", "step-by-step guide"),
        ("no idea where to start, i want to work in pacs", "desire to learn"),
        ("can a nurse move into pacs without an it degree", "allied health"),
        ("sonographer here, thinking of switching to the pacs side, doable?", "allied health"),
    ],
)
def test_asking_where_to_begin_is_asking_the_way_in(
    engine: Engine, question: str, fact: str
) -> None:
    reply = engine.answer(question)
    assert reply.intent == "qualifications", reply_text(reply)[:LEAD_CHARS]
    assert_leads_with(reply, "pacs-analyst", fact, only=True)


@pytest.mark.parametrize(
    "question",
    [
        "senior admin with tons of experience, what figure?",
        "admin, senior level, loads of experience: what's the pay",
    ],
)
def test_plain_english_quantities_are_no_unknown_subject(engine: Engine, question: str) -> None:
    assert_leads_with(engine.answer(question), "pacs-administrator", "$100,000", only=True)


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("who is the boss of a manager", "pacs-manager"),
        ("how long to become manager, and who is the boss of manager", "pacs-manager"),
        ("director pay, roughly, for the top dog", "pacs-director"),
    ],
)
def test_the_one_role_a_lone_word_names_is_answered_despite_a_stray_word(
    engine: Engine, question: str, subject: str
) -> None:
    # one role hinted, a question asked, the stray word not part of another job's name:
    # no "did you mean" with a single choice
    reply = engine.answer(question)
    assert (reply.outcome, reply.subjects[:1]) == ("answer", (subject,))


@pytest.mark.parametrize(
    "question", ["manager salary at walmart", "director of nursing salary", "sql server admin pay"]
)
def test_a_lone_role_word_beside_other_words_is_still_another_job(
    engine: Engine, question: str
) -> None:
    assert engine.answer(question).outcome == "decline"
