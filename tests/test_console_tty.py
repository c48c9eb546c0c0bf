"""``pacsbot chat`` and ``pacsbot ask`` at a real terminal (a pseudo-terminal): styled answers,
arrow keys and history, Ctrl-C and Ctrl-D. Every wait is bounded; a stuck child is killed."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b(?:\[[0-9;?]*[A-Za-z]|[()][A-Za-z0-9]|[=>])")
PROMPT = "you> "
DICOM_TITLE = "DICOM (Digital Imaging and Communications in Medicine)"
WAIT = float(os.environ.get("PTY_WAIT", "30"))

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


class Terminal:
    """``python -m bot ARGS`` on its own pseudo-terminal, read and typed into like a person."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: becomes pacsbot, with the terminal as its controlling tty
            try:
                os.chdir(ROOT)
                os.execve(sys.executable, [sys.executable, "-m", "bot", *args], env)
            finally:
                os._exit(127)
        self.output = b""
        self.status: int | None = None
        self.closed = False

    @property
    def text(self) -> str:
        """Everything shown so far, without escape codes or carriage returns."""
        return ANSI.sub("", self.output.decode("utf-8", "replace")).replace("\r", "")

    def _read(self, deadline: float) -> bool:
        """Read what is there; False once the child closed the terminal."""
        ready, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: every process holding the terminal has gone
            return False
        self.output += chunk
        return bool(chunk)

    def expect(self, count: int, text: str = PROMPT) -> None:
        """Wait until ``text`` has been shown ``count`` times."""
        deadline = time.monotonic() + WAIT
        while self.text.count(text) < count:
            if time.monotonic() > deadline or not self._read(deadline):
                raise AssertionError(f"never saw {text!r} x{count}:\n{self.text}")

    def type(self, keys: bytes) -> None:
        """Type keys (b"\\r" is Enter, b"\\x03" Ctrl-C, b"\\x04" Ctrl-D, b"\\x1b[A" Up), once
        pacsbot waits for them, as a person would."""
        self._wait_until_waiting()
        os.write(self.fd, keys)

    def _wait_until_waiting(self) -> None:
        """Wait until the child sleeps (in readline's wait for a key).

        A Ctrl-C that lands in the microseconds between the prompt being printed and readline
        starting to wait is only noticed at the next key (a limitation of CPython's readline
        module, not something a person can hit), so the test does not type into that gap.
        """
        stat = Path(f"/proc/{self.pid}/stat")
        if not stat.exists():  # no /proc (macOS): give it a moment instead
            time.sleep(0.2)
            return
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                state = stat.read_text().rpartition(")")[2].split()[0]
            except OSError:  # already gone
                return
            if state in ("S", "Z"):
                return
            time.sleep(0.005)

    def finish(self) -> int:
        """Read to the end and return the exit status (-1 if it had to be killed)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline and self._read(deadline):
            pass
        while self.status is None and time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
            else:
                time.sleep(0.05)
        if self.status is None:
            self.close()
            return -1
        return self.status

    def close(self) -> None:
        """Kill the child if it still runs; release the terminal."""
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.status = -1
        if not self.closed:
            self.closed = True
            os.close(self.fd)


@pytest.fixture
def terminal_env(tmp_path: Path) -> dict[str, str]:
    """A colour terminal, with HOME and the state folder in a temporary place."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    env.update(
        TERM="xterm-256color",
        HOME=str(tmp_path / "home"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        INPUTRC=os.devnull,  # the person's own readline settings do not apply
    )
    return env


@pytest.fixture
def spawn(terminal_env: dict[str, str]) -> Iterator:
    started: list[Terminal] = []

    def start(*args: str, env: dict[str, str] | None = None) -> Terminal:
        terminal = Terminal(list(args), env or terminal_env)
        started.append(terminal)
        return terminal

    yield start
    for terminal in started:
        terminal.close()


def test_ask_at_a_terminal_is_styled(spawn) -> None:
    terminal = spawn("ask", "how much does a pacs admin make in sf")
    assert terminal.finish() == 0
    raw = terminal.output.decode()
    assert "\x1b[" in raw  # styled
    text = terminal.text
    assert text.startswith("PACS Administrator salary in San Francisco\n")
    assert "$80,000. up to this amount" in text
    assert "**" not in text and "_up to" not in text
    assert "Source: How Much Do PACS Professionals Earn?" in text


def test_chat_up_arrow_asks_the_last_question_again_and_keeps_history(
    spawn, terminal_env: dict[str, str]
) -> None:
    terminal = spawn("chat")
    terminal.expect(1)
    terminal.type(b"what is dicom\r")
    terminal.expect(2)
    terminal.type(b"\x1b[A\r")  # Up, Enter
    terminal.expect(3)
    terminal.type(b"\x04")  # Ctrl-D
    assert terminal.finish() == 0
    text = terminal.text
    assert text.count(DICOM_TITLE) == 2, text
    assert "^[[A" not in text and "Sorry, I can't answer" not in text
    assert "Traceback" not in text
    assert text.endswith(PROMPT + "\n")  # Ctrl-D leaves on a fresh line
    history = Path(terminal_env["XDG_STATE_HOME"]) / "pacsbot" / "history"
    assert history.read_text("utf-8").splitlines()[-1:] == ["what is dicom"]
    assert history.read_text("utf-8").count("what is dicom") == 1  # asked twice, kept once


def test_chat_history_from_an_earlier_session_is_offered(
    spawn, terminal_env: dict[str, str]
) -> None:
    history = Path(terminal_env["XDG_STATE_HOME"]) / "pacsbot" / "history"
    history.parent.mkdir(parents=True)
    history.write_text("what is hl7\n", "utf-8")
    terminal = spawn("chat")
    terminal.expect(1)
    terminal.type(b"\x1b[A\r")
    terminal.expect(2)
    terminal.type(b"quit\r")
    assert terminal.finish() == 0
    assert "HL7 (Health Level Seven)" in terminal.text


def test_chat_history_skips_choice_numbers(spawn) -> None:
    terminal = spawn("chat")
    terminal.expect(1)
    terminal.type(b"how much does an analyst make\r")
    terminal.expect(2)
    terminal.type(b"1\r")
    terminal.expect(3)
    terminal.type(b"\x1b[A\r")  # the question again, not the number
    terminal.expect(4)
    terminal.type(b"\x04")
    assert terminal.finish() == 0
    assert terminal.text.count("Did you mean…") == 2


@pytest.mark.parametrize("typed", [b"", b"how much does"], ids=["empty line", "half a question"])
def test_chat_ctrl_c_leaves_with_status_130(spawn, typed: bytes) -> None:
    terminal = spawn("chat")
    terminal.expect(1)
    terminal.type(typed + b"\x03")
    assert terminal.finish() == 130, repr(terminal.output)
    assert "Traceback" not in terminal.text and "KeyboardInterrupt" not in terminal.text
    assert terminal.text.endswith("\n")


def test_chat_with_an_unwritable_state_folder_still_works(
    spawn, terminal_env: dict[str, str], tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", "utf-8")
    terminal = spawn("chat", env={**terminal_env, "XDG_STATE_HOME": str(blocker)})
    terminal.expect(1)
    terminal.type(b"what is dicom\r")
    terminal.expect(2)
    terminal.type(b"\x04")
    assert terminal.finish() == 0
    assert DICOM_TITLE in terminal.text and "Traceback" not in terminal.text
