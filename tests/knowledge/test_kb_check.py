"""``pacsbot kb check``: one broken knowledge folder per error kind, each with its own message.

Every case copies tests/data/minimal_kb (valid), lays tests/data/broken/<kind> over it (or makes
the breakage here, for files too big or too dull to store), runs the real command in-process and
asserts the exact output: each expected ``path:line:col: message`` and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot import cli
from bot.engine import Engine
from bot.knowledge.validate import check_knowledge
from tests.conftest import KNOWLEDGE
from tests.knowledge.broken_cases import (
    BROKEN,
    CASES,
    ROLE,
    forty_long_skills,
    oversize,
)


def run_check(folder: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    """``pacsbot kb check FOLDER`` in-process: exit code, stdout lines, stderr."""
    code = cli.main(["kb", "check", folder])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_every_broken_example_has_a_case() -> None:
    folders = {p.name for p in BROKEN.iterdir() if p.is_dir()}
    assert folders == set(CASES)
    for folder in folders:
        assert (BROKEN / folder / "README.md").is_file(), f"{folder} needs a README.md"


def test_minimal_kb_is_clean(
    minimal_kb: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(minimal_kb.parent)
    code, lines, err = run_check("kb", capsys)
    assert (code, lines) == (0, [])
    assert err.startswith("OK: 1 roles, 1 certifications, 1 terms, 1 places, 1 resources")
    assert "0 warning(s)" in err


@pytest.mark.parametrize("kind", sorted(CASES))
def test_broken_folder_reports_its_error(
    kind: str,
    broken_kb: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    expected, exit_code, extra = CASES[kind]
    kb = broken_kb(kind)
    if extra is not None:
        extra(kb)
    monkeypatch.chdir(kb.parent)

    code, lines, err = run_check("kb", capsys)

    assert code == exit_code, (lines, err)
    assert len(lines) == len(expected), "\n".join(lines)
    for line, want in zip(lines, expected, strict=True):
        prefix = f"kb/{want.path}:{want.line}:{want.column}: "
        assert line.startswith(prefix), f"{line!r} should start with {prefix!r}"
        assert want.message in line, f"{line!r} should say {want.message!r}"
    if exit_code:
        assert err.startswith(f"{len(expected)} error(s), 0 warning(s) in kb"), err
    else:
        assert err.startswith("OK: ") and f"{len(expected)} warning(s)" in err, err
    assert "Traceback" not in err


def _allow(kb: Path, role_file: str, alias: str, near: str) -> None:
    """Add a ``close_aliases`` allowance to a role file (before its summary)."""
    path = kb / role_file
    allowance = f"close_aliases:\n  - alias: {alias}\n    near: {near}\n    why: Both are real.\n"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("summary:", allowance + "summary:", 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("role_file", "alias", "near"),
    [
        ("roles/pacs-analyst-ii.yaml", "pacs analyst 2", "pacs analyst"),
        (ROLE, "pacs analyst", "pacs analyst 2"),
    ],
    ids=["declared-by-the-new-role", "declared-by-the-other-role"],
)
def test_a_close_aliases_allowance_silences_exactly_its_pair(
    broken_kb: Callable[[str], Path], role_file: str, alias: str, near: str
) -> None:
    kb = broken_kb("similar-alias")
    _allow(kb, role_file, alias, near)
    assert check_knowledge(kb).diagnostics == []
    # A second alike pair of the same two roles is still reported.
    role = kb / "roles/pacs-analyst-ii.yaml"
    role.write_text(
        role.read_text(encoding="utf-8").replace(
            "  - pacs analyst 2\n", "  - pacs analyst 2\n  - pacs analisst\n"
        ),
        encoding="utf-8",
    )
    (warning,) = check_knowledge(kb).diagnostics
    assert "'pacs analisst' of 'pacs-analyst-ii'" in str(warning) and "alike" in str(warning)


def test_a_close_aliases_item_needs_a_reason(broken_kb: Callable[[str], Path]) -> None:
    kb = broken_kb("similar-alias")
    _allow(kb, "roles/pacs-analyst-ii.yaml", "pacs analyst 2", "pacs analyst")
    role = kb / "roles/pacs-analyst-ii.yaml"
    text = role.read_text(encoding="utf-8").replace("    why: Both are real.\n", "")
    role.write_text(text, encoding="utf-8")
    result = check_knowledge(kb)
    assert result.knowledge is None
    assert [d.message for d in result.errors] == ["close alias is missing required key 'why'"]


def test_the_shipped_knowledge_is_clean() -> None:
    """No error and no warning: CI runs ``kb check knowledge`` and nothing may fire there."""
    assert [str(d) for d in check_knowledge(KNOWLEDGE).diagnostics] == []


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("how much does a ris pacs analyst make", "ris-analyst"),
        ("how much does a jr pacs analyst make", "junior-pacs-analyst"),
    ],
)
def test_the_aliases_shipped_as_close_are_told_apart(
    engine: Engine, question: str, role: str
) -> None:
    """knowledge/roles/ris-analyst.yaml allows 'ris pacs analyst' ~ 'jr pacs analyst' because
    the matcher tells them apart; this holds it to that."""
    reply = engine.answer(question)
    assert (reply.outcome, reply.subjects) == ("answer", (role,))


def test_oversize_message_gives_the_size(
    broken_kb: Callable[[str], Path],
) -> None:
    kb = broken_kb("oversize-file")
    oversize(kb)
    size = (kb / ROLE).stat().st_size
    assert size > 256 * 1024
    (diagnostic,) = check_knowledge(kb).diagnostics
    assert diagnostic.message == (f"file is {size:,} bytes; the limit is 262,144 bytes per file")


def test_every_skill_fits_its_own_cap_yet_the_section_does_not(
    broken_kb: Callable[[str], Path],
) -> None:
    """The embed check is what catches this: no single value breaks its length cap."""
    kb = broken_kb("embed-overflow")
    forty_long_skills(kb)
    skills = [
        line for line in (kb / ROLE).read_text(encoding="utf-8").splitlines() if "Skill " in line
    ]
    assert len(skills) == 40
    assert all(380 <= len(s.removeprefix("  - ")) <= 400 for s in skills)
    result = check_knowledge(kb)
    assert result.knowledge is None
    assert all("would not fit in a Discord embed" in d.message for d in result.errors)


def test_billion_laughs_is_refused_without_expanding(broken_kb: Callable[[str], Path]) -> None:
    kb = broken_kb("anchor-alias")
    text = (kb / ROLE).read_text(encoding="utf-8")
    assert text.count("*") == 81  # nine levels of ten: 10**9 strings if expanded
    # Refused while scanning parser events, before any node is built: nothing is expanded.
    result = check_knowledge(kb)
    assert result.knowledge is None
    assert [d.message for d in result.errors] == [
        "YAML anchors and aliases (&name / *name) are not allowed; write the value out"
    ]


def test_a_typo_in_one_file_is_not_reported_again_where_the_entry_is_named(
    broken_kb: Callable[[str], Path],
) -> None:
    """cpas.yaml names pacs-analyst; a syntax error in pacs-analyst.yaml must not make the
    check also say "unknown role 'pacs-analyst'" there."""
    kb = broken_kb("yaml-syntax")
    messages = [str(d) for d in check_knowledge(kb).diagnostics]
    assert len(messages) == 1
    assert "no such id" not in messages[0]


def test_a_broken_table_file_does_not_cascade(minimal_kb: Path) -> None:
    glossary = minimal_kb / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "    colour: blue\n", "utf-8")
    (diagnostic,) = check_knowledge(minimal_kb).diagnostics
    assert diagnostic.path.endswith("glossary.yaml")
    assert diagnostic.message.startswith("unknown key 'colour' in term")


def test_diagnostics_come_sorted_by_file_and_line(
    broken_kb: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    kb = broken_kb("unknown-reference")
    broken_kb("missing-key")  # a second, independent problem in another file
    (kb / "places.yaml").write_text("places: 5\n", encoding="utf-8")
    code, lines, _ = run_check(str(kb), capsys)
    assert code == 1
    keys = []
    for line in lines:
        path, row, column, _ = line.split(":", 3)
        keys.append((path, int(row), int(column)))
    assert keys == sorted(keys)
    assert len({k[0] for k in keys}) >= 3
