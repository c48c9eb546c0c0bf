"""The fact asked for is stated within the first 300 characters of the reply (issue 9)."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.matching.focus import LEANS_BACK
from tests.engine.leading import assert_leads_with
from tests.question_grading import DATA, LEAD_CHARS, load_questions, reply_text


@pytest.mark.parametrize(
    ("question", "place", "fact"),
    [
        # the city inside a named state is the place asked about
        (
            "How far above the national norm is Atkinson, Nebraska for a cardiology PACS admin?",
            "atkinson",
            "$38,496",
        ),
        # "national" names the country, but the question is about San Francisco against it
        (
            "how much above the national number are SF pacs admins, percentage wise",
            "san-francisco",
            "17%",
        ),
        ("how much above national does tennessee pay ris analysts?", "tennessee", "9.6%"),
    ],
)
def test_the_most_specific_place_named_is_the_one_answered(
    engine: Engine, question: str, place: str, fact: str
) -> None:
    reply = engine.answer(question)
    assert reply.outcome == "answer" and reply.location == place
    assert fact in reply_text(reply)[:LEAD_CHARS]


@pytest.mark.parametrize("question", ["/duties pacs admin", "what does a pacs admin do"])
def test_duties_of_a_role_without_listed_duties_say_so_and_show_what_the_job_calls_for(
    engine: Engine, question: str
) -> None:
    reply = engine.answer(question)
    lead = reply_text(reply)[:LEAD_CHARS]
    assert reply.outcome == "answer" and reply.subjects == ("pacs-administrator",)
    assert "The source lists no day-to-day duties for PACS Administrators." in lead
    assert "Security and quality control" in lead
    assert "as a whole" not in reply_text(reply)  # the admin is one role, not a whole field


@pytest.mark.parametrize("line", ["/career pacs admin", "/carrer pacs admn"])
def test_a_command_named_after_its_intent_answers_as_that_command(
    engine: Engine, line: str
) -> None:
    reply = engine.answer(line)
    assert (reply.outcome, reply.intent, reply.subjects) == (
        "answer",
        "career_path",
        ("pacs-administrator",),
    )
    lead = reply_text(reply)[:LEAD_CHARS]
    assert "PACS Manager" in lead and "PACS Director" in lead


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("what messaging / imaging protocols must pacs admins be comfy with", "HL7 and DICOM"),
        ("pacs admin has to know med terms too or just IT", "medical terminology"),
        ("how many yrs in medical informatics before applying pacs admin", "At least one year"),
        ("does pacs analyst work in team with other analysts", "fellow analysts"),
    ],
)
def test_a_question_in_words_of_a_facts_asks_leads_with_that_fact(
    engine: Engine, question: str, fact: str
) -> None:
    reply = engine.answer(question)
    assert reply.outcome == "answer"
    assert fact in reply_text(reply)[:LEAD_CHARS]


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        # only the entry and the intent's own word: the knowledge's first listed item leads
        ("/qualifications pacs analyst", "pacs-analyst", "bachelor's degree is expected"),
        ("qualifications for a pacs admin", "pacs-administrator", "bachelor's degree"),
    ],
)
def test_a_question_naming_no_particular_fact_leads_with_the_first_listed(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    reply = engine.answer(question)
    assert reply.outcome == "answer" and reply.subjects == (subject,)
    _title, first, *_ = reply_text(reply).split("\n")
    assert fact in first


def test_the_way_into_a_whole_field_is_the_first_featured_roles(engine: Engine) -> None:
    # the field as a whole lists no requirements; the knowledge ranks the PACS analyst first
    reply = engine.answer("how do I get into PACS?")
    assert reply.outcome == "answer" and reply.subjects == ("pacs-analyst",)
    lead = reply_text(reply)[:LEAD_CHARS]
    assert "allied health" in lead and "lists no qualifications" not in lead


def test_the_whole_field_reads_well_in_a_sentence(engine: Engine) -> None:
    for question in ("how do I get into PACS?", "what do pacs professionals do", "pacs pay"):
        text = reply_text(engine.answer(question))
        assert "(all roles)" not in text and "(any role)" not in text


@pytest.mark.parametrize(
    ("question", "first"),
    [("pacs admin salary", "$85,504"), ("ris analyst pay", "$65,544")],
)
def test_a_plain_pay_question_opens_with_the_national_average(
    engine: Engine, question: str, first: str
) -> None:
    # the card's own first figure answers; a local figure sharing the word "salary" follows it
    description = engine.answer(question).description
    assert first in description.split("\n")[0]


def test_a_route_that_makes_more_sense_is_no_pay_question(engine: Engine) -> None:
    reply = engine.answer("which makes more sense for me, ciip or the parca route")
    assert "pay difference" not in reply_text(reply)


@pytest.mark.parametrize(
    "question",
    ["would it make sense for a rad tech to do the cpas", "which makes more sense, ciip or parca"],
)
def test_making_sense_is_no_pay_question(engine: Engine, question: str) -> None:
    # "make" is a pay word; in "makes sense" it asks no pay, so no pay gap and no decline
    reply = engine.answer(question)
    assert reply.outcome == "answer" and reply.intent == "certifications"
    assert "pay" not in reply_text(reply)[:LEAD_CHARS].lower()


@pytest.mark.parametrize(
    "question",
    [
        "what do pacs folks do in the bigger picture of hospital IT",
        "big picture, what is the point of pacs people",
    ],
)
def test_the_big_picture_is_no_picture_upload(engine: Engine, question: str) -> None:
    # "picture" in a figure of speech names no fact: not the cardiology analyst's image uploads
    reply = engine.answer(question)
    assert "cardiology-pacs-analyst" not in reply.subjects
    assert "upload" not in reply_text(reply)[:LEAD_CHARS].lower()


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("do cardiology pacs people put the pictures into the system themselves", "pictures"),
        ("what did the article say pacs admin pay hinges on", "duties and positions"),
        ("what must you know for the entry level parca cert", "clinical technology and practices"),
    ],
)
def test_the_article_s_own_terms_lead(engine: Engine, question: str, fact: str) -> None:
    # the knowledge keeps the article's terms inside its own sentences, so the user finds them
    assert_leads_with(engine.answer(question), None, fact)


def test_a_degree_question_states_the_degree_before_the_route_without_one(engine: Engine) -> None:
    """Both statements lead; the one that says "instead of a degree" comes after the degree."""
    reply = engine.answer("do i need a degree to be pacs analyst")
    text = reply.description
    assert "bachelor's degree is expected" in text and "Instead of a degree" in text, text
    assert text.index("bachelor's degree is expected") < text.index("Instead of a degree")


LABELLED_SETS = sorted(p.name for p in DATA.glob("questions_*dev*.yaml"))


@pytest.mark.parametrize("name", LABELLED_SETS)
def test_no_reply_opens_with_a_sentence_leaning_on_one_it_says_later(
    engine: Engine, name: str
) -> None:
    """Where a statement leaning on the one before it in its file ("Instead of ...") and that
    one both lead a reply, that one is said first."""
    facts = engine.facts.facts
    for question in load_questions(name)["questions"]:
        lead = engine.reader.read(question["q"])[0].lead
        for said, fact in enumerate(lead):
            if LEANS_BACK.match(fact.text):
                anchor = facts[facts.index(fact) - 1]
                assert anchor not in lead[said + 1 :], (question["q"], [f.text[:50] for f in lead])


@pytest.mark.parametrize(
    ("question", "first"),
    [
        # San Francisco is in California: its figure answers before the national average
        ("pacs admin salary california", "Average total salary in San Francisco"),
        # the ranking that puts Deer Park, California first, before US-wide percentiles
        ("cardiology pacs analyst pay in california", "Places that pay Cardiology PACS"),
    ],
)
def test_a_figure_for_a_city_in_the_state_asked_leads(
    engine: Engine, question: str, first: str
) -> None:
    reply = engine.answer(question)
    assert reply.location == "california"
    assert reply.description.startswith(first), reply.description
