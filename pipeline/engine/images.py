"""Handing processed images to MkDocs in place of the originals.

MkDocs would copy every content image verbatim (GPS position included). The images are
processed before the engine starts (``pipeline.prepare``); here each content image's
File is pointed at its processed full-width fallback in the cache (same URL,
so links and the blog plugin's path rewriting keep working) and every other width and
format is added as a generated File next to it. After the blog plugin has moved post
assets, ``pictures`` maps each image's final URL to its ``Picture``.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from pathlib import Path
from urllib.parse import quote, unquote

from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from pipeline.engine import compat
from pipeline.images.html import Picture, rewrite_images
from pipeline.images.probe import is_image_path
from pipeline.images.process import Encoded
from pipeline.images.runner import Summary
from pipeline.images.settings import ImageSettings

# the file name extensions each served fallback format may keep
_SUFFIXES = {"jpg": ("jpg", "jpeg"), "png": ("png",), "gif": ("gif",), "svg": ("svg",)}


class SiteImages:
    """The images of one MkDocs build: processed, handed over, and looked up by URL."""

    def __init__(self, docs_dir: Path, settings: ImageSettings, summary: Summary) -> None:
        self.settings = settings
        self.docs_dir = docs_dir.resolve()
        self.summary = summary
        # per image: its File, the generated Files of its other outputs, what was encoded
        self._handed: list[tuple[File, list[tuple[File, str, int]], Encoded]] = []
        self._by_url: dict[str, Picture] = {}

    def hand_over(self, files: Files, config) -> None:
        """Every content image's File replaced by its processed outputs (the theme's own
        files are left as they are)."""
        images = [
            f
            for f in files.media_files()
            if f.abs_src_path
            and is_image_path(f.src_uri)
            and Path(f.abs_src_path).resolve().is_relative_to(self.docs_dir)
        ]
        self._handed = []
        # photo.jpg and photo.png would both make photo.480.webp: such images keep their
        # extension in their variants' names (photo.jpg.480.webp) so neither shows the other
        stems = Counter(posixpath.splitext(f.src_uri)[0].lower() for f in images)
        for file in images:
            result = self.summary.results.get(Path(file.abs_src_path))
            encoded = result.encoded if result else None
            if encoded is None:
                files.remove(file)  # never publish a file that could not be made safe
                continue
            stem = posixpath.splitext(file.src_uri)[0]
            shared = stems[stem.lower()] > 1
            self._replace(file, files, config, result.entry, encoded, shared)

    def _replace(
        self, file: File, files: Files, config, entry: Path, encoded: Encoded, shared: bool
    ) -> None:
        top = next(
            o for o in encoded.outputs if o.width == encoded.width and o.format == encoded.fallback
        )
        file.abs_src_path = str(entry / top.file)
        stem, suffix = posixpath.splitext(file.src_uri)
        if suffix.lower().lstrip(".") not in _SUFFIXES.get(encoded.fallback, ()):
            # HEIC, a still GIF, WebP... re-encoded as JPEG or PNG: served under a name
            # that says what the file is, so browsers and downloads get the right type
            self._rename_dest(file, f"{file.dest_uri}.{encoded.fallback}")
        if shared:
            stem = file.src_uri
        generated = []
        for output in encoded.outputs:
            if output is top:
                continue
            uri = f"{stem}.{output.width}.{output.format}"
            variant = File.generated(config, uri, abs_src_path=str(entry / output.file))
            existing = files.get_file_from_path(uri)
            if existing is not None:
                files.remove(existing)
            files.append(variant)
            generated.append((variant, output.format, output.width))
        self._handed.append((file, generated, encoded))

    @staticmethod
    def _rename_dest(file: File, dest_uri: str) -> None:
        file.dest_uri = dest_uri
        file.url = quote(dest_uri)
        file.abs_dest_path = str(Path(file.dest_dir) / dest_uri)

    def index_urls(self) -> None:
        """After every plugin has settled the URLs: final URL -> Picture."""
        self._by_url = {}
        for file, generated, encoded in self._handed:
            picture = self._picture(file, generated, encoded)
            self._by_url[unquote(file.url)] = picture
            self._by_url.setdefault(file.src_uri, picture)  # raw <img> written in the source

    def _picture(self, file: File, generated: list[tuple[File, str, int]], encoded: Encoded):
        by_format: dict[str, list[tuple[str, int]]] = {}
        for output in encoded.outputs:
            if output.width == encoded.width and output.format == encoded.fallback:
                by_format.setdefault(output.format, []).append((_href(file.url), output.width))
        for variant, fmt, width in generated:
            by_format.setdefault(fmt, []).append((_href(variant.url), width))
        order = [f for f in (*("avif", "webp"), encoded.fallback) if f in by_format]
        sources = tuple((fmt, tuple(sorted(by_format[fmt], key=lambda e: e[1]))) for fmt in order)
        return Picture(
            src=_href(file.url),
            width=encoded.width,
            height=encoded.height,
            fallback=encoded.fallback,
            sources=sources,
            sizes=self.settings.sizes,
        )

    def outputs(self) -> frozenset[str]:
        """Every file the image pipeline made for the site, by its place there."""
        return frozenset(
            uri
            for file, generated, _encoded in self._handed
            for uri in (file.dest_uri, *(variant.dest_uri for variant, _f, _w in generated))
        )

    def pictures(self) -> dict[str, Picture]:
        """Every picture by URL: what the pages' HTML is made from."""
        return dict(self._by_url)

    def lookup(self, url_path: str) -> Picture | None:
        return self._by_url.get(url_path)

    def cover(self, docs_path: str, files: Files) -> dict | None:
        """The picture of a cover image, for list pages and ``og:image`` (templates)."""
        file = compat.file_from_path(files, docs_path)
        picture = self.lookup(unquote(file.url)) if file else None
        return picture.as_dict() if picture else None

    def rewrite(self, page_html: str, page_url: str, source_uri: str | None = None) -> str:
        return rewrite_images(page_html, page_url, self.lookup, get_relative_url, source_uri)


# what would end or split a URL in src, srcset ("a b.jpg 480w, …") or og:image
_BREAKS_URL = re.compile(r"[\s%#?,\"'<>\\]")


def _href(url: str) -> str:
    """A file's URL as pages show it: Chinese names stay readable, but a space, comma, #, ?
    or % in a file name is percent-encoded so browsers fetch the right file."""
    return _BREAKS_URL.sub(lambda m: quote(m.group(0), safe=""), unquote(url))
