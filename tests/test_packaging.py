"""The wheel carries the whole package, the knowledge and the licence, and answers once unpacked.

The wheel is built once, offline (``--no-build-isolation`` with the setuptools of the test
environment). Unpacking it on ``PYTHONPATH`` stands in for an installed copy; ``.ci/run`` also
installs it into a fresh virtual environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PYPROJECT["project"]["version"]
NOT_SOURCE = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pacsbot", ".env")


def test_every_package_under_bot_is_listed_for_the_wheel() -> None:
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts) for init in ROOT.glob("bot/**/__init__.py")
    }
    missing = sorted(on_disk - listed)
    assert not missing, f"add {missing} to [tool.setuptools] packages in pyproject.toml"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from the working tree."""
    # A copy, so that no stale build/ folder of the checkout slips into the wheel.
    source = tmp_path_factory.mktemp("source") / "pacsbot"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    out = tmp_path_factory.mktemp("wheel")
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    done = subprocess.run(
        [*pip_wheel, "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "SetuptoolsDeprecationWarning" not in done.stderr, done.stderr
    (built,) = out.glob("pacsbot-*.whl")
    return built


def test_wheel_holds_the_code_the_knowledge_and_the_licence(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    code = {
        path.relative_to(ROOT).as_posix()
        for path in ROOT.glob("bot/**/*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    knowledge = {
        "bot/shipped_knowledge/" + path.relative_to(ROOT / "knowledge").as_posix()
        for path in (ROOT / "knowledge").rglob("*")
        if path.is_file()
    }
    assert "bot/shipped_knowledge/roles/pacs-administrator.yaml" in knowledge
    assert code - names == set()
    assert {name for name in names if name.startswith("bot/shipped_knowledge/")} == knowledge
    dist_info = f"pacsbot-{VERSION}.dist-info"
    assert f"{dist_info}/licenses/LICENSE" in names
    metadata = zipfile.ZipFile(wheel).read(f"{dist_info}/METADATA").decode("utf-8")
    assert "License-Expression: MIT" in metadata.splitlines()


def test_unpacked_wheel_answers_from_its_own_knowledge(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "KNOWLEDGE_DIR"}
    env["PYTHONPATH"] = str(site)  # ahead of the editable install of the checkout

    def pacsbot(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            capture_output=True,
            text=True,
            cwd=elsewhere,
            env=env,
            timeout=60,
            check=False,
        )

    version = pacsbot("--version")
    assert (version.returncode, version.stdout) == (0, f"pacsbot {VERSION}\n")
    answer = pacsbot("ask", "how much does a pacs admin make")
    assert answer.returncode == 0, answer.stderr
    assert "$85,504" in answer.stdout
    check = pacsbot("kb", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    shipped = site / "bot" / "shipped_knowledge"
    assert check.stderr.startswith("OK: 12 roles"), check.stdout + check.stderr
    assert check.stderr.rstrip().endswith(f" in {shipped}"), check.stderr
