"""The repository stands on its own: no tracked file points at files outside it, and what the
tests need from elsewhere (Discord's OpenAPI spec, the source article) is vendored inside."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.conftest import ARTICLE, ROOT

# Written in pieces so that this file does not match itself.
OUTSIDE = re.compile(
    "|".join(
        [
            re.escape("../" + "shared"),  # the team's folder beside the repository
            r"\.parent\s*/\s*['\"]" + "shared",  # the same, built with pathlib
            re.escape("DESIGN" + ".md"),  # design notes that live outside the repository
            "/" + "work/",  # a machine-specific absolute path
        ]
    )
)
NOT_TRACKED = {".git", ".venv", "__pycache__", "build", "dist"}


def tracked_files() -> list[Path]:
    """The files git tracks; outside a git checkout (an unpacked archive), every project file."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False, timeout=60
    )
    if listed.returncode == 0 and listed.stdout:
        return [ROOT / name for name in listed.stdout.decode().split("\0") if name]
    return [
        path
        for path in ROOT.rglob("*")
        if path.is_file()
        and not NOT_TRACKED.intersection(path.relative_to(ROOT).parts)
        and not path.relative_to(ROOT).parts[0].endswith(".egg-info")
    ]


def test_no_tracked_file_points_outside_the_repository() -> None:
    files = tracked_files()
    assert ROOT / "pyproject.toml" in files and ROOT / "docs" / "architecture.md" in files
    found = []
    for path in files:
        if not path.is_file():  # deleted in the working tree, not yet committed
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert not found, "\n".join(found)


def test_the_pattern_catches_what_it_is_for() -> None:
    assert OUTSIDE.search("the shared fixtures, see docs/architecture.md") is None
    for line in (
        "see " + "../" + "shared/source/article.txt",
        'ARTICLE = ROOT.parent / "' + 'shared" / "source"',
        "(" + "DESIGN" + ".md section 2)",
        "cd /" + "work/wt-docs",
    ):
        assert OUTSIDE.search(line), line


def test_what_the_tests_read_is_inside_the_repository() -> None:
    spec = ROOT / "tests" / "e2e" / "discord-api-spec"
    for path in (ARTICLE, spec / "openapi.json", spec / "LICENSE", spec / "README.md"):
        assert path.is_file(), path
        assert path.resolve().is_relative_to(ROOT.resolve()), path
