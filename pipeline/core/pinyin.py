"""Pinyin readings kept on disk, so that a build whose texts were read before does not load
pypinyin: its phrase dictionary costs a third of a second and about 45 MB to load, for a
few dozen strings (the category names' slugs, the guard's terms matched in pinyin).

A reading is ``lazy_pinyin(text)`` in the toneless style, with what is not Chinese kept
as whole chunks (slugs) or split into characters (the guard's per-character forms). The
file is per pypinyin version; one that cannot be read or written is not used.
"""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

from pipeline.core.cachefile import write_atomic
from pipeline.core.lazyimport import lazy_module

pypinyin = lazy_module("pypinyin")


def pinyin_version() -> str:
    """The installed pypinyin's version, read without importing it (what a kept reading
    or table made with it is filed under)."""
    return importlib.metadata.version("pypinyin")


def read_pinyin(text: str, split_other: bool = False) -> list[str]:
    """``text``'s syllables; a run of other characters whole, or one per character."""
    if split_other:
        return pypinyin.lazy_pinyin(text, style=pypinyin.Style.NORMAL, errors=list)
    return pypinyin.lazy_pinyin(text, style=pypinyin.Style.NORMAL, errors=lambda run: [run])


class KeptReadings:
    """``read_pinyin`` with the readings of ``path`` (None: nothing kept) taken first."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.version = pinyin_version()
        self.kept: dict[str, list[str]] = self._load() if path else {}
        self.added = 0

    def read(self, text: str, split_other: bool = False) -> list[str]:
        key = ("split:" if split_other else "runs:") + text
        found = self.kept.get(key)
        if isinstance(found, list) and all(isinstance(part, str) for part in found):
            return found
        self.kept[key] = found = read_pinyin(text, split_other)
        self.added += 1
        return found

    def save(self) -> None:
        if not self.path or not self.added:
            return
        data = json.dumps({"pypinyin": self.version, "readings": self.kept}, ensure_ascii=False)
        if write_atomic(self.path, data.encode("utf-8")):
            self.added = 0

    def _load(self) -> dict[str, list[str]]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("pypinyin") != self.version:
            return {}
        readings = data.get("readings")
        return readings if isinstance(readings, dict) else {}
