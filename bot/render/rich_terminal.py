"""Reply -> styled terminal output with ``rich``, for ``pacsbot ask`` and ``chat`` on a terminal.

Only the terminal path imports this module (rich costs about 40 ms to import); piped output uses
the plain renderer in bot.render.terminal. Rich wraps to the terminal's width and honours
``NO_COLOR`` (colour off, bold and italic kept).
"""

from __future__ import annotations

import re
from typing import TextIO

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from bot.render.discord_body import footer_text
from bot.render.inline import BOLD, CODE, ITALIC, UNDERLINE, runs
from bot.replies.reply import Reply

TITLE_STYLES = {"answer": "bold bright_blue", "clarify": "bold yellow", "decline": "bold"}
HEADING_STYLE = "bold cyan"
FIGURE_STYLE = "bold green"
FOOTER_STYLE = "dim"
INLINE_STYLES = {BOLD: "bold", ITALIC: "italic", UNDERLINE: "underline", CODE: "magenta"}
# Dollar amounts and spans ("$73,334 – $183,259", "+$14,577") and percentages ("+17%", "2–3%").
FIGURES = re.compile(
    r"[+−-]?\$\d[\d,]*(?:\.\d+)?(?:\s*[–-]\s*\$\d[\d,]*(?:\.\d+)?)?"
    r"|[+−-]?\d+(?:\.\d+)?(?:\s*[–-]\s*\d+(?:\.\d+)?)?\s?%"
)
# A list line: its marker hangs, so wrapped lines start under the text, not under the marker.
LIST_ITEM = re.compile(r"^(•|→|\d+\.)\s+(.*)$")
INDENT = 2


def styled(text: str) -> Text:
    """One line or paragraph of reply markdown as rich Text, figures standing out."""
    result = Text()
    for part, styles in runs(text):
        style = " ".join(INLINE_STYLES[s] for s in sorted(styles))
        result.append(part, style=style or None)
    result.highlight_regex(FIGURES, FIGURE_STYLE)
    return result


def _based(text: str, style: str) -> Text:
    """Styled text on a base style (a title, a heading)."""
    result = styled(text)
    result.style = style
    return result


class Hanging:
    """A paragraph wrapped to the terminal, indented, its list marker (if any) hanging so wrapped
    lines continue under the text. Lines carry no trailing padding (copied text stays clean)."""

    def __init__(self, body: Text, indent: int = 0, marker: Text | None = None) -> None:
        self.body = body
        self.indent = indent
        self.marker = marker

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Yield one Text per wrapped line."""
        marker = Text() if self.marker is None else self.marker + " "
        lead = self.indent + marker.cell_len
        width = max(options.max_width - lead, 20)
        for number, line in enumerate(self.body.wrap(console, width)):
            line.rstrip()
            start = marker if number == 0 else Text(" " * marker.cell_len)
            yield Text(" " * self.indent) + start + line


def _block(text: str, indent: int) -> list[RenderableType]:
    """A multi-line value: list items with hanging markers, other lines as paragraphs."""
    items: list[RenderableType] = []
    for line in text.splitlines():
        item = LIST_ITEM.match(line)
        if item:
            marker = Text(item.group(1), style="dim")
            items.append(Hanging(styled(item.group(2)), indent, marker))
        else:
            items.append(Hanging(styled(line), indent))
    return items


def renderable(reply: Reply) -> Group:
    """Everything the reply shows, laid out for a terminal."""
    items: list[RenderableType] = [_based(reply.title, TITLE_STYLES.get(reply.outcome, "bold"))]
    if reply.description:
        items.extend(_block(reply.description, 0))
    for field in reply.fields:
        items.append(Text())
        items.append(_based(field.name, HEADING_STYLE))
        items.extend(_block(field.value, INDENT))
    if reply.choices:
        items.append(Text())
        for number, choice in enumerate(reply.choices, 1):
            label = Text(f"{choice.label}  ")
            label.append(choice.command(), style="dim")
            items.append(Hanging(label, INDENT, Text(f"{number})", style="bold yellow")))
    items.append(Text())
    items.append(Hanging(Text(footer_text(reply), style=FOOTER_STYLE)))
    return Group(*items)


def make_console(out: TextIO) -> Console:
    """A rich console writing to ``out``, with rich's own guessing of markup and reprs off."""
    return Console(file=out, markup=False, emoji=False, highlight=False)


class RichPrinter:
    """Prints replies to one stream with rich."""

    def __init__(self, out: TextIO) -> None:
        self.console = make_console(out)

    def __call__(self, reply: Reply) -> None:
        """Print one reply."""
        self.console.print(renderable(reply))
