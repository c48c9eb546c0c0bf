"""A ready engine kept in the user's cache folder, so ``pacsbot ask`` skips loading and indexing.

Reading the YAML files, checking them and building the indexes takes about 100 ms, a third of the
time ``pacsbot ask`` may take from process start; unpickling the finished engine takes about 8 ms.
A snapshot is saved only for a folder that passed every check, under the folder's fingerprint
(``bot.knowledge.checked.fingerprint``: every file's content and the bot's own code), so an edited
file or a new version of the bot never meets a snapshot of something else. A snapshot that cannot
be read is deleted and the folder is loaded as usual; a cache folder that cannot be written only
means every start loads the folder.

Snapshots are pickles. They are read only from the user's own cache folder, which only that user
can write to (the same trust as the user's own shell start-up files).
"""

from __future__ import annotations

import contextlib
import copyreg
import os
import pickle
import sys
import tempfile
import types
from pathlib import Path
from typing import Any, TypeVar

from bot.knowledge.checked import cache_folder, was_checked

T = TypeVar("T")

SNAPSHOTS_KEPT = 4  # one per knowledge folder or bot version in use, the oldest pruned first


def _mapping_proxy(mapping: dict[Any, Any]) -> types.MappingProxyType[Any, Any]:
    return types.MappingProxyType(mapping)


def _reduce_mapping_proxy(proxy: types.MappingProxyType[Any, Any]) -> tuple[Any, ...]:
    return _mapping_proxy, (dict(proxy),)


# The knowledge model exposes read-only mappings, which pickle cannot save by itself.
copyreg.pickle(types.MappingProxyType, _reduce_mapping_proxy)


def snapshot_folder() -> Path:
    """``$XDG_CACHE_HOME/pacsbot/engines``, beside the folder of checked stamps."""
    return cache_folder().parent / "engines"


def _path(stamp: str) -> Path:
    # The interpreter's version is part of the name: a pickle is only read by the same Python.
    return snapshot_folder() / f"{stamp}-py{sys.version_info[0]}{sys.version_info[1]}.pickle"


def load_snapshot(stamp: str | None, kind: type[T]) -> T | None:
    """The engine saved for this fingerprint, or None (never saved, unreadable or not ``kind``)."""
    if stamp is None or not was_checked(stamp):
        return None
    path = _path(stamp)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        engine = pickle.loads(data)
    except Exception:  # a truncated or foreign file: load the folder instead, and forget it
        engine = None
    if not isinstance(engine, kind):
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: pruned last
    return engine


def save_snapshot(stamp: str | None, engine: object) -> None:
    """Save an engine under its folder's fingerprint, quietly, and prune the oldest snapshots."""
    if stamp is None:
        return
    path = _path(stamp)
    with contextlib.suppress(OSError, pickle.PicklingError, RecursionError):
        path.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(engine, protocol=pickle.HIGHEST_PROTOCOL)
        # Written beside and renamed into place, so a reader never sees half a snapshot.
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        _prune(path.parent)


def _prune(folder: Path) -> None:
    snapshots = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in snapshots[SNAPSHOTS_KEPT:]:
        with contextlib.suppress(OSError):
            old.unlink()
