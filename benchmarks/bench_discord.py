"""Interaction -> callback latency and load behaviour of the real bot through the stand-in.

    python benchmarks/bench_discord.py [--interactions 2000] [--seconds 3] [--above 2]
                                       [--in-process] [--validate]

By default the bot runs as ``pacsbot run`` in its own process (as in production, log level INFO)
and the stand-in runs here. Two figures:

1. latency: one slash command at a time, the time from dispatching INTERACTION_CREATE to the
   stand-in receiving the callback (p50, p90, p99, max);
2. load: slash commands dispatched at a fixed rate for ``--seconds`` each, rising until a
   deadline is missed, then ``--above`` more steps to show what happens past the knee. The
   stand-in refuses callbacks later than Discord's 3 s, as Discord does. For each step: how many
   were answered in time (and p99 latency), missed (a callback came too late), shed (the bot made
   no call: it dropped the interaction as already too old), the bot's log volume (kB a minute),
   the longest gap between heartbeats (the stand-in asks for one a second) and any reconnects.
   Printed last: the highest sustained rate with no missed deadline.

``--validate`` also checks every body against the OpenAPI description and Discord's limits, as
the tests do (it costs stand-in CPU, so it is off for the figures).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import re
import statistics
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.discord_endpoint import point_discord_at  # noqa: E402
from tests.e2e.fake_discord import FakeDiscord, InteractionRecord, RecordedRequest  # noqa: E402

DEADLINE = 3.0  # Discord drops an interaction not answered within 3 s
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # discord.py's coloured log format
HEARTBEAT_MS = 1000  # heartbeat interval the stand-in asks for (Discord: 41250)
RATES = (50, 100, 200, 400, 600, 800, 1000, 1200, 1600, 2000, 3000)
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
        self.attempted: set[int] = set()  # interactions the bot sent a callback for

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
        self.attempted.add(int(interaction_id))
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
        self.attempted.clear()


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


@dataclass
class Step:
    """What happened to the interactions of one rate step."""

    rate: float
    achieved: float
    sent: int
    in_time: list[float]  # latencies (s) of callbacks Discord accepted
    missed: int  # a callback came, but after the deadline
    shed: int  # no callback at all
    log_bytes: int
    heartbeat_gap: float  # longest gap between heartbeats (s); 0 when fewer than two
    reconnects: int

    def line(self, seconds: float) -> str:
        """One line of the report."""
        p99 = percentile(self.in_time, 99) * 1000 if self.in_time else float("nan")
        share = 100 * len(self.in_time) / self.sent if self.sent else 0.0
        log_rate = self.log_bytes / seconds * 60 / 1e3
        return (
            f"  {self.rate:>5}/s (dispatched {self.achieved:6.0f}/s): {self.sent} sent, "
            f"{len(self.in_time)} in time ({share:.0f}%, p99 {p99:.0f} ms), {self.missed} missed, "
            f"{self.shed} shed; log {log_rate:.0f} kB/min; heartbeat gap max "
            f"{self.heartbeat_gap:.2f} s; {self.reconnects} reconnect(s)"
        )


KINDS_SHOWN = int(os.environ.get("BENCH_LOG_KINDS", "8"))  # most frequent other log lines


class LogMeter:
    """Counts the bytes the bot process writes to stderr (drained, so the bot never blocks)."""

    def __init__(self) -> None:
        self.bytes = 0
        self.summaries: list[str] = []
        self.kinds: dict[str, int] = {}  # the first words of each other line, and how often

    async def drain(self, stream: asyncio.StreamReader) -> None:
        """Read ``stream`` to its end."""
        while line := await stream.readline():
            self.bytes += len(line)
            text = ANSI.sub("", line.decode("utf-8", "replace")).rstrip()
            if b"Overloaded:" in line or b"Deferred " in line or b"heartbeat" in line.lower():
                self.summaries.append(text)
            else:
                kind = " ".join(text.split()[2:6])  # after the date and time
                self.kinds[kind] = self.kinds.get(kind, 0) + 1


async def paced_commands(
    fake: TimedFake, count: int, rate: float
) -> AsyncIterator[tuple[InteractionRecord, float]]:
    """Inject ``count`` slash commands (cycling through COMMANDS) at ``rate`` per second;
    yield each interaction with the time it was sent."""
    commands = itertools.cycle(COMMANDS)
    start = time.perf_counter()
    for n in range(count):
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        command, options = next(commands)
        record = await fake.inject_slash(command, options)
        yield record, time.perf_counter()


async def at_rate(fake: TimedFake, rate: float, seconds: float, meter: LogMeter) -> Step:
    """Dispatch at ``rate`` per second for ``seconds``; then wait out the deadline and count."""
    records = []
    fake.heartbeats.clear()
    connects = len(fake.identifies) + fake.resumes
    log_before = meter.bytes
    start = time.perf_counter()
    total = int(rate * seconds)
    sent_at: dict[int, float] = {}
    async for record, sent in paced_commands(fake, total, rate):
        sent_at[record.id] = sent
        records.append(record)
    achieved = total / (time.perf_counter() - start)
    await asyncio.sleep(DEADLINE + 1.0)  # every callback that can still count has come
    in_time = [
        fake.arrivals[r.id] - sent_at[r.id]
        for r in records
        if r.response is not None and r.id in fake.arrivals
    ]
    attempted = sum(1 for r in records if r.id in fake.attempted)
    beats = fake.heartbeats
    gap = max((b - a for a, b in itertools.pairwise(beats)), default=0.0)
    step = Step(
        rate=rate,
        achieved=achieved,
        sent=total,
        in_time=in_time,
        missed=attempted - len(in_time),
        shed=total - attempted,
        log_bytes=meter.bytes - log_before,
        heartbeat_gap=gap,
        reconnects=len(fake.identifies) + fake.resumes - connects,
    )
    fake.forget()
    return step


def bot_environment(fake: TimedFake, state_dir: Path, **settings: str) -> dict[str, str]:
    """The environment of a bot process pointed at the stand-in, with no cooldown in the way."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCORD_")}
    env.update(
        DISCORD_TOKEN=fake.token,
        DISCORD_API_BASE=fake.api_base,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        STATE_DIR=str(state_dir),
        USER_COOLDOWN="1000000/1",
        CHANNEL_COOLDOWN="1000000/1",
        PRIVATE_COOLDOWN="1000000/1",
    )
    env.update(settings)
    return env


@contextlib.asynccontextmanager
async def bot_process(fake: TimedFake, state_dir: Path, meter: LogMeter):
    """``pacsbot run`` pointed at the stand-in, stopped with SIGTERM afterwards."""
    env = bot_environment(fake, state_dir, LOG_LEVEL="INFO")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=env, cwd=state_dir, stderr=asyncio.subprocess.PIPE
    )
    assert process.stderr is not None
    reader = asyncio.create_task(meter.drain(process.stderr))
    try:
        await fake.wait_identified(timeout=30)
        yield
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), 30)
        await reader
        print(f"  (bot process exited with code {process.returncode})")


@contextlib.asynccontextmanager
async def bot_in_process(fake: TimedFake, state_dir: Path, meter: LogMeter):
    """The bot in this process and event loop (its log volume is not measured)."""
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
    parser.add_argument("--above", type=int, default=2, help="steps to run past the knee")
    parser.add_argument("--in-process", action="store_true", help="run the bot in this process")
    parser.add_argument("--validate", action="store_true", help="validate bodies as tests do")
    args = parser.parse_args()

    import tempfile

    fake = TimedFake(validate=args.validate, heartbeat_interval_ms=HEARTBEAT_MS)
    await fake.start()
    point_discord_at(fake.api_base, fake.gateway_url)
    runner = bot_in_process if args.in_process else bot_process
    where = "in this process" if args.in_process else "as a `pacsbot run` subprocess"
    meter = LogMeter()
    with tempfile.TemporaryDirectory() as state:
        async with runner(fake, Path(state), meter):
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
            print(
                f"load: {args.seconds:g} s a step, callbacks later than {DEADLINE:g} s refused, "
                f"heartbeat every {HEARTBEAT_MS / 1000:g} s"
            )
            best, above = 0.0, -1
            for rate in RATES:
                step = await at_rate(fake, rate, args.seconds, meter)
                print(step.line(args.seconds))
                good = not step.missed and not step.shed and step.achieved >= rate * 0.9
                if good and above < 0:
                    best = step.achieved
                else:
                    above += 1
                    if above >= args.above:
                        break
                await asyncio.sleep(DEADLINE)  # let a backlog clear before the next step
            print(f"highest sustained rate with no missed deadline: {best:.0f}/s")
    if meter.summaries:
        print("the bot's own load reports:")
        for line in meter.summaries[-8:]:
            print(f"  {line}")
    if meter.kinds:
        print("the rest of its log, by kind of line:")
        for kind, count in sorted(meter.kinds.items(), key=lambda kv: -kv[1])[:KINDS_SHOWN]:
            print(f"  {count:7d}  {kind}")
    await fake.stop()


if __name__ == "__main__":
    asyncio.run(main())
