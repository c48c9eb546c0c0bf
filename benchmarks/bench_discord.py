"""Interaction -> callback latency of the real bot through the loopback Discord stand-in.

    python benchmarks/bench_discord.py [--interactions 2000] [--in-process] [--validate]

By default the bot runs as ``pacsbot run`` in its own process (as in production) and the stand-in
runs here. Two figures:

1. latency: one slash command at a time, the time from dispatching INTERACTION_CREATE to the
   stand-in receiving the callback (p50, p90, p99, max);
2. throughput: slash commands dispatched at a fixed rate for a few seconds each, rising until a
   response is dropped or late (over Discord's 3 s); the highest rate with none is printed.

``--validate`` also checks every body against the OpenAPI description and Discord's limits, as
the tests do (it costs stand-in CPU, so it is off for the figures).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.discord_endpoint import point_discord_at  # noqa: E402
from tests.e2e.fake_discord import FakeDiscord, RecordedRequest  # noqa: E402

DEADLINE = 3.0  # Discord drops an interaction not answered within 3 s
COMMANDS: list[tuple[str, dict[str, str]]] = [
    ("salary", {"role": "pacs admin", "location": "san francisco"}),
    ("role", {"role": "ris analyst"}),
    ("cert", {"certification": "cpsm"}),
    ("define", {"term": "dicom"}),
    ("compare", {"first": "pacs analyst", "second": "pacs administrator"}),
    ("ask", {"question": "how much does a cardiology pacs analyst make?"}),
    ("path", {"role": "pacs analyst"}),
    ("help", {}),
]


class TimedFake(FakeDiscord):
    """The stand-in, stamping the moment each interaction callback arrives."""

    def __init__(self, *, validate: bool, **options: Any) -> None:
        super().__init__(**options)
        self.validate = validate
        self.arrivals: dict[int, float] = {}
        self.waiters: dict[int, asyncio.Future[float]] = {}

    async def arrival(self, interaction_id: int, timeout: float) -> float:
        """When this interaction's callback arrived (waits up to ``timeout`` seconds)."""
        if interaction_id not in self.arrivals:
            future = asyncio.get_running_loop().create_future()
            self.waiters[interaction_id] = future
            try:
                await asyncio.wait_for(future, timeout)
            finally:
                self.waiters.pop(interaction_id, None)
        return self.arrivals.pop(interaction_id)

    async def _r_callback(self, record: RecordedRequest, interaction_id: str, token: str) -> Any:
        self.arrivals[int(interaction_id)] = time.perf_counter()
        future = self.waiters.get(int(interaction_id))
        if future is not None and not future.done():
            future.set_result(0.0)
        return await super()._r_callback(record, interaction_id=interaction_id, token=token)

    def _check(self, record: RecordedRequest) -> list[str]:
        return super()._check(record) if self.validate else []

    def forget(self) -> None:
        """Drop recorded requests and messages so a long run does not grow without bound."""
        self.requests.clear()
        self.messages.clear()
        self.interactions.clear()
        self.arrivals.clear()


async def one(fake: TimedFake, command: str, options: dict[str, str]) -> float | None:
    """Dispatch one slash command; seconds until its callback arrived (None: none in 10 s)."""
    sent = time.perf_counter()
    record = await fake.inject_slash(command, options)
    try:
        return await fake.arrival(record.id, 10.0) - sent
    except TimeoutError:
        return None


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) of values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


async def latency(fake: TimedFake, count: int) -> list[float]:
    """Sequential interactions: each waits for the previous callback."""
    results = []
    for command, options in itertools.islice(itertools.cycle(COMMANDS), count):
        seconds = await one(fake, command, options)
        if seconds is None:
            raise SystemExit(f"/{command} got no response within 10 s")
        results.append(seconds)
        if len(results) % 500 == 0:
            fake.forget()
    return results


async def at_rate(fake: TimedFake, rate: float, seconds: float) -> tuple[float, list[float], int]:
    """Dispatch at ``rate`` per second for ``seconds``; (achieved rate, latencies, dropped)."""
    tasks = []
    start = time.perf_counter()
    total = int(rate * seconds)
    commands = itertools.cycle(COMMANDS)
    for n in range(total):
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        command, options = next(commands)
        tasks.append(asyncio.create_task(one(fake, command, options)))
    achieved = total / (time.perf_counter() - start)
    results = await asyncio.gather(*tasks)
    fake.forget()
    answered = [r for r in results if r is not None]
    return achieved, answered, total - len(answered)


@contextlib.asynccontextmanager
async def bot_process(fake: TimedFake, state_dir: Path):
    """``pacsbot run`` pointed at the stand-in, stopped with SIGTERM afterwards."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCORD_")}
    env.update(
        DISCORD_TOKEN=fake.token,
        DISCORD_API_BASE=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        STATE_DIR=str(state_dir),
        USER_COOLDOWN="1000000/1",
        CHANNEL_COOLDOWN="1000000/1",
        LOG_LEVEL="WARNING",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=env, cwd=state_dir, stderr=asyncio.subprocess.PIPE
    )
    try:
        await fake.wait_identified(timeout=30)
        yield
    finally:
        process.terminate()
        await asyncio.wait_for(process.communicate(), 30)
        print(f"  (bot process exited with code {process.returncode})")


@contextlib.asynccontextmanager
async def bot_in_process(fake: TimedFake, state_dir: Path):
    """The bot in this process and event loop."""
    from bot.config import Settings
    from bot.discord_app.client import PacsBot
    from bot.engine import Engine
    from bot.knowledge.reload import EngineHolder
    from tests.e2e.fake_discord import running_bot

    env = {"DISCORD_TOKEN": fake.token, "STATE_DIR": str(state_dir)}
    env |= {"USER_COOLDOWN": "1000000/1", "CHANNEL_COOLDOWN": "1000000/1"}
    holder = EngineHolder(Engine.from_directory(ROOT / "knowledge"))
    bot = PacsBot(Settings.from_env(env, None), holder, guild_ready_timeout=0.1)
    async with running_bot(fake, bot):
        yield


async def main() -> None:
    """Run both measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each rate step")
    parser.add_argument("--in-process", action="store_true", help="run the bot in this process")
    parser.add_argument("--validate", action="store_true", help="validate bodies as tests do")
    args = parser.parse_args()

    import tempfile

    fake = TimedFake(validate=args.validate)
    await fake.start()
    point_discord_at(fake.api_base, fake.gateway_url)
    runner = bot_in_process if args.in_process else bot_process
    where = "in this process" if args.in_process else "as a `pacsbot run` subprocess"
    with tempfile.TemporaryDirectory() as state:
        async with runner(fake, Path(state)):
            await fake.wait_until(lambda: fake.commands.get(None), 10.0, "the command sync")
            await latency(fake, 50)  # warm-up
            print(f"bot {where}; stand-in on 127.0.0.1; {len(COMMANDS)} slash commands in turn")
            values = await latency(fake, args.interactions)
            ms = [v * 1000 for v in values]
            print(
                f"latency over {len(ms)} sequential interactions: "
                f"p50 {percentile(ms, 50):.2f} ms, p90 {percentile(ms, 90):.2f} ms, "
                f"p99 {percentile(ms, 99):.2f} ms, max {max(ms):.2f} ms, "
                f"mean {statistics.fmean(ms):.2f} ms"
            )
            best = 0.0
            for rate in (50, 100, 200, 400, 600, 800, 1000, 1200, 1600, 2000, 3000):
                achieved, answered, dropped = await at_rate(fake, rate, args.seconds)
                late = sum(1 for a in answered if a > DEADLINE)
                p99 = percentile(answered, 99) * 1000 if answered else float("nan")
                print(
                    f"  {rate:>5}/s for {args.seconds:g} s (dispatched {achieved:7.1f}/s): "
                    f"{len(answered) + dropped} sent, {dropped} dropped, {late} late, "
                    f"p99 {p99:.1f} ms"
                )
                if dropped or late or achieved < rate * 0.9:
                    break
                best = achieved
            print(f"highest sustained rate with no dropped or late response: {best:.0f}/s")
    await fake.stop()


if __name__ == "__main__":
    asyncio.run(main())
