"""Line editing and question history for ``pacsbot chat`` on a terminal (stdlib ``readline``).

With readline loaded, ``input()`` handles the arrow keys (no ``^[[A`` in the question), Up and
Down walk earlier questions, and the history is kept between sessions in the user's state folder.
History is a convenience: a folder that cannot be read or written is ignored quietly.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from types import ModuleType, TracebackType

HISTORY_LENGTH = 1000


def history_path() -> Path:
    """``$XDG_STATE_HOME/pacsbot/history``, by default ``~/.local/state/pacsbot/history``."""
    state = os.environ.get("XDG_STATE_HOME", "")
    base = Path(state) if os.path.isabs(state) else Path.home() / ".local" / "state"
    return base / "pacsbot" / "history"


def _load_readline() -> ModuleType | None:
    try:
        import readline
    except ImportError:  # Python built without it: input() still works, without editing
        return None
    return readline


class LineEditor:
    """Reads lines with ``input()``; remembers questions across sessions when readline exists.

    Use as a context manager: the history is read on entry and written on exit.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or history_path()
        self.readline = _load_readline()

    def __enter__(self) -> LineEditor:
        if self.readline is not None:
            self.readline.set_auto_history(False)  # only questions go in, see remember()
            self.readline.set_history_length(HISTORY_LENGTH)
            with contextlib.suppress(OSError):
                self.readline.read_history_file(self.path)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.readline is None:
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.readline.write_history_file(self.path)
            os.chmod(self.path, 0o600)  # questions are the user's own business

    def read(self, prompt: str) -> str:
        """One line typed at the prompt; EOFError on Ctrl-D, KeyboardInterrupt on Ctrl-C."""
        return input(prompt)

    def remember(self, line: str) -> None:
        """Add a line to the history (not a repeat of the line just before it)."""
        if self.readline is None or not line:
            return
        count = self.readline.get_current_history_length()
        if count and self.readline.get_history_item(count) == line:
            return
        self.readline.add_history(line)
