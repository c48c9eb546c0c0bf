"""The interactive offline console behind ``pacsbot chat``.

On a terminal the answers are styled (rich) and lines are read with readline (arrow keys, history);
with piped input or output it reads line by line and prints plain text.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bot.engine import Engine
from bot.line_input import LineEditor
from bot.matching.context import ConversationMemory
from bot.render.output import reply_printer
from bot.replies.pay_chart import PayChart
from bot.replies.reply import Choice

# Short lines, so the greeting reads well in a narrow terminal too.
GREETING = (
    "PACS career bot (offline).\n"
    "Ask in your own words, or with /salary, /role, /cert, /compare, /path, /define, /help.\n"
    "Type a number to pick an offered choice, 'quit' to leave."
)
CHART_WORD = "chart"
CHART_FILE = "pacs-chart.png"
CHART_HINT = (
    "A chart of these figures is available: type 'chart' to save it as "
    f"{CHART_FILE} (or 'chart FILE.png', 'chart light' for a light background)."
)
NO_CHART = "No chart to save: ask a pay question first (a salary, best-paying places or /compare)."
PROMPT = "you> "
QUIT_WORDS = frozenset({"quit", "exit", "/quit", "/exit", ":q"})
CONVERSATION = "console"
NOT_TEXT = "That line was not readable text; please type it again."
UNREADABLE = "\ufffd"  # what undecodable input bytes become


class Console:
    """Reads questions line by line and prints rendered answers; remembers follow-up context."""

    def __init__(self, engine: Engine, out: TextIO | None = None) -> None:
        self.engine = engine
        self.out = out or sys.stdout
        self.memory = ConversationMemory()
        self.choices: tuple[Choice, ...] = ()
        self.chart: PayChart | None = None  # the last answer's, for 'chart'
        self.show = reply_printer(self.out)

    def say(self, text: str) -> None:
        """Print a block of text followed by a blank line."""
        print(text, end="\n\n", file=self.out, flush=True)

    def handle(self, line: str) -> bool:
        """Answer one input line; False when the user wants to leave."""
        text = line.strip()
        if text.lower() in QUIT_WORDS:
            return False
        if not text:
            self.say("Type a question (or /help), or 'quit' to leave.")
            return True
        if UNREADABLE in text:
            self.say(NOT_TEXT)
            return True
        if _is_chart_command(text):
            self.save_chart(text.split()[1:])
            return True
        if text.isdigit() and self.choices:
            number = int(text)
            if not 1 <= number <= len(self.choices):
                self.say(f"Pick a number from 1 to {len(self.choices)}.")
                return True
            reply = self.engine.answer_choice(self.choices[number - 1])
        else:
            reply = self.engine.answer(text, self.memory.get(CONVERSATION))
        self.memory.remember(CONVERSATION, reply.conversation)
        self.choices = reply.choices
        self.chart = reply.chart
        self.show(reply)
        print(file=self.out, flush=True)
        if reply.chart is not None:
            self.say(CHART_HINT)
        return True

    def save_chart(self, options: list[str]) -> None:
        """``chart [FILE.png] [dark|light]``: write the last answer's chart as PNG."""
        from bot.render.chart import THEMES, save_png

        if self.chart is None:
            self.say(NO_CHART)
            return
        theme = next((o.lower() for o in options if o.lower() in THEMES), "dark")
        names = [o for o in options if o.lower() not in THEMES]
        path = Path(names[0] if names else CHART_FILE).expanduser()
        try:
            size = save_png(self.chart, path, theme)
        except OSError as exc:
            self.say(f"Could not write {path}: {exc.strerror or exc}")
            return
        self.say(f"Chart saved to {path} ({size:,} bytes, {theme} theme).")

    def run(self, stdin: TextIO) -> int:
        """The read-answer loop; ends (status 0) on 'quit' or end of input (Ctrl-D).

        Ctrl-C raises KeyboardInterrupt to the caller, which ends with status 130.
        """
        self.say(GREETING)
        if hasattr(stdin, "reconfigure"):
            # With strict decoding one undecodable byte loses the whole buffered chunk (every
            # line piped after it); replaced bytes keep the other lines and are caught below.
            stdin.reconfigure(errors="replace")
        if stdin is sys.stdin and self.out is sys.stdout and stdin.isatty() and self.out.isatty():
            return self._run_terminal()
        return self._run_lines(stdin)

    def _run_lines(self, stdin: TextIO) -> int:
        prompt = stdin.isatty()
        while True:
            if prompt:
                print(PROMPT, end="", file=self.out, flush=True)
            try:
                line = stdin.readline()
            except UnicodeDecodeError:
                self.say(NOT_TEXT)
                continue
            if not line or not self.handle(line):
                return 0

    def _run_terminal(self) -> int:
        with LineEditor() as editor:
            while True:
                try:
                    line = editor.read(PROMPT)
                except EOFError:  # Ctrl-D: leave on a fresh line
                    print(file=self.out, flush=True)
                    return 0
                except UnicodeDecodeError:
                    self.say(NOT_TEXT)
                    continue
                if _worth_remembering(line.strip()):
                    editor.remember(line.strip())
                if not self.handle(line):
                    return 0


def _is_chart_command(text: str) -> bool:
    """``chart``, ``chart FILE.png``, ``chart light``...: not a question that starts with
    "chart" ("chart of salaries")."""
    first, *options = text.split()
    if first.lower() != CHART_WORD or len(options) > 2:
        return False
    return all(o.lower() in ("dark", "light") or o.lower().endswith(".png") for o in options)


def _worth_remembering(text: str) -> bool:
    """Questions go in the history; choice numbers, quit words and unreadable lines do not."""
    return not (text.isdigit() or text.lower() in QUIT_WORDS or UNREADABLE in text)
