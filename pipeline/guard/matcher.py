"""One Aho-Corasick automaton over every term and allowed phrase of every category.

The automaton scans the squeezed text (see ``normalize``) in one C-level pass.
Only its matches, which are rare, are walked back in Python to the exact
original span; there the judgements that need context are made:
whole words for Latin terms, marking position for ``@marking`` terms, allowed
phrases that contain the match, and the longest of overlapping matches.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick_rs

from pipeline.guard.config import Category, GuardConfig
from pipeline.guard.normalize import (
    SCAN_ENCODING,
    SEPARATORS,
    digit_variants,
    fold,
    fold_term,
    is_latin,
    is_word_char,
    squeeze,
)

# A bare 绝密/机密/秘密 is a marking only in a marking's position: after 密级, a star or an
# opening bracket, or at the start of a line; and before a star, 级, a closing bracket or
# the end of the line. "商业秘密" and "有机密封圈" are ordinary words.
_MARK_BEFORE = "★☆*【[(（「『<《“\"'"
_MARK_AFTER = "★☆*】])）」』>》”\"'级:："
_LINE_LEAD = " \t#>-*+|"
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SEPARATOR_CHAR = re.compile("[" + re.escape("".join(sorted(SEPARATORS))) + "]")


@dataclass(frozen=True)
class Pattern:
    term: str  # the term as written in its list (what the report names)
    key: str  # the folded term (what exceptions are compared with)
    category: Category | None  # None: an allowed phrase
    latin: bool = False
    marking: bool = False


class Hit(NamedTuple):  # a tuple: tens of thousands may be made per scan
    start: int  # offsets into the original text
    end: int
    term: str
    key: str
    category: Category


class Matcher:
    def __init__(self, config: GuardConfig) -> None:
        patterns: dict[bytes, Pattern] = {}
        for phrase in config.allowed_phrases:
            key = fold_term(phrase)
            for variant in digit_variants(key):
                patterns[variant.encode(SCAN_ENCODING)] = Pattern(phrase, key, None)
        for category in config.categories.values():
            for term in category.terms:
                key = fold_term(term.text)
                pattern = Pattern(term.text, key, category, is_latin(key), term.marking)
                for variant in digit_variants(key):
                    patterns.setdefault(variant.encode(SCAN_ENCODING), pattern)
        self.patterns = list(patterns.values())
        self.automaton = (
            ahocorasick_rs.BytesAhoCorasick(
                list(patterns), implementation=ahocorasick_rs.Implementation.ContiguousNFA
            )
            if patterns
            else None
        )

    def find(self, text: str) -> list[Hit]:
        """Every term in ``text``, as exact spans of the original, longest first on overlap."""
        if self.automaton is None or not text:
            return []
        folded = fold(text)
        squeezed = squeeze(folded)
        found = self.automaton.find_matches_as_indexes(squeezed, overlapping=True)
        raw = [m for m in found if not m[1] % 2]  # odd: straddles two UTF-16 code units
        if not raw:
            return []
        allowed = sorted((s, e) for i, s, e in raw if self.patterns[i].category is None)
        candidates = sorted(
            ((s, e, self.patterns[i]) for i, s, e in raw if self.patterns[i].category),
            key=lambda m: (m[0], -m[1]),
        )
        located = _Locator(folded, squeezed)
        hits: list[Hit] = []
        taken_until = -1
        for start, end, pattern in candidates:
            if start < taken_until or (allowed and _inside_allowed(allowed, start, end)):
                continue
            a, b = located.span(start, end)
            if pattern.latin and not _whole_word(text, folded, a, b):
                continue
            if pattern.marking and not _is_marking(folded, a, b):
                continue
            hits.append(Hit(a, b, pattern.term, pattern.key, pattern.category))
            taken_until = end
        return hits


def _inside_allowed(allowed: list[tuple[int, int]], start: int, end: int) -> bool:
    """Is [start, end) inside an allowed phrase? (not only one starting where it starts)"""
    index = bisect.bisect_right(allowed, (start, float("inf")))
    while index > 0:
        index -= 1
        phrase_start, phrase_end = allowed[index]
        if phrase_end >= end:
            return True
        if start - phrase_start > 4096:  # no allowed phrase is that long
            return False
    return False


def _whole_word(text: str, folded: str, a: int, b: int) -> bool:
    before = a > 0 and is_word_char(text[a - 1], folded[a - 1])
    after = b < len(text) and is_word_char(text[b], folded[b])
    return not (before or after)


def _is_marking(folded: str, a: int, b: int) -> bool:
    line_start = folded.rfind("\n", 0, a) + 1
    line_end = folded.find("\n", b)
    line_end = len(folded) if line_end < 0 else line_end
    lead = folded[line_start:a]
    head = lead.rstrip(" \t")
    opened = (
        not lead.strip(_LINE_LEAD)
        or head.endswith(tuple(_MARK_BEFORE))
        or head.rstrip(":：").endswith("密级")
    )
    tail = folded[b:line_end].lstrip(" \t")
    closed = not tail or tail[0] in _MARK_AFTER
    return opened and closed


class _Locator:
    """Maps byte offsets of the squeezed text back to offsets of the original.

    Built once per scan with matches: the positions of separators (and of characters
    beyond the BMP, two UTF-16 units each), after which every match maps with two
    binary searches instead of a walk through the text.
    """

    def __init__(self, folded: str, squeezed: bytes) -> None:
        separators = [m.start() for m in _SEPARATOR_CHAR.finditer(folded)]
        # kept characters before separator i: kept index k is at k + (separators at or below k)
        self.kept_at_separator = [p - i for i, p in enumerate(separators)]
        astral = [m.start() for m in _ASTRAL.finditer(folded)]
        kept = [p - bisect.bisect_left(separators, p) for p in astral]
        self.astral_units = [k + i for i, k in enumerate(kept)]

    def _kept(self, byte: int) -> int:
        unit = byte // 2
        return unit - bisect.bisect_left(self.astral_units, unit) if self.astral_units else unit

    def _original(self, kept: int) -> int:
        return kept + bisect.bisect_right(self.kept_at_separator, kept)

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self._original(self._kept(start)), self._original(self._kept(end) - 1) + 1
