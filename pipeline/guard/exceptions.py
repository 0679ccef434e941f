"""Exceptions an editor writes: ``allow_terms`` in front matter and inline HTML comments.

An exception names a term and a reason. Front-matter ones cover the whole file;
an inline ``<!-- guard:allow 第一 理由 -->`` covers its own line and the next one.
Both are blanked out of the text before scanning (they are not published, and
they name the very term they allow).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
