"""Moderators' edits: which files may be named, uploads, reviews that check everything
``kb check`` checks without touching the folder, and atomic applies that notice a conflict."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from bot.knowledge.editing import (
    MAX_UPLOAD_BYTES,
    Conflict,
    EditError,
    apply_change,
    decode_upload,
    editable_files,
    resolve_target,
    review_change,
    target_for_upload,
)

ROLE = "roles/pacs-analyst.yaml"
NEW_ROLE = """id: pacs-manager
name: PACS Manager
aliases: [pacs manager]
summary: Runs the PACS team and oversees every analyst.
source: test-source
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under the folder with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_editable_files_are_the_ones_the_loader_reads(minimal_kb: Path) -> None:
    (minimal_kb / "notes.yaml").write_text("x: 1\n")
    (minimal_kb / "roles" / ".pacs-analyst.yaml.swp").write_text("x")
    (minimal_kb / "roles" / "README.md").write_text("x")
    assert editable_files(minimal_kb) == [
        "certifications/cpas.yaml",
        "glossary.yaml",
        "intents.yaml",
        "places.yaml",
        "resources.yaml",
        ROLE,
        "sources.yaml",
    ]


@pytest.mark.parametrize(
    "name",
    [
        "../glossary.yaml",
        "roles/../glossary.yaml",
        "/etc/passwd",
        "roles\\pacs-analyst.yaml",
        ".glossary.yaml",
        "roles/.hidden.yaml",
        "roles//pacs-analyst.yaml",
        "notes.yaml",
        "README.md",
        "roles/pacs-analyst.yml",
        "roles/pacs-analyst.txt",
        "roles/sub/pacs-analyst.yaml",
        "roles/Pacs Analyst.yaml",
        "places/city.yaml",
        "C:glossary.yaml",
        "",
    ],
)
def test_names_outside_the_knowledge_files_are_refused(minimal_kb: Path, name: str) -> None:
    with pytest.raises(EditError) as caught:
        resolve_target(minimal_kb, name)
    assert "\n" not in str(caught.value)


def test_links_leading_out_of_the_folder_are_refused(minimal_kb: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("id: secret\n")
    (minimal_kb / "roles" / "secret.yaml").symlink_to(outside)
    with pytest.raises(EditError, match="outside the knowledge folder"):
        resolve_target(minimal_kb, "roles/secret.yaml")
    shutil.rmtree(minimal_kb / "certifications")
    (minimal_kb / "certifications").symlink_to(tmp_path)
    with pytest.raises(EditError, match="outside the knowledge folder"):
        resolve_target(minimal_kb, "certifications/new-cert.yaml")


def test_existing_files_and_new_entry_files_are_allowed(minimal_kb: Path) -> None:
    assert resolve_target(minimal_kb, "glossary.yaml") == minimal_kb / "glossary.yaml"
    assert resolve_target(minimal_kb, ROLE) == minimal_kb / ROLE
    assert resolve_target(minimal_kb, "roles/pacs-manager.yaml") == (
        minimal_kb / "roles" / "pacs-manager.yaml"
    )


def test_an_upload_replaces_the_file_of_its_name_or_the_one_named(minimal_kb: Path) -> None:
    assert target_for_upload(minimal_kb, "pacs-analyst.yaml", None) == ROLE
    assert target_for_upload(minimal_kb, "glossary.yaml", None) == "glossary.yaml"
    assert target_for_upload(minimal_kb, "Glossary.yaml", None) == "glossary.yaml"
    assert target_for_upload(minimal_kb, "x.yaml", " roles/pacs-manager.yaml ") == (
        "roles/pacs-manager.yaml"
    )
    with pytest.raises(EditError, match=r"roles/<id>\.yaml"):
        target_for_upload(minimal_kb, "pacs-manager.yaml", None)
    with pytest.raises(EditError, match="not allowed"):
        target_for_upload(minimal_kb, "glossary.yaml", "../glossary.yaml")
    (minimal_kb / "certifications" / "pacs-analyst.yaml").write_text("id: pacs-analyst\n")
    with pytest.raises(EditError) as caught:
        target_for_upload(minimal_kb, "pacs-analyst.yaml", None)
    assert "certifications/pacs-analyst.yaml or roles/pacs-analyst.yaml" in str(caught.value)


def test_uploads_must_be_bounded_utf8_text() -> None:
    with pytest.raises(EditError, match="over 256 KiB"):
        decode_upload(b"a" * (MAX_UPLOAD_BYTES + 1))
    assert decode_upload(b"a" * MAX_UPLOAD_BYTES) == "a" * MAX_UPLOAD_BYTES
    with pytest.raises(EditError, match=r"not UTF-8 text \(byte 0xff at 3\)"):
        decode_upload(b"id:\xff")
    with pytest.raises(EditError, match="NUL"):
        decode_upload(b"id: x\x00\n")
    assert decode_upload(b"\xef\xbb\xbfid: x\r\nname: y\rz\n") == "id: x\nname: y\nz\n"


def test_a_broken_edit_is_reported_where_it_is_and_changes_nothing(minimal_kb: Path) -> None:
    before = snapshot(minimal_kb)
    text = (minimal_kb / ROLE).read_text()
    review = review_change(minimal_kb, ROLE, text.replace("amount: 85504", "amount: lots"))
    assert not review.ok
    assert review.summary is None
    assert any(e.startswith(f"{ROLE}:16:15: ") for e in review.errors), review.errors
    with pytest.raises(EditError, match="has errors"):
        apply_change(minimal_kb, review)
    assert snapshot(minimal_kb) == before


def test_an_error_elsewhere_caused_by_the_edit_is_reported_too(minimal_kb: Path) -> None:
    text = (minimal_kb / "sources.yaml").read_text()
    review = review_change(minimal_kb, "sources.yaml", text.replace("test-source", "renamed"))
    assert any(e.startswith(f"{ROLE}:") and "test-source" in e for e in review.errors)


def test_a_figure_edit_is_summarised(minimal_kb: Path) -> None:
    text = (minimal_kb / ROLE).read_text()
    review = review_change(minimal_kb, ROLE, text.replace("85504", "86000"))
    assert review.ok
    assert review.summary is not None
    assert review.summary.text() == (
        "pacs-analyst changed: 1 figure changed (average salary in the US: $85,504 -> $86,000)"
    )
    assert review.diff.startswith(f"--- a/{ROLE}\n+++ b/{ROLE}\n")
    assert "-      amount: 85504\n+      amount: 86000\n" in review.diff
    added = text.replace("skills:\n", "skills:\n  - Calm under pressure\n")
    summary = review_change(minimal_kb, ROLE, added).summary
    assert summary is not None
    assert summary.text() == "pacs-analyst changed: 1 fact added"


def test_a_comment_edit_changes_nothing_the_bot_says(minimal_kb: Path) -> None:
    text = (minimal_kb / ROLE).read_text()
    review = review_change(minimal_kb, ROLE, "# reviewed in May\n" + text)
    assert review.ok
    assert review.summary is not None
    assert review.summary.text() == "no change to what the bot says"
    same = review_change(minimal_kb, ROLE, text)
    assert not same.ok
    assert same.diff == ""


def test_apply_writes_the_file_and_refuses_a_stale_review(minimal_kb: Path) -> None:
    path = minimal_kb / ROLE
    os.chmod(path, 0o640)
    text = path.read_text()
    first = review_change(minimal_kb, ROLE, text.replace("85504", "86000"))
    second = review_change(minimal_kb, ROLE, text.replace("85504", "90000"))
    apply_change(minimal_kb, first)
    assert path.read_text() == first.new_text
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == ["pacs-analyst.yaml"]
    with pytest.raises(Conflict) as caught:
        apply_change(minimal_kb, second)
    assert caught.value.current == first.new_text
    assert path.read_text() == first.new_text


def test_a_new_file_can_be_added_and_undone(minimal_kb: Path) -> None:
    name = "roles/pacs-manager.yaml"
    added = review_change(minimal_kb, name, NEW_ROLE)
    assert added.ok, added.errors
    assert added.old_text is None
    assert added.summary is not None
    assert added.summary.entries_added == ("pacs-manager",)
    apply_change(minimal_kb, added)
    assert (minimal_kb / name).read_text() == NEW_ROLE
    undo = review_change(minimal_kb, name, added.old_text)
    assert undo.ok
    assert undo.summary is not None
    assert undo.summary.text().startswith("pacs-manager removed")
    apply_change(minimal_kb, undo)
    assert not (minimal_kb / name).exists()
    with pytest.raises(Conflict) as caught:
        apply_change(minimal_kb, undo)
    assert caught.value.current is None


def test_a_new_entry_folder_is_created_when_missing(minimal_kb: Path) -> None:
    cert = minimal_kb / "certifications" / "cpas.yaml"
    text = cert.read_text()
    shutil.rmtree(minimal_kb / "certifications")
    role = (minimal_kb / ROLE).read_text()
    (minimal_kb / ROLE).write_text(role.replace("certifications: [cpas]\n", ""))
    review = review_change(minimal_kb, "certifications/cpas.yaml", text)
    assert review.ok, review.errors
    apply_change(minimal_kb, review)
    assert (minimal_kb / "certifications" / "cpas.yaml").read_text() == text


def test_deleting_a_required_file_is_an_error(minimal_kb: Path) -> None:
    review = review_change(minimal_kb, "glossary.yaml", None)
    assert not review.ok
    assert any("glossary.yaml" in e and "missing" in e for e in review.errors)


def test_a_broken_folder_can_still_be_reviewed_and_fixed(minimal_kb: Path) -> None:
    glossary = minimal_kb / "glossary.yaml"
    good = glossary.read_text()
    glossary.write_text(good.replace("name: PARCA", "name: [PARCA]"))
    other = review_change(minimal_kb, ROLE, (minimal_kb / ROLE).read_text() + "# note\n")
    assert any(e.startswith("glossary.yaml:3:11: ") for e in other.errors), other.errors
    fix = review_change(minimal_kb, "glossary.yaml", good)
    assert fix.ok
    assert fix.summary is not None
    assert "loads again" in fix.summary.text()
