"""One Aho-Corasick automaton over every term and allowed phrase of every category.

The automaton scans the squeezed text (see ``normalize``) in one C-level pass.
Its matches are mapped back to exact original spans all at once (numpy), and
only then judged one by one where context matters:
whole words for Latin terms, marking position for ``@marking`` terms, allowed
phrases that contain the match, and the longest of overlapping matches.

Some text is scanned a second time, as a reader would see it, in small views: the
address of a Markdown link (left out of the main scan, so a link between two halves of
a term does not hide it), percent-encoded runs of URLs and file names decoded, and the
text after a right-to-left override (U+202E) reversed. Every view maps back to the
original characters, so findings point at what is in the file.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick_rs
import numpy as np

from pipeline.core.pinyin import KeptReadings, read_pinyin
from pipeline.guard.normalize import (
    SCAN_ENCODING,
    Squeezed,
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

# A link's address: left out of the main scan and scanned on its own.
_LINK_ADDRESS = re.compile(r"\]\(([^()\s]{1,2000})\)")
_PERCENT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
# Text a right-to-left override shows reversed: up to the next bidi control or line end.
_OVERRIDDEN = re.compile("\u202e([^\u202a-\u202e\u2066-\u2069\n]+)")
_VIEW_CONTEXT = 64  # characters around a decoded run scanned with it (longer than any term)

# Pinyin initials of a short term are common letter pairs ("jm", "nb"): a form of a term
# with no Chinese character left must be at least this many letters (bench_evasions.py).
PINYIN_LATIN_MIN = 4
_MIXED_FORMS_MAX = 256  # pinyin forms per term; longer terms get only the whole forms


@dataclass(frozen=True)
class Pattern:
    term: str  # the term as written in its list (what the report names)
    key: str  # the folded term (what exceptions are compared with)
    category: Category | None  # None: an allowed phrase
    latin: bool = False  # matched as a whole word
    marking: bool = False


class Hit(NamedTuple):  # a tuple: tens of thousands may be made per scan
    start: int  # offsets into the original text
    end: int
    term: str
    key: str
    category: Category


class Matcher:
    def __init__(self, config: GuardConfig, pinyin_latin_min: int = PINYIN_LATIN_MIN) -> None:
        patterns: dict[bytes, Pattern] = {}
        repeated: dict[bytes, Pattern] = {}
        for phrase in config.allowed_phrases:
            key = fold_term(phrase)
            patterns[key.encode(SCAN_ENCODING)] = Pattern(phrase, key, None)
        spelled: list[tuple[str, Pattern]] = []
        readings = KeptReadings(config.readings_file)
        for category in config.categories.values():
            for term in category.terms:
                key = fold_term(term.text)
                pattern = Pattern(term.text, key, category, is_latin(key), term.marking)
                patterns.setdefault(key.encode(SCAN_ENCODING), pattern)
                if category.pinyin and not term.marking:
                    forms = pinyin_forms(
                        key, pinyin_latin_min, readings.read(key, split_other=True)
                    )
                    spelled += [(form, pattern) for form in forms]
                if category.repeated_letters and pattern.latin:
                    repeated.setdefault(_single_letters(key).encode(SCAN_ENCODING), pattern)
        readings.save()
        for form, pattern in spelled:  # after every term: a term written in letters wins
            whole_word = Pattern(pattern.term, pattern.key, pattern.category, latin=True)
            patterns.setdefault(form.encode(SCAN_ENCODING), whole_word)
        self.patterns = list(patterns.values())
        self.is_allowed_phrase = np.array([p.category is None for p in self.patterns], dtype=bool)
        self.automaton = _automaton(list(patterns))
        # a second automaton over the text with runs of a repeated letter made one
        self.repeated_patterns = list(repeated.values())
        self.repeated_automaton = _automaton(list(repeated))
        self._runs = [_letter_runs(p.key) for p in self.repeated_patterns]
        self._repeated_reach = max((len(key) // 2 for key in repeated), default=0) + 1
        every = [*self.patterns, *self.repeated_patterns]
        self.needs_judging = np.array([p.latin or p.marking for p in every], dtype=bool)
        self._hit_facts = [(p.term, p.key, p.category) for p in every]

    def find(self, text: str) -> list[Hit]:
        """Every term in ``text``, as exact spans of the original, longest first on overlap."""
        if self.automaton is None or not text:
            return []
        addresses = [m.span(1) for m in _LINK_ADDRESS.finditer(text)] if "](" in text else []
        hits = self._find(text, addresses)
        views = list(_views(text, addresses))
        if not views:
            return hits
        # every view in one scan, a line apart (no term runs across a line break)
        joined = "\n".join(view for view, _starts, _ends in views)
        offsets = list(itertools.accumulate((len(v) + 1 for v, _s, _e in views), initial=0))
        found = [(h.start, h.end) for h in hits]  # sorted and disjoint, as found
        added: list[tuple[int, int]] = []  # what the views add, kept sorted and disjoint
        for hit in self._find(joined, []):
            index = bisect.bisect_right(offsets, hit.start) - 1
            _view, starts, ends = views[index]
            first, last = hit.start - offsets[index], hit.end - 1 - offsets[index]
            # a reversed view runs backwards through the original
            a = min(starts[first], starts[last])
            b = max(ends[first], ends[last])
            if _clear(found, a, b) and _clear(added, a, b):
                bisect.insort(added, (a, b))
                hits.append(hit._replace(start=a, end=b))
        return sorted(hits, key=lambda hit: hit.start)

    def _find(self, text: str, dropped: list[tuple[int, int]]) -> list[Hit]:
        squeezed = Squeezed(text, dropped)
        found = self.automaton.find_matches_as_indexes(squeezed.data, overlapping=True)
        candidates = np.zeros((0, 3), dtype=np.int64)
        if found:
            flat = itertools.chain.from_iterable(found)
            matches = np.fromiter(flat, dtype=np.int64, count=3 * len(found)).reshape(-1, 3)
            matches = matches[matches[:, 1] % 2 == 0]  # odd: straddles two UTF-16 code units
            is_phrase = self.is_allowed_phrase[matches[:, 0]]
            candidates = matches[~is_phrase]
            candidates = candidates[~_inside_allowed(matches[is_phrase], candidates)]
        if self.repeated_automaton is not None:
            candidates = np.concatenate([candidates, self._repeated(squeezed.data)])
        if not len(candidates):
            return []
        candidates = candidates[np.lexsort((-candidates[:, 2], candidates[:, 1]))]
        firsts, ends = squeezed.original_spans(candidates[:, 1], candidates[:, 2])
        indexes, starts, stops = candidates[:, 0], candidates[:, 1], candidates[:, 2]
        # A match that starts after every earlier match has ended overlaps none of them:
        # whatever was taken before it, it is taken when its judging allows. Only the
        # others, and the few that need judging, are walked one by one.
        reach_before = np.maximum.accumulate(np.r_[-1, stops[:-1]])
        free = starts >= reach_before
        judged = self.needs_judging[indexes]
        taken = free & ~judged
        walked = np.flatnonzero(~taken)
        if len(walked):
            # the end of the last match taken unwalked before each walked one
            last_taken = np.maximum.accumulate(np.where(taken, np.arange(len(taken)), -1))
            before = np.r_[-1, last_taken[:-1]][walked]
            taken_reach = np.where(before >= 0, stops[np.maximum(before, 0)], -1)
            taken_until = -1
            rows = zip(
                walked.tolist(),
                taken_reach.tolist(),
                *(column[walked].tolist() for column in (indexes, starts, stops, firsts, ends)),
                strict=True,
            )
            for row, reach, index, start, end, a, b in rows:
                taken_until = max(taken_until, reach)
                if start < taken_until:
                    continue
                pattern = self._pattern(index)
                if pattern.latin and not _whole_word(text, a, b):
                    continue
                if pattern.marking and not _is_marking(text, a, b):
                    continue
                taken[row] = True
                taken_until = end
        kept = np.flatnonzero(taken)
        facts = self._hit_facts
        make = tuple.__new__  # a Hit without its Python-level __new__: tens of thousands a scan
        return [
            make(Hit, (a, b, *facts[index]))
            for index, a, b in zip(
                indexes[kept].tolist(), firsts[kept].tolist(), ends[kept].tolist(), strict=True
            )
        ]

    def _pattern(self, index: int) -> Pattern:
        if index < len(self.patterns):
            return self.patterns[index]
        return self.repeated_patterns[index - len(self.patterns)]

    def _repeated(self, data: bytes) -> np.ndarray:
        """Matches of the repeated-letter terms, as rows over ``data`` (pattern indexes after
        the main ones). Only the units around a letter written twice in a row are read
        again: a match that needs a repeat lies within a term's length of one."""
        units = np.frombuffer(data, dtype=np.uint16)
        same = np.flatnonzero(units[1:] == units[:-1]) + 1
        repeats = same[(units[same] >= ord("a")) & (units[same] <= ord("z"))]
        if not len(repeats):
            return np.zeros((0, 3), dtype=np.int64)
        reach = self._repeated_reach
        gaps = np.flatnonzero(np.diff(repeats) > reach)
        low = np.maximum(repeats[np.r_[0, gaps + 1]] - reach, 0)
        high = np.minimum(repeats[np.r_[gaps, len(repeats) - 1]] + reach + 1, len(units))
        # the windows one after another, each followed by a line break (index -1)
        sizes = high - low + 1
        window_starts = np.cumsum(sizes) - sizes
        index = np.arange(sizes.sum()) - np.repeat(window_starts - low, sizes)
        index[window_starts + sizes - 1] = -1
        near = np.minimum(np.searchsorted(repeats, index), len(repeats) - 1)
        kept = index[repeats[near] != index]  # each run of a letter made one
        buffer = np.where(kept >= 0, units[np.maximum(kept, 0)], ord("\n")).astype(np.uint16)
        found = self.repeated_automaton.find_matches_as_indexes(buffer.tobytes(), overlapping=True)
        rows = set()
        for pattern, start, end in found:
            if start % 2:
                continue
            first, last = int(kept[start // 2]), int(kept[end // 2 - 1])
            stop = last + 1
            while stop < len(units) and units[stop] == units[last]:
                stop += 1  # a match ends after the repeats of its last letter ("allll")
            # each letter at least as often as in the term: "al" is not "all"
            runs = _letter_runs(data[first * 2 : stop * 2].decode(SCAN_ENCODING))
            if _at_least(runs, self._runs[pattern]):
                rows.add((pattern + len(self.patterns), first * 2, stop * 2))
        return np.array(sorted(rows), dtype=np.int64).reshape(-1, 3)


def _clear(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """Whether [a, b) overlaps none of the sorted, disjoint ``spans``."""
    after = bisect.bisect_left(spans, (a, a))
    return (after == len(spans) or spans[after][0] >= b) and (
        after == 0 or spans[after - 1][1] <= a
    )


def _automaton(patterns: list[bytes]):
    if not patterns:
        return None
    return ahocorasick_rs.BytesAhoCorasick(
        patterns, implementation=ahocorasick_rs.Implementation.ContiguousNFA
    )


def _single_letters(key: str) -> str:
    """``key`` with each run of one repeated letter made one ("assert" -> "asert")."""
    return "".join(char for char, _count in _letter_runs(key))


def _letter_runs(text: str) -> list[tuple[str, int]]:
    """Runs of one Latin letter with their length; any other character is a run of one."""
    runs: list[tuple[str, int]] = []
    for char, group in itertools.groupby(text):
        count = len(list(group))
        if "a" <= char <= "z":
            runs.append((char, count))
        else:
            runs += [(char, 1)] * count
    return runs


def _at_least(found: list[tuple[str, int]], term: list[tuple[str, int]]) -> bool:
    return len(found) == len(term) and all(
        a == b and n >= m for (a, n), (b, m) in zip(found, term, strict=True)
    )


def pinyin_forms(
    key: str, latin_min: int = PINYIN_LATIN_MIN, syllables: list[str] | None = None
) -> list[str]:
    """A folded Chinese term in pinyin: whole ("neibuziliao"), initials ("nbzl") and every
    mix of its characters with their syllables or initials, never the term itself; none for
    a term without Chinese. Forms with no Chinese left shorter than ``latin_min`` are
    left out. ``syllables``: the key's reading (``read_pinyin``), if known."""
    if syllables is None:
        syllables = read_pinyin(key, split_other=True)
    if len(syllables) != len(key) or not any(_is_chinese(c) for c in key):
        return []
    choices = [
        (char, syllable, syllable[0]) if _is_chinese(char) and syllable.isascii() else (char,)
        for char, syllable in zip(key, syllables, strict=True)
    ]
    if np.prod([len(c) for c in choices], dtype=np.float64) > _MIXED_FORMS_MAX:
        whole = ["".join(c[min(1, len(c) - 1)] for c in choices)]
        initials = ["".join(c[min(2, len(c) - 1)] for c in choices)]
        candidates = [*whole, *initials]
    else:
        candidates = ["".join(parts) for parts in itertools.product(*choices)]
    forms = []
    for form in dict.fromkeys(candidates):
        if form == key:
            continue
        if not any(_is_chinese(c) for c in form) and len(form) < latin_min:
            continue
        forms.append(form)
    return forms


def _is_chinese(char: str) -> bool:
    return 0x3400 <= ord(char) <= 0x9FFF


def _views(text: str, addresses: list[tuple[int, int]]):
    """(view, original start of each view character, original end of each) for every piece
    of ``text`` that reads differently from how it is stored."""
    for start, end in addresses:
        yield text[start:end], range(start, end), range(start + 1, end + 1)
    if "%" in text:
        yield from _percent_views(text)
    if "\u202e" in text:
        for match in _OVERRIDDEN.finditer(text):
            start, end = match.span(1)
            yield text[start:end][::-1], range(end - 1, start - 1, -1), range(end, start, -1)


def _percent_views(text: str):
    """Runs of %XX decoded as UTF-8, with the text around them (an encoded half of a term)."""
    runs = []
    position = text.find("%")
    while position >= 0:  # str.find is many times faster than the pattern's own search
        run = _PERCENT_RUN.match(text, position)
        end = run.end() if run else position + 1
        if run:
            runs.append(run.span())
        position = text.find("%", end)
    clusters: list[list[tuple[int, int]]] = []
    for run in runs:
        if clusters and run[0] - clusters[-1][-1][1] <= _VIEW_CONTEXT:
            clusters[-1].append(run)
        else:
            clusters.append([run])
    for cluster in clusters:
        position = max(0, cluster[0][0] - _VIEW_CONTEXT)
        limit = min(len(text), cluster[-1][1] + _VIEW_CONTEXT)
        chars: list[str] = []  # pieces of the view, each as long as its spans
        starts: list[int] = []
        ends: list[int] = []
        for run_start, run_end in [*cluster, (limit, limit)]:
            chars.append(text[position:run_start])
            starts += range(position, run_start)
            ends += range(position + 1, run_start + 1)
            _decode_run(text, run_start, run_end, chars, starts, ends)
            position = run_end
        yield "".join(chars), starts, ends


def _decode_run(text: str, start: int, end: int, chars: list, starts: list, ends: list) -> None:
    """Appends the characters %XX%YY.. stand for, each with the span of its own %XX codes;
    a byte that is not part of valid UTF-8 stands for U+FFFD."""
    data = bytes.fromhex(text[start:end].replace("%", ""))
    index = 0
    while index < len(data):
        lead = data[index]
        size = 1 if lead < 0x80 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        try:
            char = data[index : index + size].decode("utf-8")
        except UnicodeDecodeError:
            char, size = "\ufffd", 1
        chars.append(char)
        starts.append(start + 3 * index)
        ends.append(start + 3 * (index + size))
        index += size


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
