"""What ``pageskip``'s link process runs: folders made, previous files hard-linked (or
copied), pages written, as the build hands them over on standard input.

Run as a script (``python -I -S linkworker.py``: the standard library only, nothing of the
pipeline or MkDocs imported), so it starts in milliseconds and its system calls run on
another core without waiting for the build's interpreter lock: on a thread of the build,
3,000 folders took 2.5 s beside the page keys (each call's return waited for the lock)
and the build waited 1.1-1.6 s for them at its end; for this process it waits 0.1-0.2 s.

Each job is a kind byte and two length-prefixed fields (``struct`` "!I" lengths), the
target first: ``L`` target source (link ``source`` at ``target``, a copy when it cannot be
linked), ``W`` target data (write ``data`` to ``target``, which must not exist); each
target's folder is made first. The first failure is written to standard output as
"errno TAB path" and the process exits with 1 once its input ends.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys

LENGTH = struct.Struct("!I")
LINK, WRITE = b"L", b"W"


def job(kind: bytes, *fields: bytes) -> bytes:
    """One job as the worker reads it."""
    return kind + b"".join(LENGTH.pack(len(field)) + field for field in fields)


def _field(stream) -> bytes:
    (size,) = LENGTH.unpack(_exactly(stream, LENGTH.size))
    return _exactly(stream, size)


def _exactly(stream, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError
    return data


def perform(kind: bytes, target: bytes, payload: bytes, folders: set[bytes]) -> None:
    """One job (raises OSError): ``payload`` is the path to link for ``LINK``, the bytes
    to write for ``WRITE``; ``folders`` are those made already."""
    folder = os.path.dirname(target)
    if folder not in folders:
        os.makedirs(folder, exist_ok=True)
        folders.add(folder)
    if kind == WRITE:
        with open(target, "xb") as handle:
            handle.write(payload)
        return
    try:
        os.link(payload, target)
    except FileExistsError:
        raise  # never written through: the file there may be a link to the previous site's
    except OSError:
        shutil.copyfile(payload, target)


def run(stream, report) -> int:
    folders: set[bytes] = set()
    failed = False
    while kind := stream.read(1):
        try:
            target, payload = _field(stream), _field(stream)
        except EOFError:
            break
        if failed:
            continue  # the build fails: the rest is read, not done
        try:
            perform(kind, target, payload, folders)
        except OSError as exc:
            failed = True
            report.write(f"{exc.errno or 0}\t{os.fsdecode(target)}\n".encode())
            report.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(run(sys.stdin.buffer, sys.stdout.buffer))
