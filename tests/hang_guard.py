"""A pytest plugin: a test that hangs fails, showing what every asyncio task and thread waited for.

pytest-timeout ends a test that runs longer than ``timeout`` (``pyproject.toml``). Its signal
method fails the test with the main thread's stack, which for an asyncio test shows nothing but
the event loop waiting. This plugin takes pytest-timeout's documented hook for another strategy
(``pytest_timeout_set_timer``) to print, before failing the test, the await chain of every pending
asyncio task and the stack of every other thread. Should the test's clean-up hang as well, the
run ends as long again later with every stack printed (pytest-timeout's thread method), so a hang
costs CI minutes rather than its whole budget. Python runs signal handlers only between bytecodes
of the main thread; should even that never come (the interpreter lock held by a stuck C call),
faulthandler's own thread prints every stack and ends the run at three times the timeout.
``pyproject.toml`` loads it for every run (``-p tests.hang_guard``).
"""

from __future__ import annotations

import asyncio
import faulthandler
import gc
import os
import signal
import threading
import traceback
from types import FrameType
from typing import Any

import pytest
import pytest_timeout

_armed = False  # a test's timeout is set (from its setup to the end of its clean-up)
_LAST_RESORT = 3  # times the timeout after which faulthandler ends the run
_stderr: Any = None  # the terminal's stderr, duplicated before tests capture it


def pytest_configure(config: pytest.Config) -> None:
    """Keep a copy of the terminal's stderr for the last-resort stack dump."""
    global _stderr
    _stderr = os.fdopen(os.dup(2), "w")  # (pytest's faulthandler plugin does the same)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Close the copy of stderr."""
    global _stderr
    if _stderr is not None:
        _stderr.close()
        _stderr = None


def _frame(awaited: Any) -> FrameType | None:
    """The frame of a coroutine, async generator or generator (None for anything else)."""
    for name in ("cr_frame", "ag_frame", "gi_frame"):
        if (frame := getattr(awaited, name, None)) is not None:
            return frame
    return None


def _inner(awaited: Any) -> Any:
    """What a coroutine or generator awaits now; for the object an ``async for`` or
    ``anext()`` awaits (``async_generator_asend``, which names no frame), its async generator."""
    for name in ("cr_await", "ag_await", "gi_yieldfrom"):
        if (inner := getattr(awaited, name, None)) is not None:
            return inner
    if type(awaited).__name__ in ("async_generator_asend", "async_generator_athrow"):
        return next((r for r in gc.get_referents(awaited) if hasattr(r, "ag_frame")), None)
    return None


def _await_chain(task: asyncio.Task[Any]) -> str:
    """Where ``task`` waits: each coroutine it is awaiting, outermost first, then the future or
    other object at the bottom (Python 3.11's ``Task.print_stack`` shows the outermost only)."""
    frames: list[traceback.FrameSummary] = []
    awaited: Any = task.get_coro()
    while awaited is not None:
        frame = _frame(awaited)
        if frame is not None:
            code = frame.f_code
            frames.append(traceback.FrameSummary(code.co_filename, frame.f_lineno, code.co_name))
        inner = _inner(awaited)
        if inner is None:
            break
        awaited = inner
    bottom = f"  waiting for {awaited!r}\n" if _frame(awaited) is None else ""
    return "".join(traceback.format_list(frames)) + bottom


def _print_tasks(terminal: Any) -> None:
    """Every pending task of the running event loop (if any) with the await chain it is in."""
    try:
        tasks = asyncio.all_tasks(asyncio.get_running_loop())
    except RuntimeError:  # the test hung outside an event loop
        return
    for task in sorted(tasks, key=lambda t: t.get_name()):
        terminal.sep("~", title=f"asyncio task {task.get_name()}")
        terminal.write(_await_chain(task))


@pytest.hookimpl(tryfirst=True)
def pytest_timeout_set_timer(item: pytest.Item, settings: Any) -> bool | None:
    """Arm the timeout for ``item`` (signal method on the main thread; else pytest-timeout's)."""
    global _armed
    if settings.method != "signal" or threading.current_thread() is not threading.main_thread():
        return None

    def on_timeout(signum: int, frame: FrameType | None) -> None:
        __tracebackhide__ = True
        if not settings.disable_debugger_detection and pytest_timeout.is_debugging():
            return
        terminal = item.config.get_terminal_writer()
        terminal.sep("+", title=f"Timeout: {item.nodeid} ran over {settings.timeout:g} s")
        _print_tasks(terminal)
        pytest_timeout.dump_stacks(terminal)
        terminal.sep("+", title="Timeout")
        signal.signal(signal.SIGALRM, on_stuck)
        signal.setitimer(signal.ITIMER_REAL, settings.timeout)  # for the clean-up
        pytest.fail(f"Timeout: the test ran over {settings.timeout:g} s (stacks printed above)")

    def on_stuck(signum: int, frame: FrameType | None) -> None:
        pytest_timeout.timeout_timer(item, settings)  # prints every stack, then ends the run

    # pytest-timeout cancels on the first failure too (so as not to interrupt a debugger); the
    # guard stays armed through the test's clean-up instead and is disarmed once it is over.
    item.cancel_timeout = lambda: None  # type: ignore[attr-defined]
    signal.signal(signal.SIGALRM, on_timeout)
    signal.setitimer(signal.ITIMER_REAL, settings.timeout)
    if _stderr is not None:
        faulthandler.dump_traceback_later(_LAST_RESORT * settings.timeout, exit=True, file=_stderr)
    _armed = True
    return True


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Disarm the guard once a test's clean-up is over."""
    global _armed
    if report.when == "teardown" and _armed:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        faulthandler.cancel_dump_traceback_later()
        _armed = False
