"""How fast ``pacsbot ask`` answers from a cold process, against ``import discord`` alone.

    python benchmarks/bench_startup.py [--runs 20]

The console path must not import discord.py (about half a second on its own); this prints the
wall-clock time from starting the process to the printed answer: piped (plain text) and on a
terminal (a pseudo-terminal, where the answer is styled with rich).

The runs are measured as a user's install runs: with compiled bytecode (pip compiles it when it
installs the wheel), so PYTHONDONTWRITEBYTECODE is removed from the children's environment and
the warm-up run writes it; and with the engine snapshot in the user's cache folder that the
warm-up run saves (``bot.engine_snapshot``), as any start after the first has it.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# As an installed package runs: its bytecode is written (pip compiles it at install time).
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], runs: int, *, fresh_cache: bool = False) -> list[float]:
    """Wall-clock seconds of each run of a command (one warm-up run first, not counted).

    ``fresh_cache`` gives every run an empty cache folder: the first start after the knowledge
    or the bot changed, which checks the whole folder and saves the snapshot.
    """
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=ENVIRONMENT)
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            env = {**ENVIRONMENT, "XDG_CACHE_HOME": cache} if fresh_cache else ENVIRONMENT
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
            times.append(time.perf_counter() - start)
    return times


def run_on_terminal(command: list[str]) -> bytes:
    """Run a command with its stdout and stderr on a new 100-column pseudo-terminal; its output."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    env = {k: v for k, v in ENVIRONMENT.items() if k not in ("NO_COLOR", "COLUMNS")}
    env["TERM"] = "xterm-256color"
    with subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal, cwd=ROOT, env=env
    ) as process:
        os.close(terminal)
        output = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the process closed the terminal
                break
            if not chunk:
                break
            output += chunk
        os.close(controller)
        if process.wait() != 0:
            raise SystemExit(f"{command} failed:\n{output.decode(errors='replace')}")
    return output


def timed_on_terminal(command: list[str], runs: int) -> list[float]:
    """Like timed(), with the output going to a terminal; checks the answer was styled."""
    if b"\x1b[" not in run_on_terminal(command):
        raise SystemExit("the terminal run printed no styling: rich was not used")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run_on_terminal(command)
        times.append(time.perf_counter() - start)
    return times


def line(name: str, times: list[float]) -> str:
    """Median and worst run."""
    median, worst = statistics.median(times) * 1000, max(times) * 1000
    return f"  {name:<40} median {median:6.0f} ms   max {worst:6.0f} ms"


def main() -> None:
    """Run and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    question = "how much does a pacs admin make in sf?"
    script = shutil.which("pacsbot") or str(Path(sys.executable).parent / "pacsbot")
    print(f"{args.runs} runs each, after one warm-up run:")
    print(line("python -c pass", timed([sys.executable, "-c", "pass"], args.runs)))
    ask = [script, "ask", question]
    print(line("pacsbot ask (console script), piped", timed(ask, args.runs)))
    print(line("pacsbot ask on a terminal (rich)", timed_on_terminal(ask, args.runs)))
    first = timed(ask, args.runs, fresh_cache=True)
    print(line("pacsbot ask, first start after an edit", first))
    print(
        line("python -m bot ask", timed([sys.executable, "-m", "bot", "ask", question], args.runs))
    )
    print(
        line(
            "python -c 'import discord'", timed([sys.executable, "-c", "import discord"], args.runs)
        )
    )


if __name__ == "__main__":
    main()
