"""Shared fixtures: one engine over the shipped knowledge base for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
# The source every pacs-careers-2021 figure comes from (see tests/data/source/README.md).
ARTICLE = ROOT / "tests" / "data" / "source" / "pacs-careers-article.txt"


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine over the knowledge base the project ships."""
    return Engine.from_directory(KNOWLEDGE)
