"""SEO warnings: what the work standards ask of an item for search engines.

Titles carry a keyword, the body is about its keywords, the summary is a usable
description, titles are unique, text comes with pictures, and headings form an
outline. All are warnings: they inform reviewers and never block publishing.
Chinese has no word boundaries, so a keyword "appears" where it occurs as a
substring, ignoring case and full-width forms (ＬＳ－Ｇ５００ is LS-G500).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime

from pipeline.content.model import Item, Page, Site
from pipeline.core.findings import Finding, error, warning
from pipeline.core.markdownscan import Body, blank_comments, iter_references, prose_lines, read_body
from pipeline.core.personal import mask_personal_numbers
from pipeline.seo.settings import SeoSettings

_HEADING = re.compile(r"^ {0,3}(?P<marks>#{1,6})(?:[ \t]+|$)")
# Python-Markdown's setext underline: only "=" or only "-", from the first column
_SETEXT = re.compile(r"^(?:=+|-+) *$")
_HTML_IMG = re.compile(r"<img\b", re.IGNORECASE)


def check_seo(site: Site, now: datetime) -> Iterator[Finding]:
    settings: SeoSettings = site.config.seo or SeoSettings()
    yield from check_configured_images(site, settings)
    if not settings.warnings:
        return
    memo = site.memo
    for item in site.items:
        # what depends on the item's own text alone is kept while the text is the same
        text = item.source.text
        yield from memo.get(
            ("seo.keywords", item.rel_path, text), lambda item=item: tuple(check_keywords(item))
        )
        yield from check_summary_length(item, settings)
        yield from memo.get(
            ("seo.no-image", item.rel_path, text, bool(item.cover)),
            lambda item=item: tuple(_check_has_image(item, site.body(item))),
        )
        yield from check_updated(item)
    yield from check_duplicate_titles(site.items)
    for owner in [*site.items, *site.pages]:
        source = owner.source
        key = ("seo.headings", owner.rel_path, source.body, source.body_first_line)
        yield from site.memo.get(
            key, lambda owner=owner: tuple(_heading_levels(owner, site.body(owner).lines))
        )


def check_configured_images(site: Site, settings: SeoSettings) -> Iterator[Finding]:
    """seo.yml names images under content/, which is known only with the site's layout."""
    for docs_path, line in settings.image_lines:
        if docs_path not in site.assets:
            yield error(settings.file, line, "seo/image-missing", image=docs_path)


def _comparable(text: str) -> str:
    """Editors type full-width letters and digits with a Chinese input method."""
    return unicodedata.normalize("NFKC", text).casefold()


def _visible_body(body: str) -> str:
    """The body without HTML comments: a keyword only readers never see does not count."""
    lines, in_comment = [], False
    for line in body.split("\n"):
        line, in_comment = blank_comments(line, in_comment)
        lines.append(line)
    return "\n".join(lines)


def _keyword_line(meta, index: int, keyword: str) -> int | None:
    """The line of the keyword as written: the schema drops blank and repeated entries,
    so the normalized index may not be the index in the file."""
    raw = meta.values.get("keywords")
    if isinstance(raw, list):
        for position, entry in enumerate(raw):
            if " ".join(str(entry).split()) == keyword:
                return meta.line_of_item("keywords", position)
    return meta.line_of_item("keywords", index)


def check_keywords(item: Item) -> Iterator[Finding]:
    if not item.keywords:
        return
    meta = item.source.meta
    # a list: joined in the reader's language; masked as findings mask text parameters
    listed = tuple(mask_personal_numbers(k) for k in item.keywords)
    keywords = [_comparable(k) for k in item.keywords]
    title = _comparable(item.title)
    if not any(k in title for k in keywords):
        yield warning(
            item.rel_path, meta.line_of("title"), "seo/title-keywords", key="title", keywords=listed
        )
    body = _comparable(_visible_body(item.source.body))
    for index, keyword in enumerate(item.keywords):
        if keywords[index] not in body:
            yield warning(
                item.rel_path,
                _keyword_line(meta, index, keyword),
                "seo/keyword-not-in-body",
                key="keywords",
                keyword=keyword,
            )


def check_summary_length(item: Item, settings: SeoSettings) -> Iterator[Finding]:
    """Only the recommended range: the schema's own limits are errors already."""
    length = len(item.summary)
    bounds = settings.summary
    rule = None
    if length < bounds.min:
        rule = "seo/summary-short"
    elif length > bounds.max:
        rule = "seo/summary-long"
    if rule:
        line = item.source.meta.line_of("summary")
        yield warning(
            item.rel_path, line, rule, key="summary", length=length, min=bounds.min, max=bounds.max
        )


def body_images(body: str, first_line: int) -> list[str]:
    """Image targets written in a body (Markdown or raw HTML), in order."""
    return [ref.target for ref in iter_references(body, first_line) if ref.is_image]


def check_has_image(item: Item) -> Iterator[Finding]:
    source = item.source
    return _check_has_image(item, read_body(source.body, source.body_first_line))


def _check_has_image(item: Item, body: Body) -> Iterator[Finding]:
    source = item.source
    if item.cover or any(ref.is_image for ref in body.references):
        return
    if any(_HTML_IMG.search(line) for _, line in body.lines if "<" in line):
        return  # an <img> whose src the reference scan could not read is still a picture
    yield warning(item.rel_path, source.front_matter_last_line, "seo/no-image", key="cover")


def check_updated(item: Item) -> Iterator[Finding]:
    """A change before the item existed would make search engines' dateModified nonsense."""
    if item.updated is not None and item.updated < item.date:
        line = item.source.meta.line_of("updated")
        yield warning(item.rel_path, line, "seo/updated-before-date", key="updated")


def check_duplicate_titles(items: list[Item]) -> Iterator[Finding]:
    by_title: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_title[item.title.casefold()].append(item)
    for same in by_title.values():
        if len(same) < 2:
            continue
        for item in same:
            others = ", ".join(o.rel_path for o in same if o is not item)
            line = item.source.meta.line_of("title")
            yield warning(item.rel_path, line, "seo/duplicate-title", key="title", others=others)


def check_heading_levels(owner: Item | Page) -> Iterator[Finding]:
    """An outline never skips a level: ## then #### leaves readers and crawlers guessing.
    The title is the page's h1, so an item's body starts at level 1 too."""
    source = owner.source
    return _heading_levels(owner, prose_lines(source.body, source.body_first_line))


def _heading_levels(owner: Item | Page, lines: Iterable[tuple[int, str]]) -> Iterator[Finding]:
    previous = 1
    for number, column, level, text in _headings(lines):
        if level > previous + 1:
            yield warning(
                owner.rel_path,
                number,
                "seo/heading-skip",
                column=column,
                span=text,
                level=level,
                previous=previous,
                expected="#" * (previous + 1),
            )
        previous = level


def _headings(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, int, int, str]]:
    """(line, column, level, text) of each heading as Python-Markdown renders it: "## 标题",
    and the setext form, a block's first line underlined with "===" (1) or "---" (2)."""
    last_number, last_line, last_starts_block = None, "", False
    starts_block = True
    for number, line in lines:
        if last_number != number - 1:  # after fenced code: a new block
            starts_block, last_line = True, ""
        atx = _HEADING.match(line)
        underline = (
            not atx
            and _SETEXT.match(line)
            and last_line.strip()
            and last_starts_block
            and not last_line.startswith("    ")
            and not _HEADING.match(last_line)
        )
        if atx:
            yield number, atx.start("marks") + 1, len(atx.group("marks")), line.strip()
        elif underline:
            indent = len(last_line) - len(last_line.lstrip())
            yield number - 1, indent + 1, 1 if line.startswith("=") else 2, last_line.strip()
        last_number, last_line, last_starts_block = number, line, starts_block
        # what follows a blank line or a heading starts a new block
        starts_block = not line.strip() or bool(atx) or bool(underline)


CHECKS = (check_seo,)
