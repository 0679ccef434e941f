"""Exceptions an editor writes: ``allow_terms`` in front matter and inline HTML comments.

An exception names a term and a reason. Front-matter ones cover the whole file;
an inline ``<!-- guard:allow 第一 理由 -->`` covers its own line and the next one.
Both are blanked out of the text before scanning (they are not published, and
they name the very term they allow).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipeline.core.sourcefile import MarkdownSource
from pipeline.guard.normalize import fold_term

INLINE = re.compile(
    r"<!--\s*guard:allow\s+(?P<term>\"[^\"\n]+\"|[^\s\"]+)(?:[ \t]+(?P<reason>[^\n]*?))?\s*-->"
)


@dataclass
class Exception_:
    term: str
    key: str  # folded, as matches are compared
    reason: str
    line: int
    column: int | None
    lines: tuple[int, int] | None  # inline: the lines it covers; None: the whole file
    used: int = 0

    def covers(self, key: str, line: int) -> bool:
        if key != self.key:
            return False
        return self.lines is None or self.lines[0] <= line <= self.lines[1]


def front_matter_exceptions(source: MarkdownSource) -> list[Exception_]:
    """Well-formed entries only: the schema reports malformed ones and missing reasons."""
    raw = source.meta.values.get("allow_terms")
    if not isinstance(raw, list):
        return []
    found = []
    for index, entry in enumerate(raw):
        if not isinstance(entry, dict):
            continue
        term, reason = entry.get("term"), entry.get("reason")
        if isinstance(term, str | int) and isinstance(reason, str) and reason.strip():
            key = fold_term(str(term))
            if key:
                line = source.meta.line_of_item("allow_terms", index)
                found.append(Exception_(str(term), key, reason.strip(), line, None, None))
    return found


# decoded front-matter text scanned beyond the raw file (aliases can repeat a long value)
_DECODED_BUDGET = 200_000
_DECODED_DEPTH = 50


def decoded_values(source: MarkdownSource) -> list[tuple[str, int]]:
    """Every text of the front matter as the YAML parser decoded it (escapes, anchors and
    aliases resolved), with the line of its key, for the guard to scan as well as the raw
    text. ``allow_terms`` gives its reasons, not its terms (they name what they allow).

    Bounded: each mapping or list is walked once, and at most the file's length plus
    _DECODED_BUDGET characters are returned.
    """
    meta = source.meta
    found: list[tuple[str, int]] = []
    budget = [len(source.text) + _DECODED_BUDGET]
    seen: set[int] = set()

    def add(text: str, line: int) -> None:
        if budget[0] > 0 and text:
            budget[0] -= len(text)
            found.append((text, line))

    def walk(value: Any, path: str, line: int, depth: int) -> None:
        if isinstance(value, str):
            add(value, line)
            return
        if depth > _DECODED_DEPTH or budget[0] <= 0 or id(value) in seen:
            return
        if isinstance(value, dict):
            seen.add(id(value))
            for key, inner in value.items():
                inner_path = f"{path}.{key}"
                inner_line = meta.nested_lines.get(inner_path, line)
                add(str(key), inner_line)
                walk(inner, inner_path, inner_line, depth + 1)
        elif isinstance(value, list):
            seen.add(id(value))
            for index, inner in enumerate(value):
                item_line = meta.line_of_item(path, index) if depth == 0 else None
                # an alias's node is its anchor's, which may stand on an earlier line
                inner_line = item_line if item_line and item_line >= line else line
                walk(inner, path, inner_line, depth + 1)

    for key in sorted(meta.values, key=lambda k: k == "allow_terms"):
        value = meta.values[key]
        line = meta.line_of(key) or 1
        if key == "allow_terms" and isinstance(value, list):
            for index, entry in enumerate(value):
                entry_line = meta.line_of_item(key, index) or line
                if isinstance(entry, dict) and id(entry) not in seen:
                    seen.add(id(entry))
                    for name, inner in entry.items():
                        if name != "term":
                            walk(inner, f"{key}.{name}", entry_line, 2)
            continue
        add(key, line)
        walk(value, key, line, 0)
    return found


def front_matter_block(source: MarkdownSource) -> tuple[int, int] | None:
    """First and last line of the ``allow_terms`` key in the front matter."""
    start = source.meta.line_of("allow_terms")
    if start is None:
        return None
    later = [n for n in source.meta.key_lines.values() if n > start]
    end = min(later) - 1 if later else source.front_matter_last_line - 1
    return start, max(start, end)


def inline_exceptions(text: str) -> tuple[list[Exception_], list[tuple[int, int, int]]]:
    """Inline exceptions, and (start, end, line) of every such comment (to blank out).

    Ones without a reason come back with an empty reason: an error for the caller.
    """
    found = []
    spans = []
    for match in INLINE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        term = match.group("term").strip('"')
        reason = (match.group("reason") or "").strip()
        found.append(Exception_(term, fold_term(term), reason, line, column, (line, line + 1)))
        spans.append((match.start(), match.end(), line))
    return found, spans
