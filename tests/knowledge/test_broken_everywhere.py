"""Every broken knowledge folder is refused the same way wherever a folder is loaded.

``pacsbot kb check`` (tests/knowledge/test_kb_check.py), start-up (``Engine.from_directory``, so
``pacsbot run``, ``chat`` and ``ask``) and ``/kb reload`` (tests/knowledge/test_reload.py) must all
refuse each kind in tests/knowledge/broken_cases.py with the same ``path:line:col: message``
lines, and never with a traceback or a hang. A new broken kind is covered here by adding it there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.knowledge.diagnostics import KnowledgeError
from bot.knowledge.validate import check_knowledge
from tests.knowledge.broken_cases import (
    CASES,
    ERROR_KINDS,
    assert_the_expected_lines,
    expected_lines,
    make_broken,
)

ROOT = Path(__file__).resolve().parents[2]


def pacsbot(cwd: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run ``python -m bot ARGS`` in ``cwd`` with nothing on stdin; (exit code, stdout, stderr)."""
    base = {k: v for k, v in os.environ.items() if k not in ("KNOWLEDGE_DIR", "DISCORD_TOKEN")}
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        cwd=cwd,
        env={**base, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=60,  # a folder that makes pacsbot hang fails here instead of hanging the suite
        check=False,
    )
    return (
        done.returncode,
        done.stdout.decode(errors="replace"),
        done.stderr.decode(errors="replace"),
    )


def assert_lists_the_errors(kind: str, err: str) -> None:
    """stderr names every expected error on a line of its own, and shows no traceback."""
    assert "Traceback" not in err, err
    lines = err.splitlines()
    assert lines[0] == f"{len(expected_lines(kind))} error(s) in the knowledge base:", err
    assert lines[-1] == "Fix the files above (pacsbot kb check shows every problem).", err
    assert_the_expected_lines(kind, lines[1:-1])


@pytest.mark.parametrize("kind", ERROR_KINDS)
def test_start_up_refuses_exactly_what_kb_check_refuses(
    kind: str, broken_kb: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    kb = make_broken(kind, broken_kb)
    monkeypatch.chdir(kb.parent)
    checked = [str(d) for d in check_knowledge("kb").errors]

    with pytest.raises(KnowledgeError) as refused:
        Engine.from_directory("kb")

    assert [str(d) for d in refused.value.diagnostics if d.severity == "error"] == checked
    assert_the_expected_lines(kind, checked)


@pytest.mark.parametrize("kind", ERROR_KINDS)
def test_pacsbot_ask_on_a_broken_folder_prints_its_errors_and_exits_1(
    kind: str, broken_kb: Callable[[str], Path]
) -> None:
    kb = make_broken(kind, broken_kb)

    code, out, err = pacsbot(kb.parent, "ask", "--knowledge", "kb", "hi")

    assert (code, out) == (1, "")
    assert_lists_the_errors(kind, err)


@pytest.mark.parametrize("kind", ["fifo-file", "nan-figure", "deep-nesting", "embed-overflow"])
@pytest.mark.parametrize(
    ("command", "env"),
    [(["chat"], {}), (["run"], {"DISCORD_TOKEN": "not-a-real-token"})],
    ids=["chat", "run"],
)
def test_chat_and_run_refuse_a_broken_folder_the_same_way(
    kind: str, command: list[str], env: dict[str, str], broken_kb: Callable[[str], Path]
) -> None:
    """``run`` checks the knowledge before it connects to anything: the token is never used."""
    kb = make_broken(kind, broken_kb)

    code, out, err = pacsbot(kb.parent, *command, "--knowledge", "kb", env=env)

    assert code == 1, (out, err)
    assert_lists_the_errors(kind, err)


@pytest.mark.parametrize("kind", sorted(k for k, (_, code, _) in CASES.items() if not code))
def test_folders_that_only_warn_or_hold_other_files_start(
    kind: str, broken_kb: Callable[[str], Path]
) -> None:
    kb = make_broken(kind, broken_kb)
    assert Engine.from_directory(kb).answer("pacs analyst salary").outcome == "answer"
