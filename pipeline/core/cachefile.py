"""The pipeline's cache files: written whole or not at all, read back as "no cache" on
any failure (a missing, foreign, truncated or older file).

A writer goes through a temporary file in the same folder and renames it into place, so
a reader (another build, an interrupted one) sees the old file or the new one, never half
of one. A pickled file starts with a header line naming its format: another format's
file reads as empty.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from pipeline.core import safepickle


def write_atomic(path: Path, *chunks: bytes) -> bool:
    """``chunks`` written to ``path`` in one step; False when the disk refused (a cache
    that cannot be written is no error)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in chunks:
                    out.write(chunk)
            os.replace(temp, path)
        finally:
            with contextlib.suppress(OSError):
                Path(temp).unlink(missing_ok=True)
    except OSError:
        return False
    return True


def read_pickled_dict(path: Path, header: bytes) -> dict:
    """The dict pickled after ``header`` in ``path``; empty for anything else."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    if not data.startswith(header):
        return {}
    try:
        entries = safepickle.loads(memoryview(data)[len(header) :])
    except safepickle.LoadError:
        return {}
    return entries if isinstance(entries, dict) else {}
