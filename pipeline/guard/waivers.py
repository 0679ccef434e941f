"""site_config/guard-exceptions.yml: the exceptions to block-level term lists.

An editor's own exceptions (``allow_terms``, inline comments) may waive only warn-level
lists; a term of a block-level list stays out of a page unless this file names the page
and the term. roles.yml gives the file to the security role, so CODEOWNERS makes that
role approve every change to it. The file is optional: without it nothing block-level is
waived. What it may not waive (a list marked ``waivable: false``) is judged by the guard's
scan, as a finding at the entry's line, not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.config.base import ConfigError, did_you_mean, load_optional_file, rel_path
from pipeline.guard.normalize import fold_term

WAIVERS_FILE = "guard-exceptions.yml"
ENTRY_KEYS = ("file", "term", "reason", "approved_by")
_REQUIRED = ("file", "term", "reason")
# a hand-kept list of approvals: far more than any site needs, few enough to judge quickly
MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class Waiver:
    file: str  # the content file, as people see it (content/news/…/x.md)
    term: str  # as written
    key: str  # folded, as matches are compared
    reason: str
    approved_by: str | None
    line: int | None  # of the entry in the security file


@dataclass(frozen=True)
class Waivers:
    rel: str  # the security file, as people see it, whether it exists or not
    entries: tuple[Waiver, ...] = ()
    data: bytes = field(default=b"", repr=False)  # the file's bytes, for the fingerprint


def load_waivers(config_dir: Path, root: Path) -> Waivers:
    """The security file's entries, or a ConfigError naming the entry's line."""
    path = config_dir / WAIVERS_FILE
    shown = rel_path(path, root)
    loaded = load_optional_file(config_dir, root, WAIVERS_FILE, ("exceptions",))
    if loaded is None:
        return Waivers(shown)
    mapping, rel = loaded
    raw = mapping.values.get("exceptions")
    if raw is None:
        return Waivers(rel, (), path.read_bytes())
    top = mapping.line_of("exceptions")
    if not isinstance(raw, list):
        raise ConfigError(rel, top, "config/expected-list", key="exceptions")
    if len(raw) > MAX_ENTRIES:
        raise ConfigError(rel, top, "guard/waivers-too-many", count=len(raw), limit=MAX_ENTRIES)
    entries = tuple(
        _waiver(entry, index, mapping.line_of_item("exceptions", index) or top, rel)
        for index, entry in enumerate(raw)
    )
    return Waivers(rel, entries, path.read_bytes())


def _waiver(entry: Any, index: int, line: int | None, rel: str) -> Waiver:
    where = f"exceptions[{index + 1}]"
    if not isinstance(entry, dict):
        raise ConfigError(rel, line, "guard/waiver-not-mapping", entry=where)
    for key in entry:
        if key not in ENTRY_KEYS:
            raise ConfigError(
                rel,
                line,
                "config/unknown-key",
                key=f"{where}.{key}",
                suggestion=did_you_mean(str(key), ENTRY_KEYS) or "",
                known=", ".join(ENTRY_KEYS),
            )
    values = {}
    for key in ENTRY_KEYS:
        value = entry.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # a numeric code name, as YAML reads it
        if value is None and key not in _REQUIRED:
            values[key] = None
            continue
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(rel, line, "guard/waiver-missing", entry=where, key=key)
        values[key] = value.strip()
    key = fold_term(values["term"])
    if not key:
        raise ConfigError(rel, line, "guard/empty-term", term=values["term"])
    file = values["file"].removeprefix("./")
    if file.startswith("/") or "\\" in file or ".." in file.split("/"):
        raise ConfigError(rel, line, "guard/waiver-bad-file", entry=where, file=values["file"])
    return Waiver(file, values["term"], key, values["reason"], values["approved_by"], line)
