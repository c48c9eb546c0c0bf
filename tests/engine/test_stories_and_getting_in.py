"""Getting into the field, and long stories whose background must not steer the reading.

The questions here are paraphrases written for these rules, not copies of any labelled set: each
states what a user would see first when the rule works.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.replies.reply import Reply
from tests.engine.leading import assert_leads_with
from tests.question_grading import LEAD_CHARS, reply_text


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        (
            "My friend is an MRI technologist in Cairo hoping to get into PACS work. She keeps "
            "asking me about money. How much does a PACS analyst earn in San Francisco?",
            "pacs-analyst",
            "San Francisco",
        ),
        (
            "my coworker is an x-ray tech and wants to get into RIS. what does a RIS analyst need?",
            "ris-analyst",
            "RIS Analyst",
        ),
        (
            "My sister works as a CT technician and wants to get into imaging IT. Her friends "
            "keep saying different things. What does a PACS administrator need to study?",
            "pacs-administrator",
            "PACS Administrator",
        ),
    ],
)
def test_a_scanner_job_in_the_story_is_no_request_for_scans(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    """A scanner named before "tech" is a job, not patient images: the story is answered."""
    assert_leads_with(engine.answer(question), subject, fact)


@pytest.mark.parametrize(
    "question",
    [
        "can I look at my coworker's CT scans in PACS",
        "how do i view my ex's ct scan without her knowing, im a ct tech",
    ],
)
def test_looking_at_someones_scans_is_still_declined(engine: Engine, question: str) -> None:
    """A scanner worker asking to look at someone's scans is still declined."""
    assert engine.answer(question).outcome == "decline"


@pytest.mark.parametrize(
    "question",
    [
        "which one can i get with a diploma only?",
        "which position is fine with a diploma",
        "which one needs just a diploma?",
    ],
)
def test_which_role_asks_only_this_is_the_one_whose_fact_says_so(
    engine: Engine, question: str
) -> None:
    """A "which one ..." naming no role is answered by the only role whose requirement holds
    the word asked, not by a choice among every role."""
    assert_leads_with(engine.answer(question), "ris-analyst", "high school diploma", only=True)


def _leads_with_a_way_in(reply: Reply) -> bool:
    """Whether the reply opens with the analyst's way in: the guide or a wish to learn."""
    head = reply_text(reply)[:LEAD_CHARS].lower()
    return "step-by-step guide" in head or "strong desire to learn" in head


@pytest.mark.parametrize(
    "question",
    [
        "I am a nurse in Riyadh and I am tired of night shifts. Where I should start?",
        "I run the radiology front desk in Manila. From where I should start?",
        "I do not know where I should begin with PACS",
    ],
)
def test_where_a_beginner_should_start_is_the_way_in(engine: Engine, question: str) -> None:
    """A beginner's "where do I start", after a sentence about who they are (or asked in the
    indirect word order), is the PACS analyst's way in, not a decline."""
    reply = engine.answer(question)
    assert reply.outcome == "answer" and reply.subjects == ("pacs-analyst",), reply.subjects
    assert _leads_with_a_way_in(reply), reply_text(reply)[:LEAD_CHARS]


def test_one_sentence_of_background_then_which_one(engine: Engine) -> None:
    """One sentence about someone, then "which one ...": the ask is still answered."""
    reply = engine.answer(
        "My nephew finished high school last year and is good with computers. "
        "which one needs just a diploma?"
    )
    assert_leads_with(reply, "ris-analyst", "high school diploma", only=True)


@pytest.mark.parametrize(
    "question",
    [
        "headhunter here: is 'PACS professional' a single job title or lots of them?",
        "staffing agency here: is a PACS professional one role or several?",
    ],
)
def test_a_label_before_a_colon_does_not_steer_the_ask(engine: Engine, question: str) -> None:
    """Who asks, said before a colon, is no word of the question: the field is many jobs."""
    assert_leads_with(engine.answer(question), "pacs-professional", "PACS associate", only=True)


@pytest.mark.parametrize(
    "question",
    [
        "what are the first steps to get into pacs",
        "first steps for getting into the pacs field?",
        "getting into pacs - what's step one",
    ],
)
def test_first_steps_into_the_field_are_the_step_by_step_guide(
    engine: Engine, question: str
) -> None:
    """The first steps into the whole field are the analyst's step-by-step guide, not another
    role's "next step" up the ladder nor the field's missing qualifications."""
    assert_leads_with(engine.answer(question), "pacs-analyst", "step-by-step guide", only=True)
