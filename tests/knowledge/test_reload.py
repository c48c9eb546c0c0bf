"""Reloading the knowledge base: swap on success, keep serving on errors, debounce the watcher.

Every case starts from a writable copy of tests/data/minimal_kb (one role, ``pacs-analyst``) and
adds a second role, ``ris-analyst``, or lays one of tests/data/broken/<kind> over it.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.engine import Engine
from bot.knowledge import reload as reload_module
from bot.knowledge.reload import (
    EngineHolder,
    KnowledgeWatcher,
    ReloadResult,
    check_only,
    reload,
    snapshot,
)
from bot.knowledge.validate import check_knowledge
from tests.knowledge.broken_cases import ERROR_KINDS, assert_the_expected_lines, make_broken

RIS_QUESTION = "how much does a ris analyst make"
PACS_QUESTION = "how much does a pacs analyst make"
RIS_ROLE = """\
id: ris-analyst
name: RIS Analyst
aliases:
  - ris analyst
summary: Looks after the radiology information system.
source: test-source
salary:
  figures:
    - kind: average
      measures: average salary in the US
      amount: 70000
      place: united-states
      source: test-source
"""
ROLE = "kb/roles/pacs-analyst.yaml"
# kind -> the one line the reload must report (paths are relative to the folder's parent)
BROKEN_EDITS = {
    "yaml-syntax": f"{ROLE}:7:32: YAML syntax error: mapping values are not allowed",
    "wrong-type": f"{ROLE}:16:15: 'amount' must be a whole number, not text",
    "unknown-reference": f"{ROLE}:11:24: unknown certification 'cpsm': no such id",
    "anchor-alias": f"{ROLE}:4:4: YAML anchors and aliases (&name / *name) are not allowed",
}


@pytest.fixture
def kb(minimal_kb: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal knowledge base, with the working directory at its parent (paths: kb/...)."""
    monkeypatch.chdir(minimal_kb.parent)
    return minimal_kb


@pytest.fixture
def holder(kb: Path) -> EngineHolder:
    """An EngineHolder serving the minimal knowledge base."""
    return EngineHolder(Engine.from_directory(kb))


@pytest.fixture
def results() -> list[ReloadResult]:
    """Collects what a watcher reports."""
    return []


def subjects(holder: EngineHolder, question: str) -> list[str]:
    """The subjects the current engine finds in a question."""
    return list(holder.engine.answer(question).subjects)


async def wait_for(condition: Callable[[], bool], timeout: float) -> float:
    """Poll ``condition`` every 10 ms; the seconds it took. Fails after ``timeout``."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            pytest.fail(f"condition not met within {timeout} s")
        await asyncio.sleep(0.01)
    return time.monotonic() - started


def watcher_for(
    holder: EngineHolder, kb: Path, results: list[ReloadResult], **timing: float
) -> KnowledgeWatcher:
    """A watcher that appends each reload's result to ``results``."""

    async def on_result(result: ReloadResult) -> None:
        results.append(result)

    return KnowledgeWatcher(holder, kb, on_result, **timing)


# ---- reload ----------------------------------------------------------------------------------


async def test_successful_reload_swaps_in_the_new_knowledge(holder: EngineHolder, kb: Path) -> None:
    old = holder.engine
    assert subjects(holder, RIS_QUESTION) == []
    (kb / "roles" / "ris-analyst.yaml").write_text(RIS_ROLE, encoding="utf-8")

    result = await reload(holder, kb)

    assert result.ok and result.swapped, result.lines()
    assert result.lines() == []
    assert result.summary.startswith("2 roles, 1 certifications, 1 terms, 1 places")
    assert holder.engine is not old
    assert subjects(holder, RIS_QUESTION) == ["ris-analyst"]
    assert holder.engine.answer(RIS_QUESTION).outcome == "answer"


@pytest.mark.parametrize("kind", sorted(BROKEN_EDITS))
async def test_broken_edit_keeps_the_old_engine_and_says_where(
    kind: str, holder: EngineHolder, broken_kb: Callable[[str], Path]
) -> None:
    old = holder.engine
    broken_kb(kind)

    result = await reload(holder, "kb")

    assert not result.ok and not result.swapped
    assert holder.engine is old
    assert subjects(holder, PACS_QUESTION) == ["pacs-analyst"]
    lines = result.lines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(BROKEN_EDITS[kind]), lines[0]
    assert result.summary == "1 error(s), 0 warning(s)"


@pytest.mark.parametrize("kind", ERROR_KINDS)
async def test_every_broken_kind_is_refused_with_what_kb_check_prints(
    kind: str, holder: EngineHolder, broken_kb: Callable[[str], Path]
) -> None:
    """The standing test of the class: every folder kb check refuses, a reload refuses too,
    with the same lines, promptly (a named pipe once held the reload lock forever)."""
    old = holder.engine
    make_broken(kind, broken_kb)
    checked = [str(d) for d in check_knowledge("kb").diagnostics]

    result = await asyncio.wait_for(reload(holder, "kb"), timeout=30)

    assert not result.ok and not result.swapped
    assert result.lines() == checked
    assert_the_expected_lines(kind, checked)
    assert holder.engine is old and not holder.reload_lock.locked()
    assert subjects(holder, PACS_QUESTION) == ["pacs-analyst"]


async def test_after_a_refused_named_pipe_the_next_reload_applies(
    holder: EngineHolder, broken_kb: Callable[[str], Path], kb: Path
) -> None:
    make_broken("fifo-file", broken_kb)
    refused = await asyncio.wait_for(reload(holder, "kb"), timeout=30)
    assert not refused.ok
    (kb / "roles" / "pacs-manager.yaml").unlink()
    (kb / "roles" / "ris-analyst.yaml").write_text(RIS_ROLE, encoding="utf-8")

    applied = await asyncio.wait_for(reload(holder, "kb"), timeout=30)

    assert applied.ok and applied.swapped, applied.lines()
    assert subjects(holder, RIS_QUESTION) == ["ris-analyst"]


async def test_every_error_is_reported_not_just_the_first(
    holder: EngineHolder, broken_kb: Callable[[str], Path], kb: Path
) -> None:
    broken_kb("wrong-type")
    (kb / "certifications" / "cpas.yaml").write_text("id: cpas\nname: [unclosed\n")

    result = await reload(holder, kb)

    files = {d.path for d in result.errors}
    assert files == {ROLE, "kb/certifications/cpas.yaml"}, result.lines()


async def test_unexpected_exception_is_reported_as_a_diagnostic(
    holder: EngineHolder, kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = holder.engine

    def explode(directory: object, **options: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(reload_module, "check_knowledge", explode)
    result = await reload(holder, kb)

    assert not result.ok and holder.engine is old
    assert result.lines() == ["kb:1:1: unexpected error while loading: RuntimeError: boom"]


async def test_check_only_validates_without_swapping(
    holder: EngineHolder, broken_kb: Callable[[str], Path]
) -> None:
    old = holder.engine
    good = await check_only("kb")
    assert good.ok and not good.swapped
    assert good.summary == "1 roles, 1 certifications, 1 terms, 1 places, 1 resources, 1 sources"

    broken_kb("unknown-reference")
    bad = await check_only("kb")

    assert not bad.ok and not bad.swapped
    assert bad.lines()[0].startswith(BROKEN_EDITS["unknown-reference"])
    assert holder.engine is old


async def test_questions_in_flight_during_a_reload_are_answered(
    holder: EngineHolder, kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The load runs in a thread; the event loop keeps answering, from the old engine, then
    from the new one."""
    loading = threading.Event()

    def slow_check(directory: object, **options: Any) -> object:
        loading.set()
        time.sleep(0.3)  # a big knowledge base
        return check_knowledge(directory, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(reload_module, "check_knowledge", slow_check)
    (kb / "roles" / "ris-analyst.yaml").write_text(RIS_ROLE, encoding="utf-8")
    answered: list[tuple[bool, str, tuple[str, ...]]] = []
    done = asyncio.Event()

    async def ask_continuously() -> None:
        while not done.is_set():
            reply = holder.engine.answer(RIS_QUESTION)
            answered.append((loading.is_set(), reply.outcome, reply.subjects))
            await asyncio.sleep(0.005)

    asker = asyncio.create_task(ask_continuously())
    result = await reload(holder, kb)
    await asyncio.sleep(0.05)
    done.set()
    await asker

    assert result.ok
    during = [a for a in answered if a[0]]
    assert len(during) >= 10, "the event loop was blocked during the reload"
    assert all(outcome in ("answer", "clarify", "decline") for _, outcome, _ in answered)
    assert ("decline" in {o for _, o, _ in during}) and answered[-1][2] == ("ris-analyst",)


async def test_concurrent_reloads_run_one_at_a_time(
    holder: EngineHolder, kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    running, most = 0, 0
    guard = threading.Lock()

    def counting_check(directory: object, **options: Any) -> object:
        nonlocal running, most
        with guard:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with guard:
            running -= 1
        return check_knowledge(directory, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(reload_module, "check_knowledge", counting_check)
    found = await asyncio.gather(*(reload(holder, kb) for _ in range(4)))

    assert all(r.ok for r in found)
    assert most == 1


async def test_a_cancelled_caller_does_not_stop_the_swap(holder: EngineHolder, kb: Path) -> None:
    old = holder.engine
    (kb / "roles" / "ris-analyst.yaml").write_text(RIS_ROLE, encoding="utf-8")
    task = asyncio.create_task(reload(holder, kb))
    await asyncio.sleep(0)
    task.cancel()
    await wait_for(lambda: holder.engine is not old, timeout=2.0)
    assert subjects(holder, RIS_QUESTION) == ["ris-analyst"]


# ---- watcher ---------------------------------------------------------------------------------


def test_snapshot_sees_knowledge_files_only(kb: Path) -> None:
    before = snapshot(kb)
    assert before is not None
    assert {entry[0] for entry in before} >= {"sources.yaml", "roles/pacs-analyst.yaml"}
    (kb / "notes.txt").write_text("not knowledge")
    assert snapshot(kb) == before
    (kb / "roles" / "ris-analyst.yaml").write_text(RIS_ROLE)
    assert snapshot(kb) != before
    assert snapshot(kb / "missing") is None


async def test_a_correct_edit_goes_live_with_the_default_timing(
    holder: EngineHolder, kb: Path, results: list[ReloadResult]
) -> None:
    # how fast is measured by benchmarks/bench_reload.py; the wait here only guards a hang
    watcher = watcher_for(holder, kb, results)  # default timing
    watcher.start()
    try:
        await asyncio.sleep(0.1)
        old = holder.engine
        (kb / "roles" / "ris-analyst.yaml").write_text(RIS_ROLE, encoding="utf-8")
        await wait_for(lambda: holder.engine is not old, timeout=10.0)
        await wait_for(lambda: bool(results), timeout=1.0)  # reported right after the swap
    finally:
        await watcher.stop()

    assert subjects(holder, RIS_QUESTION) == ["ris-analyst"]
    assert [r.ok for r in results] == [True]


async def test_a_burst_of_saves_gives_one_reload(
    holder: EngineHolder, kb: Path, results: list[ReloadResult]
) -> None:
    """Ten writes in 0.3 s, the first nine a half-saved file: one reload, of the final file."""
    watcher = watcher_for(holder, kb, results, interval=0.05)  # polls often; default quiet time
    watcher.start()
    target = kb / "roles" / "ris-analyst.yaml"
    try:
        for i in range(1, 11):
            target.write_text(RIS_ROLE[: len(RIS_ROLE) * i // 10], encoding="utf-8")
            await asyncio.sleep(0.03)
        await wait_for(lambda: bool(results), timeout=3.0)
        await asyncio.sleep(0.6)  # long enough for a second reload, if there were one
    finally:
        await watcher.stop()

    assert len(results) == 1, [r.lines() for r in results]
    assert results[0].ok, results[0].lines()
    assert watcher.reloads == 1
    assert subjects(holder, RIS_QUESTION) == ["ris-analyst"]


async def test_a_broken_save_is_reported_and_the_old_engine_keeps_serving(
    holder: EngineHolder, kb: Path, results: list[ReloadResult], broken_kb: Callable[[str], Path]
) -> None:
    watcher = watcher_for(holder, kb, results, interval=0.05, quiet=0.1)
    watcher.start()
    old = holder.engine
    try:
        broken_kb("yaml-syntax")
        await wait_for(lambda: bool(results), timeout=3.0)
    finally:
        await watcher.stop()

    assert holder.engine is old
    (result,) = results
    assert not result.ok
    assert result.lines()[0].startswith(BROKEN_EDITS["yaml-syntax"])


async def test_the_folder_may_disappear_for_a_while(
    holder: EngineHolder, kb: Path, results: list[ReloadResult]
) -> None:
    watcher = watcher_for(holder, kb, results, interval=0.05, quiet=0.1)
    watcher.start()
    away = kb.with_name("kb-away")
    try:
        await asyncio.sleep(0.1)
        kb.rename(away)
        await asyncio.sleep(0.4)
        assert results == [] and watcher.running  # nothing reloaded while it is gone
        (away / "roles" / "ris-analyst.yaml").write_text(RIS_ROLE, encoding="utf-8")
        away.rename(kb)
        await wait_for(lambda: bool(results), timeout=3.0)
    finally:
        await watcher.stop()

    assert [r.ok for r in results] == [True]
    assert subjects(holder, RIS_QUESTION) == ["ris-analyst"]


async def test_reload_now_is_not_repeated_by_the_watcher(
    holder: EngineHolder, kb: Path, results: list[ReloadResult]
) -> None:
    watcher = watcher_for(holder, kb, results, interval=0.05, quiet=0.1)
    watcher.start()
    try:
        (kb / "roles" / "ris-analyst.yaml").write_text(RIS_ROLE, encoding="utf-8")
        result = await watcher.reload_now()
        await asyncio.sleep(0.4)
    finally:
        await watcher.stop()

    assert result.swapped
    assert results == [] and watcher.reloads == 0
    assert not watcher.running


async def test_a_failing_callback_does_not_stop_the_watcher(holder: EngineHolder, kb: Path) -> None:
    calls: list[ReloadResult] = []

    async def on_result(result: ReloadResult) -> None:
        calls.append(result)
        raise RuntimeError("mod-log channel is gone")

    watcher = KnowledgeWatcher(holder, kb, on_result, interval=0.05, quiet=0.1)
    watcher.start()
    try:
        (kb / "roles" / "ris-analyst.yaml").write_text(RIS_ROLE, encoding="utf-8")
        await wait_for(lambda: len(calls) == 1, timeout=3.0)
        (kb / "roles" / "ris-analyst.yaml").write_text(RIS_ROLE + "# edited\n", encoding="utf-8")
        await wait_for(lambda: len(calls) == 2, timeout=3.0)
        assert watcher.running
    finally:
        await watcher.stop()
