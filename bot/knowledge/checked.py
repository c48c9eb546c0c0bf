"""Remember which knowledge folders passed the whole-base checks, so start-up can skip them.

Checking that every reply fits in a Discord embed means composing every reply an entry can give:
tens of milliseconds, too slow to repeat each time ``pacsbot ask`` starts. So a folder whose exact
content, read by the exact code that composes replies, has passed those checks once gets a stamp
in the user's cache folder, and start-up trusts the stamp while both stay the same. ``pacsbot kb
check`` and ``/kb reload`` always run every check. A cache folder that cannot be written only
means the checks run every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

# A knowledge folder larger than this is not fingerprinted (its checks simply run every time);
# the loader refuses far smaller files anyway.
MAX_FINGERPRINT_BYTES = 64 * 1024 * 1024
_CODE = Path(__file__).resolve().parent.parent  # the bot package: its code shapes every reply


def cache_folder() -> Path:
    """``$XDG_CACHE_HOME/pacsbot/checked``, by default ``~/.cache/pacsbot/checked``."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "pacsbot" / "checked"


def fingerprint(directory: str | Path) -> str | None:
    """A digest of every regular file in the folder and of the bot's code; None if too large."""
    digest = hashlib.sha256()
    for source in sorted(_CODE.rglob("*.py")):
        info = source.stat()
        digest.update(f"{source.relative_to(_CODE)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    folder = Path(directory)
    total = 0
    for path in sorted(folder.rglob("*")):
        # Only regular files, as the loader reads them: never a FIFO or a device.
        if path.is_symlink() or not path.is_file():
            continue
        data = path.read_bytes()
        total += len(data)
        if total > MAX_FINGERPRINT_BYTES:
            return None
        digest.update(f"{path.relative_to(folder)}\0{len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()


def was_checked(stamp: str | None) -> bool:
    """Whether a folder with this fingerprint has passed every check before."""
    return stamp is not None and (cache_folder() / stamp).is_file()


def remember_checked(stamp: str | None) -> None:
    """Record that a folder with this fingerprint passed every check (quietly, if possible)."""
    if stamp is None:
        return
    with contextlib.suppress(OSError):
        folder = cache_folder()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / stamp).touch()
