"""How long a moderator's edit takes to go live with the watcher's default timing.

    python benchmarks/bench_reload.py [--edits 10] [--apply]

A copy of the shipped knowledge is watched by a ``KnowledgeWatcher`` as the bot runs it; each run
adds a role file (or rewrites it) and times from the write to the moment the new engine answers
about that role. The watcher promises "well under two seconds" (its docstring): this prints the
figures, as performance is measured here rather than asserted in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine import Engine  # noqa: E402
from bot.knowledge.reload import EngineHolder, KnowledgeWatcher  # noqa: E402

ROLE = """\
id: bench-reload-analyst
name: Bench Reload Analyst {n}
aliases:
  - bench reload analyst
summary: A role added by the reload benchmark (edit {n}).
source: pacs-careers-2021
"""
QUESTION = "what does a bench reload analyst do"


async def one_edit(holder: EngineHolder, role_file: Path, n: int, timeout: float) -> float:
    """Seconds from writing edit ``n`` to an engine that knows it."""
    old = holder.engine
    started = time.monotonic()
    role_file.write_text(ROLE.format(n=n), encoding="utf-8")
    while holder.engine is old or f"edit {n}" not in str(holder.engine.answer(QUESTION).to_dict()):
        if time.monotonic() - started > timeout:
            raise SystemExit(f"edit {n} was not live after {timeout} s")
        await asyncio.sleep(0.005)
    return time.monotonic() - started


async def main_async(edits: int) -> None:
    """Run the edits and print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        kb = Path(tmp) / "knowledge"
        shutil.copytree(ROOT / "knowledge", kb)
        holder = EngineHolder(Engine.from_directory(kb))
        watcher = KnowledgeWatcher(holder, kb)  # default timing, as `pacsbot run`
        watcher.start()
        try:
            await asyncio.sleep(0.2)
            took = []
            for n in range(1, edits + 1):
                took.append(
                    await one_edit(holder, kb / "roles" / "bench-reload-analyst.yaml", n, 10.0)
                )
                await asyncio.sleep(0.1)
        finally:
            await watcher.stop()
    print(f"{edits} edits of the shipped knowledge, watcher at its default timing")
    print(
        f"  edit to live: median {statistics.median(took):.2f} s   max {max(took):.2f} s   "
        f"(interval {watcher.interval} s + quiet {watcher.quiet} s + load)"
    )


async def applies(edits: int) -> None:
    """An editor's change from Discord, step by step: the review (the whole base checked on a
    copy), Apply (the atomic write) and the reload, until the engine answers from it."""
    from bot.knowledge.editing import apply_change, review_change

    with tempfile.TemporaryDirectory() as tmp:
        kb = Path(tmp) / "knowledge"
        shutil.copytree(ROOT / "knowledge", kb)
        holder = EngineHolder(Engine.from_directory(kb))
        watcher = KnowledgeWatcher(holder, kb)  # not started: Apply reloads by itself
        path = "roles/bench-reload-analyst.yaml"
        reviews, writes, lives = [], [], []
        for n in range(1, edits + 1):
            started = time.perf_counter()
            review = await asyncio.to_thread(review_change, kb, path, ROLE.format(n=n))
            reviewed = time.perf_counter()
            assert review.ok, review.errors
            await asyncio.to_thread(apply_change, kb, review)
            written = time.perf_counter()
            await watcher.reload_now()
            assert f"edit {n}" in str(holder.engine.answer(QUESTION).to_dict())
            live = time.perf_counter()
            reviews.append(reviewed - started)
            writes.append(written - reviewed)
            lives.append(live - reviewed)
    print(f"{edits} changes applied as from Discord (/kb put, Apply)")
    figures = (
        ("review (the whole base checked on a copy)", reviews),
        ("atomic write", writes),
        ("Apply to live (write + reload)", lives),
    )
    for label, values in figures:
        print(f"  {label}: median {statistics.median(values) * 1000:.0f} ms   "
              f"max {max(values) * 1000:.0f} ms")  # fmt: skip


def main() -> None:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument(
        "--apply", action="store_true", help="also time changes applied from Discord"
    )
    args = parser.parse_args()
    asyncio.run(main_async(args.edits))
    if args.apply:
        asyncio.run(applies(args.edits))


if __name__ == "__main__":
    main()
