"""PayChart -> PNG bytes, drawn with matplotlib's Agg backend, for a dark or a light background.

Laid out for a phone: the image is about 800 pixels wide and Discord shows it at 300–400, so
every text is at least 11 pixels tall there. Each figure is one row: what it measures on a line
of its own (wrapped, never cut), the bar under it, its value in bold at the bar's end. A vertical
dashed line marks each single-amount average, so ranges and levels read against it. Only the
figures' own values are written on the chart; the axis ticks are rounded dollars.

matplotlib is imported on the first drawing only (it costs about half a second), and pyplot is
never used: a ``Figure`` with an Agg canvas keeps no global state, so drawing is safe in a
worker thread.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.replies.pay_chart import Bar, PayChart

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure as MplFigure

THEMES = ("dark", "light")
WIDTH_IN = 3.4
DPI = 240  # 816 pixels wide
LABEL_PT, VALUE_PT, TITLE_PT, SOURCE_PT, TICK_PT = 8.5, 8.5, 10.0, 7.0, 7.5
LABEL_CHARS = 46  # a label line this long fits the width at LABEL_PT
LINE_IN = LABEL_PT / 72 * 1.3  # one label line
BAR_IN = 0.2
GAP_IN = 0.1
AXIS_WIDTH = 0.88  # of the width; the rest keeps the last tick label inside the picture
CHAR_IN = VALUE_PT / 72 * 0.62  # average width of a bold character of a value


@dataclass(frozen=True, slots=True)
class Palette:
    """Colours for one Discord theme: the background the chart sits on and what reads on it."""

    background: str
    text: str
    muted: str
    grid: str
    series: tuple[str, ...]  # a colour per role (Okabe–Ito: tells apart with colour blindness)
    on_bar: str  # a value written inside a bar


PALETTES = {
    "dark": Palette(
        "#313338", "#F2F3F5", "#B5BAC1", "#4E5058",
        ("#56B4E9", "#E69F00", "#4FC3A1", "#E08DC0"), "#111214",
    ),
    "light": Palette(
        "#FFFFFF", "#1E1F22", "#4E5058", "#D7D9DC",
        ("#0072B2", "#B34B00", "#007A5A", "#A6478A"), "#FFFFFF",
    ),
}  # fmt: skip


def draw_png(chart: PayChart, theme: str = "dark") -> bytes:
    """The chart as PNG bytes on the ``theme``'s background ("dark" or "light")."""
    figure = build_figure(chart, theme)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, facecolor=figure.get_facecolor())
    return out.getvalue()


def build_figure(chart: PayChart, theme: str = "dark") -> MplFigure:
    """The chart as a matplotlib figure with an Agg canvas, ready to save."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    palette = PALETTES[theme]
    title = textwrap.wrap(chart.title, 40) or [""]
    source = textwrap.wrap(f"Source: {chart.source}", 60)
    panels = [(name, bars) for name, bars in _panels(chart) if bars]
    top = 0.12 + len(title) * TITLE_PT / 72 * 1.35
    bottom = 0.12 + len(source) * SOURCE_PT / 72 * 1.4
    heights = [_panel_height(bars) for _, bars in panels]
    header = LABEL_PT / 72 * 1.6  # a panel's own heading
    axis = 0.32  # tick labels under a panel
    height = top + bottom + sum(h + header + axis for h in heights)

    figure = Figure(figsize=(WIDTH_IN, height), dpi=DPI, facecolor=palette.background)
    FigureCanvasAgg(figure)
    figure.text(
        0.04, 1 - 0.08 / height, "\n".join(title), ha="left", va="top", fontsize=TITLE_PT,
        fontweight="bold", color=palette.text, parse_math=False,
    )  # fmt: skip
    y = height - top
    for (name, bars), panel_height in zip(panels, heights, strict=True):
        figure.text(
            0.04, (y - 0.04) / height, name, ha="left", va="top", fontsize=LABEL_PT,
            fontweight="bold", color=palette.muted, parse_math=False,
        )  # fmt: skip
        y -= header
        axes = figure.add_axes(
            (0.04, (y - panel_height) / height, AXIS_WIDTH, panel_height / height),
            facecolor=palette.background,
        )
        _draw_panel(axes, bars, panel_height, palette)
        y -= panel_height + axis
    figure.text(
        0.04, 0.06 / height, "\n".join(source), ha="left", va="bottom", fontsize=SOURCE_PT,
        color=palette.muted, parse_math=False,
    )  # fmt: skip
    return figure


def save_png(chart: PayChart, path: Path, theme: str = "dark") -> int:
    """Draw the chart into the file ``path``; the number of bytes written. Raises OSError
    when the file cannot be written (the caller says so in one line)."""
    png = draw_png(chart, theme)
    path.write_bytes(png)
    return len(png)


def _panels(chart: PayChart) -> list[tuple[str, tuple[Bar, ...]]]:
    panels = [("Yearly pay", chart.pay), ("On top of a baseline", chart.extra)]
    return panels[::-1] if chart.extra_first else panels


def _label_lines(bar: Bar) -> list[str]:
    text = bar.label + (f" ({bar.note})" if bar.note else "")
    return textwrap.wrap(text, LABEL_CHARS) or [""]


def _panel_height(bars: tuple[Bar, ...]) -> float:
    return sum(len(_label_lines(b)) * LINE_IN + BAR_IN + GAP_IN for b in bars)


def _draw_panel(axes: Axes, bars: tuple[Bar, ...], height: float, palette: Palette) -> None:
    """Rows top to bottom in inches (the y axis runs down), dollars across."""
    from matplotlib.ticker import FuncFormatter

    widest = max(b.end for b in bars)
    axes.set_xlim(0, widest * 1.02)
    axes.set_ylim(height, 0)
    label_at = axes.get_yaxis_transform()  # x in axes fractions, y in inches
    axis_in = WIDTH_IN * AXIS_WIDTH
    y = 0.0
    for bar in bars:
        lines = _label_lines(bar)
        axes.text(
            0, y, "\n".join(lines), transform=label_at, ha="left", va="top",
            fontsize=LABEL_PT, color=palette.text, linespacing=1.15, parse_math=False,
            bbox={"facecolor": palette.background, "edgecolor": "none", "pad": 0.6},
        )  # fmt: skip
        y += len(lines) * LINE_IN
        middle = y + BAR_IN / 2
        colour = palette.series[bar.series % len(palette.series)]
        axes.barh(middle, bar.end - bar.start, left=bar.start, height=BAR_IN * 0.8, color=colour)
        _value(axes, bar, middle, widest * 1.02, axis_in, colour, palette)
        if bar.kind == "average" and not bar.is_range:
            axes.axvline(bar.end, color=colour, linewidth=0.8, linestyle=(0, (3, 2)), zorder=0)
        y += BAR_IN + GAP_IN
    axes.xaxis.set_major_formatter(FuncFormatter(_dollar_tick))
    axes.tick_params(axis="x", colors=palette.muted, labelsize=TICK_PT, length=0, pad=3)
    axes.tick_params(axis="y", left=False, labelleft=False)
    axes.grid(axis="x", color=palette.grid, linewidth=0.6)
    axes.set_axisbelow(True)
    for side, spine in axes.spines.items():
        spine.set_visible(side == "bottom")
        spine.set_color(palette.grid)


def _value(
    axes: Axes, bar: Bar, y: float, span: float, axis_in: float, colour: str, palette: Palette
) -> None:
    """The bar's value: after its end when it fits there, else inside the bar."""
    text_in = len(bar.value) * CHAR_IN + 0.06
    end_in = bar.end / span * axis_in
    bar_in = (bar.end - bar.start) / span * axis_in
    style: dict[str, Any] = {"fontsize": VALUE_PT, "fontweight": "bold", "va": "center"}
    style["parse_math"] = False
    if end_in + text_in <= axis_in:  # on the background, over any dashed average line
        backing = {"facecolor": palette.background, "edgecolor": "none", "pad": 0.4}
        axes.text(
            bar.end + span * 0.01, y, bar.value, ha="left", color=palette.text, bbox=backing,
            **style,
        )  # fmt: skip
    elif bar_in >= text_in:
        axes.text(bar.end - span * 0.01, y, bar.value, ha="right", color=palette.on_bar, **style)
    else:  # a short bar near the right edge: the value goes before it
        axes.text(bar.start - span * 0.01, y, bar.value, ha="right", color=colour, **style)


def _dollar_tick(value: float, _position: object) -> str:
    if value >= 1000:
        return f"${value / 1000:,.0f}k"
    return f"${value:,.0f}"
