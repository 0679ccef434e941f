"""Markdown conversions kept from one build to the next.

MkDocs converts every page's Markdown on every build, although a page converts to the
same HTML as long as its Markdown, its place and the site's files are unchanged (links
are resolved against those files). ``Page.render`` is looked up through this cache:
the key holds the page's final Markdown (after every plugin's ``on_page_markdown``), its
source path and URL, the URL of every file of the site, ``mkdocs.yml`` and the versions
of MkDocs, Python-Markdown, PyMdown Extensions and Material. A page whose conversion
logged anything (a link MkDocs could not resolve, say) is never kept, so its messages
appear on every build.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from importlib.metadata import version
from pathlib import Path

from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.toc import get_toc

from pipeline.engine import compat

CACHE_DIR = Path(".cache") / "pipeline" / "markdown"
FORMAT = "1"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record) -> None:
        self.count += 1


class MarkdownCache:
    """One build's view of the cache: where it lives and what the site's files are."""

    def __init__(self, root: Path, config, files) -> None:
        self.folder = root / CACHE_DIR
        digest = hashlib.sha256(FORMAT.encode())
        for package in ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material"):
            digest.update(f"{package}={version(package)};".encode())
        digest.update(Path(config.config_file_path).read_bytes())
        digest.update(repr(config.use_directory_urls).encode())
        for file in sorted(files, key=lambda f: f.src_uri):
            digest.update(
                f"{file.src_uri}\0{file.dest_uri}\0{file.url}\0{file.inclusion.name}\n".encode()
            )
        self.site_key = digest.hexdigest()
        self.used: set[str] = set()
        self.hits = 0

    def key(self, page) -> str:
        digest = hashlib.sha256(self.site_key.encode())
        # what MkDocs logs depends on the level: a quiet build must not hide a verbose one's
        digest.update(str(mkdocs_pages.log.getEffectiveLevel()).encode())
        file = page.file
        digest.update(f"{file.src_uri}\0{file.dest_uri}\0{file.url}\0".encode())
        digest.update(page.markdown.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def load(self, page, key: str, files) -> bool:
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        links = {}
        for src_uri, anchors in (entry.get("links_to_anchors") or {}).items():
            target = files.get_file_from_path(src_uri)
            if target is None:
                return False
            links[target] = anchors
        page.content = entry["content"]
        page.toc = get_toc(entry["toc_tokens"])
        compat.set_title_from_render(page, entry["title"])
        page.present_anchor_ids = set(entry["present_anchor_ids"])
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = links
        self.used.add(key)
        self.hits += 1
        return True

    def save(self, page, key: str, toc_tokens) -> None:
        entry = {
            "content": page.content,
            "toc_tokens": toc_tokens,
            "title": compat.title_from_render(page),
            "present_anchor_ids": sorted(page.present_anchor_ids or ()),
            "links_to_anchors": {
                target.src_uri: anchors for target, anchors in (page.links_to_anchors or {}).items()
            },
        }
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(entry, out, ensure_ascii=False)
            os.replace(temp, path)
        except (OSError, TypeError, ValueError):
            return  # a cache that cannot be written is simply not used
        self.used.add(key)

    def render(self, original, page, config, files) -> None:
        """``Page.render`` through the cache (``compat.page_render`` routes it here)."""
        if page.markdown is None:
            return original(page, config, files)
        key = self.key(page)
        if self.load(page, key, files):
            return None
        collect = _Collect()
        mkdocs_pages.log.addHandler(collect)
        try:
            original(page, config, files)
        finally:
            mkdocs_pages.log.removeHandler(collect)
        if collect.count == 0:
            self.save(page, key, toc_tokens(page.toc))
        return None

    def prune(self) -> None:
        """Keep what this build used: the cache follows the site and does not grow forever."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)


def toc_tokens(toc) -> list[dict]:
    """A table of contents as the tokens ``get_toc`` makes it from."""
    return [
        {"level": i.level, "id": i.id, "name": i.title, "children": toc_tokens(i.children)}
        for i in toc or ()
    ]
