"""The news centre's choices about items: thumbnails, neighbours and related items.

Plain functions over loaded items; the engine hands what they choose to the theme's
list and item templates (pipeline/engine/newscentre.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from pipeline.content.model import Item
from pipeline.content.schema import resolve_docs_target
from pipeline.core.markdownscan import iter_references

RELATED_MAX = 4  # related items shown under an item
RELATED_MIN = 3  # fewer sharing a category or tag: the section's newest fill up


def body_images(item: Item) -> list[str]:
    """The docs paths of the images an item's body shows (Markdown or raw HTML), in order;
    images on other hosts are left out."""
    source = item.source
    found = []
    for ref in iter_references(source.body, source.body_first_line):
        if not ref.is_image or urlsplit(ref.target).scheme or ref.target.startswith("//"):
            continue
        # by the item's docs path, as load_site found it (string operations: resolving the
        # file's real path for each picture took 0.14 s of a 3,000-item build)
        docs_path = resolve_docs_target(item.docs_path, ref.target)
        if docs_path:
            found.append(unquote(docs_path))
    return found


def cover_path(item: Item) -> str | None:
    """The cover's docs path (front matter `cover` is normalized to one already)."""
    return item.cover.lstrip("/") if item.cover else None


def cover_in_body(item: Item) -> bool:
    """The body shows the cover image itself: the item page must not show it twice."""
    cover = cover_path(item)
    return cover is not None and cover in body_images(item)


def thumbnail_path(item: Item, default: str | None) -> str | None:
    """A list's thumbnail: the cover, else the body's first image, else the section's
    default image (site_config/site.yml `default_image`)."""
    cover = cover_path(item)
    if cover:
        return cover
    images = body_images(item)
    return images[0] if images else (default.lstrip("/") if default else None)


def in_order(items: Iterable[Item], section: str) -> list[Item]:
    """A section's items, oldest first (the order of 上一篇 / 下一篇)."""
    chosen = [i for i in items if i.section == section]
    chosen.sort(key=lambda i: (i.date, i.docs_path))
    return chosen


def neighbours(ordered: list[Item], item: Item) -> tuple[Item | None, Item | None]:
    """(the previous, older item; the next, newer item) of the same section."""
    index = next((n for n, i in enumerate(ordered) if i.docs_path == item.docs_path), None)
    if index is None:
        return None, None
    older = ordered[index - 1] if index > 0 else None
    newer = ordered[index + 1] if index + 1 < len(ordered) else None
    return older, newer


def newest_first(items: Iterable[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.date, i.docs_path), reverse=True)


def related(newest: list[Item], item: Item, count: int = RELATED_MAX) -> list[Item]:
    """Items sharing a category or a tag with ``item`` (``newest``: every shown item,
    newest first), never ``item`` itself; a tag links items across sections, a category
    within its section. When fewer than RELATED_MIN share one, the section's newest items
    fill up."""
    categories, tags = set(item.categories), set(item.tags)
    chosen: list[Item] = []
    for other in newest:
        if len(chosen) == count:
            break
        if other.docs_path == item.docs_path:
            continue
        same_section = other.section == item.section
        if (same_section and categories & set(other.categories)) or tags & set(other.tags):
            chosen.append(other)
    if len(chosen) < RELATED_MIN:
        taken = {i.docs_path for i in chosen} | {item.docs_path}
        for other in newest:
            if len(chosen) == RELATED_MIN:
                break
            if other.section == item.section and other.docs_path not in taken:
                chosen.append(other)
    return chosen
