"""URL slugs: pinyin for Chinese titles, so URLs stay readable ASCII."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.core.pinyin import read_pinyin

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 60
_NON_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=8192)  # a build asks for each category's slug once per post
def slugify(title: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """``"澜石科技发布 IoT 网关 2.0"`` → ``"lan-shi-ke-ji-fa-bu-iot-wang-guan-2-0"``.

    Chinese characters become toneless pinyin syllables; Latin letters and digits
    are kept (accents folded); everything else separates words. Long slugs are cut
    at a word boundary.
    """
    return slug_of(read_pinyin(title), max_length)


def slug_of(syllables: list[str], max_length: int = MAX_SLUG_LENGTH) -> str:
    """The slug of a reading (``pipeline.core.pinyin``): what ``slugify`` makes of it."""
    words: list[str] = []
    for syllable in syllables:
        folded = unicodedata.normalize("NFKD", syllable).encode("ascii", "ignore").decode()
        words.extend(w for w in _NON_WORD.split(folded.lower()) if w)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "")


def is_valid_slug(slug: str) -> bool:
    return bool(SLUG_PATTERN.match(slug)) and len(slug) <= MAX_SLUG_LENGTH
