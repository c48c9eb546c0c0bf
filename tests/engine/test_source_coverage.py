"""Every figure of the source article is reachable, and every figure we show has a source."""

from __future__ import annotations

import re

import pytest

from bot.engine import Engine
from bot.knowledge.validate import every_answer
from bot.render.discord_body import render_message, visible_text
from tests.conftest import ARTICLE

ARTICLE_SOURCE = "pacs-careers-2021"
_DOLLARS = re.compile(r"\$\s?(\d[\d,]*)|(\d[\d,]*) dollars")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)(?:\s?[-–]\s?(\d+(?:\.\d+)?))?\s?(?:%|percent\b)")
_PERCENTILE = re.compile(r"(\d+)(?:th)?[- ]percentile")


def numbers_in(text: str) -> set[float]:
    """Every dollar amount and percentage written in a text, as plain numbers."""
    found: set[float] = set()
    for match in _DOLLARS.finditer(text):
        digits = (match.group(1) or match.group(2)).replace(",", "")
        found.add(float(digits))
    for match in _PERCENT.finditer(text):
        found.update(float(g) for g in match.groups() if g)
    found.update(float(m.group(1)) for m in _PERCENTILE.finditer(text))
    return found


@pytest.fixture(scope="module")
def article_numbers() -> set[float]:
    # A missing article is an error: these checks must never pass by having nothing to check.
    return numbers_in(ARTICLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def every_reply_text(engine: Engine) -> str:
    return "\n".join(visible_text(render_message(r)) for _, r in every_answer(engine.knowledge))


def test_the_article_has_the_figures_this_test_expects(article_numbers: set[float]) -> None:
    # Guards the extraction itself: a sample of the article's figures, written several ways.
    assert {73334, 183259, 85504, 1096, 95000, 125000, 122000, 9.6, 5.8, 2, 3, 51, 17} <= (
        article_numbers
    )


def test_every_article_figure_is_reachable_through_some_reply(
    article_numbers: set[float], every_reply_text: str
) -> None:
    shown = numbers_in(every_reply_text)
    missing = sorted(article_numbers - shown)
    assert not missing, f"article figures no reply shows: {missing}"


def test_every_knowledge_figure_appears_in_its_source(
    engine: Engine, article_numbers: set[float]
) -> None:
    unsourced = []
    for role in engine.knowledge.roles.values():
        for figure in role.salary:
            assert figure.source in engine.knowledge.sources
            if figure.source != ARTICLE_SOURCE:
                continue
            for number in figure.numbers():
                if float(number) not in article_numbers:
                    unsourced.append(f"{role.id}: {number} ({figure.measures})")
    assert not unsourced


def test_every_answer_names_its_source(engine: Engine) -> None:
    for entity_id, reply in every_answer(engine.knowledge):
        if reply.intent == "help":
            continue
        footer = render_message(reply)["embeds"][0]["footer"]["text"]
        assert footer.startswith("Source"), (entity_id, reply.intent, footer)
        assert reply.sources, (entity_id, reply.intent)


@pytest.mark.parametrize(
    "role_id", ["pacs-analyst", "pacs-administrator", "ris-analyst", "cardiology-pacs-analyst"]
)
def test_a_salary_answer_shows_only_that_roles_figures(engine: Engine, role_id: str) -> None:
    role = engine.knowledge.roles[role_id]
    own = {float(n) for figure in role.salary for n in figure.numbers()}
    reply = engine.answer(f"/salary {role_id}")
    assert reply.outcome == "answer" and reply.subjects == (role_id,)
    shown = numbers_in(visible_text(render_message(reply)))
    assert shown, "the salary answer shows no figure"
    # Notes may cite the role's own other figures; nothing from another role may appear.
    others = {
        float(n)
        for other in engine.knowledge.roles.values()
        if other.id != role_id
        for figure in other.salary
        for n in figure.numbers()
    } - own
    assert not (shown & others), f"figures of other roles shown: {sorted(shown & others)}"


def test_manager_salary_says_the_source_has_no_figure(engine: Engine) -> None:
    reply = engine.answer("how much does a pacs manager make")
    assert reply.outcome == "answer" and reply.subjects == ("pacs-manager",)
    assert not numbers_in(reply.description + "".join(f.value for f in reply.fields))
    assert "no" in reply.description.lower()
