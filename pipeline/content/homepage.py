"""Lists of the latest items, placed in a page where an editor writes a marker.

A page asks for a list with an HTML comment, which stays invisible in any
Markdown preview: ``<!-- pipeline:latest news 5 -->``. Each entry shows the item's
thumbnail (made by the engine from the image pipeline, at small widths), title, date and
summary, as one HTML block the theme's news.css lays out.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable

from pipeline.content.model import Item

MARKER = re.compile(r"<!--\s*pipeline:latest\s+(?P<section>[\w-]+)(?:\s+(?P<count>\d+))?\s*-->")
DEFAULT_COUNT = 5

# an item, the URL of the page showing it and whether the picture loads at once (the page's
# first) -> the thumbnail's HTML, or None
Thumbnail = Callable[[Item, str, bool], str | None]
_IMAGE = re.compile(r"!\[|<img\b", re.IGNORECASE)


def latest(items: Iterable[Item], section: str, count: int) -> list[Item]:
    chosen = [i for i in items if i.section == section]
    chosen.sort(key=lambda i: (i.pin, i.date), reverse=True)
    return chosen[:count]


def page_url(docs_path: str) -> str:
    """A fixed page's URL (directory URLs): index.md -> "", about.md -> "about/"."""
    stem, _ = posixpath.splitext(docs_path)
    if posixpath.basename(stem) in ("index", "README"):
        parent = posixpath.dirname(stem)
        return f"{parent}/" if parent else ""
    return f"{stem}/"


def expand_markers(
    markdown: str,
    page_docs_path: str,
    items: list[Item],
    timezone,
    thumbnail: Thumbnail | None = None,
) -> str:
    """Replace each marker with a list of the latest items: thumbnail, title, date, summary."""
    here = page_url(page_docs_path)
    # the page's first picture loads at once, every later one when scrolled to
    pictured = bool(_IMAGE.search(MARKER.split(markdown, 1)[0]))

    def replace(match: re.Match) -> str:
        nonlocal pictured
        count = int(match.group("count") or DEFAULT_COUNT)
        entries = []
        for item in latest(items, match.group("section"), count):
            link = posixpath.relpath(item.url(timezone), here or ".") + "/"
            local = item.date.astimezone(timezone)
            picture = thumbnail(item, here, not pictured) if thumbnail else None
            pictured = pictured or picture is not None
            entries.append(
                '<li class="pipeline-latest__entry">'
                + (f'<span class="pipeline-latest__thumb">{picture}</span>' if picture else "")
                + '<span class="pipeline-latest__text">'
                f'<a href="{html.escape(link)}">{html.escape(item.title)}</a>'
                f'<time datetime="{local.isoformat(timespec="seconds")}">{local:%Y-%m-%d}</time>'
                f'<span class="pipeline-latest__summary">{html.escape(item.summary)}</span>'
                "</span></li>"
            )
        if not entries:
            return ""
        return f'\n<ul class="pipeline-latest">{"".join(entries)}</ul>\n'

    return MARKER.sub(replace, markdown)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|!])")


def escape_markdown(text: str) -> str:
    """Plain text from front matter, shown literally inside Markdown."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
