"""One Aho-Corasick automaton over every term and allowed phrase of every category.

The automaton scans the squeezed text (see ``normalize``) in one C-level pass.
Its matches are mapped back to exact original spans all at once (numpy), and
only then judged one by one where context matters:
whole words for Latin terms, marking position for ``@marking`` terms, allowed
phrases that contain the match, and the longest of overlapping matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick_rs
import numpy as np

from pipeline.guard.normalize import (
    SCAN_ENCODING,
    Squeezed,
    digit_variants,
    fold,
    fold_term,
    is_latin,
    is_word_char,
)
from pipeline.guard.settings import Category, GuardConfig

# A bare 绝密/机密/秘密 is a marking only in a marking's position: after 密级, a star or an
# opening bracket, or at the start of a line; and before a star, 级, a closing bracket or
# the end of the line. "商业秘密" and "有机密封圈" are ordinary words.
_MARK_BEFORE = "★☆*【[(（「『<《“\"'"
_MARK_AFTER = "★☆*】])）」』>》”\"'级:："
_LINE_LEAD = " \t#>-*+|"


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
        self.is_allowed_phrase = np.array([p.category is None for p in self.patterns], dtype=bool)
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
        squeezed = Squeezed(text)
        found = self.automaton.find_matches_as_indexes(squeezed.data, overlapping=True)
        if not found:
            return []
        matches = np.array(found, dtype=np.int64).reshape(-1, 3)
        matches = matches[matches[:, 1] % 2 == 0]  # odd: straddles two UTF-16 code units
        is_phrase = self.is_allowed_phrase[matches[:, 0]]
        candidates = matches[~is_phrase]
        candidates = candidates[~_inside_allowed(matches[is_phrase], candidates)]
        candidates = candidates[np.lexsort((-candidates[:, 2], candidates[:, 1]))]
        firsts, ends = squeezed.original_spans(candidates[:, 1], candidates[:, 2])
        hits: list[Hit] = []
        taken_until = -1
        rows = zip(candidates.tolist(), firsts, ends, strict=True)
        for (index, start, end), a, b in rows:
            if start < taken_until:
                continue
            pattern = self.patterns[index]
            if pattern.latin and not _whole_word(text, a, b):
                continue
            if pattern.marking and not _is_marking(text, a, b):
                continue
            hits.append(Hit(a, b, pattern.term, pattern.key, pattern.category))
            taken_until = end
        return hits


def _inside_allowed(phrases: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """Which candidates lie inside an allowed phrase (not only one starting where they start).

    Rows are (pattern, start, end); a candidate is covered when some phrase starts at or
    before it and ends at or after it, i.e. when the longest reach of the phrases
    starting up to its start covers its end.
    """
    if not len(phrases) or not len(candidates):
        return np.zeros(len(candidates), dtype=bool)
    phrases = phrases[np.argsort(phrases[:, 1], kind="stable")]
    reach = np.maximum.accumulate(phrases[:, 2])
    last = np.searchsorted(phrases[:, 1], candidates[:, 1], "right") - 1
    return (last >= 0) & (reach[np.maximum(last, 0)] >= candidates[:, 2])


def _whole_word(text: str, a: int, b: int) -> bool:
    before = a > 0 and is_word_char(text[a - 1], fold(text[a - 1]))
    after = b < len(text) and is_word_char(text[b], fold(text[b]))
    return not (before or after)


def _is_marking(text: str, a: int, b: int) -> bool:
    line_start = text.rfind("\n", 0, a) + 1
    line_end = text.find("\n", b)
    line_end = len(text) if line_end < 0 else line_end
    lead = fold(text[line_start:a])
    head = lead.rstrip(" \t")
    opened = (
        not lead.strip(_LINE_LEAD)
        or head.endswith(tuple(_MARK_BEFORE))
        or head.rstrip(":：").endswith("密级")
    )
    tail = fold(text[b:line_end]).lstrip(" \t")
    if tail[:1] in ("★", "☆"):  # 机密★1年: the marking's own format, wherever it stands
        return True
    closed = not tail or tail[0] in _MARK_AFTER
    return opened and closed
