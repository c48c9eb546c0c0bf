"""Which knowledge files moderators may edit, reading uploads, and writing files safely.

Names come from Discord users, so every one goes through ``resolve_target``: only the files the
loader reads (plus new role and certification files) inside the knowledge folder, never a path
that climbs out of it, through a link or otherwise. Writes replace a file atomically, so the bot
(or a reload) never reads half a file.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import tempfile
from pathlib import Path

from bot.knowledge.loader import ENTRY_FOLDERS, TABLE_FILES, knowledge_files
from bot.knowledge.schema import ID_PATTERN, MAX_ID_LENGTH
from bot.knowledge.yaml_reader import MAX_FILE_BYTES

MAX_UPLOAD_BYTES = MAX_FILE_BYTES
SUFFIX = ".yaml"
# A file bigger than this is not read back even to compare it (the loader refuses it anyway).
_MAX_READ_BYTES = 16 * MAX_FILE_BYTES


class EditError(ValueError):
    """One line a moderator can act on."""


class Conflict(EditError):
    """The file changed since the review was made; ``current`` is its text now (None: gone)."""

    def __init__(self, message: str, current: str | None) -> None:
        super().__init__(message)
        self.current = current


def editable_files(folder: Path) -> list[str]:
    """Relative posix paths of every knowledge file in ``folder`` that can be edited, sorted."""
    names = [p.name for p in knowledge_files(folder) if p.name in TABLE_FILES]
    for sub in ENTRY_FOLDERS:
        names += [f"{sub}/{p.name}" for p in knowledge_files(folder / sub) if p.suffix == SUFFIX]
    return sorted(names)


def _known_files() -> str:
    return ", ".join(TABLE_FILES) + ", " + ", ".join(f"{f}/<id>{SUFFIX}" for f in ENTRY_FOLDERS)


def resolve_target(folder: Path, name: str) -> Path:
    """The file ``name`` (a relative posix path) inside ``folder``; EditError for any name the
    loader would not read there, or one that leads outside the folder."""
    shown = name.translate({c: "?" for c in range(0x20)})
    if not name or "\\" in name or ":" in name or "\x00" in name or name.startswith("/"):
        raise EditError(
            f"'{shown}' is not a knowledge file name; use one like roles/pacs-analyst.yaml"
        )
    parts = name.split("/")
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        raise EditError(f"'{shown}' is not allowed: no '..', hidden files or empty parts in a name")
    if len(parts) == 1 and parts[0] not in TABLE_FILES:
        raise EditError(f"'{shown}' is not a knowledge file; they are {_known_files()}")
    if len(parts) == 2:
        folder_name, file_name = parts
        stem = file_name.removesuffix(SUFFIX)
        if folder_name not in ENTRY_FOLDERS or not file_name.endswith(SUFFIX):
            raise EditError(f"'{shown}' is not a knowledge file; they are {_known_files()}")
        if not re.fullmatch(ID_PATTERN, stem) or len(stem) > MAX_ID_LENGTH:
            raise EditError(
                f"'{shown}': a file in {folder_name}/ is named after its entry's id "
                f"(lowercase letters, digits and hyphens, up to {MAX_ID_LENGTH}) plus {SUFFIX}"
            )
    if len(parts) > 2:
        raise EditError(f"'{shown}' is not a knowledge file; they are {_known_files()}")
    path = folder.joinpath(*parts)
    root = os.path.realpath(folder)
    if os.path.commonpath([os.path.realpath(path), root]) != root:
        raise EditError(f"'{shown}' leads outside the knowledge folder (a link); not editable")
    if os.path.exists(path) and not os.path.isfile(path):
        raise EditError(f"'{shown}' is not a plain file")
    return path


def target_for_upload(folder: Path, upload_name: str, file_option: str | None) -> str:
    """Which knowledge file an upload replaces: ``file_option`` when given, else the existing
    file with the upload's base name (``pacs-analyst.yaml`` -> ``roles/pacs-analyst.yaml``)."""
    if file_option is not None and file_option.strip():
        name = file_option.strip()
    else:
        base = re.split(r"[/\\]", upload_name)[-1]
        stem = base.removesuffix(SUFFIX).removesuffix(".yml")
        existing = editable_files(folder)
        found = [n for n in existing if n.rpartition("/")[2] == stem + SUFFIX]
        if not found:
            found = [n for n in existing if n.rpartition("/")[2].lower() == (stem + SUFFIX).lower()]
        if len(found) > 1:
            raise EditError(f"'{base}' could be {' or '.join(found)}: say which with file:")
        if not found:
            raise EditError(
                f"no knowledge file is called '{base}': name one with file: "
                f"({', '.join(existing)}), or file: roles/<id>.yaml for a new role"
            )
        name = found[0]
    resolve_target(folder, name)
    return name


def decode_upload(data: bytes) -> str:
    """An uploaded file as text with "\\n" line ends; EditError unless it is UTF-8 text of at
    most MAX_UPLOAD_BYTES without NUL bytes (a UTF-8 byte order mark is dropped)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise EditError(
            f"file is {len(data):,} bytes, over {MAX_UPLOAD_BYTES // 1024} KiB "
            "(the limit for a knowledge file)"
        )
    data = data.removeprefix(codecs.BOM_UTF8)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise EditError(f"not a text file (a NUL byte at {nul}); upload the .yaml file itself")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EditError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at {exc.start}); save it as UTF-8"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_current(path: Path, name: str) -> str | None:
    """The file's text now (None when absent), decoded as UTF-8 with bad bytes replaced."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise EditError(f"cannot read {name}: {(exc.strerror or str(exc)).lower()}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise EditError(f"{name} is not a plain file")
        if info.st_size > _MAX_READ_BYTES:
            raise EditError(f"{name} is {info.st_size:,} bytes; far too big to be a knowledge file")
        with os.fdopen(os.dup(descriptor), "rb") as file:
            raw = file.read(_MAX_READ_BYTES + 1)
    finally:
        os.close(descriptor)
    return raw.decode("utf-8", errors="replace")


def write_atomically(path: Path, text: str | None) -> None:
    """Replace the file with ``text`` (None: delete it) so no reader sees half of it; keeps the
    file's permissions, creates its folder if needed."""
    if text is None:
        path.unlink(missing_ok=True)
        _sync_folder(path.parent)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o644
    # a hidden name: the loader never reads it, even if a crash leaves it behind
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(text.encode("utf-8"))
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make a rename or delete durable (not every system can open a folder for this)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
