"""URL slugs: pinyin for Chinese titles, so URLs stay readable ASCII."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.core.lazyimport import lazy_module

# a third of a second to import (its dictionaries): commands that never make a slug
# (deploy, history, the up-to-date build) do not pay it
pypinyin = lazy_module("pypinyin")

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
    syllables = pypinyin.lazy_pinyin(
        title, style=pypinyin.Style.NORMAL, errors=lambda chunk: [chunk]
    )
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
