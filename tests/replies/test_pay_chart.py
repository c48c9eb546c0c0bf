"""A pay answer's chart shows exactly the dollar figures the answer states, for every role, every
place and every pair of roles, and nothing for answers that are not about pay."""

from __future__ import annotations

import itertools
import re

import pytest

from bot import intents
from bot.engine import Engine
from bot.knowledge.model import KnowledgeBase
from bot.matching.decide import Match
from bot.replies.pay_chart import PayChart, no_chart_reason
from bot.replies.reply import Reply
from tests.conftest import KNOWLEDGE

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_DOLLARS = re.compile(r"\$(\d[\d,]*)")


def dollars(text: str) -> set[int]:
    """Every dollar amount written in ``text``."""
    return {int(m.replace(",", "")) for m in _DOLLARS.findall(text)}


def body(reply: Reply) -> str:
    return "\n".join([reply.description, *(f.value for f in reply.fields)])


def stated(reply: Reply) -> set[int]:
    """The dollar figures the reply states: each pay figure is shown in bold."""
    return {d for value in _BOLD.findall(body(reply)) for d in dollars(value)}


def drawn(chart: PayChart) -> set[int]:
    """The figures the chart draws a bar for (its notes name baselines, checked apart)."""
    return {d for bar in chart.bars for d in dollars(bar.value)}


def check_chart(reply: Reply) -> None:
    """The chart's bars are the reply's figures; every dollar on the chart is in the reply."""
    chart = reply.chart
    if chart is None:
        figures = {v for v in _BOLD.findall(body(reply)) if "$" in v}
        assert len(figures) < 2, f"{reply.title}: figures but no chart"
        return
    assert drawn(chart) == stated(reply), reply.title
    on_chart = {d for bar in chart.bars for d in dollars(f"{bar.value} {bar.note}")}
    assert on_chart <= dollars(body(reply)), reply.title  # baselines named in notes too
    assert chart.source and chart.source in reply.sources


def compose(engine: Engine, intent: str, subjects: tuple[str, ...], place: str | None = None):
    return engine.composer.compose("", Match("answer", 1.0, intent, subjects, place))


@pytest.fixture(scope="module")
def knowledge(engine: Engine) -> KnowledgeBase:
    return engine.knowledge


def test_every_role_and_place_salary_chart_is_the_reply_s_figures(engine: Engine) -> None:
    charted = 0
    for role in engine.knowledge.roles:
        for place in [None, *engine.knowledge.places]:
            reply = compose(engine, intents.SALARY, (role,), place)
            check_chart(reply)
            charted += reply.chart is not None
    assert charted >= 5 * len(engine.knowledge.places)  # most roles with figures get a chart


def test_every_pair_of_roles_is_compared_on_one_chart(engine: Engine) -> None:
    roles = list(engine.knowledge.roles)
    for first, second in itertools.permutations(roles, 2):
        reply = compose(engine, intents.COMPARISON, (first, second))
        check_chart(reply)
        if reply.chart is not None and len(reply.chart.series) == 2:
            names = reply.chart.series
            assert all(bar.label.startswith(names[bar.series] + ": ") for bar in reply.chart.bars)


def test_best_paying_places_are_charted_from_the_figures_shown(engine: Engine) -> None:
    for role in engine.knowledge.roles:
        check_chart(compose(engine, intents.LOCATION, (role,)))


@pytest.mark.parametrize(
    "question",
    [
        "how much does a pacs admin make in sf?",
        "/salary cardiology",
        "/compare pacs analyst vs ris analyst",
        "ris analyst or pacs admin, who earns more",
        "which state pays ris analysts the most",
    ],
)
def test_free_text_and_commands_about_pay_get_a_chart(engine: Engine, question: str) -> None:
    reply = engine.answer(question)
    assert reply.chart is not None, question
    check_chart(reply)


@pytest.mark.parametrize(
    "question",
    ["what is dicom", "/cert ciip", "analyst salary", "what's the weather", "/role pacs admin"],
)
def test_no_chart_where_nothing_is_paid_or_nothing_was_answered(
    engine: Engine, question: str
) -> None:
    reply = engine.answer(question)
    assert reply.chart is None
    assert no_chart_reason(reply)


def test_the_city_chart_keeps_the_premium_and_names_its_baseline(engine: Engine) -> None:
    chart = engine.answer("/salary pacs admin sf").chart
    assert chart is not None
    city = next(b for b in chart.pay if "San Francisco" in b.label)
    assert (city.value, city.start, city.end) == ("$100,081 (+17%)", 0, 100081)
    assert city.note == "over the US average for PACS administrators"
    bonus = next(b for b in chart.extra if "bonus" in b.label)
    assert (bonus.value, bonus.end) == ("$1,096 (1%)", 1096)


def test_a_range_is_a_floating_bar_and_a_premium_over_a_stated_baseline_says_it(
    engine: Engine,
) -> None:
    chart = engine.answer("/salary cardiology").chart
    assert chart is not None
    span = next(b for b in chart.pay if b.is_range)
    assert (span.start, span.end, span.value) == (62500, 103500, "$62,500 – $103,500")
    atkinson = next(b for b in chart.extra if "Atkinson" in b.label)
    assert (atkinson.value, atkinson.end) == ("+$38,496", 38496)
    assert atkinson.note == "the national norm is $85,173"
    deer_park = next(b for b in chart.extra if "Deer Park" in b.label)
    assert deer_park.note == ""  # its label already says "above the national average"


def test_the_alt_text_is_short_and_names_the_chart_its_values_and_source(engine: Engine) -> None:
    for role in engine.knowledge.roles:
        chart = compose(engine, intents.SALARY, (role,)).chart
        if chart is None:
            continue
        text = chart.description()
        assert len(text) <= 400  # short; Discord allows 1024
        assert text.startswith(f"Bar chart of {chart.title}; ")
        assert text.endswith(f"Source: {chart.source}.")
        assert all(bar.value in text for bar in chart.bars)
    chart = engine.answer("/salary pacs admin sf").chart
    assert chart is not None
    assert chart.description() == (
        "Bar chart of PACS Administrator salary in San Francisco; yearly pay: $100,081 (+17%), "
        "$85,504, $80,000, $90,000, $100,000; on top of a baseline: $1,096 (1%). "
        "Source: How Much Do PACS Professionals Earn?, PACS Boot Camp, 2021."
    )


def test_a_moderator_s_edit_changes_the_chart_with_the_text(tmp_path, engine: Engine) -> None:
    import shutil

    folder = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE, folder)
    role = folder / "roles" / "pacs-administrator.yaml"
    role.write_text(role.read_text("utf-8").replace("85504", "86000"), "utf-8")
    edited = Engine.from_directory(folder).answer("/salary pacs admin")
    before = engine.answer("/salary pacs admin")
    assert before.chart is not None and edited.chart is not None
    assert 86000 in drawn(edited.chart) and 85504 not in drawn(edited.chart)
    assert edited.chart != before.chart  # a new key: a cached picture is never reused


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("how much does a pacs admin make as a beginner", "Starting pay for recent graduates"),
        ("/salary ris analyst tennessee", "Tennessee, the top-paying state"),
        ("which pays more, pacs admin or ris analyst entry level", "PACS Administrator: Starting"),
    ],
)
def test_the_figure_asked_for_leads_the_chart_as_it_leads_the_reply(
    engine: Engine, question: str, first: str
) -> None:
    chart = engine.answer(question).chart
    assert chart is not None
    assert chart.bars[0].label.startswith(first)
    if len(chart.series) == 2:  # the other role's figure of the same kind comes next
        assert chart.bars[1].label.startswith("RIS Analyst: Expected entry-level")
