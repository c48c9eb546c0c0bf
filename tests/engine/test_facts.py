"""Every fact is addressable and the answer leads: what a user sees first is what they asked."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.knowledge.facts import derive_facts, plural_of
from bot.knowledge.validate import every_answer, knowledge_statements, reply_is_empty
from bot.replies.reply import Reply

LEAD = 300


def _text(reply: Reply) -> str:
    return str(reply.to_dict()["text"])


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        ("which cert sits at the top of the PARCA ladder?", "cpsm", "highest"),
        ("when can a PACS admin hope for a promotion?", "pacs-administrator", "5 years"),
        ("how much schooling does a RIS analyst need?", "ris-analyst", "high school"),
        ("is an X-ray course useful for a RIS analyst job?", "ris-analyst", "X-ray technology"),
        ("which cert is about hooking up PACS with the RIS", "cpia", "CPIA"),
        ("is PACS only for X-rays?", "pacs", "cardiology"),
        ("do pacs admins get a bonus? how big usually", "pacs-administrator", "$1,096"),
    ],
)
def test_one_fact_questions_are_answered_first(
    engine: Engine, question: str, subject: str | None, fact: str
) -> None:
    reply = engine.answer(question)
    assert reply.outcome == "answer"
    assert subject is None or subject in reply.subjects
    assert fact.lower() in _text(reply)[:LEAD].lower(), _text(reply)[:LEAD]


@pytest.mark.parametrize(
    ("question", "subject", "fact"),
    [
        # a clarification among PARCA's certifications settles on the one its words name
        ("what is the entry level certification from PARCA?", "cpas", "entry level"),
        # "how many" is answered by the fact that gives the count
        ("how many certifications does PARCA offer", "parca", "four"),
        # a question asking for a kind of entry is answered by one of that kind
        ("which cert suits someone who builds interfaces between pacs and ris", "cpia", "CPIA"),
        # two facts of one entry hold the question's words together
        ("pacs admin tech stack: servers and databases?", "pacs-administrator", "Oracle"),
        # a lone head word with nothing on the asked aspect lets the certifications answer
        ("which one is the manager-level cert", "cpsm", "System Manager"),
        # "how much" reads as pay and "experience" as requirements: the facts break the tie
        ("how much informatics experience does a pacs admin need", "pacs-administrator", "year"),
        # a moderator's synonyms read other languages' words for pay and roles
        ("cuanto gana un administrador pacs", "pacs-administrator", "$85,504"),
    ],
)
def test_reworded_questions_reach_their_fact(
    engine: Engine, question: str, subject: str, fact: str
) -> None:
    reply = engine.answer(question)
    assert reply.outcome == "answer"
    assert subject in reply.subjects
    assert fact.lower() in _text(reply)[:LEAD].lower(), _text(reply)[:LEAD]


def test_a_role_named_outright_keeps_its_honest_empty_answer(engine: Engine) -> None:
    reply = engine.answer("what certs does a pacs manager need")
    assert reply.subjects == ("pacs-manager",)
    assert "names no certification" in _text(reply)[:LEAD]


def test_a_figure_kind_alone_does_not_settle_which_role_is_meant(engine: Engine) -> None:
    assert engine.answer("starting pay for analysts?").outcome == "clarify"


def test_a_fact_about_requirements_is_not_answered_with_pay(engine: Engine) -> None:
    assert engine.answer("how much schooling does a RIS analyst need?").intent == "qualifications"


def test_slash_commands_keep_their_card(engine: Engine) -> None:
    reply = engine.answer("/salary ris analyst")
    assert reply.intent == "salary"
    assert "$65,544" in _text(reply)[:LEAD]


def test_career_path_reaches_director_and_what_a_director_earns(engine: Engine) -> None:
    for question in ("/path pacs admin", "/path pacs analyst", "/path"):
        text = _text(engine.answer(question))
        assert "PACS Director" in text and "$150,000" in text, question


def test_career_path_says_how_to_earn_more(engine: Engine) -> None:
    text = _text(engine.answer("/path ris analyst"))
    assert "relocating" in text and "Tennessee" in text


def test_getting_into_the_field_is_never_a_bare_title(engine: Engine) -> None:
    reply = engine.answer("how do I get into PACS?")
    body = _text(reply).split("\n", 1)[1]
    assert "source lists no" in body.lower() or "analyst" in body.lower()


def test_names_read_well_in_singular_and_plural(engine: Engine) -> None:
    for _, reply in every_answer(engine.knowledge):
        text = _text(reply)
        assert ")s " not in text and ")s\n" not in text, reply.title
        assert " a PACS professionals" not in text, reply.title
    assert plural_of("PACS Analyst / Administrator") == "PACS Analysts / Administrators"
    assert plural_of("PACS Director") == "PACS Directors"


def test_every_statement_is_a_fact_with_an_aspect(engine: Engine) -> None:
    facts = derive_facts(engine.knowledge)
    role = engine.knowledge.roles["pacs-administrator"]
    texts = {f.text for f in facts if f.entity == role.id}
    assert all(q in texts for q in role.qualifications)
    assert {f.aspect for f in facts if f.entity == role.id} >= {
        "pay",
        "place",
        "requirements",
        "path",
        "certification",
    }
    assert any(f.entity == "cpsm" and f.field == "level" for f in facts)


def test_every_shipped_answer_shows_something_the_source_says(engine: Engine) -> None:
    statements = [t for texts in knowledge_statements(engine.knowledge).values() for t in texts]
    empty = [
        (entity_id, reply.intent)
        for entity_id, reply in every_answer(engine.knowledge)
        if entity_id and reply_is_empty(reply, statements)
    ]
    assert empty == []


def test_a_title_only_reply_counts_as_empty(engine: Engine) -> None:
    statements = [t for texts in knowledge_statements(engine.knowledge).values() for t in texts]
    bare = Reply("q", "answer", 1.0, "qualifications", ("x",), None, "Becoming a PACS pro", "")
    assert reply_is_empty(bare, statements)


def test_a_reworded_question_about_one_fact_is_answered_not_declined(engine: Engine) -> None:
    reply = engine.answer("which pacs certification is the most specialized")
    assert reply.outcome == "answer"
    assert "CPIA" in _text(reply)[:LEAD]


@pytest.mark.parametrize(
    "question",
    [
        "sql server admin salary",
        "who is the admin of our minecraft server, i need op",
        "my echo results came back abnormal, should i be worried",
    ],
)
def test_fact_words_do_not_turn_other_topics_into_answers(engine: Engine, question: str) -> None:
    assert engine.answer(question).outcome == "decline"


def test_a_missing_place_is_said_before_the_facts_that_are_there(engine: Engine) -> None:
    text = _text(engine.answer("exact dollar figure for ris analyst in hawaii?"))
    assert "source gives no" in text[:LEAD]


@pytest.mark.parametrize(
    ("line", "intent"),
    [("/compre ris analyst vs cardiology pacs", "comparison"), ("/defne abii", "definition")],
)
def test_a_command_one_keystroke_off_is_understood(engine: Engine, line: str, intent: str) -> None:
    assert engine.answer(line).intent == intent


def test_swapped_letters_are_read_as_the_swap(engine: Engine) -> None:
    assert engine.answer("/cert cpms").subjects == ("cpsm",)


def test_a_definition_shows_what_the_rest_of_the_source_says_about_the_term(
    engine: Engine,
) -> None:
    text = _text(engine.answer("/define dicom"))
    assert "PACS Administrator skill: The HL7 and DICOM protocols." in text


def test_a_common_word_alone_does_not_turn_a_pay_question_into_another(engine: Engine) -> None:
    # "least" is also in "at least one year of experience", a qualification
    assert engine.answer("what is the least a pacs admin earns").intent == "salary"


def test_the_lowest_figure_answers_a_question_about_the_lowest_pay(engine: Engine) -> None:
    text = _text(engine.answer("whats the lowest a cardiology pacs analyst makes"))
    assert "$27,500" in text[:LEAD]


def test_the_card_behind_a_one_fact_answer_is_trimmed(engine: Engine) -> None:
    whole = _text(engine.answer("/salary pacs admin"))
    answer = _text(engine.answer("do pacs admins get a bonus? how big usually"))
    assert answer.index("$1,096") < 120
    assert len(answer) < len(whole)


def test_titles_use_the_short_form_of_a_long_name(engine: Engine) -> None:
    assert engine.answer("/salary ris analyst").to_dict()["text"].startswith("RIS Analyst salary")
    assert plural_of("RIS Analyst") == "RIS Analysts"


def test_a_follow_up_about_one_fact_leads_with_it(engine: Engine) -> None:
    first = engine.answer("what does a pacs admin make")
    reply = engine.answer("and the bonus?", first.conversation)
    assert reply.subjects == ("pacs-administrator",)
    assert "$1,096" in _text(reply)[:LEAD]


def test_a_name_beside_words_its_facts_explain_keeps_its_weight(engine: Engine) -> None:
    reply = engine.answer("what knowledge does CPAS expect from you")
    assert reply.outcome == "answer" and reply.subjects == ("cpas",)
    assert "clinical technology" in _text(reply)[:LEAD]


def test_a_name_beside_a_word_nothing_explains_is_still_doubted(engine: Engine) -> None:
    assert engine.answer("what does a director of nursing earn").outcome == "decline"


@pytest.mark.parametrize(
    ("question", "place"),
    [
        # a figure for one place and a ranking: the ranking decides
        ("boston or sf: where do pacs admins get paid more?", "san-francisco"),
        # two premiums in dollars: the larger one, whatever the ranking's order
        ("cardiology pacs pay, atkinson vs deer park, which is higher", "atkinson"),
        # two percentages
        ("ris analyst: minnesota or tennessee, which pays more", "tennessee"),
    ],
)
def test_two_places_compared_are_answered_at_the_one_paying_more(
    engine: Engine, question: str, place: str
) -> None:
    reply = engine.answer(question)
    assert reply.outcome == "answer"
    assert reply.location == place


def test_two_places_not_compared_keep_the_first(engine: Engine) -> None:
    assert engine.answer("pacs admin salary in boston and sf").location == "boston"


def test_a_slash_command_with_one_near_miss_answers_it(engine: Engine) -> None:
    reply = engine.answer("/cert cip")
    assert reply.outcome == "answer"
    assert reply.subjects == ("ciip",)


@pytest.mark.parametrize(
    ("word", "other"), [("career", "care"), ("engineer", "engine"), ("header", "head")]
)
def test_a_word_ending_in_er_is_not_read_as_the_shorter_word(word: str, other: str) -> None:
    from bot.matching.fact_rank import stem

    assert stem(word) != stem(other)
    assert stem(word + "s") == stem(word)  # the plural is still the same word


@pytest.mark.parametrize(
    "question", ["whats the career path of an analyst", "analyst career ladder?"]
)
def test_the_word_career_does_not_pick_which_analyst_is_meant(
    engine: Engine, question: str
) -> None:
    # "career" is in one analyst's facts only, but it says what is asked, not which analyst
    assert engine.answer(question).outcome == "clarify"
