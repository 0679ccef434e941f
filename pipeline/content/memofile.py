"""The checks' memo kept on disk: a new `pipeline check` or `pipeline build` process finds
an unchanged file's check work again.

``pipeline.content.memo`` keys every value by everything it is computed from within one
version of the code and one set of settings (a long-lived process starts afresh when
mkdocs.yml or site_config/ changes). The file therefore carries a fingerprint of those
two: the pipeline's Python source, the installed distributions and Python's version, and
mkdocs.yml with every file under site_config/. A file of another fingerprint, of another
format, too large, unreadable or corrupt, or holding anything but the pipeline's own
records and plain values, is ignored: the check then computes everything, as a fresh
check always did. It is written atomically after each check, with only the values that
check asked for, so it follows the site and does not grow. Delete
``.cache/pipeline/check/`` to clear it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import sysconfig
from collections.abc import Hashable
from pathlib import Path

from pipeline.core import safepickle
from pipeline.core.cachefile import write_atomic

CACHE_DIR = Path(".cache") / "pipeline" / "check"
FILE_NAME = "memo.pickle"
FORMAT = b"pipeline-check-memo 1\n"
MAX_BYTES = 512 * 1024 * 1024  # a larger memo is neither written nor read
_PIPELINE = Path(__file__).resolve().parents[1]


def code_fingerprint() -> str:
    """The pipeline's files (source and data, by paths relative to the package: a copy of
    the code elsewhere has the same fingerprint), the installed distributions and Python."""
    digest = hashlib.blake2b(FORMAT + sys.version.encode() + b"\0", digest_size=20)
    for path in sorted(_PIPELINE.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        digest.update(path.relative_to(_PIPELINE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    try:
        installed = sorted(
            name for name in os.listdir(sysconfig.get_paths()["purelib"]) if name.endswith("-info")
        )
    except OSError:
        installed = []
    digest.update("\0".join(installed).encode())
    return digest.hexdigest()


def settings_fingerprint(config_file: Path, site_config_dir: Path) -> str:
    """mkdocs.yml and every file under site_config/, by path and contents."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(_read(config_file))
    if site_config_dir.is_dir():
        for path in sorted(p for p in site_config_dir.rglob("*") if p.is_file()):
            digest.update(b"\0" + path.relative_to(site_config_dir).as_posix().encode() + b"\0")
            digest.update(_read(path))
    return digest.hexdigest()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"\0unreadable"


def memo_path(root: Path) -> Path:
    return root / CACHE_DIR / FILE_NAME


def load(root: Path, fingerprint: str) -> dict[Hashable, object]:
    """The stored values of the last check of the same fingerprint; empty when there is
    none, or the file is of another fingerprint, too large or unreadable."""
    path = memo_path(root)
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}
        data = path.read_bytes()
    except OSError:
        return {}
    header = FORMAT + fingerprint.encode() + b"\n"
    if not data.startswith(header):
        return {}
    try:
        values = safepickle.loads(memoryview(data)[len(header) :])
    except safepickle.LoadError:  # a corrupt or foreign file is simply not used
        return {}
    return values if isinstance(values, dict) else {}


def save(root: Path, fingerprint: str, values: dict[Hashable, object]) -> None:
    """Replace the stored memo with ``values`` (atomically); a memo that cannot be
    written or pickled is simply not kept."""
    path = memo_path(root)
    try:
        data = safepickle.dumps(values)
    except safepickle.LoadError:  # a value that cannot be pickled: keep nothing
        _remove(path)
        return
    if len(data) > MAX_BYTES:
        _remove(path)
        return
    write_atomic(path, FORMAT + fingerprint.encode() + b"\n", data)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
