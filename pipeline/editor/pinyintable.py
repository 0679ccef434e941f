"""The web editor's pinyin table: syllable -> the characters read so, for its script's
slugs (``admin/editor-data.json``).

The table depends only on pypinyin's version. Reading it takes about half a second (21,000
characters through pypinyin, whose dictionaries are loaded for it), which every first
build of a project paid: a fresh clone, CI's clean runner, each of the test suite's
projects. The table for the pinned pypinyin ships with the pipeline
(``pinyin-table.json``); another version reads its own once and keeps it in the project's
cache. After pypinyin's pin changes, ``python -m pipeline.editor.pinyintable`` writes the
shipped file again (``tests/test_editor_config.py`` fails until it is).
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

from pipeline.core.pinyin import pinyin_version, read_pinyin

# the Chinese characters whose pinyin the editor's script knows (CJK Unified Ideographs)
PINYIN_RANGE = (0x4E00, 0x9FA5)
SHIPPED = Path(__file__).with_name("pinyin-table.json")


def pinyin_table(cache_dir: Path) -> dict[str, str]:
    """syllable -> the characters read so (their first reading, as `pipeline new`'s slugs
    read a character on its own): the shipped table, or for another pypinyin version the
    one kept in ``cache_dir``. Callers do not change it (one table serves every build of
    the process)."""
    version = pinyin_version()
    shipped = _shipped(version)
    if shipped is not None:
        return shipped
    path = cache_dir / f"pinyin-{version}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    table = read_table(version)
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    partial.replace(path)
    return table


@functools.cache
def _shipped(version: str) -> dict[str, str] | None:
    try:
        data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("pypinyin") != version:
        return None
    table = data.get("table")
    return table if isinstance(table, dict) else None


@functools.cache
def read_table(version: str) -> dict[str, str]:
    """The table read with pypinyin ``version`` (the installed one), once per process."""
    characters = [chr(c) for c in range(PINYIN_RANGE[0], PINYIN_RANGE[1] + 1)]
    readings = read_pinyin(" ".join(characters))  # pypinyin loaded only here
    readings = [r for r in readings if r.strip()]
    table: dict[str, str] = {}
    if len(readings) == len(characters):
        for character, reading in zip(characters, readings, strict=True):
            if reading.isascii() and reading.isalpha():
                table[reading] = table.get(reading, "") + character
    return table


def shipped_text(version: str) -> str:
    """What ``pinyin-table.json`` holds for ``version``: one syllable a line, sorted."""
    table = read_table(version)
    lines = ",\n".join(
        f"    {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
        for k, v in sorted(table.items())
    )
    return f'{{\n  "pypinyin": {json.dumps(version)},\n  "table": {{\n{lines}\n  }}\n}}\n'


def main() -> None:
    version = pinyin_version()
    SHIPPED.write_text(shipped_text(version), encoding="utf-8")
    print(f"{SHIPPED}: pypinyin {version}, {len(read_table(version))} syllables")


if __name__ == "__main__":
    sys.exit(main())
