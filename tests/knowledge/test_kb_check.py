"""``pacsbot kb check``: one broken knowledge folder per error kind, each with its own message.

Every case copies tests/data/minimal_kb (valid), lays tests/data/broken/<kind> over it (or makes
the breakage here, for files too big or too dull to store), runs the real command in-process and
asserts the exact output: each expected ``path:line:col: message`` and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot import cli
from bot.engine import Engine
from bot.knowledge.validate import check_knowledge
from bot.knowledge.yaml_reader import MAX_FILE_BYTES
from tests.conftest import KNOWLEDGE

BROKEN = Path(__file__).resolve().parent.parent / "data" / "broken"
ROLE = "roles/pacs-analyst.yaml"


@dataclass(frozen=True)
class Expected:
    """One line ``kb check`` must print: where (relative to the folder) and a message fragment."""

    path: str
    line: int
    column: int
    message: str


def _oversize(kb: Path) -> None:
    role = kb / ROLE
    padding = "# padding so the file goes over the size limit\n"
    with role.open("a", encoding="utf-8") as handle:
        handle.write(padding * (MAX_FILE_BYTES // len(padding) + 1))


SKILL = "Skill {:02d}, " + "builds and tests imaging interfaces and workflows " * 9


def _forty_long_skills(kb: Path) -> None:
    role = kb / ROLE
    skills = "".join(f"  - {SKILL.format(i)[:390].rstrip()}\n" for i in range(1, 41))
    text = role.read_text(encoding="utf-8")
    role.write_text(
        text.replace("skills:\n  - The HL7 and DICOM protocols\n", "skills:\n" + skills),
        encoding="utf-8",
    )


def _delete_intents(kb: Path) -> None:
    (kb / "intents.yaml").unlink()


# kind -> (what kb check must print, exit code, extra breakage made by the test)
CASES: dict[str, tuple[list[Expected], int, Callable[[Path], None] | None]] = {
    "yaml-syntax": (
        [Expected(ROLE, 7, 32, "YAML syntax error: mapping values are not allowed")],
        1,
        None,
    ),
    "unknown-key": (
        [Expected(ROLE, 12, 1, "unknown key 'salery' in role (allowed: id, name, ")],
        1,
        None,
    ),
    "missing-key": (
        [
            Expected(
                "certifications/cpas.yaml", 1, 1, "certification is missing required key 'summary'"
            )
        ],
        1,
        None,
    ),
    "wrong-type": (
        [Expected(ROLE, 16, 15, "'amount' must be a whole number, not text")],
        1,
        None,
    ),
    "duplicate-id": (
        [
            Expected(
                ROLE,
                2,
                5,
                "duplicate id 'pacs-analyst' (already used in kb/roles/pacs-analyst-ii.yaml:2)",
            )
        ],
        1,
        None,
    ),
    "duplicate-alias": (
        [
            Expected(
                ROLE,
                6,
                5,
                "alias 'pacs analist' of 'pacs-analyst' is already an alias of 'cpas' "
                "(kb/certifications/cpas.yaml:8); each alias may name one entry",
            )
        ],
        1,
        None,
    ),
    "unknown-reference": (
        [Expected(ROLE, 11, 24, "unknown certification 'cpsm': no such id")],
        1,
        None,
    ),
    "figure-without-source": (
        [Expected(ROLE, 14, 7, "salary figure is missing required key 'source'")],
        1,
        None,
    ),
    "anchor-alias": (
        [Expected(ROLE, 4, 4, "YAML anchors and aliases (&name / *name) are not allowed")],
        1,
        None,
    ),
    "oversize-file": (
        [Expected(ROLE, 1, 1, "bytes; the limit is 262,144 bytes per file")],
        1,
        _oversize,
    ),
    "embed-overflow": (
        [
            Expected(
                ROLE,
                2,
                5,
                "the qualifications reply would not fit in a Discord embed: section 'Skills' is 15",
            ),
            Expected(
                ROLE,
                2,
                5,
                "the qualifications reply would not fit in a Discord embed: the whole reply is",
            ),
            Expected(
                ROLE,
                2,
                5,
                "the role reply would not fit in a Discord embed: section 'Key skills' is",
            ),
        ],
        1,
        _forty_long_skills,
    ),
    "duplicate-key": (
        [Expected(ROLE, 9, 1, "duplicate key 'summary' in the same mapping")],
        1,
        None,
    ),
    "empty-file": ([Expected("roles/pacs-manager.yaml", 1, 1, "file is empty")], 1, None),
    "not-utf8": (
        [
            Expected(
                "roles/pacs-manager.yaml",
                3,
                28,
                "file is not valid UTF-8 text (invalid continuation byte)",
            )
        ],
        1,
        None,
    ),
    "missing-file": (
        [Expected("intents.yaml", 1, 1, "required file intents.yaml is missing")],
        1,
        _delete_intents,
    ),
    "similar-alias": (
        [
            Expected(
                ROLE,
                2,
                5,
                "warning: alias 'pacs analyst' of 'pacs-analyst' and 'pacs analyst 2' of "
                "'pacs-analyst-ii' are 92% alike; questions could be confused",
            )
        ],
        0,
        None,
    ),
    "close-alias-stale": (
        [
            Expected(
                "roles/pacs-analyst-ii.yaml",
                6,
                5,
                "warning: close_aliases: 'pacs analyst 2' is not an alias of 'pacs-analyst-ii'",
            ),
            Expected(
                "roles/pacs-analyst-ii.yaml",
                9,
                5,
                "warning: close_aliases: 'pacs analist x' is not an alias of another entry",
            ),
            Expected(
                "roles/pacs-analyst-ii.yaml",
                12,
                5,
                "warning: close_aliases: 'pacs analyst ii' and 'certified pacs associate' of "
                "'cpas' are not alike enough to be confused, so this allowance is not needed",
            ),
        ],
        0,
        None,
    ),
}


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
    _oversize(kb)
    size = (kb / ROLE).stat().st_size
    assert size > 256 * 1024
    (diagnostic,) = check_knowledge(kb).diagnostics
    assert diagnostic.message == (f"file is {size:,} bytes; the limit is 262,144 bytes per file")


def test_every_skill_fits_its_own_cap_yet_the_section_does_not(
    broken_kb: Callable[[str], Path],
) -> None:
    """The embed check is what catches this: no single value breaks its length cap."""
    kb = broken_kb("embed-overflow")
    _forty_long_skills(kb)
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
