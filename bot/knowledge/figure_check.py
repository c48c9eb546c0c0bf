"""A salary figure's numbers must make sense together, or it could not be drawn on a chart.

The schema checks each number on its own (a whole number, not negative, not absurdly large);
these checks look at a figure as a whole: a range whose low is above its high would be drawn
backwards, an amount of $0 as no bar at all, a premium below its own baseline as a loss.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

DOLLAR_KEYS = ("amount", "low", "high", "baseline_amount", "delta_amount")


def figure_problems(figure: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(key, message) for each reason ``figure`` (one item of ``salary.figures``) cannot be
    charted; nothing when it can."""
    low, high = figure.get("low"), figure.get("high")
    amount = figure.get("amount")
    for key in DOLLAR_KEYS:
        if figure.get(key) == 0:
            yield key, f"'{key}' is 0: a figure of $0 cannot be drawn; leave the key out"
    if (low is None) != (high is None):
        given, missing = ("low", "high") if high is None else ("high", "low")
        yield given, f"'{given}' without '{missing}': a range needs both ends"
    elif low is not None and high is not None and low >= high:
        yield (
            "low",
            (
                f"'low' ({low:,}) must be below 'high' ({high:,}): the chart would draw the range "
                "backwards" + (" (give one 'amount' when both are the same)" if low == high else "")
            ),
        )
    if amount is not None and low is not None:
        yield "amount", "give either one 'amount' or a range ('low' and 'high'), not both"
    if figure.get("kind") == "range" and low is None and high is None:
        yield "kind", "a 'range' figure needs 'low' and 'high'"
    percent, percent_high = figure.get("percent"), figure.get("percent_high")
    if percent_high is not None and (percent is None or percent_high <= percent):
        yield "percent_high", "'percent_high' must come with a lower 'percent' (e.g. 2 and 3)"
    baseline = figure.get("baseline_amount")
    below = amount is not None and baseline is not None and amount <= baseline
    if figure.get("kind") == "premium" and below:
        message = f"a premium's 'amount' ({amount:,}) must be above its 'baseline_amount'"
        yield "amount", f"{message} ({baseline:,})"
    if all(figure.get(k) is None for k in (*DOLLAR_KEYS, "percent")):
        yield (
            "kind",
            "states no number: give 'amount', 'low' and 'high', 'delta_amount' or 'percent'",
        )
