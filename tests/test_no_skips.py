"""In CI nothing may skip: a skipped test fails the run there, and is a plain skip elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SKIPS = """
import pytest

def test_runs():
    pass

@pytest.mark.skip(reason="not today")
def test_marked():
    pass

@pytest.fixture
def article():
    pytest.skip("the article is missing")

def test_needs_the_article(article):
    pass
"""

MODULE_SKIP = """
import pytest

pytest.skip("nothing here runs", allow_module_level=True)

def test_never_runs():
    pass
"""


def run_pytest(folder: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    """Run pytest with the project's configuration on ``folder``, with or without ``CI`` set."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    command = [sys.executable, "-m", "pytest", "-q", "-c", str(ROOT / "pyproject.toml"), "-rA"]
    return subprocess.run(
        [*command, str(folder)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    (tmp_path / "test_skips.py").write_text(SKIPS, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("ci", [None, "false", "0"])
def test_outside_ci_skips_are_reported_as_skips(suite: Path, ci: str | None) -> None:
    (suite / "test_module_skip.py").write_text(MODULE_SKIP, encoding="utf-8")
    result = run_pytest(suite, ci)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 3 skipped" in result.stdout


@pytest.mark.parametrize("ci", ["true", "1"])
def test_in_ci_a_skipped_test_fails_and_says_why(suite: Path, ci: str) -> None:
    result = run_pytest(suite, ci)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("1 passed, 2 errors in")  # not "skipped"
    for reason in ("not today", "the article is missing"):
        assert f"skipped in CI, where nothing may skip: {reason}" in result.stdout


def test_in_ci_a_skipped_module_stops_the_run(suite: Path) -> None:
    (suite / "test_module_skip.py").write_text(MODULE_SKIP, encoding="utf-8")
    result = run_pytest(suite, "true")
    assert result.returncode != 0
    assert "skipped in CI, where nothing may skip: nothing here runs" in result.stdout
