"""Every broken knowledge folder of tests/data/broken, and what ``pacsbot kb check`` must print.

Each case lays tests/data/broken/<kind> over a copy of tests/data/minimal_kb and, for breakage too
big, too dull or impossible to store (a named pipe, symbolic links), makes it in the copy at run
time. tests/knowledge/test_kb_check.py checks the exact output of ``kb check`` for each kind;
tests/knowledge/test_broken_everywhere.py holds start-up, ``pacsbot ask/chat/run`` and reloads to
the same errors.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge.yaml_reader import MAX_FILE_BYTES

BROKEN = Path(__file__).resolve().parent.parent / "data" / "broken"
ROLE = "roles/pacs-analyst.yaml"


@dataclass(frozen=True)
class Expected:
    """One line ``kb check`` must print: where (relative to the folder) and a message fragment."""

    path: str
    line: int
    column: int
    message: str


def oversize(kb: Path) -> None:
    role = kb / ROLE
    padding = "# padding so the file goes over the size limit\n"
    with role.open("a", encoding="utf-8") as handle:
        handle.write(padding * (MAX_FILE_BYTES // len(padding) + 1))


SKILL = "Skill {:02d}, " + "builds and tests imaging interfaces and workflows " * 9


def forty_long_skills(kb: Path) -> None:
    role = kb / ROLE
    skills = "".join(f"  - {SKILL.format(i)[:390].rstrip()}\n" for i in range(1, 41))
    text = role.read_text(encoding="utf-8")
    role.write_text(
        text.replace("skills:\n  - The HL7 and DICOM protocols\n", "skills:\n" + skills),
        encoding="utf-8",
    )


def delete_intents(kb: Path) -> None:
    """Delete a required file."""
    (kb / "intents.yaml").unlink()


FIFO_GRACE = 20.0  # seconds before a reader stuck on the pipe is let go (see make_fifo)


def make_fifo(kb: Path) -> None:
    """A named pipe where a role file would be: reading it would wait for a writer forever.

    So that a regression fails instead of hanging the suite, a watchdog thread then acts as the
    writer every half second for a while (after FIFO_GRACE seconds): a reader stuck in the pipe
    sees an empty file, which no case expects.
    """
    fifo = kb / "roles" / "pacs-manager.yaml"
    os.mkfifo(fifo)
    threading.Thread(target=_release_readers, args=(fifo,), daemon=True).start()


def _release_readers(fifo: Path) -> None:
    time.sleep(FIFO_GRACE)
    for _ in range(120):
        with contextlib.suppress(OSError):  # ENXIO: nobody is reading, as it should be
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        time.sleep(0.5)


def link_to_device(kb: Path) -> None:
    """A role file that is a link to /dev/zero, which never ends."""
    (kb / "roles" / "pacs-manager.yaml").symlink_to("/dev/zero")


def link_loop(kb: Path) -> None:
    """Two role files that are links to each other."""
    (kb / "roles" / "pacs-manager.yaml").symlink_to("pacs-director.yaml")
    (kb / "roles" / "pacs-director.yaml").symlink_to("pacs-manager.yaml")


def link_outside(kb: Path) -> None:
    """A role file that is a link to a (valid) role file outside the knowledge folder."""
    outside = kb.parent / "elsewhere.yaml"
    outside.write_text((kb / ROLE).read_text(encoding="utf-8"), encoding="utf-8")
    (kb / ROLE).unlink()
    (kb / ROLE).symlink_to(outside)


DEPTH = 800  # deeper than Python's recursion limit allows for a recursive reader


def deep_nesting(kb: Path) -> None:
    """A skill that is a list in a list in a list ... 800 deep."""
    role = kb / ROLE
    nested = "[" * DEPTH + "]" * DEPTH
    text = role.read_text(encoding="utf-8")
    role.write_text(text.replace("  - The HL7 and DICOM protocols\n", f"  - {nested}\n"), "utf-8")


def huge_number(kb: Path) -> None:
    """An amount of 5,000 digits (Python refuses to read more than 4,300)."""
    role = kb / ROLE
    text = role.read_text(encoding="utf-8")
    role.write_text(text.replace("amount: 85504", "amount: " + "9" * 5000), "utf-8")


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
                "roles/pacs-analyst.yml",
                2,
                5,
                "duplicate id 'pacs-analyst' (already used in kb/roles/pacs-analyst.yaml:2)",
            )
        ],
        1,
        None,
    ),
    "id-not-file-name": (
        [
            Expected(
                "roles/pacs-analyst-ii.yaml",
                2,
                5,
                "id 'pacs-analyst' does not match the file name pacs-analyst-ii.yaml; a role file "
                "is named after its id (pacs-analyst.yaml): rename the file or change the id",
            )
        ],
        1,
        None,
    ),
    "id-trailing-newline": (
        [
            Expected(
                ROLE,
                2,
                5,
                "id 'pacs-analyst\\n' must be lowercase words joined by hyphens, at most 32 "
                "characters",
            )
        ],
        1,
        None,
    ),
    "impossible-date": (
        [
            Expected(
                "sources.yaml",
                7,
                11,
                "'2021-13-45' is not a real date (month must be in 1..12); put it in quotes to "
                "keep it as text",
            )
        ],
        1,
        None,
    ),
    "not-a-bool": ([Expected(ROLE, 18, 19, "'maybe' is not true or false")], 1, None),
    "comma-number": (
        [Expected(ROLE, 16, 15, "'85,504' is not a whole number (write 119416, without commas)")],
        1,
        None,
    ),
    "huge-number": (
        [Expected(ROLE, 16, 15, "number is 5,000 characters long; no figure needs more than 30")],
        1,
        huge_number,
    ),
    "not-a-timestamp": (
        [Expected(ROLE, 16, 15, "'soon' is not a date (dates are written 2021-12-31)")],
        1,
        None,
    ),
    "deep-nesting": (
        [
            Expected(
                ROLE,
                10,
                23,
                "lists and mappings are nested more than 20 deep here; knowledge files need "
                "only a few levels",
            )
        ],
        1,
        deep_nesting,
    ),
    "nan-figure": (
        [Expected(ROLE, 17, 16, "'percent' must be a number, not .nan (not a number)")],
        1,
        None,
    ),
    "infinite-figure": (
        [Expected(ROLE, 17, 16, "'percent' must be a finite number, not infinity")],
        1,
        None,
    ),
    "uncharted-figures": (
        [
            Expected(
                ROLE,
                17,
                12,
                "salary figure: 'low' (183,259) must be below 'high' (73,334): the chart would "
                "draw the range backwards",
            ),
            Expected(ROLE, 23, 12, "salary figure: 'low' without 'high': a range needs both ends"),
            Expected(
                ROLE,
                27,
                15,
                "salary figure: a premium's 'amount' (80,000) must be above its "
                "'baseline_amount' (85,504)",
            ),
        ],
        1,
        None,
    ),
    "negative-figure": (
        [
            Expected(ROLE, 16, 15, "'amount' must not be negative (got -85504)"),
            Expected(ROLE, 17, 16, "'percent' must not be negative (got -5)"),
        ],
        1,
        None,
    ),
    "fifo-file": (
        [
            Expected(
                "roles/pacs-manager.yaml",
                1,
                1,
                "file is a named pipe, not a regular file; knowledge files must be plain files",
            )
        ],
        1,
        make_fifo,
    ),
    "link-to-device": (
        [
            Expected(
                "roles/pacs-manager.yaml",
                1,
                1,
                "file is a link to outside the knowledge folder; copy the file in instead",
            )
        ],
        1,
        link_to_device,
    ),
    "link-loop": (
        [
            Expected(
                f"roles/{name}.yaml",
                1,
                1,
                "cannot read file: it is a link that leads back to itself (a symlink loop)",
            )
            for name in ("pacs-director", "pacs-manager")
        ],
        1,
        link_loop,
    ),
    "link-outside": (
        [
            Expected(
                ROLE,
                1,
                1,
                "file is a link to outside the knowledge folder; copy the file in instead",
            )
        ],
        1,
        link_outside,
    ),
    "not-knowledge-files": ([], 0, None),
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
        oversize,
    ),
    "embed-overflow": (
        [
            # the role lists no duties, so its duties reply shows the skills instead
            Expected(
                ROLE,
                2,
                5,
                "the duties reply would not fit in a Discord embed: the whole reply is",
            ),
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
        forty_long_skills,
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
        delete_intents,
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


ERROR_KINDS = sorted(kind for kind, (_, code, _) in CASES.items() if code)


def make_broken(kind: str, lay_over: Callable[[str], Path]) -> Path:
    """The broken folder of ``kind``: ``lay_over`` is the ``broken_kb`` fixture."""
    kb = lay_over(kind)
    extra = CASES[kind][2]
    if extra is not None:
        extra(kb)
    return kb


def expected_lines(kind: str, folder: str = "kb") -> list[tuple[str, str]]:
    """(``path:line:col: `` prefix, message fragment) of each line kb check prints for ``kind``."""
    return [(f"{folder}/{e.path}:{e.line}:{e.column}: ", e.message) for e in CASES[kind][0]]


def assert_the_expected_lines(kind: str, lines: list[str], folder: str = "kb") -> None:
    """``lines`` are exactly the ``path:line:col: message`` lines kb check must print for kind."""
    expected = expected_lines(kind, folder)
    assert len(lines) == len(expected), lines
    for line, (prefix, message) in zip(lines, expected, strict=True):
        assert line.startswith(prefix) and message in line, (line, prefix, message)
