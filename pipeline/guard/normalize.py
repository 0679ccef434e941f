"""Folding text so that evasions and variant forms compare equal, at C speed.

Matching runs on a *squeezed* copy of the text: characters folded one-to-one
(traditional -> simplified Chinese, full-width -> half-width, upper -> lower case,
look-alike Cyrillic and Greek letters -> Latin, every digit form -> the ASCII digit,
NFKC where it gives one character: enclosed letters, Kangxi radicals; mathematical and
enclosed letters beyond the BMP through a table of their own), then separators (spaces,
symbols, zero-width and other invisible characters, variation selectors, tag characters,
combining marks, emoji, and a 、 next to a single character) removed, as UTF-16 code
units (two bytes for a Chinese character where UTF-8 takes three: the automaton has a
third less to read).

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
import unicodedata
from functools import lru_cache

import opencc

from pipeline.core.lazyimport import lazy_module

# loaded when a text is first squeezed: reading the settings (every command does) needs
# none of it, and numpy takes a tenth of a second to import
np = lazy_module("numpy")

GUARD_VERSION = "3"

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
# Marks that change nothing a reader takes as a letter: combining accents, variation
# selectors (an emoji's U+FE0F), and pictographs and shapes (emoji between characters).
# The dingbat digits (❶, ➀, ➊) inside these ranges are number forms, folded instead.
_DROPPED_RANGES = (
    (0x0300, 0x0370), (0x1AB0, 0x1B00), (0x1DC0, 0x1E00), (0x20D0, 0x2100),
    (0xFE00, 0xFE10), (0xFE20, 0xFE30),
    (0x2190, 0x2200), (0x2300, 0x2400), (0x2500, 0x2776), (0x2794, 0x2800),
    (0x2B00, 0x2C00), (0x3030, 0x3031), (0x303D, 0x303E),
)  # fmt: skip
_CIRCLE_ZEROS = "○◯"  # shapes written as the zero of 二○二六: folded like 〇, not dropped
DROPPED = "".join(
    chr(c) for lo, hi in _DROPPED_RANGES for c in range(lo, hi) if chr(c) not in _CIRCLE_ZEROS
)
SEPARATORS = frozenset(ASCII_SEPARATORS + INVISIBLE + WIDE_SYMBOLS + DROPPED)
# Kept in the squeezed text so terms never bridge sentences or lines.
BREAKERS = "\n,!?;:，。！？；：、｡"
# 、 between single characters (五、星、红、旗) is an evasion, not a list: see Squeezed.
ENUMERATION_COMMA = "、"

SCAN_ENCODING = "utf-16-le"  # what the automaton reads; matches must start on even bytes

CHINESE_DIGITS = "〇一二三四五六七八九"
# Every way of writing a digit folds to the ASCII digit, so 第一, 第1, 第①, 第壹 compare equal.
_NUMERALS = {**{d: str(n) for n, d in enumerate(CHINESE_DIGITS)}, "零": "0"}
_FINANCIAL = dict(zip("壹贰叁肆伍陆柒捌玖貳參陸", "123456789236", strict=True))

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
# CJK radicals that NFKC leaves alone (text copied from PDFs carries them): their characters.
_RADICALS = dict(zip(
    "⺠⺝⺼⺮⻊⻝⺰⻅⻆⻈⻉⻋⻐⻓⻔⻙⻚⻛⻜⻠⻢⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
    "民月月竹足食纟见角讠贝车钅长门韦页风飞饣马鱼鸟卤麦黄黾齐齿龙龟",
    strict=True,
))  # fmt: skip


def _number_forms() -> dict[str, str]:
    """Digits NFKC does not fold: negative and sans-serif circled ones."""
    table: dict[str, str] = {"⓪": "0", "⓿": "0", **dict.fromkeys(_CIRCLE_ZEROS, "0")}
    for start in (0x2776, 0x2780, 0x278A, 0x24F5):  # ❶.., ➀.., ➊.., ⓵..
        for n in range(9):
            table[chr(start + n)] = str(1 + n)
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


_NOT_FOLDED = SEPARATORS | frozenset(BREAKERS)  # a separator or breaker stays what it is
_UNIFIED = ((0x3400, 0x4DC0), (0x4E00, 0xA000))  # CJK unified ideographs: word characters


def _compatibility(char: str) -> str | None:
    """The one character NFKC (or, for an accented letter, NFD) makes of ``char``, brackets,
    dots and accents left out: ⒦ -> k, ⑸ -> 5, ⒋ -> 4, ㈤ -> 五, ⽚ -> 片, 𝐅 -> F, é -> e.
    None when that is not one character (ﬁ, ⑩): a fold must keep one unit for one unit."""
    for form in ("NFKC", "NFD"):
        decomposed = unicodedata.normalize(form, char)
        if decomposed == char:
            continue
        kept = [
            c
            for c in decomposed
            if c not in _NOT_FOLDED and not unicodedata.combining(c) and c not in DROPPED
        ]
        if len(kept) == 1 and kept[0] != char:
            return kept[0]
    return None


def _settle(char: str, base: dict[str, str]) -> str:
    """Folds applied until nothing changes (𝛂 -> α -> a; 貳 -> 贰 -> 2; Ｆ -> F -> f)."""
    for _ in range(4):
        step = base.get(char)
        if step is None:
            lower = char.lower()
            step = lower if len(lower) == 1 else char
        if step == char:
            break
        char = step
    return char


@lru_cache(maxsize=1)
def _base_folds() -> dict[str, str]:
    base = _traditional()
    base.update(_LOOKALIKES)
    base.update(_RADICALS)
    base.update(_number_forms())
    base.update(_NUMERALS)
    base.update(_FINANCIAL)
    return base


@lru_cache(maxsize=1)
def fold_table() -> dict[str, str]:
    """Every one-to-one fold of a character of the Basic Multilingual Plane (squeezing folds
    UTF-16 code units, so a fold must stay inside it)."""
    base = _base_folds()
    table: dict[str, str] = {}
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        if char in _NOT_FOLDED:
            continue
        first = base.get(char)
        if first is None and unicodedata.decomposition(char):  # most have none: skip NFKC
            first = _compatibility(char)
        if first is None and char.lower() == char:
            continue
        folded = _settle(first or char, base)
        if folded != char and ord(folded) <= 0xFFFF:
            table[char] = folded
    return table


@lru_cache(maxsize=1)
def astral_folds() -> dict[int, str]:
    """Characters beyond the BMP: mathematical and enclosed letters folded to one BMP
    character; emoji, tag characters (U+E0020..) and variation selectors (U+E0100..) to ""
    (dropped). Anything else (CJK extensions) stays as it is."""
    base = _base_folds()
    table: dict[int, str] = {}
    for code in range(0x1D400, 0x1D800):  # 𝐀, 𝒂, 𝟏 ...
        single = _compatibility(chr(code))
        if single is not None:
            table[code] = _settle(single, base)
    for code in range(0x1F000, 0x1FB00):  # enclosed letters, emoji, pictographs
        single = _compatibility(chr(code))
        if 0x1F150 <= code < 0x1F16A or 0x1F170 <= code < 0x1F18A:  # 🅐, 🅰: no NFKC form
            single = chr(ord("a") + (code - 0x1F150) % 0x20)
        table[code] = _settle(single, base) if single else ""
    for code in range(0xE0000, 0xE1000):
        table[code] = ""
    return {c: v for c, v in table.items() if not v or ord(v) <= 0xFFFF}


@lru_cache(maxsize=1)
def _foldable() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(fold_table())) + "]")


def fold(text: str) -> str:
    """Same length as ``text``; only the rare foldable characters are touched."""
    table = fold_table()
    return _foldable().sub(lambda m: table[m[0]], text)


@lru_cache(maxsize=1)
def _unit_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The folds, the separators and the word characters as tables indexed by UTF-16 code
    unit (in cache), and the astral folds as sorted code points with their BMP unit (0: drop)."""
    folds = np.arange(0x10000, dtype=np.uint16)
    for char, plain in fold_table().items():
        folds[ord(char)] = ord(plain)
    kept = np.ones(0x10000, dtype=bool)
    kept[[ord(char) for char in SEPARATORS]] = False
    kept[0] = False  # what a dropped astral character is folded to
    word = np.zeros(0x10000, dtype=bool)
    for lo, hi in (*_UNIFIED, (ord("0"), ord("9") + 1), (ord("a"), ord("z") + 1)):
        word[lo:hi] = True
    astral = astral_folds()
    codes = np.array(sorted(astral), dtype=np.int64)
    units = np.array([ord(astral[c]) if astral[c] else 0 for c in sorted(astral)], np.uint16)
    return folds, kept, word, codes, units


class Squeezed:
    """A whole text folded and squeezed for the automaton, with the way back to the original.

    ``data`` is what the automaton reads; ``original_spans`` turns the byte offsets of
    its matches into character offsets of the original text, all matches at once.
    ``dropped``: character spans of the text left out too (a Markdown link's address
    between the two halves of a term).
    """

    def __init__(self, text: str, dropped: list[tuple[int, int]] | tuple = ()) -> None:
        folds, kept, word, astral_codes, astral_units = _unit_tables()
        units = np.frombuffer(text.encode(SCAN_ENCODING, "surrogatepass"), dtype=np.uint16)
        folded = folds[units]
        # a character beyond the BMP takes two units (its first is a high surrogate)
        self._astral_starts = np.flatnonzero((units >= 0xD800) & (units < 0xDC00))
        lows: np.ndarray = self._astral_starts[:0]
        if len(self._astral_starts):
            pairs = self._astral_starts[self._astral_starts + 1 < len(units)]
            second = units[pairs + 1].astype(np.int64)
            pairs = pairs[(second >= 0xDC00) & (second < 0xE000)]
            codes = (
                ((units[pairs].astype(np.int64) - 0xD800) << 10)
                + (units[pairs + 1].astype(np.int64) - 0xDC00)
                + 0x10000
            )
            at = np.minimum(np.searchsorted(astral_codes, codes), len(astral_codes) - 1)
            known = astral_codes[at] == codes
            folded[pairs[known]] = astral_units[at[known]]  # one unit for the pair (0: none)
            lows = pairs[known] + 1
        keep = kept[folded]
        keep[lows] = False
        commas = np.flatnonzero(folded == ord(ENUMERATION_COMMA))
        if len(commas):
            keep[commas[_between_single_characters(folded, commas, word)]] = False
        if dropped:
            astral_chars = self._astral_starts - np.arange(len(self._astral_starts))
            for start, end in dropped:
                first, last = np.searchsorted(astral_chars, (start, end), "left")
                keep[start + first : end + last] = False
        self.data: bytes = folded[keep].tobytes()
        removed = np.flatnonzero(~keep)
        # kept units before each removed unit: kept unit k is at k + (entries <= k)
        self._kept_before_removed = removed - np.arange(len(removed))

    def _original_chars(self, kept_units: np.ndarray) -> np.ndarray:
        units = kept_units + np.searchsorted(self._kept_before_removed, kept_units, "right")
        return units - np.searchsorted(self._astral_starts, units, "left")

    def original_spans(self, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Character spans in the original text of squeezed byte spans [start, end)."""
        first = self._original_chars(starts // 2)
        last = self._original_chars(ends // 2 - 1)
        return first, last + 1


def _between_single_characters(folded: np.ndarray, commas: np.ndarray, word) -> np.ndarray:
    """Which 、 stand next to a single character (五、星、红、旗, 为内、部、资、料): those are
    dropped. Between words of a list (机密性、完整性) a 、 stays and keeps them apart."""

    def is_word(positions: np.ndarray) -> np.ndarray:
        inside = (positions >= 0) & (positions < len(folded))
        result = np.zeros(len(positions), dtype=bool)
        result[inside] = word[folded[positions[inside]]]
        return result

    left_single = is_word(commas - 1) & ~is_word(commas - 2)
    right_single = is_word(commas + 1) & ~is_word(commas + 2)
    return left_single | right_single


def fold_term(term: str) -> str:
    """A term or phrase as the automaton sees it (folded, squeezed, lower case): the same
    characters ``Squeezed`` keeps of it."""
    table = fold_table()
    astral = astral_folds()
    kept = []
    for char in term.strip():
        if ord(char) > 0xFFFF:
            char = astral.get(ord(char), char)
            if not char:
                continue
        char = table.get(char, char)
        if char not in SEPARATORS and char != "\0":
            kept.append(char)
    return "".join(kept)


def is_latin(term: str) -> bool:
    """Latin-script terms are matched as whole words only ("sex" is not in "Essex")."""
    return term.isascii() and any(c.isalpha() for c in term)


def is_word_char(original: str, folded: str) -> bool:
    return folded.isascii() and folded.isalnum() and not ("\u3400" <= original <= "\u9fff")
