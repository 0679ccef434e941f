"""Links to an anchor on the same page (``href="#part"``), checked with one scan per page.

linkchecker checks an anchor by fetching and parsing the page again for every distinct
anchor linked (its cache key keeps the fragment), and MkDocs pages link their own headings
two or three times over (table of contents, permalinks): that tripled the whole-site check.
So the local server blanks those attributes out of the HTML it hands linkchecker (with
spaces, so lines and columns stay put), and this module checks them against the page's
own ``id``/``name`` attributes. Links between pages, anchored or not, stay linkchecker's.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from dataclasses import dataclass

_SAME_PAGE = re.compile(rb"""\bhref\s*=\s*(["'])#([^"'<>]*)\1""")
_TARGET = re.compile(rb"""\b(?:id|name)\s*=\s*(["'])([^"'<>]*)\1""")


def blank_same_page_links(data: bytes) -> bytes:
    return _SAME_PAGE.sub(lambda match: b" " * len(match.group(0)), data)


def _fragment(raw: bytes) -> str:
    return urllib.parse.unquote(html.unescape(raw.decode("utf-8", "replace")))


@dataclass(frozen=True)
class MissingAnchor:
    page: str  # URL path of the page
    anchor: str
    written: str  # the href as written
    line: int
    column: int


def missing_same_page_anchors(page: str, data: bytes) -> list[MissingAnchor]:
    targets = {_fragment(match.group(2)) for match in _TARGET.finditer(data)}
    missing = []
    for match in _SAME_PAGE.finditer(data):
        anchor = _fragment(match.group(2))
        if not anchor or anchor in targets or anchor == "top":  # "#top": the page's start
            continue
        start = match.start(2) - 1  # the "#"
        line = data.count(b"\n", 0, start) + 1
        line_start = data.rfind(b"\n", 0, start) + 1
        column = len(data[line_start:start].decode("utf-8", "replace")) + 1
        written = data[start : match.end(2)].decode("utf-8", "replace")
        missing.append(MissingAnchor(page, anchor, html.unescape(written), line, column))
    return missing
