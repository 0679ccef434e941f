"""Checks across the whole site: unique slugs and URLs, references that resolve.

Checks take loaded items and return findings; they never read configuration or
print. Later checks (content guard, images, SEO) follow the same shape.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import unquote, urlsplit

from pipeline.ci.roles import check_roles
from pipeline.content import MARKDOWN_SUFFIXES, Invalid, Item, Page, Site
from pipeline.findings import Finding, Findings, error, warning
from pipeline.guard import scan_site
from pipeline.markdownscan import INLINE_LINK, prose_lines
from pipeline.newitem import PLACEHOLDERS
from pipeline.schema import IMAGE_SUFFIXES, resolve_docs_path
from pipeline.settings import did_you_mean


def run_checks(site: Site, now: datetime) -> Findings:
    """Every content check that exists, over the loaded site."""
    findings = Findings(site.findings)
    findings.extend(check_unique_slugs(site))
    findings.extend(check_unique_urls(site))
    findings.extend(check_references(site, now))
    findings.extend(check_placeholders(site))
    findings.extend(check_latest_markers(site))
    findings.extend(check_images(site))
    findings.extend(scan_site(site))  # the content guard
    findings.extend(check_roles(site.config))  # A/B roles and .github/CODEOWNERS
    findings.extend(check_seo(site))  # search engines: keywords, summaries, pictures, headings
    return findings


def check_seo(site: Site) -> Iterator[Finding]:
    from pipeline.seo.findings import check_seo as seo_findings  # it imports this module

    return seo_findings(site)


def check_images(site: Site) -> Iterator[Finding]:
    from pipeline.images.checks import check_images as image_findings  # it imports this module

    return image_findings(site)


def check_latest_markers(site: Site) -> Iterator[Finding]:
    """A latest-items marker must name a section, or the list silently stays empty."""
    from pipeline.homepage import MARKER

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


def check_placeholders(site: Site) -> Iterator[Finding]:
    """Template text from `pipeline new` left in an item that is no longer a draft."""

    def is_placeholder(kind: str, text: str | None) -> bool:
        return bool(text) and any(p in text for p in PLACEHOLDERS[kind].values())

    for item in site.items:
        if item.draft:
            continue
        meta = item.source.meta
        source = item.source_ref
        checks = [
            ("summary", is_placeholder("summary", item.summary), meta.line_of("summary")),
            (
                "source",
                source is not None
                and (
                    is_placeholder("source_name", source.name)
                    or source.url in PLACEHOLDERS["source_url"].values()
                ),
                meta.line_of("source"),
            ),
        ]
        for key, found, line in checks:
            if found:
                yield error(item.rel_path, line, "schema/placeholder", key=key)
        if is_placeholder("body", item.source.body):
            offset = next(
                i
                for i, text in enumerate(item.source.body.split("\n"))
                if is_placeholder("body", text)
            )
            yield error(
                item.rel_path,
                item.source.body_first_line + offset,
                "schema/placeholder",
                key="body",
            )


def check_unique_slugs(site: Site) -> Iterator[Finding]:
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


def check_unique_urls(site: Site) -> Iterator[Finding]:
    by_url: dict[str, list[Item | Page]] = defaultdict(list)
    for item in site.items:
        by_url[item.url(site.config.timezone)].append(item)
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


@dataclass(frozen=True)
class Reference:
    """A link or image target written in a Markdown body."""

    target: str
    line: int
    column: int
    is_image: bool


_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<target>[^\s>]+)>?")
_HTML_ATTR = re.compile(
    r"<(?P<tag>img|a|source)\b[^>]*?\b(?P<attr>src|href|srcset)\s*=\s*(?P<q>[\"'])(?P<target>.*?)(?P=q)",
    re.IGNORECASE,
)


def iter_references(body: str, first_line: int) -> Iterator[Reference]:
    """Links and images in Markdown or inline HTML, outside code and comments, with positions."""
    for number, line in prose_lines(body, first_line):
        for match in INLINE_LINK.finditer(line):
            group = "angle" if match.group("angle") is not None else "target"
            target = match.group(group)
            if target:
                yield Reference(target, number, match.start(group) + 1, bool(match.group("bang")))
        definition = _DEFINITION.match(line)
        if definition:
            yield Reference(
                definition.group("target"), number, definition.start("target") + 1, False
            )
        for match in _HTML_ATTR.finditer(line):
            is_image = match.group("tag").lower() in ("img", "source")
            target = (
                match.group("target").strip().split()[0] if match.group("target").strip() else ""
            )
            if target:
                yield Reference(target, number, match.start("target") + 1, is_image)


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
        source = owner.source
        for ref in iter_references(source.body, source.body_first_line):
            if not _is_local(ref.target):
                continue
            yield from _check_reference(site, owner, ref, items, markdown_paths, published, now)


def _check_reference(
    site: Site,
    owner: Item | Page | Invalid,
    ref: Reference,
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
    # split off #anchor and ?query before decoding: %23 is a "#" in the file's name
    docs_path = resolve_docs_path(owner.source.path, site.docs_dir, ref.target)
    docs_path = None if docs_path is None else unquote(docs_path)
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


def relative_link(from_docs_path: str, to_docs_path: str) -> str:
    """The link to write in ``from_docs_path`` to reach ``to_docs_path`` (both docs-relative)."""
    start = posixpath.dirname(from_docs_path) or "."
    return posixpath.relpath(to_docs_path, start)


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
