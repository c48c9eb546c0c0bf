"""Knowledge folders for the loader and validator tests.

``tests/data/minimal_kb`` is the smallest valid knowledge base; ``tests/data/broken/<kind>`` holds
only the files that differ from it for one planted error (see its README.md).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def minimal_kb(tmp_path: Path) -> Path:
    """A writable copy of tests/data/minimal_kb, at tmp_path / "kb"."""
    return Path(shutil.copytree(DATA / "minimal_kb", tmp_path / "kb"))


@pytest.fixture
def broken_kb(minimal_kb: Path) -> Callable[[str], Path]:
    """Lay tests/data/broken/<kind> over the minimal copy (each README.md stays out)."""

    def make(kind: str) -> Path:
        source = DATA / "broken" / kind
        assert source.is_dir(), f"no such broken example: {source}"
        for path in sorted(source.rglob("*")):
            if path.is_file() and path.name != "README.md":
                destination = minimal_kb / path.relative_to(source)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, destination)
        return minimal_kb

    return make
