"""Checks across the whole site: unique slugs and URLs, references that resolve.

A check takes the loaded site and the moment it is published for, and yields findings;
it never reads configuration files or prints. Every stage declares its checks the same
way, as a ``CHECKS`` tuple in its own ``checks`` module; ``pipeline.stages`` runs them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from urllib.parse import unquote, urlsplit

from pipeline.config.base import did_you_mean
from pipeline.content.homepage import MARKER
from pipeline.content.model import MARKDOWN_SUFFIXES, Invalid, Item, Page, Site
from pipeline.content.newitem import PLACEHOLDERS
from pipeline.content.schema import IMAGE_SUFFIXES, resolve_docs_target
from pipeline.core.findings import Finding, error, warning
from pipeline.core.markdownscan import Reference, relative_link

SiteCheck = Callable[[Site, datetime], Iterable[Finding]]


def check_latest_markers(site: Site, now: datetime) -> Iterator[Finding]:
    """A latest-items marker must name a section, or the list silently stays empty."""
    sections = list(site.config.sections)
    for page in site.pages:
        for offset, line in enumerate(page.source.body.split("\n")):
            for match in MARKER.finditer(line):
                name = match.group("section")
                if name not in sections:
                    yield error(
                        page.rel_path,
                        page.source.body_first_line + offset,
                        "page/unknown-section",
                        column=match.start("section") + 1,
                        span=name,
                        value=name,
                        suggestion=did_you_mean(name, sections) or "",
                        known=", ".join(sections),
                    )


def check_placeholders(site: Site, now: datetime) -> Iterator[Finding]:
    """Template text from `pipeline new` left in an item that is no longer a draft."""
    for item in site.items:
        if item.draft:
            continue
        # the item's own text alone decides: kept while it is the same
        key = ("content.placeholders", item.rel_path, item.source.text)
        yield from site.memo.get(key, lambda item=item: tuple(_placeholders(item)))


def _is_placeholder(kind: str, text: str | None) -> bool:
    return bool(text) and any(p in text for p in PLACEHOLDERS[kind].values())


def _placeholders(item: Item) -> Iterator[Finding]:
    meta = item.source.meta
    source = item.source_ref
    checks = [
        ("summary", _is_placeholder("summary", item.summary), meta.line_of("summary")),
        (
            "source",
            source is not None
            and (
                _is_placeholder("source_name", source.name)
                or source.url in PLACEHOLDERS["source_url"].values()
            ),
            meta.line_of("source"),
        ),
    ]
    for key, found, line in checks:
        if found:
            yield error(item.rel_path, line, "schema/placeholder", key=key)
    if _is_placeholder("body", item.source.body):
        offset = next(
            i
            for i, text in enumerate(item.source.body.split("\n"))
            if _is_placeholder("body", text)
        )
        yield error(
            item.rel_path,
            item.source.body_first_line + offset,
            "schema/placeholder",
            key="body",
        )


def check_unique_slugs(site: Site, now: datetime) -> Iterator[Finding]:
    by_slug: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for item in site.items:
        by_slug[(item.section, item.slug)].append(item)
    for (section, slug), items in sorted(by_slug.items()):
        if len(items) < 2:
            continue
        for item in items:
            others = ", ".join(o.rel_path for o in items if o is not item)
            meta = item.source.meta
            line = meta.line_of("slug") or meta.line_of("title")
            derived = "slug" not in meta.values
            yield error(
                item.rel_path,
                line,
                "slug/duplicate",
                key="slug",
                slug=slug,
                section=section,
                others=others,
                derived=derived,
            )


def check_unique_urls(site: Site, now: datetime) -> Iterator[Finding]:
    by_url: dict[str, list[Item | Page]] = defaultdict(list)
    timezone = site.config.timezone
    for item in site.items:
        key = ("content.url", item.section, item.date, item.slug, timezone)
        by_url[site.memo.get(key, lambda item=item: item.url(timezone))].append(item)
    for page in site.pages:
        by_url[page.url].append(page)
    for url, owners in sorted(by_url.items()):
        if len(owners) < 2 or _only_same_slug_items(owners):
            continue  # same-slug items are already reported as duplicate slugs
        for owner in owners:
            others = ", ".join(o.rel_path for o in owners if o is not owner)
            line = owner.source.meta.line_of("slug") or owner.source.meta.line_of("title")
            yield error(owner.rel_path, line, "url/duplicate", url=f"/{url}", others=others)


def _only_same_slug_items(owners: list[Item | Page]) -> bool:
    return (
        all(isinstance(o, Item) for o in owners) and len({(o.section, o.slug) for o in owners}) == 1
    )


def _is_local(target: str) -> bool:
    parts = urlsplit(target)
    return not (parts.scheme or parts.netloc or target.startswith("#"))


def check_references(site: Site, now: datetime) -> Iterator[Finding]:
    items = site.item_by_docs_path()
    markdown_paths = set(items) | set(site.page_by_docs_path()) | site.failed
    for owner in [*site.items, *site.pages, *site.invalid]:
        if isinstance(owner, Item):
            published = owner.visibility(now) == "published"
        else:
            published = isinstance(owner, Page)
        for ref, docs_path in local_references(site, owner):
            yield from _check_reference(
                site, owner, ref, docs_path, items, markdown_paths, published, now
            )


def resolved_references(site: Site, owner: Item | Page | Invalid) -> tuple:
    """Every link and image of the owner's body with the docs path it points at (None:
    outside content/), read as written: anchor and query split off, not decoded."""
    key = ("resolved-references", owner.docs_path, owner.source.body, owner.source.body_first_line)
    return site.memo.get(
        key,
        lambda: tuple(
            (ref, resolve_docs_target(owner.docs_path, ref.target))
            for ref in site.body(owner).references
        ),
    )


def local_references(site: Site, owner: Item | Page | Invalid) -> tuple:
    """The owner's links and images into content/, with the docs path each points at
    (decoded: %23 is a "#" in the file's name; None: outside content/)."""
    key = ("local-references", owner.docs_path, owner.source.body, owner.source.body_first_line)
    return site.memo.get(
        key,
        lambda: tuple(
            (ref, None if docs_path is None else unquote(docs_path))
            for ref, docs_path in resolved_references(site, owner)
            if _is_local(ref.target)
        ),
    )


def _check_reference(
    site: Site,
    owner: Item | Page | Invalid,
    ref: Reference,
    docs_path: str | None,
    items: dict[str, Item],
    markdown_paths: set[str],
    owner_published: bool,
    now: datetime,
) -> Iterator[Finding]:
    rel = owner.rel_path
    where = {"column": ref.column, "span": ref.target, "target": ref.target}
    if ref.target.startswith("/"):
        yield warning(rel, ref.line, "ref/absolute-link", **where)
        return
    if docs_path is None:
        yield error(rel, ref.line, "ref/outside-content", **where)
        return
    lower = docs_path.lower()
    if lower.endswith(MARKDOWN_SUFFIXES):
        if docs_path not in markdown_paths:
            suggestion = _nearby(site, owner, docs_path)
            yield error(rel, ref.line, "ref/missing-page", suggestion=suggestion, **where)
            return
        target_item = items.get(docs_path)
        if owner_published and target_item is not None:
            state = target_item.visibility(now)
            if state != "published":
                yield error(rel, ref.line, "ref/unpublished-target", state=state, **where)
        return
    if docs_path in site.assets:
        return
    if ref.is_image or lower.endswith(IMAGE_SUFFIXES):
        suggestion = _nearby(site, owner, docs_path)
        yield error(rel, ref.line, "ref/missing-image", suggestion=suggestion, **where)
        return
    as_page = _page_for_directory_link(docs_path, markdown_paths)
    if as_page:
        suggestion = relative_link(owner.docs_path, as_page)
        # an error, not a warning: MkDocs' strict build fails on such links
        yield error(rel, ref.line, "ref/link-to-url", suggestion=suggestion, **where)
        return
    suggestion = _nearby(site, owner, docs_path)
    yield error(rel, ref.line, "ref/missing-file", suggestion=suggestion, **where)


def _page_for_directory_link(docs_path: str, markdown_paths: set[str]) -> str | None:
    base = docs_path.rstrip("/")
    candidates = (f"{base}.md", f"{base}/index.md") if base else ("index.md",)
    for candidate in candidates:
        if candidate in markdown_paths:
            return candidate
    return None


def _nearby(site: Site, owner: Item | Page | Invalid, docs_path: str) -> str:
    """A similar file next to the missing one, as a link written in ``owner``."""
    folder, _, name = docs_path.rpartition("/")
    siblings = [
        p.rpartition("/")[2]
        for p in [
            *site.assets,
            *(i.docs_path for i in site.items),
            *(p.docs_path for p in site.pages),
        ]
        if p.rpartition("/")[0] == folder and p != owner.docs_path
    ]
    match = did_you_mean(name, siblings)
    if not match:
        return ""
    return relative_link(owner.docs_path, f"{folder}/{match}" if folder else match)


# files the build writes itself: an editor's file of the same name would replace them
GENERATED_FILES = (
    "robots.txt",
    "sitemap.xml",
    "sitemap.xml.gz",
    "404.html",
    "search/search_index.json",
)
GENERATED_IN_SECTIONS = ("rss.xml", "sitemap.xml", "sitemap.xml.gz")  # per section
GENERATED_FOLDERS = ("search/", "assets/javascripts/", "assets/stylesheets/")  # theme, search


def check_reserved_names(site: Site, now: datetime) -> Iterator[Finding]:
    """Editors' files cannot replace what the build generates (robots.txt, sitemaps,
    feeds, the search index, the error page, the theme's scripts and styles)."""
    reserved = set(GENERATED_FILES)
    for posts in site.layout.posts_dirs.values():
        section_dir = posts.rstrip("/").rsplit("/", 1)[0] if "/" in posts.rstrip("/") else ""
        for name in GENERATED_IN_SECTIONS:
            reserved.add(f"{section_dir}/{name}" if section_dir else name)
    for name in site.config.sections:
        for generated in GENERATED_IN_SECTIONS:
            reserved.add(f"{name}/{generated}")
    paths = {*site.assets, *site.failed, *(o.docs_path for o in (*site.items, *site.pages))}
    for docs_path in sorted(paths):
        lowered = docs_path.lower()
        if lowered in reserved or lowered.startswith(GENERATED_FOLDERS):
            shown = site.config.rel(site.docs_dir / docs_path)
            yield error(shown, None, "content/reserved-name", name=docs_path)


CHECKS: tuple[SiteCheck, ...] = (
    check_unique_slugs,
    check_unique_urls,
    check_references,
    check_placeholders,
    check_latest_markers,
    check_reserved_names,
)
