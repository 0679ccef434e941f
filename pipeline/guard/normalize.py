"""Folding text so that evasions and variant forms compare equal, at C speed.

Matching runs on a *squeezed* copy of the text: characters folded one-to-one
(traditional -> simplified Chinese, full-width -> half-width, upper -> lower case,
look-alike Cyrillic and Greek letters -> Latin, circled and financial numerals ->
plain ones), then separators (spaces, symbols, zero-width and other invisible
characters) removed, as UTF-16 code units (two bytes for a Chinese character where
UTF-8 takes three: the automaton has a third less to read).

A document is squeezed with numpy over its UTF-16 code units: one table lookup
folds every unit, a second marks the separators, and the positions of the removed
units (rare) are all that is kept to map a match back to the original text. A
per-character Python loop would be a hundred times slower, and even regular
expressions over a large character class spend most of the scan time.

Sentence punctuation and line breaks are *not* removed, so a term never bridges
two sentences ("公司内部。资料显示" is not 内部资料).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import opencc

GUARD_VERSION = "2"

# Separators an evasion may insert between the characters of a term.
ASCII_SEPARATORS = " \t\x0b\x0c\r\"#$%&'()*+-./<=>@[\\]^_`{|}~"
INVISIBLE = (
    "\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u202f"
    "\u205f\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206a\u206b\u206c"
    "\u206d\u206e\u206f\u3000\u3164\ufeff\uffa0"
)
WIDE_SYMBOLS = (
    "“”‘’《》〈〉【】「」『』〔〕〖〗（）［］｛｝·・•…—–～‐‑‒―−﹣﹘"
    "＂＃＄＄％＆＇＊＋－．／＜＝＞＠＼＾＿｀｜￥★☆※"
)
SEPARATORS = frozenset(ASCII_SEPARATORS + INVISIBLE + WIDE_SYMBOLS)
# Kept in the squeezed text so terms never bridge sentences or lines.
BREAKERS = "\n,!?;:，。！？；：、｡"

SCAN_ENCODING = "utf-16-le"  # what the automaton reads; matches must start on even bytes
_SEPARATOR_RUN = re.compile("[" + re.escape("".join(sorted(SEPARATORS))) + "]+")

CHINESE_DIGITS = "〇一二三四五六七八九"
# A digit in a term also matches its Chinese numeral, and the other way round.
DIGIT_FORMS = {str(d): (str(d), CHINESE_DIGITS[d]) for d in range(10)}
DIGIT_FORMS["0"] = ("0", "〇", "零")
for _d in range(10):
    DIGIT_FORMS[CHINESE_DIGITS[_d]] = DIGIT_FORMS[str(_d)]
DIGIT_FORMS["零"] = DIGIT_FORMS["0"]

_LOOKALIKES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i",
    "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ɡ": "g",
    "А": "a", "В": "b", "Е": "e", "Ё": "e", "К": "k", "М": "m", "Н": "h", "О": "o",
    "Р": "p", "С": "c", "Т": "t", "Х": "x", "Ү": "y", "Ѕ": "s", "І": "i", "Ј": "j",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h",
    "Ι": "i", "Κ": "k", "Μ": "m", "Ν": "n", "Ο": "o", "Ρ": "p", "Τ": "t", "Υ": "y",
    "Χ": "x",
}  # fmt: skip
_FINANCIAL = dict(zip("壹贰叁肆伍陆柒捌玖貳參陸", "一二三四五六七八九二三六", strict=True))


def _digit_forms() -> dict[str, str]:
    table: dict[str, str] = {}
    for start, first in ((0x2460, 1), (0x2474, 1), (0x2488, 1), (0x2776, 1), (0x2780, 1)):
        for n in range(9):  # ①..⑨, ⑴..⑼, ⒈..⒐, ❶..❾, ➀..➈
            table[chr(start + n)] = str(first + n)
    table["⓪"] = "0"
    return table


def _traditional() -> dict[str, str]:
    """simplified <- traditional, one character at a time, from OpenCC's dictionaries.

    One ``convert`` call over every CJK character joined by line breaks (which stop
    OpenCC's phrase rules): about 10 ms, so no disk cache is needed.
    """
    ranges = [(0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00)]
    chars = [chr(c) for lo, hi in ranges for c in range(lo, hi)]
    joined = "\n".join(chars)
    table: dict[str, str] = {}
    for config in ("hk2s", "tw2s", "t2s"):
        converted = opencc.OpenCC(config).convert(joined).split("\n")
        if len(converted) != len(chars):
            continue
        for char, simple in zip(chars, converted, strict=True):
            if simple != char and len(simple) == 1:
                table[char] = simple
    return table


@lru_cache(maxsize=1)
def fold_table() -> dict[str, str]:
    """Every one-to-one fold."""
    table = _traditional()
    for code in range(ord("A"), ord("Z") + 1):
        table[chr(code)] = chr(code + 32)
    for code in range(0xFF10, 0xFF1A):
        table[chr(code)] = chr(code - 0xFEE0)
    for code in range(0xFF21, 0xFF3B):
        table[chr(code)] = chr(code - 0xFEE0 + 32)
    for code in range(0xFF41, 0xFF5B):
        table[chr(code)] = chr(code - 0xFEE0)
    table.update(_digit_forms())
    table.update(_LOOKALIKES)
    for char, plain in _FINANCIAL.items():
        table[char] = table.get(plain, plain)
    # squeezing folds UTF-16 code units: a fold must stay inside the Basic Multilingual Plane
    return {k: v for k, v in table.items() if ord(k) <= 0xFFFF and ord(v) <= 0xFFFF}


@lru_cache(maxsize=1)
def _foldable() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(fold_table())) + "]")


def fold(text: str) -> str:
    """Same length as ``text``; only the rare foldable characters are touched."""
    table = fold_table()
    return _foldable().sub(lambda m: table[m[0]], text)


def squeeze(folded: str) -> bytes:
    """The folded text without separators, encoded for the automaton (short texts: terms)."""
    return "".join(_SEPARATOR_RUN.split(folded)).encode(SCAN_ENCODING)


@lru_cache(maxsize=1)
def _unit_tables() -> tuple[np.ndarray, np.ndarray]:
    """The folds and the separators as tables indexed by UTF-16 code unit (192 KB: in cache)."""
    folds = np.arange(0x10000, dtype=np.uint16)
    for char, plain in fold_table().items():
        folds[ord(char)] = ord(plain)
    kept = np.ones(0x10000, dtype=bool)
    kept[[ord(char) for char in SEPARATORS]] = False
    return folds, kept


class Squeezed:
    """A whole text folded and squeezed for the automaton, with the way back to the original.

    ``data`` is what the automaton reads; ``original_spans`` turns the byte offsets of
    its matches into character offsets of the original text, all matches at once.
    Squeezing a text gives the same bytes as ``squeeze(fold(text))``.
    """

    def __init__(self, text: str) -> None:
        folds, kept = _unit_tables()
        units = np.frombuffer(text.encode(SCAN_ENCODING, "surrogatepass"), dtype=np.uint16)
        folded = folds[units]
        keep = kept[folded]
        self.data: bytes = folded[keep].tobytes()
        removed = np.flatnonzero(~keep)
        # kept units before each removed unit: kept unit k is at k + (entries <= k)
        self._kept_before_removed = removed - np.arange(len(removed))
        # a character beyond the BMP takes two units (its first is a high surrogate)
        self._astral_starts = np.flatnonzero((units >= 0xD800) & (units < 0xDC00))

    def _original_chars(self, kept_units: np.ndarray) -> np.ndarray:
        units = kept_units + np.searchsorted(self._kept_before_removed, kept_units, "right")
        return units - np.searchsorted(self._astral_starts, units, "left")

    def original_spans(self, starts: np.ndarray, ends: np.ndarray) -> tuple[list, list]:
        """Character spans in the original text of squeezed byte spans [start, end)."""
        first = self._original_chars(starts // 2)
        last = self._original_chars(ends // 2 - 1)
        return first.tolist(), (last + 1).tolist()


def fold_term(term: str) -> str:
    """A term or phrase as the automaton sees it (folded, squeezed, lower case)."""
    return squeeze(fold(term.strip())).decode(SCAN_ENCODING)


def digit_variants(term: str, limit: int = 64) -> list[str]:
    """``term`` with each digit also written as a Chinese numeral (and back)."""
    variants = [""]
    for char in term:
        forms = DIGIT_FORMS.get(char, (char,))
        if len(variants) * len(forms) > limit:
            forms = forms[:1]
        variants = [v + f for v in variants for f in forms]
    return variants


def is_latin(term: str) -> bool:
    """Latin-script terms are matched as whole words only ("sex" is not in "Essex")."""
    return term.isascii() and any(c.isalpha() for c in term)


def is_word_char(original: str, folded: str) -> bool:
    return folded.isascii() and folded.isalnum() and not ("\u3400" <= original <= "\u9fff")
