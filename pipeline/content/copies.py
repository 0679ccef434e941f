"""Normalized copies of items, which is what the blog plugin reads.

Material's blog plugin reads each post's file itself and reads a date without an
offset as UTC. Instead of changing editors' files, each item is written to a private
folder with front matter built from the typed, validated item: the date with the site's
offset, ``authors`` as the blog expects, the slug the pipeline chose. The body is the
editor's, unchanged. ``pipeline build`` keeps the folder from one build to the next
(``.cache/pipeline/copies/``): a copy already holding the same bytes is not written again,
and copies of items no longer shown are removed (``prune_copies``).
"""

from __future__ import annotations

import os
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
    """Write the blog's view of ``item`` under ``folder`` (unless the copy there already
    holds exactly that); returns the copy's path."""
    target = folder / item.docs_path
    front = yaml.dump(
        blog_front_matter(item, timezone), Dumper=_DUMPER, allow_unicode=True, sort_keys=False
    )
    data = f"---\n{front}---\n\n{item.source.body}".encode()
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return target
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def prune_copies(folder: Path, copies: dict[str, Path]) -> None:
    """Remove from ``folder`` every file that is not one of ``copies`` (items removed,
    moved or no longer shown since the folder's last build)."""
    keep = {os.fspath(path) for path in copies.values()}
    for parent, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            if path not in keep:
                os.unlink(path)
