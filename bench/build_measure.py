"""Measuring a command: wall time and peak memory of its whole process tree.

The pipeline encodes images and segments text in worker processes, so the memory of a
build is the sum over the process and all its descendants, sampled from /proc every
SAMPLE_SECONDS while it runs.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.02


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def _tree_memory(root: int) -> tuple[int, int]:
    """Bytes of RSS and of PSS of ``root`` and all its descendants (a scan of /proc).

    RSS counts pages that forked workers share with their parent once per process; PSS
    splits them between the processes, so its sum is what the tree really holds."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # the command name may contain spaces and parentheses: fields follow the last ")"
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    rss = pss = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                for line in handle:
                    if line.startswith(b"Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith(b"Pss:"):
                        pss += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
    return rss, pss


@dataclass
class Run:
    seconds: float
    peak_mb: float  # the sum of RSS over the process tree
    status: int
    output: str = ""  # the end of stdout and stderr, for failures
    warnings: int = 0  # lines of MkDocs warnings in the output
    peak_pss_mb: float = 0.0  # the sum of PSS: shared pages counted once


def measure(command: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Run ``command`` to the end; its wall time and the peak RSS of its process tree."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        peak = peak_pss = 0
        while process.poll() is None:
            rss, pss = _tree_memory(process.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - started
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    warnings = sum(1 for line in output.splitlines() if line.startswith("WARNING"))
    status = process.returncode
    return Run(seconds, peak / 2**20, status, output[-3000:], warnings, peak_pss / 2**20)


def checked(run: Run, what: str) -> Run:
    if run.status != 0:
        say(f"{what} failed (exit {run.status}):\n{run.output}")
    return run
