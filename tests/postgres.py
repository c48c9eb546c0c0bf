"""A throwaway PostgreSQL server for the tests: ``initdb`` and ``pg_ctl`` in a temporary folder,
listening only on a Unix socket in that folder, stopped and deleted afterwards — also when the test
run dies without cleaning up (killed, or ended by the hang guard): a small watcher process stops
the server and deletes the folder once the run's process is gone, so no server outlives a run.

The server binaries are found on PATH, through ``pg_config --bindir`` or in
/usr/lib/postgresql/*/bin. PostgreSQL refuses to run as root, so as root the server runs as the
``postgres`` user (``runuser``). A machine without PostgreSQL fails the tests that need it.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

PORT = 5432  # only names the socket file: the server listens on no TCP port


def server_bindir() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl``; RuntimeError when there is none."""
    candidates: list[Path] = []
    found = shutil.which("initdb")
    if found:
        candidates.append(Path(found).resolve().parent)
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, check=True, text=True)
        candidates.append(Path(out.stdout.strip()))
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise RuntimeError(
        "PostgreSQL server binaries (initdb, pg_ctl) not found: install the postgresql package"
    )


class PgServer:
    """One running throwaway server; ``database()`` makes a fresh empty database on it."""

    def __init__(self) -> None:
        self.bindir = server_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="pacsbot-pg-"))
        self.data = self.root / "data"
        self._as: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            self._as = ["runuser", "-u", "postgres", "--"]
        self._names = itertools.count(1)
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync",
            "-E", "UTF8", "--locale=C",
        )  # fmt: skip
        self.start()
        self._reaper = self._watch_owner()

    def _watch_owner(self) -> subprocess.Popen[bytes]:
        """A process that, once this one is gone, stops the server and deletes its folder."""
        stop = [*self._as, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate"]
        script = (
            'owner="$1"; root="$2"; shift 2; '
            'while kill -0 "$owner" 2>/dev/null; do sleep 0.5; done; '
            '"$@" stop >/dev/null 2>&1; rm -rf "$root"'
        )
        return subprocess.Popen(
            ["sh", "-c", script, "reaper", str(os.getpid()), str(self.root), *stop],
            start_new_session=True,  # not in the run's process group: a ^C there spares it
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run(
            [*self._as, str(self.bindir / tool), *args], capture_output=True, text=True
        )
        if done.returncode:
            raise RuntimeError(f"{tool} failed: {done.stdout}{done.stderr}")

    def start(self) -> None:
        """Start (or restart) the server and wait until it accepts connections."""
        options = (
            f"-k {self.root} -p {PORT} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        log = str(self.root / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: its clients lose their connections. ``fast`` keeps every commit
        (``immediate`` may lose the last ones, as synchronous_commit is off)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        """A connection URL for one database on this server."""
        return f"postgresql://postgres@/{database}?host={self.root}&port={PORT}"

    def database(self) -> str:
        """A new, empty database; its URL."""
        name = f"test_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
        return self.url(name)

    def close(self) -> None:
        """Stop the server and delete its folder (and the watcher, no longer needed)."""
        self._reaper.kill()
        self._reaper.wait()
        with contextlib.suppress(RuntimeError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)
