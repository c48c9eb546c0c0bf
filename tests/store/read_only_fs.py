"""A real read-only file system for one process: a private mount namespace in which a folder is
bind-mounted onto itself read-only (what a database on a ``ro`` volume sees: EROFS, not EACCES).

Only the calling process (a forked child, or a subprocess through ``preexec_fn``) sees the
read-only folder; the test process and the rest of the machine keep the writable one. Linux only:
needs root, or unprivileged user namespaces.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import tempfile

CLONE_NEWNS = 0x0002_0000
CLONE_NEWUSER = 0x1000_0000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC = 32, 4096, 16384
MS_NOATIME, MS_NODIRATIME, MS_RELATIME, MS_PRIVATE = 1024, 2048, 1 << 21, 1 << 18
# statvfs flags that a bind remount must keep (the kernel refuses to drop locked ones)
_KEEP = {
    os.ST_NOSUID: MS_NOSUID,
    os.ST_NODEV: MS_NODEV,
    os.ST_NOEXEC: MS_NOEXEC,
    os.ST_NOATIME: MS_NOATIME,
    os.ST_NODIRATIME: MS_NODIRATIME,
    os.ST_RELATIME: MS_RELATIME,
}


def _check(result: int, what: str) -> None:
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")


def make_read_only(folder: str | os.PathLike[str]) -> None:
    """In this process only, make ``folder`` a read-only file system (irreversible here)."""
    libc = ctypes.CDLL(None, use_errno=True)
    flags = CLONE_NEWNS if os.geteuid() == 0 else CLONE_NEWUSER | CLONE_NEWNS
    _check(libc.unshare(flags), "unshare")
    # nothing mounted from now on may reach the parent namespace
    _check(libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None), "make / private")
    path = os.fsencode(folder)
    _check(libc.mount(path, path, None, MS_BIND, None), "bind mount")
    kept = os.statvfs(path).f_flag
    extra = sum(flag for st, flag in _KEEP.items() if kept & st)
    remount = MS_BIND | MS_REMOUNT | MS_RDONLY | extra
    _check(libc.mount(None, path, None, remount, None), "read-only remount")


@functools.cache
def unavailable() -> str | None:
    """Why a read-only file system cannot be made here, or None when it can."""
    folder = tempfile.mkdtemp(prefix="pacsbot-rofs-probe-")
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        status = 1
        try:
            make_read_only(folder)
            try:
                open(os.path.join(folder, "x"), "w").close()
            except OSError as exc:
                status = 0 if exc.errno == errno.EROFS else 1
        finally:
            os._exit(status)
    _, status = os.waitpid(pid, 0)
    os.rmdir(folder)
    if os.waitstatus_to_exitcode(status) == 0:
        return None
    return "cannot make a read-only file system here (needs root or user namespaces)"
