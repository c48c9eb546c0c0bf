"""How fast ``pacsbot ask`` answers from a cold process, against ``import discord`` alone.

    python benchmarks/bench_startup.py [--runs 20]

The console path must not import discord.py (about half a second on its own); this prints the
wall-clock time from starting the process to the printed answer.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], runs: int) -> list[float]:
    """Wall-clock seconds of each run of a command (one warm-up run first, not counted)."""
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
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
    print(line("pacsbot ask (console script)", timed([script, "ask", question], args.runs)))
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
