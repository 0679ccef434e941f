"""Normalized copies of items, which is what the blog plugin reads.

Material's blog plugin reads each post's file itself and reads a date without an
offset as UTC. Instead of changing editors' files, each item is written once per
build to a private folder with front matter built from the typed, validated
item: the date with the site's offset, ``authors`` as the blog expects, the slug
the pipeline chose. The body is the editor's, unchanged.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from pipeline.content.model import Item

# libyaml writes the same YAML several times faster; only the blog plugin reads these copies
_DUMPER = yaml.CSafeDumper if getattr(yaml, "__with_libyaml__", False) else yaml.SafeDumper


def blog_front_matter(item: Item, timezone) -> dict:
    meta: dict = {
        "title": item.title,
        "description": item.summary,
        "date": {"created": item.date.astimezone(timezone)},
        "authors": [item.author],
        "categories": list(item.categories),
        "slug": item.slug,
        "draft": item.draft,
        "pin": item.pin,
    }
    if item.tags:
        meta["tags"] = list(item.tags)
    return meta


def write_copy(item: Item, timezone, folder: Path) -> Path:
    """Write the blog's view of ``item`` under ``folder``; returns the copy's path."""
    target = folder / item.docs_path
    target.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.dump(
        blog_front_matter(item, timezone), Dumper=_DUMPER, allow_unicode=True, sort_keys=False
    )
    target.write_text(f"---\n{front}---\n\n{item.source.body}", encoding="utf-8")
    return target
