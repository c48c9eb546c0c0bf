"""Soak run of a flaky Discord: how many answers a fault rate costs, and how much latency.

    python benchmarks/bench_faults.py [--commands 500] [--mentions 60] [--fault-rate 0.2]

The bot runs as ``pacsbot run`` against the loopback stand-in, which refuses callbacks later than
Discord's 3 s. Two runs:

1. slash commands, ``--rate`` a second, while a share (``--fault-rate``) of interaction callbacks
   (deferrals included) fail with 500 or 502: how many answers arrived, how many of them went
   through a deferral, and the time until the answer was visible (p50, p99, max);
2. mentions while the same share of channel messages is refused with a 429 without ``Via`` (as
   Cloudflare sends): how many replies arrived.

Before the bot deferred after a failed callback, 4-6% of slash answers were lost at a 20% fault
rate, and 16 of 60 mention replies at a Cloudflare 429.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_discord import (  # noqa: E402
    LogMeter,
    TimedFake,
    bot_process,
    paced_commands,
    percentile,
)
from tests.e2e.discord_endpoint import point_discord_at  # noqa: E402
from tests.e2e.fake_discord import LOADING, InteractionRecord  # noqa: E402

CALLBACK = r"/interactions/\d+/[^/]+/callback$"
MESSAGES = r"^/channels/\d+/messages$"
SETTLE = 20.0  # seconds to wait for the last answers (discord.py's own retries take up to 16 s)


def answered(record: InteractionRecord) -> bool:
    """True once the interaction's message shows an answer."""
    message = record.original_message
    return bool(message and not message["flags"] & LOADING and message["embeds"])


async def slash_run(fake: TimedFake, count: int, rate: float, fault_rate: float) -> None:
    """Slash commands under callback faults; prints what arrived and how late."""
    # half of the faults 500, half 502 (the second fault rolls when the first does not fire)
    fake.fail_next("POST", CALLBACK, 500, times=10**9, rate=fault_rate / 2)
    fake.fail_next("POST", CALLBACK, 502, times=10**9, rate=fault_rate / 2 / (1 - fault_rate / 2))
    records: list[tuple[InteractionRecord, float]] = []
    seen: dict[int, float] = {}

    async def watch(record: InteractionRecord) -> None:
        await fake.wait_until(lambda: answered(record), SETTLE, "an answer")
        seen[record.id] = time.perf_counter()

    watchers = []
    async for record, sent in paced_commands(fake, count, rate):
        records.append((record, sent))
        watchers.append(asyncio.create_task(watch(record)))
    await asyncio.gather(*watchers, return_exceptions=True)
    failed = sum(f.hits for f in fake.clear_faults())
    latencies = [(seen[r.id] - sent) * 1000 for r, sent in records if r.id in seen]
    deferred = sum(1 for r, _ in records if r.response and r.response.get("type") == 5)
    lost = count - len(latencies)
    print(
        f"slash commands: {count} at {rate:g}/s, {fault_rate:.0%} of callbacks failing "
        f"(500/502; {failed} failed): {len(latencies)} answered, {lost} lost "
        f"({lost / count:.1%}); {deferred} through a deferral"
    )
    if latencies:
        print(
            f"  time to a visible answer: p50 {percentile(latencies, 50):.0f} ms, "
            f"p99 {percentile(latencies, 99):.0f} ms, max {max(latencies):.0f} ms; "
            f"late callbacks refused: {fake.late_callbacks}"
        )


async def mention_run(fake: TimedFake, count: int, fault_rate: float) -> None:
    """Mentions while channel messages meet Cloudflare 429s; prints how many replies arrived."""
    fault = fake.fail_next(
        "POST", MESSAGES, 429, times=10**9, rate=fault_rate, via=False, retry_after=1.0
    )
    me = fake.bot_user.id
    asked = []
    for _ in range(count):
        message = await fake.inject_message(f"<@{me}> what is dicom?")
        asked.append(int(message["id"]))
        await asyncio.sleep(0.05)

    def replied() -> set[int]:
        return {
            int(m["message_reference"]["message_id"])
            for m in fake.bot_messages()
            if m.get("message_reference")
        }

    deadline = time.perf_counter() + SETTLE
    while time.perf_counter() < deadline and not set(asked) <= replied():
        await asyncio.sleep(0.2)
    got = len(set(asked) & replied())
    print(
        f"mentions: {count}, {fault_rate:.0%} of channel messages refused with a 429 without Via "
        f"({fault.hits} refused): {got} replied, {count - got} lost"
    )
    fake.clear_faults()


async def main() -> None:
    """Run both soaks and print what happened."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=500)
    parser.add_argument("--rate", type=float, default=25.0, help="slash commands a second")
    parser.add_argument("--mentions", type=int, default=60)
    parser.add_argument("--fault-rate", type=float, default=0.2)
    args = parser.parse_args()

    fake = TimedFake(validate=False)
    await fake.start()
    point_discord_at(fake.api_base, fake.gateway_url)
    meter = LogMeter()
    with tempfile.TemporaryDirectory() as state:
        async with bot_process(fake, Path(state), meter):
            await fake.wait_until(lambda: fake.commands.get(None), 10.0, "the command sync")
            await slash_run(fake, args.commands, args.rate, args.fault_rate)
            await mention_run(fake, args.mentions, args.fault_rate)
        print(f"  bot log: {meter.bytes / 1000:.0f} kB")
    await fake.stop()


if __name__ == "__main__":
    asyncio.run(main())
