"""Lists of the latest items, placed in a page where an editor writes a marker.

A page asks for a list with an HTML comment, which stays invisible in any
Markdown preview: ``<!-- pipeline:latest news 5 -->``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from pipeline.content.model import Item

MARKER = re.compile(r"<!--\s*pipeline:latest\s+(?P<section>[\w-]+)(?:\s+(?P<count>\d+))?\s*-->")
DEFAULT_COUNT = 5


def latest(items: Iterable[Item], section: str, count: int) -> list[Item]:
    chosen = [i for i in items if i.section == section]
    chosen.sort(key=lambda i: (i.pin, i.date), reverse=True)
    return chosen[:count]


def expand_markers(markdown: str, page_docs_path: str, items: list[Item], timezone) -> str:
    """Replace each marker with a Markdown list of links to the latest items."""

    def replace(match: re.Match) -> str:
        count = int(match.group("count") or DEFAULT_COUNT)
        base = posixpath.dirname(page_docs_path)
        lines = []
        for item in latest(items, match.group("section"), count):
            link = posixpath.relpath(item.docs_path, base or ".")
            day = item.date.astimezone(timezone).strftime("%Y-%m-%d")
            title, summary = escape_markdown(item.title), escape_markdown(item.summary)
            lines.append(f"- [{title}]({link}) <small>{day}</small>  \n  {summary}")
        return "\n".join(lines) + "\n" if lines else ""

    return MARKER.sub(replace, markdown)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|!])")


def escape_markdown(text: str) -> str:
    """Plain text from front matter, shown literally inside Markdown."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
