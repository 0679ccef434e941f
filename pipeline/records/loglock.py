"""One writer of the update log at a time: an exclusive lock on a file beside the log.

Two `pipeline log` runs that both read the log before either appended would both number
on from the same entry. The lock is taken before the log is read and held until the
appended lines are on disk, so the second run reads what the first wrote.

The lock file is removed on release, so that no stray file is left in content/ (nor in
`git status`). A run that waited on a file the holder has just removed would hold a lock
nobody else can see; it checks after locking that the path still names its file, and
otherwise locks again.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.config.base import ConfigError

try:
    import fcntl
except ImportError:  # Windows: one editor's machine, one run at a time
    fcntl = None

WAIT_SECONDS = 300.0  # a backfill of 1,000 commits takes about half a minute
_POLL = 0.05


def lock_path(log_path: Path) -> Path:
    # a dot file: MkDocs leaves hidden files of content/ out of the site
    return log_path.with_name(f".{log_path.name}.lock")


@contextmanager
def log_lock(log_path: Path, rel: str, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the update log's lock; after ``wait`` seconds of waiting, a ConfigError."""
    path = lock_path(log_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    deadline = time.monotonic() + wait
    while True:
        handle = open(path, "a+b")  # noqa: SIM115 - held across the yield below
        try:
            if _acquire(handle, deadline):
                if _same_file(handle, path):
                    break
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
                continue
        except BaseException:
            handle.close()
            raise
        handle.close()
        shown = rel.rsplit("/", 1)[0] + "/" + path.name if "/" in rel else path.name
        raise ConfigError(rel, None, "records/log-locked", lock=shown, seconds=f"{wait:g}")
    try:
        yield
    finally:
        path.unlink(missing_ok=True)  # while still holding it: see the module's note
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _acquire(handle, deadline: float) -> bool:
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(_POLL)


def _same_file(handle, path: Path) -> bool:
    try:
        on_disk = path.stat()
    except FileNotFoundError:
        return False
    mine = os.fstat(handle.fileno())
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)
