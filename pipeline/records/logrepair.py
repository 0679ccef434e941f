"""`pipeline log --repair`: a damaged update log made readable again, valid entries kept.

Damage comes from two runs appending at once (before the lock existed, or on a machine
without one): the same commits logged twice and numbers reused; or from a hand edit.
Every line up to the first damaged one is kept byte for byte. From there on: a line that
is no entry is dropped (its commit is logged again by the next `pipeline log`), a second
entry of a logged commit is dropped, and an entry whose number is not above the one
before gets the next free number. Entries that were valid keep their numbers.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config.base import ConfigError
from pipeline.records.loglock import log_lock
from pipeline.records.updatelog import entry_from_data


@dataclass
class Repair:
    renumbered: list[tuple[int, int, int]] = field(default_factory=list)  # line, old, new
    dropped: list[int] = field(default_factory=list)  # lines
    duplicates: dict[int, int] = field(default_factory=dict)  # dropped line -> the kept one
    problems: dict[int, ConfigError] = field(default_factory=dict)  # dropped line -> why

    @property
    def changed(self) -> bool:
        return bool(self.renumbered or self.dropped)


def repair_log(path: Path, rel: str) -> Repair:
    """Repair the log in place (atomically, under its lock); what was changed."""
    with log_lock(path, rel):
        if not path.is_file():
            return Repair()
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ConfigError(rel, line, "records/log-not-utf8") from None
        repair = Repair()
        lines = _repaired(text.split("\n"), rel, repair)
        if repair.changed:
            _replace(path, "\n".join(lines).encode("utf-8"))
        return repair


def _repaired(lines: list[str], rel: str, repair: Repair) -> list[str]:
    out: list[str] = []
    seen: dict[str, int] = {}  # commit -> the line it is kept on
    last = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            out.append(line)
            continue
        try:
            data = json.loads(line.removeprefix("\ufeff"))
            entry = entry_from_data(data, rel, number)
        except ValueError as exc:
            problem = ConfigError(rel, number, "records/bad-log-line", problem=str(exc))
            repair.dropped.append(number)
            repair.problems[number] = problem
            continue
        except ConfigError as exc:
            repair.dropped.append(number)
            repair.problems[number] = exc
            continue
        if entry.commit in seen:
            repair.dropped.append(number)
            repair.duplicates[number] = seen[entry.commit]
            continue
        if entry.seq <= last:
            repair.renumbered.append((number, entry.seq, last + 1))
            data["seq"] = last + 1
            line = json.dumps(data, ensure_ascii=False)
        seen[entry.commit] = number
        last = max(last, data["seq"])
        out.append(line)
    return out


def _replace(path: Path, data: bytes) -> None:
    """All or nothing: a repair stopped half way must not leave a third kind of damage."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, path.stat().st_mode & 0o777)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
