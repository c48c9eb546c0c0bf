"""The hang guard (tests/hang_guard.py): a hung test fails with what it waited for, the run goes
on, and a run whose clean-up hangs too is ended instead of stalling CI."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HUNG_TEST = """
import asyncio
import contextlib

@contextlib.asynccontextmanager
async def running_bot():
    yield
    await wait_for_a_reply_that_never_comes()

async def wait_for_a_reply_that_never_comes():
    await asyncio.Event().wait()

async def test_hangs():
    async with running_bot():
        pass

def test_after_it():
    assert True
"""

HUNG_CLEAN_UP = """
import asyncio
import pytest

@pytest.fixture
async def bot_that_never_closes():
    yield
    await asyncio.Event().wait()

async def test_hangs_and_so_does_its_clean_up(bot_that_never_closes):
    await asyncio.Event().wait()

def test_never_reached():
    assert True
"""

BLOCKED_SIGNALS = """
import signal
import time

def test_stuck_where_no_signal_reaches_it():
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # as a stuck C call would
    time.sleep(60)

def test_never_reached():
    assert True
"""


def _pytest(tmp_path: Path, test_code: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"
    )
    (tmp_path / "test_hung.py").write_text(textwrap.dedent(test_code))
    command = [sys.executable, "-m", "pytest", "-p", "tests.hang_guard", "-p", "no:cacheprovider"]
    command += ["-o", "timeout=1", "-o", "timeout_method=signal", "-v", "test_hung.py"]
    environment = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=8
    )


def test_a_hung_test_fails_with_its_await_chain_and_the_run_goes_on(tmp_path: Path) -> None:
    run = _pytest(tmp_path, HUNG_TEST)
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "FAILED test_hung.py::test_hangs" in out  # (the short summary at the end)
    assert "1 failed, 1 passed" in out
    assert "Timeout: the test ran over 1 s" in out
    # the pending task's await chain, through the context manager's generator, names the
    # coroutine that never finished
    assert "in running_bot" in out
    assert "in wait_for_a_reply_that_never_comes" in out


def test_a_run_whose_clean_up_hangs_too_is_ended(tmp_path: Path) -> None:
    run = _pytest(tmp_path, HUNG_CLEAN_UP)
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "test_never_reached" not in out  # the run was ended, not left waiting
    assert out.count("Timeout") >= 2, out


def test_a_test_no_signal_can_interrupt_ends_the_run_with_its_stack(tmp_path: Path) -> None:
    run = _pytest(tmp_path, BLOCKED_SIGNALS)
    out = run.stdout + run.stderr
    assert run.returncode != 0, out
    assert "test_never_reached" not in out
    assert "Timeout (0:00:03)!" in out  # faulthandler's dump, at three times the timeout
    assert "in test_stuck_where_no_signal_reaches_it" in out, out
