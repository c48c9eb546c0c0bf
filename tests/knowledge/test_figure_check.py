"""A salary figure whose numbers do not fit together is refused, naming the key to fix."""

from __future__ import annotations

import pytest

from bot.knowledge.figure_check import figure_problems

BASE = {"kind": "average", "measures": "average salary", "source": "s"}


@pytest.mark.parametrize(
    ("numbers", "key", "fragment"),
    [
        ({"low": 90000, "high": 80000}, "low", "'low' (90,000) must be below 'high' (80,000)"),
        ({"low": 80000, "high": 80000}, "low", "give one 'amount' when both are the same"),
        ({"low": 80000}, "low", "'low' without 'high'"),
        ({"high": 80000}, "high", "'high' without 'low'"),
        ({"amount": 0}, "amount", "a figure of $0 cannot be drawn"),
        ({"amount": 1, "low": 1, "high": 2}, "amount", "either one 'amount' or a range"),
        ({"kind": "range", "amount": 5}, "kind", "a 'range' figure needs 'low' and 'high'"),
        ({"percent": 3, "percent_high": 2}, "percent_high", "with a lower 'percent'"),
        ({"percent_high": 2}, "percent_high", "with a lower 'percent'"),
        (
            {"kind": "premium", "amount": 80000, "baseline_amount": 85000},
            "amount",
            "must be above its 'baseline_amount' (85,000)",
        ),
        ({}, "kind", "states no number"),
    ],
)
def test_figures_a_chart_cannot_draw_are_refused(numbers: dict, key: str, fragment: str) -> None:
    problems = list(figure_problems({**BASE, **numbers}))
    assert any(k == key and fragment in message for k, message in problems), problems


@pytest.mark.parametrize(
    "numbers",
    [
        {"amount": 85504},
        {"low": 73334, "high": 183259},
        {"percent": 2, "percent_high": 3},
        {"kind": "premium", "amount": 100081, "percent": 17},
        {"kind": "premium", "delta_amount": 38496, "baseline_amount": 85173},
        {"kind": "bonus", "amount": 1096, "percent": 1},
    ],
)
def test_figures_that_make_sense_pass(numbers: dict) -> None:
    assert list(figure_problems({**BASE, **numbers})) == []
