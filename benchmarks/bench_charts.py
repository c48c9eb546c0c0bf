"""What pay charts cost: the first chart, every chart after it, the engine's share, and Discord.

    python benchmarks/bench_charts.py [--repeat 3] [--no-discord]

1. first chart, in a fresh process: importing matplotlib and drawing one chart (what a deferred
   answer waits for once per process), and the memory it adds;
2. every distinct chart the shipped knowledge can produce (each role's salary at each place,
   best-paying places, every pair of roles compared), drawn in both themes: milliseconds per
   chart and PNG sizes;
3. the engine's share: picking a reply's chart figures (``pay_chart``) and looking a drawn chart
   up in the cache, per answer;
4. Discord, through the loopback stand-in with the real bot in this process: a pay answer's time
   from the interaction to its acknowledgement and to the finished answer with its chart, for a
   chart not drawn yet (deferred) and for one drawn before (sent at once).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import intents  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.matching.decide import Match  # noqa: E402
from bot.replies.pay_chart import PayChart, pay_chart  # noqa: E402
from bot.replies.reply import Reply  # noqa: E402

if TYPE_CHECKING:
    from tests.e2e.fake_discord import FakeDiscord

FIRST_CHART = """
import resource, sys, time
sys.path.insert(0, {root!r})
from bot.engine import Engine
engine = Engine.from_directory({knowledge!r})
chart = engine.answer("how much does a pacs admin make in sf").chart
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
from bot.render.chart import draw_png
draw_png(chart, "dark")
first = time.perf_counter() - start
start = time.perf_counter()
draw_png(chart, "dark")
second = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(first, second, before, after)
"""


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) of values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def every_pay_reply(engine: Engine) -> list[Reply]:
    """Each role's salary at each place, best-paying places, and every pair of roles."""
    kb, compose = engine.knowledge, engine.composer.compose
    matches = [
        Match("answer", 1.0, intents.SALARY, (role,), place)
        for role in kb.roles
        for place in [None, *kb.places]
    ]
    matches += [Match("answer", 1.0, intents.LOCATION, (role,)) for role in kb.roles]
    matches += [
        Match("answer", 1.0, intents.COMPARISON, pair)
        for pair in itertools.permutations(kb.roles, 2)
    ]
    return [compose("", m) for m in matches]


def first_chart(repeat: int) -> None:
    """Fresh processes: matplotlib's import plus the first drawing, and the memory it adds."""
    script = FIRST_CHART.format(root=str(ROOT), knowledge=str(ROOT / "knowledge"))
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        ).stdout.split()
        runs.append([float(v) for v in out])
    firsts = [r[0] * 1000 for r in runs]
    seconds = [r[1] * 1000 for r in runs]
    added = [(r[3] - r[2]) / 1024 for r in runs]
    print(f"1. first chart in a fresh process ({repeat} processes)")
    print(
        f"   import matplotlib + draw: median {statistics.median(firsts):.0f} ms, "
        f"max {max(firsts):.0f} ms; the same chart again: {statistics.median(seconds):.0f} ms"
    )
    print(f"   peak memory added: median {statistics.median(added):.0f} MiB")  # fmt: skip


def every_chart(engine: Engine) -> list[PayChart]:
    """Draw each distinct chart in both themes; time and size them."""
    from bot.render.chart import THEMES, draw_png

    charts = list(dict.fromkeys(r.chart for r in every_pay_reply(engine) if r.chart is not None))
    draw_png(charts[0], "dark")  # the import and first-use costs are figure 1's
    times, sizes = [], []
    for chart in charts:
        for theme in THEMES:
            start = time.perf_counter()
            png = draw_png(chart, theme)
            times.append((time.perf_counter() - start) * 1000)
            sizes.append(len(png))
    print(f"2. every distinct chart of the shipped knowledge: {len(charts)} charts x "
          f"{len(THEMES)} themes")  # fmt: skip
    print(f"   drawing: p50 {percentile(times, 50):.0f} ms, p95 {percentile(times, 95):.0f} ms, "
          f"max {max(times):.0f} ms")  # fmt: skip
    print(f"   PNG size: min {min(sizes) / 1024:.0f} KiB, median "
          f"{statistics.median(sizes) / 1024:.0f} KiB, max {max(sizes) / 1024:.0f} KiB "
          f"(Discord's smallest upload limit: 10 MiB)")  # fmt: skip
    return charts


def engine_share(engine: Engine, charts: list[PayChart]) -> None:
    """Per answer: choosing the chart's figures, and one cache lookup by the chart's data."""
    replies = [r for r in every_pay_reply(engine) if r.chart is not None]
    picking = []
    for reply in replies * 5:
        start = time.perf_counter()
        pay_chart(reply, engine.knowledge)
        picking.append((time.perf_counter() - start) * 1e6)
    cache = {(chart, "dark"): b"" for chart in charts}
    lookups = []
    for reply in replies * 5:
        start = time.perf_counter()
        cache.get((reply.chart, "dark"))  # type: ignore[arg-type]
        lookups.append((time.perf_counter() - start) * 1e6)
    print(f"3. per pay answer ({len(replies)} answers x 5)")
    print(f"   choosing the chart's figures: p50 {percentile(picking, 50):.0f} us, "
          f"p99 {percentile(picking, 99):.0f} us; cache lookup: p50 "
          f"{percentile(lookups, 50):.1f} us, p99 {percentile(lookups, 99):.1f} us")  # fmt: skip


async def discord(rounds: int) -> None:
    """The real bot and the stand-in: acknowledgement and finished answer, new and drawn charts."""
    from bot.config import Settings
    from bot.discord_app.client import PacsBot
    from bot.knowledge.reload import EngineHolder
    from tests.e2e.discord_endpoint import point_discord_at
    from tests.e2e.fake_discord import LOADING, FakeDiscord, running_bot

    fake = FakeDiscord()
    await fake.start()
    point_discord_at(fake.api_base, fake.gateway_url)
    commands = [
        ("salary", {"role": "pacs admin", "location": "san francisco"}),
        ("salary", {"role": "cardiology"}),
        ("salary", {"role": "ris analyst"}),
        ("compare", {"first": "pacs analyst", "second": "ris analyst"}),
        ("ask", {"question": "which state pays ris analysts the most"}),
    ]
    results: dict[str, list[tuple[float, float]]] = {"new": [], "drawn": []}
    with tempfile.TemporaryDirectory() as state:
        env = {"DISCORD_TOKEN": fake.token, "STATE_DIR": state, "CHARTS": "dark"}
        env |= {"USER_COOLDOWN": "1000000/1", "CHANNEL_COOLDOWN": "1000000/1"}
        holder = EngineHolder(Engine.from_directory(ROOT / "knowledge"))
        bot = PacsBot(Settings.from_env(env, None), holder, guild_ready_timeout=0.1)
        async with running_bot(fake, bot):
            await asyncio.wait_for(bot.wait_until_ready(), 10)
            for round_ in range(rounds):
                for name, options in commands:
                    # a chart not drawn yet (the bot's cache emptied), then the same one again
                    bot.answering.charts._images.clear()
                    bot.answering.charts._size = 0
                    for kind in ("new", "drawn"):
                        timing = await _one_answer(fake, name, options, LOADING)
                        if round_ or kind == "drawn":  # round 0's new charts include the import
                            results[kind].append(timing)
    await fake.stop()
    print(f"4. Discord: {len(commands)} pay slash commands through the stand-in, {rounds} rounds "
          "(the first round's new charts, which import matplotlib, left out)")  # fmt: skip
    labels = (("new", "chart not drawn yet (deferred)"), ("drawn", "chart drawn before"))
    for kind, label in labels:
        ack = [a * 1000 for a, _ in results[kind]]
        end = [f * 1000 for _, f in results[kind]]
        print(f"   {label} ({len(ack)}): acknowledged p50 {percentile(ack, 50):.0f} ms, "
              f"max {max(ack):.0f} ms; answer with its chart p50 {percentile(end, 50):.0f} ms, "
              f"max {max(end):.0f} ms")  # fmt: skip
    print("   Discord's deadline for the acknowledgement: 3000 ms")


async def _one_answer(
    fake: FakeDiscord, name: str, options: dict[str, str], loading: int
) -> tuple[float, float]:
    """Seconds from dispatch to the acknowledgement, and to the answer showing its chart."""
    start = time.perf_counter()
    record = await fake.inject_slash(name, options)
    await record.wait_response(10)
    acknowledged = time.perf_counter() - start

    def done() -> bool | None:
        message = record.original_message
        ready = message is not None and not message["flags"] & loading
        return True if ready and message and message["attachments"] else None

    await fake.wait_until(done, 10, "the answer with its chart")
    return acknowledged, time.perf_counter() - start


def main() -> None:
    """Print the four measurements."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes for figure 1")
    parser.add_argument("--rounds", type=int, default=4, help="rounds of Discord commands")
    parser.add_argument("--no-discord", action="store_true", help="skip figure 4")
    args = parser.parse_args()
    first_chart(args.repeat)
    engine = Engine.from_directory(ROOT / "knowledge")
    charts = every_chart(engine)
    engine_share(engine, charts)
    if not args.no_discord:
        asyncio.run(discord(args.rounds))


if __name__ == "__main__":
    main()
