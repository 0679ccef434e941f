"""Image findings: alt text, images nothing references, and files that cannot be served.

A missing image is already ``ref/missing-image`` (Markdown) or ``schema/image-missing``
(cover); these checks look at the images that do exist and at how they are written.
Probing uses the image cache: an image already processed (or already found bad) is
not decoded again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

from pipeline.config.base import did_you_mean
from pipeline.content.checks import resolved_references
from pipeline.content.model import Invalid, Item, Page, Site, shown_paths
from pipeline.content.schema import resolve_docs_target
from pipeline.core.findings import Finding, error, warning
from pipeline.core.markdownscan import INLINE_LINK
from pipeline.images import cache
from pipeline.images.html import parse_attrs
from pipeline.images.probe import Facts, is_image_path, probe
from pipeline.images.problem import Problem
from pipeline.images.settings import ImageSettings

_IMG_TAG = re.compile(r"<img\b(?P<attrs>[^>]*)>", re.IGNORECASE)
_WARN_ONLY = {"images/oversized"}


def check_images(site: Site, now: datetime) -> Iterator[Finding]:
    settings: ImageSettings = site.config.images or ImageSettings()
    yield from check_alt_text(site)
    images = sorted(p for p in site.assets if is_image_path(p))
    if settings.unreferenced == "warning":
        referenced = referenced_images(site)
        broken = [p for p in referenced if p not in site.assets]
        for docs_path in images:
            if docs_path not in referenced and not _meant_by(docs_path, broken):
                yield warning(_rel(site, docs_path), None, "images/unreferenced", image=docs_path)
    yield from check_files(site, images, settings)


def check_alt_text(site: Site) -> Iterator[Finding]:
    """Every image in a body needs a text alternative: screen readers and search engines."""
    for owner in [*site.items, *site.pages, *site.invalid]:
        source = owner.source
        # the body is read as prose only when the memo does not know the answer
        missing = site.memo.get(
            ("images.missing-alt", source.body, source.body_first_line),
            lambda owner=owner: tuple(_images_without_alt(site.body(owner).lines)),
        )
        for line, column, target in missing:
            yield error(
                owner.rel_path,
                line,
                "images/missing-alt",
                column=column,
                span=target,
                target=target,
            )


def _images_without_alt(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, int, str]]:
    for number, line in lines:
        if "[" in line:
            for match in INLINE_LINK.finditer(line):
                if match.group("bang") and not match.group("text").strip():
                    target = match.group("angle") or match.group("target") or ""
                    yield number, match.start() + 1, target
        if "<" not in line:
            continue
        for match in _IMG_TAG.finditer(line):
            attrs = parse_attrs(match.group("attrs"))
            if not attrs.get("alt", "").strip() and attrs.get("role") != "presentation":
                yield number, match.start() + 1, attrs.get("src", "")


def _meant_by(docs_path: str, broken: list[str]) -> bool:
    """A misspelt reference already has its finding, which suggests this image: one is enough."""
    folder, _, name = docs_path.rpartition("/")
    names = [b.rpartition("/")[2] for b in broken if b.rpartition("/")[0] == folder]
    return did_you_mean(name, names) is not None


def referenced_images(site: Site) -> set[str]:
    """Docs paths of images something points at (bodies, covers, authors' avatars), whether
    they exist or not."""
    found: set[str] = set()
    for owner in [*site.items, *site.pages, *site.invalid]:
        found.update(_referenced_by(site, owner))
    found.update(author.avatar.lstrip("/") for author in site.config.authors.values())
    # the brand's logo and favicon (brand.yml), the share images (seo.yml), the home page's
    # banner and cards (front matter, read as written)
    brand = site.config.brand
    if brand is not None:
        found.update((brand.logo, brand.favicon))
    if site.config.seo is not None:
        found.update(docs_path for docs_path, _ in site.config.seo.image_lines)
    # the sections' default list thumbnails (site.yml `default_image`), when they exist
    defaults = (s.default_image for s in site.config.sections.values())
    found.update(d for d in defaults if d and d in site.assets)
    for page in [*site.pages, *site.invalid]:
        for target in _home_images(page.source.meta.values):
            docs_path = resolve_docs_target(page.docs_path, target)
            if docs_path:
                found.add(docs_path)
    return found


def _referenced_by(site: Site, owner: Item | Page | Invalid) -> frozenset[str]:
    """What one file's body and cover point at (read as written: the item may not validate)."""
    source = owner.source

    def compute() -> frozenset[str]:
        found: set[str] = set()
        # URLs: anchor and query split off before decoding (%23 is a "#" in a file's name)
        for _ref, docs_path in resolved_references(site, owner):
            if docs_path:
                found.add(unquote(docs_path))
        cover = source.meta.values.get("cover")
        if isinstance(cover, str) and cover.strip():
            docs_path = resolve_docs_target(owner.docs_path, cover.strip())
            if docs_path:
                found.add(docs_path)
        return frozenset(found)

    return site.memo.get(("images.referenced", owner.docs_path, source.text), compute)


def _home_images(meta: dict) -> list[str]:
    cards = meta.get("highlights")
    entries = [meta.get("banner"), *(cards if isinstance(cards, list) else [])]
    images = [entry.get("image") for entry in entries if isinstance(entry, dict)]
    return [image.strip() for image in images if isinstance(image, str) and image.strip()]


def check_files(site: Site, images: list[str], settings: ImageSettings) -> Iterator[Finding]:
    root = cache.cache_root(site.config.root)
    fingerprint = settings.fingerprint()
    shown = shown_paths(site.config, site.docs_dir)
    docs_dir = os.fspath(site.docs_dir)
    indexes: list[cache.DigestIndex] = []  # read when an image is not in the memo

    def index() -> cache.DigestIndex:
        if not indexes:
            indexes.append(cache.DigestIndex(root))
        return indexes[0]

    for docs_path in images:

        def compute(docs_path: str = docs_path) -> Facts | Problem:
            return _facts(site.docs_dir / docs_path, index(), fingerprint, root, settings)

        try:
            stat = os.stat(os.path.join(docs_dir, docs_path))
        except OSError:
            facts = compute()
        else:
            # what the digest index trusts: an image of the same size and time is the same
            key = ("images.facts", docs_path, stat.st_size, stat.st_mtime_ns, fingerprint)
            facts = site.memo.get(key, compute)
        rel = shown(docs_path)
        if isinstance(facts, Problem):
            report = warning if facts.rule in _WARN_ONLY else error
            yield report(rel, None, facts.rule, image=docs_path, **facts.params)
            continue
        yield from _oversized(rel, docs_path, facts, settings)
    for digests in indexes:
        digests.save()


def _facts(path: Path, index, fingerprint: str, root: Path, settings) -> Facts | Problem:
    key = cache.entry_key(index.digest(path), fingerprint)
    known = cache.read_entry(root, key)
    if isinstance(known, Problem):
        return known
    if known is not None:
        return cache.facts_of(known, path.stat().st_size)
    return probe(path, settings)


def _oversized(rel: str, docs_path: str, facts: Facts, settings) -> Iterator[Finding]:
    megabytes = facts.bytes / 1_000_000
    megapixels = facts.width * facts.height / 1_000_000
    if megabytes > settings.warn_megabytes or megapixels > settings.warn_megapixels:
        yield warning(
            rel,
            None,
            "images/oversized",
            image=docs_path,
            megabytes=f"{megabytes:.1f}",
            megapixels=f"{megapixels:.0f}",
            size=f"{facts.width}×{facts.height}",
            max_width=settings.max_width,
        )


def _rel(site: Site, docs_path: str) -> str:
    return site.config.rel(site.docs_dir / docs_path)


CHECKS = (check_images,)
