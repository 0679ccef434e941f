"""Normalized copies of items, which is what the blog plugin reads.

Material's blog plugin reads each post's file itself and reads a date without an
offset as UTC. Instead of changing editors' files, each item is written to a private
folder with front matter built from the typed, validated item: the date with the site's
offset, ``authors`` as the blog expects, the slug the pipeline chose. The body is the
editor's, unchanged. ``pipeline build`` keeps the folder from one build to the next
(``.cache/pipeline/copies/``): a copy already holding the same bytes is not written again
(its modification time stays), and copies of items no longer shown are removed
(``prune_copies``).

``write_copies`` also keeps a note in the folder (``WRITTEN``): for each copy, a digest of
what it was made from (the front matter as values, the body, the YAML writer) and the
size and modification time the copy had when it was written or last found equal. A copy
whose digest and file are as noted is not made again (no YAML written, no file read); any
difference (another item, a file touched by anything else, a note that does not parse)
means the copy is made and compared byte for byte, as without the note.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

import yaml

from pipeline.content.model import Item
from pipeline.core.cachefile import write_atomic

# libyaml writes the same YAML several times faster; only the blog plugin reads these copies
_DUMPER = yaml.CSafeDumper if getattr(yaml, "__with_libyaml__", False) else yaml.SafeDumper
WRITTEN = ".written.json"  # the note of what each copy was made from (write_copies)
_NOTE_FORMAT = f"copies 1 {yaml.__version__} {_DUMPER.__name__}"


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
    return _write(folder / item.docs_path, blog_front_matter(item, timezone), item)


def _write(target: Path, front_matter: dict, item: Item) -> Path:
    front = yaml.dump(front_matter, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
    data = f"---\n{front}---\n\n{item.source.body}".encode()
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return target
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def write_copies(items: Iterable[Item], timezone, folder: Path) -> dict[str, Path]:
    """``write_copy`` for each of ``items`` (docs path -> copy), skipping the copies the
    folder's note says were made from exactly the same item and are untouched since."""
    note_path = folder / WRITTEN
    note = _read_note(note_path)
    kept: dict[str, list] = {}
    copies: dict[str, Path] = {}
    for item in items:
        front_matter = blog_front_matter(item, timezone)
        digest = hashlib.blake2b(repr(front_matter).encode(), digest_size=16)
        digest.update(b"\0" + item.source.body.encode("utf-8", "surrogatepass"))
        key = digest.hexdigest()
        target = folder / item.docs_path
        copies[item.docs_path] = target
        entry = note.get(item.docs_path)
        stat = _stat(target) if entry is not None and entry[0] == key else None
        if stat is None or [key, *stat] != entry:
            _write(target, front_matter, item)
            stat = _stat(target)
        if stat is not None:
            kept[item.docs_path] = [key, *stat]
    if kept != note:
        _write_note(note_path, kept)
    return copies


def _stat(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def _read_note(path: Path) -> dict[str, list]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != _NOTE_FORMAT:
        return {}
    copies = data.get("copies")
    return copies if isinstance(copies, dict) else {}


def _write_note(path: Path, copies: dict[str, list]) -> None:
    # not written (the disk refused): the next build compares every copy
    payload = json.dumps({"format": _NOTE_FORMAT, "copies": copies}, ensure_ascii=False)
    write_atomic(path, payload.encode("utf-8"))


def prune_copies(folder: Path, copies: dict[str, Path]) -> None:
    """Remove from ``folder`` every file that is not one of ``copies`` (items removed,
    moved or no longer shown since the folder's last build) nor the folder's note."""
    keep = {os.fspath(path) for path in copies.values()}
    keep.add(os.fspath(folder / WRITTEN))
    for parent, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            if path not in keep:
                os.unlink(path)
