"""The interactive offline console behind ``pacsbot chat``.

On a terminal the answers are styled (rich) and lines are read with readline (arrow keys, history);
with piped input or output it reads line by line and prints plain text.
"""

from __future__ import annotations

import sys
from typing import TextIO

from bot.engine import Engine
from bot.line_input import LineEditor
from bot.matching.context import ConversationMemory
from bot.render.output import reply_printer
from bot.replies.reply import Choice

# Short lines, so the greeting reads well in a narrow terminal too.
GREETING = (
    "PACS career bot (offline).\n"
    "Ask in your own words, or with /salary, /role, /cert, /compare, /path, /define, /help.\n"
    "Type a number to pick an offered choice, 'quit' to leave."
)
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
        self.show(reply)
        print(file=self.out, flush=True)
        return True

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


def _worth_remembering(text: str) -> bool:
    """Questions go in the history; choice numbers, quit words and unreadable lines do not."""
    return not (text.isdigit() or text.lower() in QUIT_WORDS or UNREADABLE in text)
