"""What a deploy does: the built site as a manifest, compared with the live one.

A manifest maps every path of the site to its SHA-256, size, Content-Type and
Cache-Control; two manifests give the objects to upload (new or changed, headers
included) and to delete. Uploads go in a safe order: assets first (images, CSS, JS, feeds,
everything a page may link), then new HTML pages, then changed HTML pages, then the
indexes that point at pages (sitemaps, robots.txt); deletions come last, after all of it
succeeded, so every page the live site links stays present throughout.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from pipeline.deploy.settings import CacheRules

# suffix -> Content-Type; text types carry charset=utf-8
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml",
    ".avif": "image/avif",
    ".webp": "image/webp",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".pdf": "application/pdf",
    ".gz": "application/gzip",
    ".zip": "application/zip",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".mp4": "video/mp4",
}
DEFAULT_TYPE = "application/octet-stream"
# a name part of 8 or more hex digits or a content hash: Material's bundles, hashed assets
_FINGERPRINT = re.compile(r"[.-][0-9a-f]{8,}(?:\.min)?\.[a-z0-9]+(?:\.map)?$")
# the indexes that lead readers and crawlers to pages: uploaded after the pages
_INDEX_NAMES = re.compile(r"(^|/)(sitemap\.xml(\.gz)?|robots\.txt)$")

ASSETS, NEW_PAGES, PAGES, INDEXES = "assets", "new pages", "pages", "indexes"
PHASES = (ASSETS, NEW_PAGES, PAGES, INDEXES)


class Entry(NamedTuple):
    """One object of a manifest (a tuple: tens of thousands are made and compared at
    each deploy)."""

    sha256: str
    size: int
    type: str
    cache: str

    def as_json(self) -> dict:
        return {"sha256": self.sha256, "size": self.size, "type": self.type, "cache": self.cache}

    @classmethod
    def from_json(cls, data: dict) -> Entry:
        return cls(str(data["sha256"]), int(data["size"]), str(data["type"]), str(data["cache"]))


_SHORT_SUFFIXES = (".html", ".htm", ".xml", ".rss", ".txt", ".gz")
_SEARCH_INDEX = "search/search_index.json"


def content_type(path: str) -> str:
    """The type of ``path``'s suffix (as ``os.path.splitext`` finds it: leading dots of the
    name are no suffix)."""
    name = path.rpartition("/")[2].lstrip(".")
    dot = name.rfind(".")
    return TYPES.get(name[dot:].lower(), DEFAULT_TYPE) if dot > 0 else DEFAULT_TYPE


def cache_control(path: str, rules: CacheRules) -> str:
    # what a reader re-reads on each visit: pages, feeds, the search index
    if (
        path.endswith(_SHORT_SUFFIXES)
        or path == _SEARCH_INDEX
        or path.endswith("/" + _SEARCH_INDEX)
    ):
        return rules.pages
    if _FINGERPRINT.search(path.rpartition("/")[2]):
        return rules.fingerprinted
    return rules.assets


def scan_site(
    site_dir: Path, rules: CacheRules, hashes: dict[str, tuple[int, str]] | None = None
) -> dict[str, Entry]:
    """Every file of the built site: path (forward slashes) -> its entry. ``hashes``: every
    file's (size, SHA-256) known already (``pipeline.deploy.stamp.site_state``)."""
    if hashes is not None:
        return {
            rel: Entry(sha, size, content_type(rel), cache_control(rel, rules))
            for rel, (size, sha) in sorted(hashes.items())
        }
    files: dict[str, Entry] = {}
    for base, dirs, names in os.walk(site_dir):
        dirs.sort()
        for name in sorted(names):
            path = Path(base) / name
            rel = path.relative_to(site_dir).as_posix()
            data = path.read_bytes()
            files[rel] = Entry(
                hashlib.sha256(data).hexdigest(),
                len(data),
                content_type(rel),
                cache_control(rel, rules),
            )
    return files


def phase_of(path: str, is_new: bool) -> str:
    if _INDEX_NAMES.search(path):
        return INDEXES
    if path.endswith((".html", ".htm")):
        return NEW_PAGES if is_new else PAGES
    return ASSETS


@dataclass
class Plan:
    """From the live manifest (``old``) to the new one (``new``)."""

    old: dict[str, Entry]
    new: dict[str, Entry]
    uploads: dict[str, list[str]] = field(default_factory=dict)  # phase -> paths
    deletes: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # live paths whose bytes change or go

    @property
    def upload_count(self) -> int:
        return sum(len(paths) for paths in self.uploads.values())

    @property
    def upload_bytes(self) -> int:
        return sum(self.new[p].size for paths in self.uploads.values() for p in paths)

    @property
    def changed(self) -> bool:
        return bool(self.upload_count or self.deletes)

    def ordered(self) -> list[tuple[str, list[str]]]:
        return [(phase, self.uploads[phase]) for phase in PHASES if self.uploads.get(phase)]


def make_plan(
    old: dict[str, Entry], new: dict[str, Entry], extra_deletes: set[str] | None = None
) -> Plan:
    """``extra_deletes``: objects an interrupted deploy uploaded that no manifest lists."""
    plan = Plan(old, new, {phase: [] for phase in PHASES})
    for path, entry in new.items():
        before = old.get(path)
        if before != entry:
            plan.uploads[phase_of(path, before is None)].append(path)
    gone = (set(old) | (extra_deletes or set())) - set(new)
    plan.deletes = sorted(gone)
    plan.replaced = sorted(
        path for path, entry in old.items() if path not in new or new[path].sha256 != entry.sha256
    )
    return plan


def changed_urls(plan: Plan, base_url: str) -> list[str]:
    """The public URLs a CDN may hold stale copies of: every changed or removed object
    (a page also under its folder's URL), new ones left out (nothing cached them)."""
    paths = sorted(
        {p for paths in plan.uploads.values() for p in paths if p in plan.old} | set(plan.deletes)
    )
    urls = []
    for path in paths:
        if path == "index.html" or path.endswith("/index.html"):
            urls.append(base_url + path.removesuffix("index.html"))
        urls.append(base_url + path)
    return urls
