"""What a console user sees: styled replies on a terminal, plain text when piped, never a
markdown marker (``**``, ``_..._``, backticks) shown literally."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from bot.engine import Engine
from bot.render.output import is_styled_terminal, reply_printer
from bot.render.rich_terminal import renderable
from bot.render.terminal import render_text
from bot.replies.reply import Field, Reply

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
SALARY = "how much does a pacs admin make in sf"


def visible(output: str) -> str:
    """The output without its escape codes: what the eye reads."""
    return ANSI.sub("", output)


def styled_output(reply: Reply, width: int = 80) -> str:
    """The reply as rich writes it to a colour terminal ``width`` columns wide."""
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="truecolor", width=width)
    console.print(renderable(reply))
    return out.getvalue()


def hand_made(description: str, field_value: str = "• an item") -> Reply:
    """A reply with the given description and one field."""
    return Reply(
        question="q",
        outcome="answer",
        confidence=1.0,
        intent="definition",
        subjects=(),
        location=None,
        title="A **title**",
        description=description,
        fields=(Field("A field", field_value),),
        sources=("A source, 2021",),
    )


MARKED_UP = hand_made(
    "Keep snake_case, pacs_admin_v2 and the role_id_ prefix as they are; "
    "**bold**, _italic_ and `/code` are styled.",
    "• a note. _up to this amount_\n• **CPSM**: a certification",
)
AS_SHOWN = (
    "Keep snake_case, pacs_admin_v2 and the role_id_ prefix as they are; "
    "bold, italic and /code are styled."
)


# ---- rich, on a terminal --------------------------------------------------------------------
@pytest.mark.parametrize(
    "question", [SALARY, "/help", "cpsm vs ciip", "how much does an analyst make", "pacs certs"]
)
def test_terminal_output_is_styled_with_no_markdown_markers(engine: Engine, question: str) -> None:
    output = styled_output(engine.answer(question))
    assert ANSI.search(output)
    text = visible(output)
    assert "**" not in text and "`" not in text
    assert not re.search(r"(?<!\w)_[^_\s][^_]*_(?!\w)", text), text


def test_terminal_renders_bold_italic_and_code_and_keeps_snake_case() -> None:
    output = styled_output(MARKED_UP)
    text = visible(output)
    assert AS_SHOWN in " ".join(text.split())
    assert "\x1b[3mitalic\x1b[0m" in output
    assert "\x1b[1mbold\x1b[0m" in output
    assert re.search(r"\x1b\[[0-9;]+m/code\x1b\[0m", output)
    assert "\x1b[3mup to this amount\x1b[0m" in output


def test_figures_stand_out(engine: Engine) -> None:
    output = styled_output(engine.answer(SALARY))
    for figure in ("$85,504", "$100,081", "+17%", "2–3%"):
        assert re.search(rf"\x1b\[[0-9;]*1[0-9;]*m{re.escape(figure)}\x1b\[0m", output), figure


def test_source_is_a_dim_footer_and_the_title_is_bold(engine: Engine) -> None:
    output = styled_output(engine.answer(SALARY))
    lines = output.rstrip("\n").splitlines()
    assert lines[-1].startswith("\x1b[2mSource: How Much Do PACS Professionals Earn?")
    assert re.match(r"\x1b\[1[;0-9]*mPACS Administrator salary in San Francisco\x1b\[0m", lines[0])


def test_terminal_output_wraps_to_the_terminal_width(engine: Engine) -> None:
    reply = engine.answer("cpsm vs ciip")
    narrow = visible(styled_output(reply, width=50)).splitlines()
    wide = visible(styled_output(reply, width=140)).splitlines()
    assert max(len(line) for line in narrow) <= 50
    assert max(len(line) for line in wide) > 100
    assert len(narrow) > len(wide)
    assert all(line == line.rstrip() for line in narrow)  # no padding to copy along


def test_wrapped_list_items_continue_under_their_text(engine: Engine) -> None:
    lines = visible(styled_output(engine.answer(SALARY), width=60)).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  • Average total salary"))
    assert lines[start + 1].startswith("    ") and lines[start + 1][4] != " "


def test_clarification_choices_are_numbered(engine: Engine) -> None:
    reply = engine.answer("how much does an analyst make")
    text = visible(styled_output(reply, width=120))
    for number, choice in enumerate(reply.choices, 1):
        assert f"  {number}) {choice.label}  {choice.command()}" in text


def test_no_color_keeps_bold_and_italic_but_drops_colour(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    output = styled_output(engine.answer(SALARY))
    assert "\x1b[1m" in output
    assert not re.search(r"\x1b\[[0-9;]*(3[0-7]|9[0-7]|38;)", output)


# ---- plain, when piped ------------------------------------------------------------------------
def test_plain_text_has_no_markers_and_keeps_underscores_inside_words() -> None:
    text = render_text(MARKED_UP)
    assert AS_SHOWN in " ".join(text.split())
    assert "• a note. up to this amount" in text
    assert "CPSM: a certification" in text
    assert "**" not in text and "`" not in text and "_italic_" not in text


def test_plain_salary_notes_show_without_underscores(engine: Engine) -> None:
    text = render_text(engine.answer(SALARY))
    assert "$80,000. up to this amount" in text
    assert "_up to" not in text


def test_piped_streams_get_plain_text(engine: Engine) -> None:
    out = io.StringIO()
    assert not is_styled_terminal(out)
    reply_printer(out)(engine.answer(SALARY))
    assert out.getvalue() == render_text(engine.answer(SALARY)) + "\n"
    assert not ANSI.search(out.getvalue())
