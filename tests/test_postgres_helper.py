"""The tests' throwaway PostgreSQL server never outlives the test run (tests/postgres.py)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DIES_WITHOUT_CLEANING_UP = """
import os, sys
from tests.postgres import PgServer
server = PgServer()
print(server.root, flush=True)
os._exit(1)  # as the hang guard's last resort does: no fixture, no atexit
"""


def test_a_run_that_dies_without_cleaning_up_leaves_no_server_behind() -> None:
    run = subprocess.run(
        [sys.executable, "-c", DIES_WITHOUT_CLEANING_UP],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    root = Path(run.stdout.strip())
    assert run.returncode == 1 and root.name.startswith("pacsbot-pg-"), run.stderr
    deadline = time.monotonic() + 30
    while root.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not root.exists(), f"{root} is still there"
    servers = subprocess.run(["pgrep", "-f", f"postgres -D {root}"], capture_output=True)
    assert servers.returncode == 1, servers.stdout  # pgrep found no process
