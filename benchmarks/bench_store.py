"""Store latency on both backends: SQLite (a file) and PostgreSQL (a local throwaway server).

    python benchmarks/bench_store.py [--calls 300]

For each backend, the time of each store call as the bot makes them, from the event loop
(p50, p99, max in milliseconds): reading a server's settings, saving one (waited for), recording
a question (queued; the batch is written 0.2 s later or when flushed), recording a vote (waited
for), reading /kb gaps and /kb stats, and the half-second poll of a cluster (settings and
knowledge changes made by other processes). The PostgreSQL server is the tests' own
(tests/postgres.py: Unix socket, fsync off), so its figures are a lower bound for a networked
server.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.store import Store  # noqa: E402
from tests.postgres import PgServer  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) of values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


async def timed(calls: int, call: Callable[[int], Awaitable[Any]]) -> list[float]:
    """Milliseconds per call."""
    took = []
    for n in range(calls):
        started = time.perf_counter()
        await call(n)
        took.append((time.perf_counter() - started) * 1000)
    return took


async def measure(target: str, calls: int) -> dict[str, list[float]]:
    """Each kind of call, ``calls`` times, on a fresh store at ``target``."""
    async with Store(target) as store:
        assert store.available, store.problem
        figures = {
            "save settings": await timed(calls, lambda n: store.set_moderator_role(n % 50, n)),
            "read settings": await timed(calls, lambda n: store.get_settings(n % 50)),
            "record question (queued)": await timed(
                calls,
                lambda n: asyncio.sleep(
                    0,
                    store.queue_question(
                        f"what is thing {n % 40}",
                        outcome="decline",
                        confidence=0.1,
                        guild_id=n % 50,
                        user_id=n,
                    ),
                ),
            ),
            "write the queued batch": await timed(1, lambda n: store.flush()),
            "record vote (waited)": await timed(
                calls, lambda n: store.record_feedback(10_000 + n, n, n % 2 == 0, guild_id=1)
            ),
            "read /kb gaps": await timed(calls // 10, lambda n: store.gaps(1)),
            "read /kb stats": await timed(calls // 10, lambda n: store.stats(1)),
            "cluster poll": await timed(calls, lambda n: _poll(store, time.time() - 5.0)),
        }
    return figures


async def _poll(store: Store, since: float) -> None:
    await store.refresh_settings(since)
    await store.knowledge_changes_after(0)


def main() -> None:
    """Measure both backends and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    calls = parser.parse_args().calls
    server = PgServer()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            results = {
                "SQLite": asyncio.run(measure(str(Path(tmp) / "bench.sqlite3"), calls)),
                "PostgreSQL": asyncio.run(measure(server.database(), calls)),
            }
    finally:
        server.close()
    print(f"store latency from the event loop, {calls} calls each (ms)")
    for backend, figures in results.items():
        print(f"  {backend}")
        for name, values in figures.items():
            print(
                f"    {name:28} p50 {percentile(values, 50):7.2f}  "
                f"p99 {percentile(values, 99):7.2f}  max {max(values):7.2f}"
            )


if __name__ == "__main__":
    main()
