"""Matching quality and speed: the engine against the obvious rapidfuzz baseline.

    python benchmarks/bench_matching.py [--aliases 50000] [--repeat 3]

Prints, on the same labelled questions (tests/data/questions.yaml and, when present, the
held-out tests/data/questions_holdout.yaml): accuracy, decline precision and recall, clarify rate,
and p50 / p99 latency per question, for the engine and for the baseline
``process.extractOne(question, every_alias_and_example, scorer=WRatio)`` mapped back to its entry.
Then the same at scale: a synthetic knowledge base grown from the real one to about 50,000
aliases, with its load-and-index time and per-question latency for both.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine import Engine  # noqa: E402
from bot.knowledge.loader import load_or_raise  # noqa: E402
from bot.knowledge.model import KnowledgeBase, Role, Term  # noqa: E402
from bot.matching.decide import DEFAULT_INTENT  # noqa: E402
from bot.matching.normalise import normalise  # noqa: E402
from bot.replies.reply import Reply  # noqa: E402
from tests.question_grading import Score, load_questions  # noqa: E402

BASELINE_CUTOFF = 80  # WRatio score under which the baseline declines


class Baseline:
    """``extractOne(question, every alias and example, WRatio)`` mapped back to its entry."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.choices: list[str] = []
        self.owners: list[tuple[str, str]] = []  # (kind, id): an entry, or an intent example
        for entity in knowledge.entities():
            for alias in entity.aliases:
                self.choices.append(alias)
                self.owners.append((entity.kind, entity.id))
        for intent in knowledge.intents.values():
            for example in intent.examples:
                self.choices.append(normalise(example))
                self.owners.append(("intent", intent.id))

    def answer(self, question: str) -> Reply:
        """The baseline's reading, as a Reply the grader understands."""
        found = process.extractOne(
            normalise(question), self.choices, scorer=fuzz.WRatio, processor=None
        )
        outcome, intent, subjects, location = "decline", None, (), None
        if found is not None and found[1] >= BASELINE_CUTOFF:
            kind, owner = self.owners[found[2]]
            outcome = "answer"
            if kind == "intent":
                intent = owner
            elif kind == "place":
                intent, location = "salary", owner
            else:
                intent, subjects = DEFAULT_INTENT[kind], (owner,)
        return Reply(question, outcome, 0.0, intent, subjects, location, "", "")


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(answer, questions: list[dict], repeat: int) -> tuple[Score, list[float]]:
    """Grade every question once; time each over ``repeat`` runs (milliseconds)."""
    score = Score()
    latencies: list[float] = []
    for expected in questions:
        reply = answer(expected["q"])
        score.add(reply, expected)
        for _ in range(repeat):
            start = time.perf_counter_ns()
            answer(expected["q"])
            latencies.append((time.perf_counter_ns() - start) / 1e6)
    return score, latencies


def report(name: str, score: Score, latencies: list[float]) -> None:
    """One line of figures."""
    expected_declines = score.total["decline"]
    recall = score.right["decline"] / max(1, expected_declines)
    clarified = score.total["clarify"]
    print(
        f"  {name:<9} accuracy {score.accuracy:6.1%}   answers {score.rate('answer'):6.1%}   "
        f"decline precision {score.decline_precision:6.1%} recall {recall:6.1%}   "
        f"clarify {score.rate('clarify'):6.1%} of {clarified}   "
        f"p50 {percentile(latencies, 0.5):7.3f} ms   p99 {percentile(latencies, 0.99):7.3f} ms"
    )


def grow(knowledge: KnowledgeBase, target_aliases: int, seed: int = 7) -> KnowledgeBase:
    """A synthetic knowledge base: the real one plus made-up roles and terms up to ~N aliases.

    Made-up entries reuse the real vocabulary's shape (a qualifier, then a head word such as
    "analyst") with invented qualifiers, so they compete with the real aliases for every word.
    """
    rng = random.Random(seed)
    syllables = ["ka", "lo", "vex", "tra", "mi", "zor", "pen", "dal", "qui", "ros", "ter", "nu"]
    heads = ["analyst", "administrator", "manager", "specialist", "engineer", "coordinator"]
    fields = ["imaging", "archive", "systems", "network", "records", "workflow", "interface"]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3)))

    roles = dict(knowledge.roles)
    terms = dict(knowledge.terms)
    count = sum(len(e.aliases) for e in knowledge.entities())
    used: set[str] = {a for e in knowledge.entities() for a in e.aliases}
    number = 0
    while count < target_aliases:
        number += 1
        qualifier, field_word, head = word(), rng.choice(fields), rng.choice(heads)
        aliases = [
            f"{qualifier} {field_word} {head}",
            f"{qualifier} {head}",
            f"{qualifier} {field_word}",
            f"{word()} {qualifier} {head}",
            f"{qualifier}{head[:4]}",
        ]
        aliases = [a for a in dict.fromkeys(aliases) if a not in used]
        if not aliases:
            continue
        used.update(aliases)
        entity_id = f"synthetic-{number}"
        if number % 3:
            roles[entity_id] = Role(
                entity_id,
                aliases[0].title(),
                tuple(aliases),
                "Synthetic role.",
                "pacs-careers-2021",
            )
        else:
            terms[entity_id] = Term(
                entity_id,
                aliases[0].title(),
                tuple(aliases),
                "Synthetic term.",
                "pacs-careers-2021",
            )
        count += len(aliases)
    return KnowledgeBase.build(
        sources=dict(knowledge.sources),
        roles=roles,
        certifications=dict(knowledge.certifications),
        terms=terms,
        places=dict(knowledge.places),
        resources=dict(knowledge.resources),
        intents=dict(knowledge.intents),
        stopwords=knowledge.stopwords,
        domain_words=knowledge.domain_words,
        synonyms=dict(knowledge.synonyms),
    )


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aliases", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    started = time.perf_counter()
    knowledge = load_or_raise(ROOT / "knowledge")
    engine = Engine(knowledge)
    load_ms = (time.perf_counter() - started) * 1000
    baseline = Baseline(knowledge)
    aliases = sum(len(e.aliases) for e in knowledge.entities())

    sets = {"labelled": load_questions()["questions"]}
    if (ROOT / "tests" / "data" / "questions_holdout.yaml").is_file():
        sets["held-out"] = load_questions("questions_holdout.yaml")["questions"]

    print(f"Shipped knowledge base: {aliases} aliases, loaded and indexed in {load_ms:.0f} ms")
    for label, questions in sets.items():
        print(f"{label} questions: {len(questions)}")
        report("engine", *run(engine.answer, questions, args.repeat))
        report("baseline", *run(baseline.answer, questions, args.repeat))

    big = grow(knowledge, args.aliases)
    big_aliases = sum(len(e.aliases) for e in big.entities())
    started = time.perf_counter()
    big_engine = Engine(big)
    index_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    big_baseline = Baseline(big)
    baseline_ms = (time.perf_counter() - started) * 1000
    questions = sets["labelled"]
    print(
        f"\nSynthetic knowledge base: {big_aliases} aliases; index built in {index_ms:.0f} ms "
        f"(baseline's choice list: {baseline_ms:.0f} ms)"
    )
    cold: list[float] = []
    for expected in questions:  # first sight of every word: typo corrections not yet cached
        big_engine.index._cache.clear()
        start = time.perf_counter_ns()
        big_engine.answer(expected["q"])
        cold.append((time.perf_counter_ns() - start) / 1e6)
    engine_score, engine_times = run(big_engine.answer, questions, args.repeat)
    base_score, base_times = run(big_baseline.answer, questions, 1)
    report("engine", engine_score, engine_times)
    print(
        f"  {'':<9} engine with an empty typo cache before every question: "
        f"p50 {percentile(cold, 0.5):7.3f} ms   p99 {percentile(cold, 0.99):7.3f} ms"
    )
    report("baseline", base_score, base_times)
    speedup = statistics.median(base_times) / statistics.median(engine_times)
    cold_speedup = statistics.median(base_times) / statistics.median(cold)
    print(f"  engine is {speedup:.0f}x faster than the baseline at p50 ({cold_speedup:.0f}x cold)")


if __name__ == "__main__":
    main()
