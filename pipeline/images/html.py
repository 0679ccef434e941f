"""Rendered page HTML: every content ``<img>`` becomes a responsive ``<picture>``.

The picture lists AVIF and WebP sources with every width, the fallback in the original
format as ``<img>`` with ``srcset``, ``sizes``, explicit ``width``/``height`` (no layout
shift) and ``decoding="async"``; all but the page's first image load lazily.
"""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from pipeline.images.process import MIME

_PICTURE = re.compile(r"<picture\b.*?</picture>", re.IGNORECASE | re.DOTALL)
_IMG = re.compile(r"<img\b(?P<attrs>[^>]*?)\s*/?>", re.IGNORECASE)
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_MANAGED = {"src", "srcset", "sizes", "width", "height", "loading", "decoding"}


@dataclass(frozen=True)
class Picture:
    """One processed image, with site-root-relative URLs."""

    src: str  # the fallback at full width (the original's URL)
    width: int
    height: int
    fallback: str  # format of ``src``
    sources: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # (format, ((url, width), ...))
    sizes: str

    def as_dict(self) -> dict:
        """For templates (list pages, og:image): URLs stay root-relative for their `url` filter."""
        return {
            "src": self.src,
            "width": self.width,
            "height": self.height,
            "sizes": self.sizes,
            "fallback_srcset": next((s for f, s in self.sources if f == self.fallback), ()),
            "sources": [
                {"type": MIME[fmt], "srcset": srcset}
                for fmt, srcset in self.sources
                if fmt != self.fallback
            ],
        }


def parse_attrs(text: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _ATTR.finditer(text):
        name = match.group(1).lower()
        value = next((g for g in match.groups()[1:] if g is not None), "")
        attrs.setdefault(name, html_lib.unescape(value))
    return attrs


def _attrs_html(attrs: dict[str, str | None]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is None:
            continue
        parts.append(f'{name}="{html_lib.escape(str(value), quote=True)}"')
    return " ".join(parts)


def resolve_src(src: str, page_url: str) -> str | None:
    """The site-root-relative path an ``src`` written in a page at ``page_url`` points to."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path or src.startswith("data:"):
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        joined = path.lstrip("/")
    else:
        base = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
        joined = posixpath.normpath(posixpath.join(base, path))
    return None if joined.startswith("..") else joined


# (url, page_url) -> url as written in the page at page_url: the engine's own rule
RelativeUrl = Callable[[str, str], str]


def _srcset(entries, rel: Callable[[str], str]) -> str:
    return ", ".join(f"{rel(url)} {width}w" for url, width in entries)


def picture_html(
    picture: Picture, original: dict[str, str], rel: Callable[[str], str], eager: bool
) -> str:
    width, height = picture.width, picture.height
    given = original.get("width", "")
    if given.isdigit() and 0 < int(given) < picture.width:  # the editor asked for it smaller
        width, height = int(given), max(1, round(picture.height * int(given) / picture.width))
    img = {k: v for k, v in original.items() if k not in _MANAGED}
    img["src"] = rel(picture.src)
    if picture.fallback != "svg":
        fallback = next((s for f, s in picture.sources if f == picture.fallback), ())
        if len(fallback) > 1:
            img["srcset"] = _srcset(fallback, rel)
            img["sizes"] = picture.sizes
    img["width"], img["height"] = str(width), str(height)
    img["loading"] = "eager" if eager else "lazy"
    img["decoding"] = "async"
    if eager:
        img["fetchpriority"] = "high"
    tag = f"<img {_attrs_html(img)}>"
    sources = [
        f'<source type="{MIME[fmt]}" srcset="{html_lib.escape(_srcset(entries, rel))}" '
        f'sizes="{html_lib.escape(picture.sizes)}">'
        for fmt, entries in picture.sources
        if fmt != picture.fallback
    ]
    if not sources:
        return tag
    return f"<picture>{''.join(sources)}{tag}</picture>"


def rewrite_images(
    page_html: str,
    page_url: str,
    lookup: Callable[[str], Picture | None],
    relative_url: RelativeUrl,
    source_uri: str | None = None,
) -> str:
    """Replace every ``<img>`` of a processed image; the first one of the page loads eagerly.

    MkDocs rewrites Markdown image paths but not raw HTML: an ``<img src>`` written in
    the page's source is also tried relative to the source file (``source_uri``).
    """
    source_dir = posixpath.dirname(source_uri) + "/" if source_uri else None
    seen = 0
    kept: list[str] = []

    def hold(match: re.Match) -> str:  # an editor's own <picture> is left as written
        kept.append(match.group(0))
        return f"\x00picture{len(kept) - 1}\x00"

    def replace(match: re.Match) -> str:
        nonlocal seen
        attrs = parse_attrs(match.group("attrs"))
        src = attrs.get("src", "")
        picture = None
        for base in (page_url, source_dir):
            path = resolve_src(src, base) if base is not None else None
            picture = lookup(path) if path else None
            if picture is not None:
                break
        if picture is None:
            return match.group(0)
        seen += 1
        rel = lambda url: relative_url(url, page_url)  # noqa: E731
        return picture_html(picture, attrs, rel, eager=seen == 1)

    held = _PICTURE.sub(hold, page_html)
    rewritten = _IMG.sub(replace, held)
    return re.sub(r"\x00picture(\d+)\x00", lambda m: kept[int(m.group(1))], rewritten)
