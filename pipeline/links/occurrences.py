"""Every place that links a bad target, found with linkchecker's own HTML link parser.

linkchecker checks each distinct URL once and logs it with the first page it met it on;
the same broken link on other pages is not logged again. The pages are read again here
(only those whose text mentions the target) so that every page is named.
"""

from __future__ import annotations

import html
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from linkcheck.htmlutil import htmlsoup, linkparse


@dataclass(frozen=True)
class Occurrence:
    page: str  # site-relative URL path of the page ("news/", "about/")
    written: str  # the link as written in the HTML
    line: int | None  # in the built HTML
    column: int | None


def normalized(url: str) -> str:
    """A URL as compared here: unquoted, no default index.html (linkchecker quotes what it
    checks, pages may not)."""
    parts = urllib.parse.urlsplit(url)
    path = urllib.parse.unquote(parts.path)
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    query = urllib.parse.unquote_plus(parts.query)
    fragment = urllib.parse.unquote(parts.fragment)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc.lower(), path, query, fragment))


def clues(url: str) -> set[bytes]:
    """Text any page that links ``url`` must contain in one of its spellings: the fragment,
    else the last part of the path, else the host."""
    parts = urllib.parse.urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    word = urllib.parse.unquote(parts.fragment or (segments[-1] if segments else parts.netloc))
    spellings = {word, html.escape(word), urllib.parse.quote(word)}
    return {s.encode("utf-8") for s in spellings if s}


def find_occurrences(
    targets: set[str],
    pages: list[str],
    site_dir: Path,
    root_url: str,
    loose: set[str] = frozenset(),
) -> dict[str, list[Occurrence]]:
    """For each target URL (absolute, as linkchecker checked it), every link to it on ``pages``
    (site-relative URL paths, served at ``root_url``). Links to a ``loose`` target match it
    whatever their fragment (external pages are checked without their anchors)."""
    wanted = {normalized(t): t for t in targets}
    wanted_loose = {normalized(t): t for t in loose}
    texts = set().union(*(clues(t) for t in targets | loose))
    found: dict[str, list[Occurrence]] = {t: [] for t in targets | loose}
    for page in pages:
        path = site_dir / (page + "index.html" if page.endswith("/") or not page else page)
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if not any(text in data for text in texts):
            continue
        page_url = root_url + page

        def seen(url, line=None, column=None, name=None, base=None, page=page, page_url=page_url):
            if not url:
                return
            absolute = urllib.parse.urljoin(urllib.parse.urljoin(page_url, base or ""), url)
            target = wanted.get(normalized(absolute))
            if target is None and wanted_loose:
                target = wanted_loose.get(normalized(urllib.parse.urldefrag(absolute)[0]))
            if target is not None:
                found[target].append(Occurrence(page, url, line, column))

        soup = htmlsoup.make_soup(data)
        linkparse.find_links(soup, seen, linkparse.LinkTags)
    return found
