"""Hostile questions: time per question, and the memory the normalise cache keeps.

    python benchmarks/bench_hostile.py [--repeat 5] [--random 300] [--unique 8192]

Anyone can send the bot text built to be slow: characters that NFKC expands (``\\u33d8`` is
``p.m.``), long links, thousands of emoji, deep markdown, long runs of whitespace. This prints
p50 / p99 / max milliseconds per question over such inputs, through every public entry of the
engine (free text, slash commands, autocomplete), with the caches emptied before each question
so every one is paid in full, as a new message would be. Then the memory kept by the normalise
cache after many unique long questions.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine import Engine  # noqa: E402
from bot.matching import normalise as normalise_module  # noqa: E402

Ask = Callable[[str], object]


def hostile_texts() -> dict[str, str]:
    """Named inputs, each built to make some step of reading a question slow."""
    return {
        "\\u33d8 x 500 (p.m. x 500 after NFKC)": "\u33d8" * 500,
        "\\u33d8 x 2000": "\u33d8" * 2000,
        "a. x 1000": "a." * 1000,
        ".a x 1000": ".a" * 1000,
        "x.co x 400": "x.co" * 400,
        "long URL": "https://example.com/" + "a/" * 990,
        "long domain": "a" * 1990 + ".com",
        "2000 emoji": "😀" * 2000,
        "2000 flags": "🇺🇸" * 1000,
        "deep markdown": "**_~~`" * 333,
        "[ x 2000": "[" * 2000,
        "[a]( x 500": "[a](" * 500,
        "< x 2000": "<" * 2000,
        "<:a x 600": "<:a" * 600,
        "</a x 500": "</a " * 500,
        "\\ufdfa x 111 (18x NFKC)": "\ufdfa" * 111,
        "spaces then a question": "what is pacs? " + " " * 3985,
        "mentions": "<@123456789012345678> " * 90,
        "@everyone x 200": "@everyone " * 200,
        "one 2000-letter word": "x" * 2000,
        "2000 zero-width": "\u200b" * 2000,
        "surrogates": "pacs admin \ud800" * 100,
    }


def random_texts(count: int, seed: int = 11) -> list[str]:
    """Random unicode up to 2000 code points, surrogates and unassigned characters included."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        length = rng.choice((10, 100, 500, 2000))
        texts.append("".join(chr(rng.randrange(0x110000)) for _ in range(length)))
    return texts


def entries(engine: Engine) -> dict[str, Ask]:
    """Every public way a user's text reaches the engine."""
    return {
        "answer": engine.answer,
        "/salary": lambda text: engine.answer_command("salary", text),
        "/define": lambda text: engine.answer_command("define", text),
        "autocomplete": lambda text: engine.suggest(text, ("role", "certification")),
    }


def timed(engine: Engine, ask: Ask, text: str) -> float:
    """Milliseconds to answer ``text`` from empty caches, as a new message would be."""
    normalise_module.clear_cache()
    engine.index._cache.clear()
    start = time.perf_counter_ns()
    ask(text)
    return (time.perf_counter_ns() - start) / 1e6


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def figures(values: list[float]) -> str:
    """p50 / p99 / max of some milliseconds."""
    return (
        f"p50 {percentile(values, 0.5):8.3f} ms   p99 {percentile(values, 0.99):8.3f} ms   "
        f"max {max(values):8.3f} ms"
    )


def time_questions(engine: Engine, args: argparse.Namespace) -> None:
    """Per-question time over the hostile and random inputs, per entry point."""
    named = hostile_texts()
    randoms = random_texts(args.random)
    print(f"Per-question time, caches emptied before each ({args.repeat} runs of each input):")
    everything: list[float] = []
    slowest: list[tuple[float, str, str]] = []
    for entry, ask in entries(engine).items():
        times: list[float] = []
        for label, text in named.items():
            runs = [timed(engine, ask, text) for _ in range(args.repeat)]
            times += runs
            slowest.append((max(runs), entry, label))
        for text in randoms:
            times.append(timed(engine, ask, text))
        everything += times
        print(f"  {entry:<13} {len(times):5} questions   {figures(times)}")
    print(f"  {'all':<13} {len(everything):5} questions   {figures(everything)}")
    print("  slowest inputs:")
    for ms, entry, label in sorted(slowest, reverse=True)[:6]:
        print(f"    {ms:8.3f} ms   {entry:<13} {label}")


def cache_memory(engine: Engine, label: str, ask: Ask, texts: list[str]) -> None:
    """Memory still held after answering every text once (the index's typo cache emptied)."""
    normalise_module.clear_cache()
    engine.index._cache.clear()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    start = time.perf_counter()
    for text in texts:
        ask(text)
    seconds = time.perf_counter() - start
    engine.index._cache.clear()  # bounded by count and holds single words; not measured here
    gc.collect()
    kept = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    print(
        f"  {label:<46} {kept / 1e6:9.1f} MB kept   "
        f"(the cache counts {normalise_module.cache_bytes() / 1e6:.1f} MB; "
        f"{1000 * seconds / len(texts):.2f} ms per question, traced)"
    )


def unique_long(count: int, filler: str, length: int, seed: int) -> list[str]:
    """``count`` different texts of ``length`` characters made of ``filler``."""
    rng = random.Random(seed)
    words = ["pacs", "admin", "salary", "dicom", "hl7", "analyst", filler]
    texts = []
    for number in range(count):
        text = f"{number} " + " ".join(rng.choice(words) for _ in range(length))
        texts.append(text[:length])
    return texts


def memory(engine: Engine, args: argparse.Namespace) -> None:
    """The normalise cache's memory after many unique long questions."""
    count = args.unique
    print(f"\nMemory kept after {count} unique questions of 2000 characters:")
    cache_memory(engine, "free text, words", engine.answer, unique_long(count, "mri", 2000, seed=1))
    cache_memory(
        engine, "free text, words and emoji", engine.answer, unique_long(count, "😀", 2000, 2)
    )
    expanding = [f"{n} " + "\ufdfa😀" * 999 for n in range(count // 8)]
    cache_memory(
        engine,
        f"/define, \\ufdfa and emoji ({len(expanding)} questions)",
        lambda text: engine.answer_command("define", text),
        expanding,
    )


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each named input")
    parser.add_argument("--random", type=int, default=300, help="random unicode texts")
    parser.add_argument("--unique", type=int, default=8192, help="unique long questions")
    args = parser.parse_args()
    engine = Engine.from_directory(ROOT / "knowledge")
    time_questions(engine, args)
    memory(engine, args)


if __name__ == "__main__":
    main()
