"""Reload the knowledge base without ever breaking the bot.

A reload loads, validates and indexes the folder in a worker thread, then swaps the new Engine in
as one attribute assignment. On any error the old engine keeps serving and the result lists every
problem as ``path:line:col: message``. :class:`KnowledgeWatcher` polls the folder and reloads once
the files have been quiet for a moment, so a burst of saves (or a half-saved file) gives one reload.

    holder = EngineHolder(Engine.from_directory("knowledge"))
    result = await reload(holder, "knowledge")      # /kb reload
    result = await check_only("knowledge")          # /kb check: validate, never swap
    watcher = KnowledgeWatcher(holder, "knowledge", on_result=post_to_mod_log)
    watcher.start()
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot import stopping
from bot.engine import Engine
from bot.knowledge.diagnostics import Diagnostic, HasDiagnostics
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.validate import check_knowledge
from bot.replies.compose import Composer

log = logging.getLogger(__name__)

KNOWLEDGE_SUFFIXES = (".yaml", ".yml")
_MIN_SLEEP = 0.02  # shortest poll while waiting for files to settle, and the timing tolerance

OnResult = Callable[["ReloadResult"], Awaitable[Any]]
# (relative path, mtime_ns, ctime_ns, size, inode) of every knowledge file; None: folder missing
Snapshot = frozenset[tuple[str, int, int, int, int]]


@dataclass(slots=True)
class EngineHolder:
    """Holds the current Engine; a reload replaces ``engine`` in one assignment.

    Handlers read ``holder.engine`` once per event, so one reply never mixes two knowledge bases,
    and a question that started on the old engine finishes on it.
    """

    engine: Engine
    reload_lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class ReloadResult(HasDiagnostics):
    """What a reload or a check found. ``ok`` is False when anything blocks loading."""

    ok: bool
    diagnostics: list[Diagnostic]
    summary: str
    swapped: bool = False
    directory: str = ""
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """Every diagnostic as ``path:line:col: message`` (warnings say ``warning:``)."""
        return [str(d) for d in self.diagnostics]


def summarise(knowledge: KnowledgeBase) -> str:
    """``"12 roles, 5 certifications, 30 terms, 20 places, 8 resources, 6 sources"``."""
    return (
        f"{len(knowledge.roles)} roles, {len(knowledge.certifications)} certifications, "
        f"{len(knowledge.terms)} terms, {len(knowledge.places)} places, "
        f"{len(knowledge.resources)} resources, {len(knowledge.sources)} sources"
    )


def _failure_summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{errors} error(s), {warnings} warning(s)"


def _display(directory: str | Path) -> str:
    """The folder as the loader names files: relative to the working directory when inside it."""
    try:
        return str(Path(directory).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(directory)


def _unexpected(directory: str | Path, exc: BaseException) -> Diagnostic:
    message = f"unexpected error while loading: {type(exc).__name__}: {exc}"
    return Diagnostic(_display(directory), 1, 1, message)


def _build(directory: str | Path, *, index: bool) -> tuple[Engine | None, ReloadResult]:
    """Validate (and, when ``index``, build an Engine for) a folder; runs in a worker thread."""
    started = time.perf_counter()
    built: list[Engine] = []  # the engine whose composer checks every reply

    def composer_of(knowledge: KnowledgeBase) -> Composer:
        built.append(Engine(knowledge))
        return built[-1].composer

    engine: Engine | None = None
    try:
        checked = check_knowledge(directory, composer_of=composer_of if index else None)
        diagnostics = list(checked.diagnostics)
        knowledge = checked.knowledge
        if knowledge is not None and index:
            engine = built[-1] if built else Engine(knowledge)
    except Exception as exc:  # a bug must not take the bot down; report it like bad content
        log.exception("unexpected error while loading the knowledge base from %s", directory)
        knowledge, engine = None, None
        diagnostics = [_unexpected(directory, exc)]
    ok = knowledge is not None
    result = ReloadResult(
        ok=ok,
        diagnostics=diagnostics,
        summary=summarise(knowledge) if knowledge is not None else _failure_summary(diagnostics),
        directory=str(directory),
        seconds=time.perf_counter() - started,
    )
    return engine, result


async def reload(holder: EngineHolder, directory: str | Path) -> ReloadResult:
    """Load, validate and index ``directory`` off the event loop; swap in the engine on success.

    Never raises for bad content: every problem, even an unexpected exception, is in the result
    and the old engine keeps serving. Concurrent reloads of one holder run one after another. If
    the caller is cancelled, the reload still finishes (and swaps) on its own.
    """
    return await asyncio.shield(_reload_locked(holder, directory))


async def _reload_locked(holder: EngineHolder, directory: str | Path) -> ReloadResult:
    async with holder.reload_lock:
        try:
            engine, result = await asyncio.to_thread(_build, directory, index=True)
        except Exception as exc:  # e.g. the default thread pool is shut down
            log.exception("reload of %s failed", directory)
            diagnostics = [_unexpected(directory, exc)]
            summary = _failure_summary(diagnostics)
            return ReloadResult(False, diagnostics, summary, directory=str(directory))
        if engine is None:
            log.warning(
                "knowledge reload from %s failed (%s); keeping the previous knowledge base",
                directory,
                result.summary,
            )
            return result
        holder.engine = engine
        log.info("knowledge reloaded from %s: %s", directory, result.summary)
        return ReloadResult(
            True, result.diagnostics, result.summary, True, result.directory, result.seconds
        )


async def check_only(directory: str | Path) -> ReloadResult:
    """Run every check on the folder as it is on disk, off the event loop; never swaps."""
    try:
        _, result = await asyncio.to_thread(_build, directory, index=False)
    except Exception as exc:
        log.exception("check of %s failed", directory)
        diagnostics = [_unexpected(directory, exc)]
        summary = _failure_summary(diagnostics)
        return ReloadResult(False, diagnostics, summary, directory=str(directory))
    return result


def snapshot(directory: str | Path) -> Snapshot | None:
    """Cheap fingerprint of the knowledge files (the folder and its sub-folders); None if gone.

    Only ``stat`` is called: a file's path, modification and change times, size and inode.
    """
    root = Path(directory)
    entries: set[tuple[str, int, int, int, int]] = set()
    try:
        top = list(os.scandir(root))
    except OSError:  # missing, replaced mid-way, or unreadable
        return None
    for entry in top:
        try:
            if entry.is_dir():
                with os.scandir(entry.path) as inner:
                    children = list(inner)
                prefix = entry.name + "/"
            else:
                children, prefix = [entry], ""
            for child in children:
                if not child.name.endswith(KNOWLEDGE_SUFFIXES) or not child.is_file():
                    continue
                stat = child.stat()
                entries.add(
                    (
                        prefix + child.name,
                        stat.st_mtime_ns,
                        stat.st_ctime_ns,
                        stat.st_size,
                        stat.st_ino,
                    )
                )
        except OSError:  # deleted between listing and stat: the next poll sees the new state
            continue
    return frozenset(entries)


class KnowledgeWatcher:
    """Polls a knowledge folder and reloads once its files have been quiet for ``quiet`` seconds.

    A change is noticed within ``interval`` seconds, so a correct edit is live after at most
    about ``interval + quiet`` seconds plus the load itself (well under two seconds). Every change
    seen while files are still being written restarts the quiet period, so a burst of saves or a
    file written in pieces gives one reload. While the folder is missing nothing is reloaded; when
    it is back, it is reloaded if it differs from what was last loaded.
    """

    def __init__(
        self,
        holder: EngineHolder,
        directory: str | Path,
        on_result: OnResult | None = None,
        *,
        interval: float = 0.5,
        quiet: float = 0.4,
    ) -> None:
        self.holder = holder
        self.directory = Path(directory)
        self.on_result = on_result
        self.interval = interval
        self.quiet = quiet
        self.reloads = 0
        self._task: asyncio.Task[None] | None = None
        self._applied: Snapshot | None = None
        self._missing_logged = False

    @property
    def running(self) -> bool:
        """True while the polling task is alive."""
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Take the current state of the folder as loaded and start polling (needs a loop)."""
        if self.running:
            return
        self._applied = snapshot(self.directory)
        self._task = asyncio.get_running_loop().create_task(
            self._run(), name=f"knowledge-watcher:{self.directory}"
        )

    async def stop(self) -> None:
        """Stop polling. A reload already running still finishes its swap (without callback)."""
        task, self._task = self._task, None
        await stopping.stop(task)

    async def reload_now(self) -> ReloadResult:
        """Reload at once, for ``/kb reload``, and return the result.

        ``on_result`` is not called (the caller reports this one), and the watcher does not
        reload the same files again afterwards.
        """
        seen = snapshot(self.directory)
        result = await reload(self.holder, self.directory)
        if seen is not None:
            self._applied = seen
        return result

    async def _run(self) -> None:
        seen = self._applied
        changed_at = time.monotonic()
        while True:
            delay = self.interval
            if seen is not None and seen != self._applied:  # waiting for the files to settle
                remaining = self.quiet - (time.monotonic() - changed_at)
                delay = min(self.interval, max(remaining, _MIN_SLEEP))
            await asyncio.sleep(delay)
            try:
                current = snapshot(self.directory)
                if current is None:
                    if not self._missing_logged:
                        log.warning("knowledge folder %s is missing; waiting", self.directory)
                        self._missing_logged = True
                    seen = None
                    continue
                self._missing_logged = False
                now = time.monotonic()
                if current != seen:
                    seen, changed_at = current, now
                    continue
                if current != self._applied and now - changed_at >= self.quiet - _MIN_SLEEP:
                    await self._reload(current)
            except asyncio.CancelledError:
                raise
            except Exception:  # never let the watcher die
                log.exception("knowledge watcher error")

    async def _reload(self, current: Snapshot) -> None:
        result = await reload(self.holder, self.directory)
        self._applied = current
        self.reloads += 1
        if self.on_result is not None:
            try:
                await self.on_result(result)
            except Exception:
                log.exception("knowledge reload callback failed")
