"""A fragment with nothing before it asks back with what its words hint at; after an answer it
still refers to that answer.

The questions are paraphrases written for these rules, not copies of any labelled set.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.matching.context import Conversation
from tests.engine.leading import assert_leads_with
from tests.question_grading import LEAD_CHARS, reply_text


def _offered(engine: Engine, question: str) -> tuple[str, ...]:
    reply = engine.answer(question)
    assert reply.outcome == "clarify", reply.outcome
    return tuple(choice.subjects[0] for choice in reply.choices)


@pytest.mark.parametrize(
    ("question", "offered"),
    [
        ("which is the highest one", "cpsm"),
        ("and the top one??", "cpsm"),
        ("what about the entry level one", "cpas"),
    ],
)
def test_a_rank_word_alone_offers_the_entries_of_that_rank(
    engine: Engine, question: str, offered: str
) -> None:
    assert offered in _offered(engine, question)


@pytest.mark.parametrize("question", ["how would someone get in?", "so how do you get in"])
def test_asking_how_to_get_in_offers_the_roles_ways_in(engine: Engine, question: str) -> None:
    reply = engine.answer(question)
    assert (reply.outcome, reply.intent) == ("clarify", "qualifications")
    assert "pacs-analyst" in _offered(engine, question)


@pytest.mark.parametrize("question", ["which one's better?", "which one would be better then"])
def test_a_bare_better_offers_roles_and_certifications(engine: Engine, question: str) -> None:
    offered = _offered(engine, question)
    kinds = {engine.index.entity_kind[entry] for entry in offered}
    assert kinds == {"role", "certification"}


def test_after_an_answer_the_fragment_refers_to_it(engine: Engine) -> None:
    context = Conversation("certifications", ("cpas",), None, 0.0)
    reply = engine.answer("and the highest one?", context, now=1.0)
    assert (reply.outcome, reply.subjects) == ("answer", ("cpsm",))


@pytest.mark.parametrize(
    "question",
    [
        "after manager what's the next step up, and the pay for it?",
        "ok and the next promotion after a pacs manager and its salary?",
    ],
)
def test_the_next_title_and_its_pay_name_the_next_step_and_what_it_pays(
    engine: Engine, question: str
) -> None:
    context = Conversation("role", ("pacs-manager",), None, 0.0)
    reply = engine.answer(question, context, now=1.0)
    assert_leads_with(reply, "pacs-director", "Director")
    assert_leads_with(reply, "pacs-director", "$150,000")


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        ("which job titles count as junior in pacs?", "pacs-associate", "junior"),
        ("who in pacs pulls in around 400k a year", "system-architect", "$404,726"),
        ("which roles make like $400,000 in pacs", "pacs-contractor", "high end"),
    ],
)
def test_a_group_of_roles_answers_with_those_roles(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    reply = engine.answer(question)
    assert_leads_with(reply, subject, fact)
    assert "pacs-professional" not in reply.subjects


@pytest.mark.parametrize(
    ("question", "group"),
    [
        # the moderators' example questions on the roles say which words name their group
        ("who gets paid the least in imaging informatics", {"pacs-associate",
                                                            "junior-pacs-analyst"}),
        ("which pacs job titles do newcomers begin on", {"pacs-associate",
                                                                "junior-pacs-analyst"}),
        ("in pacs who pulls in the big bucks", {"system-architect", "pacs-contractor",
                                                "pacs-consultant"}),
        ("which job titles are the highest earners in pacs", {"system-architect",
                                                              "pacs-contractor",
                                                              "pacs-consultant"}),
    ],
)  # fmt: skip
def test_a_group_named_in_other_words_answers_with_its_roles(
    engine: Engine, question: str, group: set[str]
) -> None:
    reply = engine.answer(question)
    assert reply.outcome == "answer"
    assert set(reply.subjects) == group
    names = [engine.knowledge.roles[r].name for r in group]
    assert any(n.lower() in reply_text(reply)[:LEAD_CHARS].lower() for n in names)


@pytest.mark.parametrize(
    ("question", "role"), [("PACS?", "pacs-analyst"), ("pacs !!", "pacs-administrator")]
)
def test_a_term_alone_that_begins_role_names_offers_it_and_those_roles(
    engine: Engine, question: str, role: str
) -> None:
    offered = _offered(engine, question)
    assert offered[0] == engine.answer(question).choices[0].subjects[0]
    assert role in offered
    assert any(engine.index.entity_kind[entry] == "term" for entry in offered)


def test_a_term_alone_that_begins_one_role_name_is_defined(engine: Engine) -> None:
    reply = engine.answer("ris??")
    assert (reply.outcome, reply.intent, reply.subjects) == ("answer", "definition", ("ris",))


def test_a_term_alone_after_an_answer_still_reads_against_it(engine: Engine) -> None:
    context = Conversation("salary", (), None, 0.0, options=("pacs-analyst", "ris-analyst"))
    reply = engine.answer("pacs", context, now=1.0)
    assert (reply.outcome, reply.subjects) == ("answer", ("pacs-analyst",))


@pytest.mark.parametrize(
    ("question", "offered"),
    [
        ("cert??", {"ciip", "cpas", "cpsm"}),
        ("the exam pls", {"ciip", "cpsa"}),
        ("a book", {"practical-imaging-informatics", "medical-terminology"}),
        ("which guide is decent", {"become-pacs-analyst-guide", "premium-iip-study-guide"}),
    ],
)
def test_one_thing_of_a_kind_alone_offers_the_entries_of_that_kind(
    engine: Engine, question: str, offered: set[str]
) -> None:
    reply = engine.answer(question)
    assert reply.outcome == "clarify"
    assert offered <= {s for c in reply.choices for s in c.subjects}


@pytest.mark.parametrize(
    ("question", "listed"),
    [
        ("certs", {"ciip", "cpas", "cpsa", "cpia", "cpsm"}),
        ("books?", {"practical-imaging-informatics", "network-plus-exam-cram"}),
        ("the video", {"pacs-analyst-videos"}),  # only one video entry: it is the answer
    ],
)
def test_a_plural_or_a_kind_with_one_entry_answers_instead(
    engine: Engine, question: str, listed: set[str]
) -> None:
    reply = engine.answer(question)
    assert reply.outcome == "answer"
    assert listed <= set(reply.subjects)


@pytest.mark.parametrize("question", ["so what can this bot even do", "what can you really do"])
def test_an_intensifier_inside_a_help_phrase_still_asks_for_help(
    engine: Engine, question: str
) -> None:
    assert engine.answer(question).intent == "help"


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("which cert is good for someone just starting in pacs", "certifications"),
        ("starting salary for a ris analyst", "salary"),
        ("what does a pacs admin start at", "salary"),
    ],
)
def test_starting_out_is_not_starting_pay(engine: Engine, question: str, intent: str) -> None:
    assert engine.answer(question).intent == intent


def test_which_is_better_with_nothing_named_asks_back_with_what_can_be_compared(
    engine: Engine,
) -> None:
    reply = engine.answer("so which one is better??")
    assert reply.outcome == "clarify"
    assert {"ciip", "cpsm"} & {s for c in reply.choices for s in c.subjects}


@pytest.mark.parametrize(
    ("question", "offered"),
    [("the interface one?", "cpia"), ("which was the associate one", "cpas")],
)
def test_half_of_a_name_with_one_asks_back_with_the_entries_it_names(
    engine: Engine, question: str, offered: str
) -> None:
    # "interface" alone is half of "interface analyst": the fragment refers to that entry
    reply = engine.answer(question)
    assert reply.outcome == "clarify"
    assert offered in {s for choice in reply.choices for s in choice.subjects}
