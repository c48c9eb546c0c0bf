"""Review a change to one knowledge file before it is applied, and apply a reviewed change.

A review runs exactly the checks of ``pacsbot kb check`` on a temporary copy of the folder with
the change made (the folder itself is never touched), and says in one line what the bot would
say differently: entries added, changed or removed, facts added or removed, salary figures.
"""

from __future__ import annotations

import difflib
import os
import shutil
import stat
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.knowledge.diagnostics import Diagnostic
from bot.knowledge.edit_files import (
    Conflict,
    EditError,
    read_current,
    resolve_target,
    write_atomically,
)
from bot.knowledge.facts import derive_facts
from bot.knowledge.loader import ENTRY_FOLDERS, knowledge_files, load_knowledge
from bot.knowledge.model import Figure, KnowledgeBase
from bot.knowledge.validate import check_knowledge
from bot.replies.figures import figure_value

_SHOWN = 3  # items named in a summary line before "…"
_apply_lock = threading.Lock()


@dataclass(frozen=True)
class ChangeSummary:
    """What the bot would say differently after a change."""

    entries_added: tuple[str, ...]
    entries_changed: tuple[str, ...]
    entries_removed: tuple[str, ...]
    facts_added: int
    facts_removed: int
    figures_added: tuple[str, ...]
    figures_changed: tuple[str, ...]
    figures_removed: tuple[str, ...]
    # the folder did not load before the change, so nothing could be compared
    was_broken: bool = False

    def text(self) -> str:
        """One short line: "pacs-analyst changed: 1 figure changed (...), 1 fact added"."""
        if self.was_broken:
            return f"the knowledge loads again ({self.facts_added} facts); it had errors before"
        heads = [
            f"{_names(ids)} {what}"
            for ids, what in (
                (self.entries_added, "added"),
                (self.entries_changed, "changed"),
                (self.entries_removed, "removed"),
            )
            if ids
        ]
        details = [
            f"{_count(len(items), 'figure')} {what} ({_names(items, '; ')})"
            for items, what in (
                (self.figures_changed, "changed"),
                (self.figures_added, "added"),
                (self.figures_removed, "removed"),
            )
            if items
        ]
        details += [
            f"{_count(n, 'fact')} {what}"
            for n, what in ((self.facts_added, "added"), (self.facts_removed, "removed"))
            if n
        ]
        if not heads and not details:
            return "no change to what the bot says"
        return ", ".join(heads or ["the knowledge changed"]) + (
            ": " + ", ".join(details) if details else ""
        )


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _names(items: tuple[str, ...], sep: str = ", ") -> str:
    more = f"{sep}… {len(items) - _SHOWN} more" if len(items) > _SHOWN else ""
    return sep.join(items[:_SHOWN]) + more


@dataclass(frozen=True)
class Review:
    """A checked change to one file, ready for a moderator to confirm and ``apply_change``."""

    path: str  # relative posix path
    old_text: str | None  # the file when reviewed (None: a new file)
    new_text: str | None  # None: the change deletes the file
    errors: tuple[str, ...]  # "roles/x.yaml:16:15: message", paths relative to the folder
    warnings: tuple[str, ...]
    summary: ChangeSummary | None  # None when there are errors
    diff: str  # unified diff, "" when the text is the same
    # the knowledge base as it would be after the change (None when there are errors), so a
    # caller can answer from it without loading the folder again
    knowledge: KnowledgeBase | None = field(default=None, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        """True when the change passes every check and changes the text."""
        return not self.errors and self.old_text != self.new_text


def review_change(folder: Path, path: str, new_text: str | None) -> Review:
    """Check the whole knowledge base as it would be with ``path`` set to ``new_text`` (None:
    deleted), as ``kb check`` does, and summarise the change; ``folder`` is not touched."""
    target = resolve_target(folder, path)
    old_text = read_current(target, path)
    with tempfile.TemporaryDirectory(prefix="pacsbot-review-") as scratch:
        copy = Path(scratch) / "knowledge"
        _copy_knowledge(folder, copy)
        changed = copy / path
        if os.path.lexists(changed):
            changed.unlink()  # a link is replaced, never written through
        if new_text is not None:
            changed.parent.mkdir(parents=True, exist_ok=True)
            changed.write_bytes(new_text.encode("utf-8"))
        result = check_knowledge(copy)
        shown = [str(_relative(d, copy)) for d in result.diagnostics]
    errors = tuple(
        s for s, d in zip(shown, result.diagnostics, strict=True) if d.severity == "error"
    )
    warnings = tuple(
        s for s, d in zip(shown, result.diagnostics, strict=True) if d.severity != "error"
    )
    summary = None
    if result.knowledge is not None and not errors:
        summary = summarise(load_knowledge(folder).knowledge, result.knowledge)
    diff = "".join(
        difflib.unified_diff(
            (old_text or "").splitlines(keepends=True),
            (new_text or "").splitlines(keepends=True),
            f"a/{path}",
            f"b/{path}",
        )
    )
    after = result.knowledge if not errors else None
    return Review(path, old_text, new_text, errors, warnings, summary, diff, after)


def apply_change(folder: Path, review: Review) -> None:
    """Write a reviewed change; Conflict when the file changed since the review."""
    if review.errors:
        raise EditError(f"not applied: {review.path} has errors ({review.errors[0]})")
    if review.old_text == review.new_text:
        raise EditError(f"not applied: {review.path} would not change")
    target = resolve_target(folder, review.path)
    with _apply_lock:
        current = read_current(target, review.path)
        if current != review.old_text:
            raise Conflict(
                f"{review.path} changed since this review was made; review the change again",
                current,
            )
        write_atomically(target, review.new_text)


def _copy_knowledge(folder: Path, copy: Path) -> None:
    """The files the loader looks at, so that it finds what it would find in ``folder``: a link
    inside the folder is copied as what it points to, a link out stays a link out (an error)."""
    root = os.path.realpath(folder)
    copy.mkdir()
    for sub in ("", *ENTRY_FOLDERS):
        source, destination = folder / sub, copy / sub
        if sub and os.path.lexists(source):
            if not _inside(source, root):
                os.symlink(os.path.realpath(source), destination)
                continue
            destination.mkdir()
        for path in knowledge_files(source):
            _copy_file(path, destination / path.name, root)


def _copy_file(path: Path, destination: Path, root: str) -> None:
    if os.path.islink(path) and (not os.path.exists(path) or not _inside(path, root)):
        os.symlink(os.path.realpath(path), destination)
        return
    mode = os.stat(path).st_mode
    if stat.S_ISREG(mode):
        shutil.copyfile(path, destination)
    elif stat.S_ISFIFO(mode):
        os.mkfifo(destination)  # reported as a named pipe, as in the folder itself
    elif stat.S_ISDIR(mode):
        destination.mkdir()  # reported as a folder


def _inside(path: Path, root: str) -> bool:
    return os.path.commonpath([os.path.realpath(path), root]) == root


def _relative(diagnostic: Diagnostic, copy: Path) -> Diagnostic:
    """The diagnostic with its path relative to the knowledge folder (as the moderator sees it)."""
    try:
        relative = Path(os.path.abspath(diagnostic.path)).relative_to(copy.resolve())
    except ValueError:
        try:
            relative = Path(os.path.abspath(diagnostic.path)).relative_to(os.path.abspath(copy))
        except ValueError:
            return diagnostic
    return replace(diagnostic, path=relative.as_posix())


def summarise(old: KnowledgeBase | None, new: KnowledgeBase) -> ChangeSummary:
    """What changes between two loaded knowledge bases (``old`` None: it did not load)."""
    new_facts = _fact_texts(new)
    if old is None:
        return ChangeSummary((), (), (), sum(new_facts.values()), 0, (), (), (), was_broken=True)
    old_entries, new_entries = _entries(old), _entries(new)
    old_facts = _fact_texts(old)
    added, changed, removed = [], [], []
    for role_id in dict.fromkeys([*old.roles, *new.roles]):
        before, after = old.roles.get(role_id), new.roles.get(role_id)
        a, c, r = _figure_changes(
            old, before.salary if before else (), new, after.salary if after else ()
        )
        added += a
        changed += c
        removed += r
    return ChangeSummary(
        entries_added=tuple(i for i in new_entries if i not in old_entries),
        entries_changed=tuple(
            i for i in new_entries if i in old_entries and old_entries[i] != new_entries[i]
        ),
        entries_removed=tuple(i for i in old_entries if i not in new_entries),
        facts_added=sum((new_facts - old_facts).values()),
        facts_removed=sum((old_facts - new_facts).values()),
        figures_added=tuple(added),
        figures_changed=tuple(changed),
        figures_removed=tuple(removed),
    )


def _fact_texts(knowledge: KnowledgeBase) -> Counter[str]:
    """The statements of the knowledge base; salary figures are counted as figures instead."""
    return Counter(f.text for f in derive_facts(knowledge) if f.field != "salary")


def _entries(knowledge: KnowledgeBase) -> dict[str, object]:
    """Every entry by id, including sources and intents (ids are unique across all of them)."""
    found: dict[str, object] = {e.id: e for e in knowledge.entities()}
    found.update(knowledge.sources)
    found.update(knowledge.intents)
    found["word lists"] = (knowledge.synonyms, knowledge.domain_words)
    return found


def _figure_changes(
    old_kb: KnowledgeBase,
    old: tuple[Figure, ...],
    new_kb: KnowledgeBase,
    new: tuple[Figure, ...],
) -> tuple[list[str], list[str], list[str]]:
    """Figures added, changed and removed, paired by what they measure where."""

    def key(figure: Figure) -> tuple[str, str, str | None]:
        return (figure.kind, figure.measures, figure.place)

    remaining = list(old)
    added, changed = [], []
    for figure in new:
        if figure in remaining:
            remaining.remove(figure)
            continue
        before = next((f for f in remaining if key(f) == key(figure)), None)
        label = _figure_label(new_kb, figure)
        if before is None:
            added.append(f"{label}: {figure_value(figure)}")
        else:
            remaining.remove(before)
            was, now = figure_value(before), figure_value(figure)
            changed.append(f"{label}: {was} -> {now}" if was != now else f"{label}: details")
    removed = [f"{_figure_label(old_kb, f)}: {figure_value(f)}" for f in remaining]
    return added, changed, removed


def _figure_label(knowledge: KnowledgeBase, figure: Figure) -> str:
    place = knowledge.places.get(figure.place or "")
    if place is None or place.id == knowledge.national:
        return figure.measures
    if place.name.lower() in figure.measures.lower():
        return figure.measures
    return f"{figure.measures} in {place.name}"
