"""The interactive offline console behind ``pacsbot chat``."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.engine import Engine
from bot.matching.context import ConversationMemory
from bot.render.terminal import render_text
from bot.replies.reply import Choice

GREETING = (
    "PACS career bot (offline). Ask in your own words or with /salary, /role, /cert, /compare, "
    "/path, /define, /help.\nType a number to pick an offered choice, 'quit' to leave."
)
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
        self.say(render_text(reply))
        return True

    def run(self, stdin: TextIO) -> int:
        """The read-answer loop; ends on 'quit', end of input or Ctrl-C."""
        self.say(GREETING)
        interactive = stdin.isatty()
        if hasattr(stdin, "reconfigure"):
            # With strict decoding one undecodable byte loses the whole buffered chunk (every
            # line piped after it); replaced bytes keep the other lines and are caught below.
            stdin.reconfigure(errors="replace")
        while True:
            if interactive:
                print("you> ", end="", file=self.out, flush=True)
            try:
                line = stdin.readline()
            except KeyboardInterrupt:
                break
            except UnicodeDecodeError:
                self.say(NOT_TEXT)
                continue
            if not line or not self.handle(line):
                break
        return 0
