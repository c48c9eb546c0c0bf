"""Salary figures as readable lines: "$85,504", "$73,334 – $183,259", "2–3% a year"."""

from __future__ import annotations

from bot.knowledge.model import Figure, KnowledgeBase

KIND_ORDER = (
    "average",
    "range",
    "percentile",
    "entry",
    "mid",
    "senior",
    "floor",
    "ceiling",
    "bonus",
    "raise",
    "premium",
)


def money(amount: int) -> str:
    """US dollars with thousands separators."""
    return f"${amount:,}"


def percent(value: float) -> str:
    """A percentage without a needless ".0"."""
    return f"{value:g}%"


def figure_value(figure: Figure) -> str:
    """The numbers of a figure, formatted."""
    parts: list[str] = []
    if figure.low is not None and figure.high is not None:
        parts.append(f"{money(figure.low)} – {money(figure.high)}")
    elif figure.amount is not None:
        parts.append(money(figure.amount))
    if figure.delta_amount is not None:
        parts.append(f"+{money(figure.delta_amount)}")
    if figure.percent is not None:
        span = percent(figure.percent)
        if figure.percent_high is not None:
            span = f"{figure.percent:g}–{percent(figure.percent_high)}"
        if figure.kind == "premium" or figure.delta_amount is not None:
            span = f"+{span}"
        parts.append(span if not parts else f"({span})")
    return " ".join(parts)


def figure_line(figure: Figure, knowledge: KnowledgeBase, *, with_place: bool = True) -> str:
    """One bullet line: what the figure measures, its value, baseline and caveat."""
    label = figure.measures[:1].upper() + figure.measures[1:]
    if figure.percentile is not None and str(figure.percentile) not in label:
        label = f"{label} ({figure.percentile}th percentile)"
    line = f"• {label}: **{figure_value(figure)}**"
    place = knowledge.places.get(figure.place or "")
    if (
        with_place
        and place is not None
        and place.id != knowledge.national
        and place.name.lower() not in figure.measures.lower()
    ):
        line += f" ({place.name})"
    if figure.baseline or figure.baseline_amount is not None:
        baseline = figure.baseline or "the baseline"
        if figure.baseline_amount is not None:
            baseline = f"{baseline} of {money(figure.baseline_amount)}"
        line += f", compared with {baseline}"
    if figure.note:
        line += f". _{figure.note}_"
    return line


def sort_figures(figures: tuple[Figure, ...] | list[Figure]) -> list[Figure]:
    """Figures in a reading order: averages first, then levels, extras and place premiums."""
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(figures, key=lambda f: order.get(f.kind, len(order)))


def headline(figures: tuple[Figure, ...], country: str | None) -> Figure | None:
    """The single figure that best summarises a role's pay (national average or range);
    ``country`` is the national place (``KnowledgeBase.national``)."""
    national = [f for f in figures if f.place in (None, country)]
    for kind in ("average", "range", "senior", "ceiling", "floor"):
        for figure in national:
            if figure.kind == kind:
                return figure
    return None
