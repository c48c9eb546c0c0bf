"""Per-interaction overhead: the bot against a trivial discord.py bot, through the same stand-in.

    python benchmarks/bench_overhead.py [--interactions 200] [--rounds 3] [--profile FILE]

Both bots run as their own process (as in production) against one loopback Discord stand-in
in this process: ``benchmarks/trivial_bot.py`` (every command sends an embed and a button at once)
and ``pacsbot run``. Each round measures the trivial bot, then ours, with the same sequential
slash commands (the ones ``bench_discord.py`` uses): the time from dispatching
INTERACTION_CREATE to the stand-in receiving the callback. Printed: p50 and p99 of each over all
rounds, the ratio of the p50s (the figure to keep below 1.5), and each bot's CPU time per
interaction (user + system, from /proc; it includes the work done after the reply, such as
recording the question). On a machine busy with other work the latencies swing by a millisecond
or more; ``nice -n -10`` steadies them, and the CPU figures hold regardless.

``--profile FILE`` runs our bot under cProfile and writes the statistics to FILE (then the
figures of that run are not comparable).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import tempfile
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_discord import (  # noqa: E402
    TimedFake,
    bot_environment,
    latency,
    percentile,
)
from tests.e2e.discord_endpoint import point_discord_at  # noqa: E402

WARM_UP = 50


@contextlib.asynccontextmanager
async def process(
    fake: TimedFake, argv: Sequence[str], state_dir: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    """A bot process pointed at the stand-in, until it has synced; SIGTERM afterwards."""
    env = bot_environment(fake, state_dir, LOG_LEVEL="WARNING", WATCH_KNOWLEDGE="false")
    before = len(fake.identifies)
    fake.commands.clear()
    child = await asyncio.create_subprocess_exec(
        *argv, env=env, cwd=state_dir, stderr=asyncio.subprocess.PIPE
    )
    try:
        await fake.wait_identified(before + 1, timeout=30)
        await fake.wait_until(lambda: fake.commands.get(None), 15.0, "the command sync")
        yield child
    finally:
        child.terminate()
        _, errors = await asyncio.wait_for(child.communicate(), 30)
        if child.returncode not in (0, -15):
            print(errors.decode(errors="replace")[-2000:], file=sys.stderr)
            raise SystemExit(f"{argv[-1]} exited with code {child.returncode}")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used so far; NaN where /proc is missing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(fake: TimedFake, argv: Sequence[str], count: int) -> tuple[list[float], float]:
    """Milliseconds per interaction of ``count`` sequential slash commands, after a warm-up,
    and the bot process's CPU milliseconds per interaction meanwhile (robust on a busy machine).
    """
    with tempfile.TemporaryDirectory() as state:
        async with process(fake, argv, Path(state)) as child:
            await latency(fake, WARM_UP)
            before = cpu_seconds(child.pid)
            values = await latency(fake, count)
            await asyncio.sleep(0.2)  # let background writes of the last ones finish
            cpu = (cpu_seconds(child.pid) - before) * 1000 / count
            fake.forget()
    return [v * 1000 for v in values], cpu


def summary(name: str, ms: list[float], cpu: float) -> str:
    """One line: p50, p99 and CPU time per interaction."""
    return (
        f"{name:<12} p50 {percentile(ms, 50):6.2f} ms   p99 {percentile(ms, 99):6.2f} ms   "
        f"bot CPU {cpu:5.2f} ms per interaction"
    )


async def main() -> None:
    """Measure both bots in turn, for a few rounds, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=200, help="per bot and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="run our bot under cProfile, stats here")
    args = parser.parse_args()

    trivial = [sys.executable, str(ROOT / "benchmarks" / "trivial_bot.py")]
    ours = [sys.executable, "-m", "bot", "run"]
    if args.profile is not None:
        ours = [sys.executable, "-m", "cProfile", "-o", str(args.profile.resolve()), "-m", "bot"]
        ours.append("run")

    fake = TimedFake(validate=False)
    await fake.start()
    point_discord_at(fake.api_base, fake.gateway_url)
    results: dict[str, list[float]] = {"trivial bot": [], "pacsbot": []}
    cpu: dict[str, list[float]] = {"trivial bot": [], "pacsbot": []}
    try:
        for round_ in range(1, args.rounds + 1):
            for name, argv in (("trivial bot", trivial), ("pacsbot", ours)):
                ms, used = await measure(fake, argv, args.interactions)
                results[name].extend(ms)
                cpu[name].append(used)
                print(f"round {round_}: {summary(name, ms, used)}", flush=True)
    finally:
        await fake.stop()
    print(
        f"{args.rounds} round(s) of {args.interactions} sequential slash commands per bot, "
        "interaction -> callback through the loopback stand-in:"
    )
    for name, ms in results.items():
        print(f"  {summary(name, ms, sum(cpu[name]) / len(cpu[name]))}")
    ratio = percentile(results["pacsbot"], 50) / percentile(results["trivial bot"], 50)
    print(f"  p50 ratio pacsbot / trivial bot: {ratio:.2f}x")


if __name__ == "__main__":
    asyncio.run(main())
