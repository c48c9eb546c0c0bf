"""Which of a reply's pay figures a chart shows, as plain data (drawing is ``bot.render.chart``).

A chart shows exactly the dollar figures the reply states, nothing else: a figure of a role the
reply is about is on the chart when the reply shows its value (every reply shows a pay figure as
``**value**``, see ``bot.replies.figures``). So a moderator's edit, a trimmed card or a reply
that leads with one fact changes the chart the same way it changes the text.

Two panels, each on its own dollar axis:

- **pay**: yearly pay, a bar from 0 for one amount (an average, a level, a city's average), a
  floating bar from low to high for a range;
- **extra**: money on top of a baseline (a bonus, a place's premium over a national figure),
  a bar from 0 the size of the extra, labelled with the baseline the reply names.

Figures without a dollar amount (a raise of 2–3%, a premium given only in percent) stay in the
text. Pure data, no drawing library: the console and the engine stay fast.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import intents
from bot.knowledge.facts import short_name
from bot.knowledge.model import Figure, KnowledgeBase, Role
from bot.replies.figures import figure_value, money, sort_figures
from bot.replies.reply import Reply

CHART_INTENTS = frozenset({intents.SALARY, intents.LOCATION, intents.COMPARISON})
MIN_BARS = 2  # one bar says nothing the text does not
EXTRA_KINDS = frozenset({"bonus"})  # money on top of pay, not a level of pay


@dataclass(frozen=True, slots=True)
class Bar:
    """One figure on the chart.

    ``label`` is what the figure measures, in the knowledge base's words (with the role's short
    name on a chart of several roles); ``value`` is the figure exactly as the reply states it;
    the bar spans ``start`` to ``end`` dollars; ``series`` is the role's position on a chart of
    several roles (its colour); ``note`` names the baseline of an extra.
    """

    label: str
    value: str
    start: int
    end: int
    series: int = 0
    note: str = ""
    kind: str = ""  # the figure's kind: "average", "entry", "premium"...

    @property
    def is_range(self) -> bool:
        """True for a low–high range (a floating bar)."""
        return self.start > 0


@dataclass(frozen=True, slots=True)
class PayChart:
    """A reply's dollar figures, ready to draw: hashable, so it keys the drawn-image cache."""

    title: str
    pay: tuple[Bar, ...]
    extra: tuple[Bar, ...]
    series: tuple[str, ...]  # role names, by ``Bar.series``
    source: str  # the citation of the figures drawn
    extra_first: bool = False  # the reply leads with an extra ("Tennessee pays $7,399 more")

    @property
    def bars(self) -> tuple[Bar, ...]:
        """Every bar, in the order the chart shows them."""
        return self.extra + self.pay if self.extra_first else self.pay + self.extra

    def description(self) -> str:
        """A short text description of the picture, for screen readers (the alt text): what it
        shows and its values in order; what each value measures is in the answer's text."""
        kind = "Bar chart of" if len(self.series) < 2 else "Bar chart comparing"
        panels = [("yearly pay", self.pay), ("on top of a baseline", self.extra)]
        if self.extra_first:
            panels.reverse()
        said = [f"{name}: {', '.join(b.value for b in bars)}" for name, bars in panels if bars]
        return f"{kind} {self.title}; {'; '.join(said)}. Source: {self.source}."


def pay_chart(reply: Reply, knowledge: KnowledgeBase) -> PayChart | None:
    """The chart of the dollar figures ``reply`` states, or None when it is no pay answer or
    states fewer than two of them."""
    if reply.outcome != "answer" or reply.intent not in CHART_INTENTS:
        return None
    roles = [r for s in reply.subjects if isinstance(r := knowledge.entity(s), Role)]
    stated = "\n".join([reply.description, *(f.value for f in reply.fields)])
    several = len(roles) > 1
    pay: list[Bar] = []
    extra: list[Bar] = []
    series: list[str] = []
    sources: list[str] = []
    for role in roles:
        # in the order the reply says them: the figure asked for, which leads, comes first
        said = {f: stated.find(f"**{figure_value(f)}**") for f in sort_figures(role.salary)}
        shown = sorted((f for f, at in said.items() if at >= 0), key=said.__getitem__)
        drawn = [(f, bar) for f in shown if (bar := _bar(f, knowledge, len(series))) is not None]
        if not drawn:
            continue
        name = short_name(role.name)
        series.append(name)
        for figure, bar in drawn:
            label = _label(figure, name if several else "")
            bar = Bar(label, bar.value, bar.start, bar.end, bar.series, bar.note, figure.kind)
            (extra if _is_extra(figure) else pay).append(bar)
            sources.append(knowledge.source(figure.source).citation())
    if len(pay) + len(extra) < MIN_BARS:
        return None

    def said_at(bar: Bar) -> int:
        return stated.find(f"**{bar.value}**")

    if several:  # the figures set side by side lead, whichever role's they are
        pay.sort(key=said_at)
        extra.sort(key=said_at)
    extra_first = bool(extra) and (not pay or said_at(extra[0]) < min(map(said_at, pay)))
    source = "; ".join(dict.fromkeys(sources))
    title = _title(reply, series)
    return PayChart(title, tuple(pay), tuple(extra), tuple(series), source, extra_first)


def no_chart_reason(reply: Reply) -> str:
    """Why ``reply`` has no chart, in one line for the person who asked for one."""
    if reply.outcome != "answer":
        return "the question was not answered (the bot asked back or declined)"
    if reply.intent not in CHART_INTENTS:
        return "charts are drawn for pay answers (salary, best-paying places, comparisons)"
    return "the answer states fewer than two dollar figures"


def _bar(figure: Figure, knowledge: KnowledgeBase, series: int) -> Bar | None:
    """The figure as a bar, or None when it states no dollar amount to draw."""
    value = figure_value(figure)
    if _is_extra(figure):
        size = figure.delta_amount if figure.delta_amount is not None else figure.amount
        if size is None:
            return None
        return Bar("", value, 0, size, series, _baseline(figure))
    if figure.low is not None and figure.high is not None:
        return Bar("", value, figure.low, figure.high, series)
    if figure.amount is not None:
        note = _baseline(figure) if figure.kind == "premium" else ""
        return Bar("", value, 0, figure.amount, series, note)
    return None


def _is_extra(figure: Figure) -> bool:
    """Money on top of a baseline: a bonus, or a premium stated as dollars more."""
    return figure.kind in EXTRA_KINDS or (
        figure.kind == "premium" and figure.delta_amount is not None
    )


def _baseline(figure: Figure) -> str:
    """What an extra is measured against, as the reply says it."""
    if figure.kind == "bonus":
        return "a year, on top of pay"
    baseline = figure.baseline or "the baseline"
    if baseline.lower() in figure.measures.lower():  # "Atkinson above the national norm"
        amount = figure.baseline_amount
        return f"{baseline} is {money(amount)}" if amount is not None else ""
    if figure.baseline_amount is not None:
        baseline = f"{baseline} of {money(figure.baseline_amount)}"
    return f"over {baseline}"


def _label(figure: Figure, role_name: str) -> str:
    label = figure.measures[:1].upper() + figure.measures[1:]
    return f"{role_name}: {label}" if role_name else label


def _title(reply: Reply, series: list[str]) -> str:
    return " vs ".join(series) + " pay" if len(series) > 1 else reply.title
