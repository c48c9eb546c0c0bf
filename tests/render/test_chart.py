"""Drawn charts: real PNGs of the expected width, not blank, readable on Discord's dark and light
backgrounds, different for each, and far under Discord's upload limit."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot import intents
from bot.engine import Engine
from bot.matching.decide import Match
from bot.render.chart import DPI, PALETTES, THEMES, WIDTH_IN, build_figure, draw_png
from bot.render.limits import UPLOAD_BYTES
from bot.replies.pay_chart import PayChart

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def charts(engine: Engine) -> dict[str, PayChart]:
    """Every role's salary chart, and a comparison of two roles."""
    found = {}
    for role in engine.knowledge.roles:
        match = Match("answer", 1.0, intents.SALARY, (role,))
        chart = engine.composer.compose("", match).chart
        if chart is not None:
            found[role] = chart
    compared = engine.answer("/compare pacs analyst vs ris analyst").chart
    assert compared is not None
    found["pacs analyst vs ris analyst"] = compared
    return found


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.fixture(scope="module")
def drawn(engine: Engine) -> dict[tuple[str, str], tuple[PayChart, bytes]]:
    return {
        (name, theme): (chart, draw_png(chart, theme))
        for name, chart in charts(engine).items()
        for theme in THEMES
    }


def test_each_chart_is_a_png_of_the_expected_size_far_under_the_upload_limit(drawn) -> None:
    for (name, _theme), (chart, png) in drawn.items():
        assert png.startswith(PNG_SIGNATURE), name
        assert len(png) < UPLOAD_BYTES / 20, name  # under 512 KiB
        image = Image.open(io.BytesIO(png))
        image.load()  # decodes the whole picture: a truncated or corrupt file raises here
        assert image.format == "PNG"
        assert image.width == round(WIDTH_IN * DPI)
        # a row per figure: more figures, a taller picture, from 1.8 to 6 in per ~8 bars
        assert image.height >= DPI * (1.2 + 0.4 * len(chart.bars)), name
        assert image.height <= DPI * (2.0 + 0.8 * len(chart.bars)), name


def test_charts_are_not_blank_and_sit_on_their_theme_s_background(drawn) -> None:
    for (name, theme), (chart, png) in drawn.items():
        image = Image.open(io.BytesIO(png)).convert("RGB")
        palette = PALETTES[theme]
        assert image.getpixel((0, 0)) == rgb(palette.background), name
        assert image.getpixel((image.width - 1, image.height - 1)) == rgb(palette.background)
        colours = image.getcolors(maxcolors=1 << 20) or []
        assert len(colours) > 50, f"{name}: looks blank"  # text edges, bars, ticks
        pixels = {colour for _, colour in colours}
        for series in range(len(chart.series) or 1):  # every role's bars are drawn
            assert rgb(palette.series[series]) in pixels, f"{name}: no bar of series {series}"
        background = sum(n for n, c in colours if c == rgb(palette.background))
        assert background < 0.9 * image.width * image.height, f"{name}: nearly empty"


def test_dark_and_light_charts_differ(drawn) -> None:
    names = {name for name, _ in drawn}
    for name in names:
        dark = Image.open(io.BytesIO(drawn[name, "dark"][1])).convert("RGB")
        light = Image.open(io.BytesIO(drawn[name, "light"][1])).convert("RGB")
        assert dark.size == light.size  # the same layout
        assert dark.getpixel((0, 0)) != light.getpixel((0, 0))
        assert dark.tobytes() != light.tobytes()


@pytest.mark.parametrize("theme", THEMES)
def test_text_and_bars_read_on_both_discord_backgrounds(theme: str) -> None:
    palette = PALETTES[theme]
    assert contrast(palette.text, palette.background) >= 7  # body text (WCAG AAA)
    assert contrast(palette.muted, palette.background) >= 4.5  # headings, ticks, source
    for colour in palette.series:
        assert contrast(colour, palette.background) >= 4.5  # bars, and values written in them
        assert contrast(palette.on_bar, colour) >= 4.5  # a value written inside a bar


def test_the_title_source_labels_and_every_value_are_written_on_the_chart(
    engine: Engine,
) -> None:
    chart = engine.answer("/salary pacs admin sf").chart
    assert chart is not None
    figure = build_figure(chart, "dark")
    texts = [t.get_text() for t in figure.texts]
    texts += [t.get_text() for axes in figure.axes for t in axes.texts]
    flat = [" ".join(t.split()) for t in texts]  # labels are wrapped over lines
    assert " ".join(chart.title.split()) in flat
    assert f"Source: {chart.source}" in flat
    for bar in chart.bars:
        assert bar.value in flat  # the figure exactly as the reply states it
        assert any(t.startswith(bar.label) for t in flat), bar.label
