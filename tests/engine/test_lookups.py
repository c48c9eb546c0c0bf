"""Slash-style lookups and free text, as a user sees the outcome."""

from __future__ import annotations

import pytest

from bot.engine import Engine


@pytest.mark.parametrize(
    ("line", "intent", "subjects", "location"),
    [
        ("/salary pacs adminstrator", "salary", ("pacs-administrator",), None),
        ("/salary ris tennessee", "salary", ("ris-analyst",), "tennessee"),
        ("/salary pacs admin san francisco", "salary", ("pacs-administrator",), "san-francisco"),
        ("/salary cardiology", "salary", ("cardiology-pacs-analyst",), None),
        ("/cert cpsm", "certifications", ("cpsm",), None),
        ("/role ris analyst", "role", ("ris-analyst",), None),
        ("/define dicom", "definition", ("dicom",), None),
        ("/path cardiology", "career_path", ("cardiology-pacs-analyst",), None),
        (
            "/compare cardiology vs ris",
            "comparison",
            ("cardiology-pacs-analyst", "ris-analyst"),
            None,
        ),
        ("/compare cpsm vs ciip", "comparison", ("cpsm", "ciip"), None),
        ("/ask how much do ris analysts make", "salary", ("ris-analyst",), None),
        (
            "how much $$ does a pacs admn make in sf?",
            "salary",
            ("pacs-administrator",),
            "san-francisco",
        ),
    ],
)
def test_lookups_resolve_typos_and_abbreviations(
    engine: Engine, line: str, intent: str, subjects: tuple[str, ...], location: str | None
) -> None:
    reply = engine.answer(line)
    assert (reply.outcome, reply.intent, reply.subjects, reply.location) == (
        "answer",
        intent,
        subjects,
        location,
    )
    assert 0.0 <= reply.confidence <= 1.0
    assert reply.sources


def test_salary_in_a_city_shows_the_city_and_the_source(engine: Engine) -> None:
    text = engine.answer("/salary pacs admin sf").to_dict()["text"]
    assert "San Francisco" in text and "$100,081" in text and "17%" in text
    assert "Source: How Much Do PACS Professionals Earn?" in text


def test_contradicting_figures_are_both_shown_with_what_they_measure(engine: Engine) -> None:
    text = engine.answer("/salary ris analyst").to_dict()["text"]
    assert "$65,544" in text and "$77,441" in text and "$75,033" in text


@pytest.mark.parametrize("line", ["/salary", "/role", "/compare"])
def test_a_missing_subject_asks_back_with_options(engine: Engine, line: str) -> None:
    reply = engine.answer(line)
    assert reply.outcome == "clarify"
    assert 2 <= len(reply.choices) <= 5


def test_an_ambiguous_subject_offers_the_closest(engine: Engine) -> None:
    reply = engine.answer("/role analyst")
    assert reply.outcome == "clarify"
    assert {"pacs-analyst", "ris-analyst"} <= {c.subjects[0] for c in reply.choices}


def test_a_typo_one_letter_from_a_single_entry_is_read_as_it(engine: Engine) -> None:
    assert engine.answer("/cert cpxm").subjects == ("cpsm",)


@pytest.mark.parametrize("line", ["/salary zookeeper", "/cert qwrtzp", "/define blockchain"])
def test_an_unknown_subject_with_nothing_close_is_declined(engine: Engine, line: str) -> None:
    assert engine.answer(line).outcome == "decline"


@pytest.mark.parametrize("line", ["/path", "/cert", "/help", "/ask"])
def test_commands_without_options_still_answer(engine: Engine, line: str) -> None:
    assert engine.answer(line).outcome == "answer"


def test_unknown_command_is_declined_clearly(engine: Engine) -> None:
    reply = engine.answer("/frobnicate pacs")
    assert reply.outcome == "decline"
    assert "/frobnicate" not in reply.to_dict()["text"]  # never echoes what was typed
    assert "isn't one of my commands" in reply.to_dict()["text"]


@pytest.mark.parametrize(
    ("line", "subject", "intent"),
    [
        ("/qualifications pacs analyst", "pacs-analyst", "qualifications"),
        ("/certifications cpsm", "cpsm", "certifications"),
        ("/salaries ris analyst", "ris-analyst", "salary"),
    ],
)
def test_a_command_name_we_do_not_have_is_read_as_the_question_it_is(
    engine: Engine, line: str, subject: str, intent: str
) -> None:
    """Typed as text, "/qualifications pacs analyst" is answered, not refused as a command."""
    reply = engine.answer(line)
    assert (reply.outcome, reply.intent, reply.subjects) == ("answer", intent, (subject,))
    assert reply.question == line


def test_an_unsafe_ask_behind_a_made_up_command_is_still_refused(engine: Engine) -> None:
    reply = engine.answer("/hack into the pacs with my coworkers login")
    assert reply.outcome == "decline" and "isn't one of my commands" not in reply.to_dict()["text"]


@pytest.mark.parametrize(
    "text",
    ["", "   ", "🙂", "lol", "asdkjh qwe zxcmn", "\x00\x01\x02", "a" * 50_000, "how " * 20_000],
)
def test_junk_is_declined_without_error(engine: Engine, text: str) -> None:
    reply = engine.answer(text)
    assert reply.outcome == "decline"
    assert reply.confidence < 0.5


def test_a_clarification_choice_answers_that_reading(engine: Engine) -> None:
    clarify = engine.answer("how much does an analyst make")
    assert clarify.outcome == "clarify"
    choice = next(c for c in clarify.choices if c.subjects == ("ris-analyst",))
    reply = engine.answer_choice(choice)
    assert (reply.outcome, reply.intent, reply.subjects) == ("answer", "salary", ("ris-analyst",))


def test_follow_up_context_is_explicit_and_expires(engine: Engine) -> None:
    first = engine.answer("how much does a pacs admin make", now=100.0)
    assert first.conversation is not None
    follow = engine.answer("and in boston?", first.conversation, now=130.0)
    assert (follow.subjects, follow.location) == (("pacs-administrator",), "boston")
    # Without the context the same words name no role: the bot asks whose pay in Boston.
    alone = engine.answer("and in boston?")
    assert (alone.outcome, alone.subjects) == ("clarify", ())


def test_suggest_never_returns_more_than_25_and_handles_typos(engine: Engine) -> None:
    assert len(engine.suggest("", ("role", "certification", "term", "place"), 100)) <= 25
    assert engine.suggest("cardiolgy", ("role",))[0][0] == "cardiology-pacs-analyst"
    assert engine.suggest("adminstrator", ("role",))[0][0] == "pacs-administrator"


def test_a_slash_command_follows_up_the_conversation(engine) -> None:
    """'/salary boston' after a question about RIS analysts is about RIS analysts in Boston;
    a bare '/salary' still offers the roles."""
    first = engine.answer("how much does a ris analyst make")
    follow = engine.answer("/salary boston", first.conversation)
    assert (follow.outcome, follow.subjects, follow.location) == (
        "answer",
        ("ris-analyst",),
        "boston",
    )
    assert engine.answer("/salary", first.conversation).outcome == "clarify"


def test_a_salary_question_about_a_place_leads_with_that_places_figure(engine) -> None:
    """'... in sf' opens with the San Francisco figure, not the national average."""
    description = engine.answer("how much $$ does a pacs admn make in sf?").description
    first_line = description.splitlines()[0]
    assert "$100,081" in first_line and "$85,504" not in first_line


def test_a_command_naming_only_a_listed_place_asks_which_role_there(engine: Engine) -> None:
    reply = engine.answer("/salary boston")
    assert reply.outcome == "clarify" and reply.location == "boston"
    assert {"pacs-analyst", "pacs-administrator"} <= {s for c in reply.choices for s in c.subjects}
    assert all(c.location == "boston" for c in reply.choices)
    assert "in Boston" in reply.description  # the question back says the place is kept
