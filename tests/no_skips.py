"""A pytest plugin: when the ``CI`` environment variable is set, a skipped test is a failed test.

A skip usually hides a missing file or an unmet condition, and the suite is CI's gate: it must
not pass by not running. Outside CI, skips are reported as usual. ``pyproject.toml`` loads this
plugin for every run (``-p tests.no_skips`` in ``addopts``); ``.ci/run`` sets ``CI``.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from typing import Any

import pytest

_FALSE = {"", "0", "false", "no", "off"}


def in_ci() -> bool:
    """True when the ``CI`` environment variable is set to anything but a false-like value."""
    return os.environ.get("CI", "").strip().lower() not in _FALSE


def _fail_skip(report: pytest.TestReport | pytest.CollectReport) -> None:
    if not report.skipped or hasattr(report, "wasxfail") or not in_ci():
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    reason = reason.removeprefix("Skipped: ")
    report.outcome = "failed"
    report.longrepr = f"skipped in CI, where nothing may skip: {reason}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[Any]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Turn a test's skip (marker, skipif, or ``pytest.skip`` in it or a fixture) into a failure."""
    report = yield
    _fail_skip(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    """Turn a whole module's skip (``pytest.skip(..., allow_module_level=True)``) into a failure."""
    report = yield
    _fail_skip(report)
    return report
