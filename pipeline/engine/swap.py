"""Putting a freshly built folder where the published one is, so that at every instant the
published path holds either the whole old site or the whole new one.

On Linux the two folders trade places in one system call (``renameat2`` with
``RENAME_EXCHANGE``); a build killed at any moment leaves the old site or the new one,
never neither. Where that call is missing (another system, a file system without it) the
swap takes two renames, and a build killed between them leaves the old site under its
previous name, which the next build puts back first. Builds of the same folder take
turns (a lock file beside it), and each removes what killed builds left behind.

Removing the old site (thousands of files) takes seconds on some file systems: a build may
hand it, renamed out of the way, to a process of its own (``remove_in_background``) and
finish without waiting; the next build removes whatever such a process did not.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: builds of one folder are not serialised
    fcntl = None

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None
    function = getattr(libc, "renameat2", None)
    if function is not None:
        function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
        function.argtypes += [ctypes.c_uint]
        function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _renameat2()


def exchange(first: Path, second: Path) -> bool:
    """The two paths trade places at once; False where the system cannot do that."""
    if _RENAMEAT2 is None:
        return False
    result = _RENAMEAT2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not on this file system or kernel
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def _staging_prefix(target: Path) -> str:
    return f".{target.name}.staging-"


def _previous_prefix(target: Path) -> str:
    return f".{target.name}.previous-"


def _old_prefix(target: Path) -> str:
    return f".{target.name}.old-"


@contextmanager
def exclusive(target: Path) -> Iterator[None]:
    """One build of ``target`` at a time: the next one waits for the lock."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = target.with_name(f".{target.name}.lock")
    with open(lock, "a+b") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def recover(target: Path) -> None:
    """What killed builds left: a site under its previous name is put back (the swap was
    interrupted between its two renames), staging folders are removed. Call while holding
    ``exclusive(target)``."""
    parent = target.parent
    previous = sorted(parent.glob(f"{_previous_prefix(target)}*"))
    if previous and not target.exists():
        previous.pop().rename(target)
    for leftover in [*previous, *parent.glob(f"{_staging_prefix(target)}*")]:
        shutil.rmtree(leftover, ignore_errors=True)
    for old in parent.glob(f"{_old_prefix(target)}*"):  # a removal that did not finish
        remove_in_background(old)


def staging_folder(target: Path) -> Path:
    """A new empty folder beside ``target`` (the same file system, so renames are atomic)."""
    folder = Path(tempfile.mkdtemp(prefix=_staging_prefix(target), dir=target.parent))
    # mkdtemp's folder is private (0700): the site is served by a web server's own user
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)
    return folder


def swap_into_place(staging: Path, target: Path, *, keep_old: bool = False) -> Path | None:
    """``staging`` becomes ``target``; the old ``target`` is removed afterwards, or with
    ``keep_old`` renamed beside it (``.site.old-…``) and returned, for the caller to remove
    (``remove_in_background``); None when there was no old site."""
    if not target.exists():
        staging.rename(target)
        return None
    if exchange(staging, target):  # the old site is now under the staging name
        return _dispose(staging, target, keep_old)
    previous = target.with_name(f"{_previous_prefix(target)}{time.time_ns()}")
    target.rename(previous)
    try:
        staging.rename(target)
    except OSError:
        previous.rename(target)
        raise
    return _dispose(previous, target, keep_old)


def _dispose(old: Path, target: Path, keep_old: bool) -> Path | None:
    if not keep_old:
        shutil.rmtree(old, ignore_errors=True)
        return None
    renamed = target.with_name(f"{_old_prefix(target)}{time.time_ns()}")
    old.rename(renamed)
    return renamed


_REMOVE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


def remove_in_background(folder: Path) -> None:
    """``folder`` removed by a process of its own, which outlives this one; where none can
    be started, removed here."""
    try:
        subprocess.Popen(
            [sys.executable, "-c", _REMOVE, str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
