"""Loading content/: every Markdown file becomes a typed Item or Page, or findings.

Every file is read and judged even when others fail, so an editor sees all the
problems of a run at once (as Pelican collects per-file errors).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from pipeline.config.site import Section, SiteConfig
from pipeline.content.layout import Layout
from pipeline.content.memo import Memo
from pipeline.content.schema import (
    HOME_PAGE,
    HOME_SCHEMA,
    ITEM_SCHEMA,
    PAGE_SCHEMA,
    Context,
    SourceRef,
    check_item_dates,
    validate,
)
from pipeline.core.findings import Finding, Findings, error
from pipeline.core.markdownscan import Body, read_body
from pipeline.core.slugs import slugify
from pipeline.core.sourcefile import (
    DecodeError,
    LimitError,
    MarkdownSource,
    SourceLimits,
    YamlMapping,
    YamlSyntaxError,
    check_file_size,
    check_limits,
    decode_text,
    parse_front_matter,
    read_markdown,
    split_front_matter,
)

MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class Item:
    """A dated post of a section (公司新闻 or 行业资讯)."""

    source: MarkdownSource
    docs_path: str
    section: str
    title: str
    summary: str
    date: datetime
    author: str
    categories: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    cover: str | None = None
    slug: str = ""
    draft: bool = False
    pin: bool = False
    publish: datetime | None = None
    expire: datetime | None = None
    updated: datetime | None = None  # last real change (sitemap, dateModified); default: date
    source_ref: SourceRef | None = None
    allow_terms: tuple[tuple[str, str], ...] = ()  # content-guard exceptions: (term, reason)

    @property
    def rel_path(self) -> str:
        return self.source.rel_path

    @property
    def goes_live(self) -> datetime:
        """When the item appears on the public site: ``publish`` if set, else ``date``."""
        return self.publish or self.date

    def url(self, timezone) -> str:
        """The post's URL path, as the blog plugin builds it: section/yyyy/MM/dd/slug/."""
        local = self.date.astimezone(timezone)
        return f"{self.section}/{local:%Y/%m/%d}/{self.slug}/"

    def visibility(self, now: datetime) -> str:
        """'published', or why not: 'draft', 'scheduled' or 'expired'."""
        if self.draft:
            return "draft"
        if self.goes_live > now:
            return "scheduled"
        if self.expire is not None and self.expire <= now:
            return "expired"
        return "published"


@dataclass(frozen=True)
class Page:
    """A fixed page (home, about, contact, section index pages)."""

    source: MarkdownSource
    docs_path: str
    title: str
    summary: str
    keywords: tuple[str, ...] = ()
    hide: tuple[str, ...] = ()
    allow_terms: tuple[tuple[str, str], ...] = ()  # content-guard exceptions: (term, reason)
    # the home page's layout (pipeline/engine/theme/home.html): its template, banner, cards
    template: str | None = None
    banner: dict | None = None
    highlights: tuple[dict, ...] = ()

    @property
    def rel_path(self) -> str:
        return self.source.rel_path

    @property
    def url(self) -> str:
        path = PurePosixPath(self.docs_path)
        if path.stem in ("index", "README"):
            parent = path.parent.as_posix()
            return "" if parent == "." else f"{parent}/"
        return f"{path.with_suffix('').as_posix()}/"


@dataclass(frozen=True)
class Invalid:
    """A file that was read but did not validate: its body is still checked for references,
    so an editor sees every problem of the file in one run."""

    source: MarkdownSource
    docs_path: str

    @property
    def rel_path(self) -> str:
        return self.source.rel_path


@dataclass
class Site:
    """Everything loaded from content/ and site_config/."""

    config: SiteConfig
    layout: Layout
    items: list[Item] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    assets: set[str] = field(default_factory=set)  # docs-relative paths of other files
    failed: set[str] = field(default_factory=set)  # docs-relative paths that did not load
    invalid: list[Invalid] = field(default_factory=list)  # the failed ones that could be read
    # docs-relative paths MkDocs would reach through a symlink: never published
    through_links: set[str] = field(default_factory=set)
    findings: Findings = field(default_factory=Findings)
    # per-file work of the checks, done once (pipeline.content.memo)
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)

    @property
    def docs_dir(self) -> Path:
        return self.layout.docs_dir

    def item_by_docs_path(self) -> dict[str, Item]:
        return {item.docs_path: item for item in self.items}

    def page_by_docs_path(self) -> dict[str, Page]:
        return {page.docs_path: page for page in self.pages}

    def body(self, owner: Item | Page | Invalid) -> Body:
        """The owner's body read once as prose, with its links and images, for every check."""
        source = owner.source
        return self.memo.get(
            ("body", source.body, source.body_first_line),
            lambda: read_body(source.body, source.body_first_line),
        )


# how many files below one symlinked folder are listed for leaving out (MkDocs itself
# walks the whole target; past this many the build is blocked by the finding anyway)
MAX_LINKED_FILES = 20_000


def walk_content(docs_dir: Path) -> tuple[list[Path], list[Path]]:
    """Every regular file and every symlink under docs_dir, without following any link.

    Hidden files and folders are walked (a hidden link is still a link) but their files
    are not returned: MkDocs leaves them out.
    """
    files: list[Path] = []
    links: list[Path] = []
    folders = [docs_dir]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    links.append(path)
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(path)
                elif entry.is_file(follow_symlinks=False):
                    rel = path.relative_to(docs_dir)
                    if not any(part.startswith(".") for part in rel.parts):
                        files.append(path)
            except OSError:
                continue
    return sorted(files), sorted(links)


def iter_content_files(docs_dir: Path) -> list[Path]:
    """Files MkDocs would see: hidden files and folders are left out, as MkDocs does;
    nothing is reached through a symlink."""
    return walk_content(docs_dir)[0]


def walk_docs(docs_dir: Path) -> tuple[list[str], list[Path]]:
    """``walk_content`` with string operations: its files as docs paths (relative to
    docs_dir, forward slashes), in the same order, and its links."""
    root = os.fspath(docs_dir)
    files: list[str] = []
    links: list[Path] = []
    folders = [(root, "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            docs_path = prefix + entry.name
            try:
                if entry.is_symlink():
                    links.append(Path(entry.path))
                elif entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, docs_path + "/"))
                elif entry.is_file(follow_symlinks=False) and not _hidden(docs_path):
                    files.append(docs_path)
            except OSError:
                continue
    # the order of sorted Paths: part by part
    files.sort(key=lambda docs_path: docs_path.split("/"))
    return files, sorted(links)


def linked_docs_paths(docs_dir: Path, link: Path) -> set[str]:
    """The docs paths MkDocs would see through one symlink: the link itself and, for a
    folder, every file below it as MkDocs' walk (following links) would list it.

    Bounded: each real folder is walked once and at most MAX_LINKED_FILES paths listed.
    """
    found = {link.relative_to(docs_dir).as_posix()}
    try:
        if not link.is_dir():
            return found
    except OSError:
        return found
    seen: set[str] = set()
    folders = [link]
    while folders and len(found) < MAX_LINKED_FILES:
        folder = folders.pop()
        try:
            real = os.path.realpath(folder)
            if real in seen:
                continue
            seen.add(real)
            entries = list(os.scandir(folder))
        except (OSError, RuntimeError):
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                folders.append(path)
            else:
                found.add(path.relative_to(docs_dir).as_posix())
    return found


def _symlink_finding(config: SiteConfig, docs_dir: Path, link: Path) -> Finding:
    try:
        target = os.readlink(link)
    except OSError:
        target = "?"
    shown = f"{config.rel(docs_dir)}/{link.relative_to(docs_dir).as_posix()}"
    return error(shown, None, "content/symlink", target=target)


def _hidden(docs_path: str) -> bool:
    """A part of the path starts with a dot: MkDocs leaves the file out."""
    return docs_path.startswith(".") or "/." in docs_path


def load_site(config: SiteConfig, layout: Layout, memo: Memo | None = None) -> Site:
    """Every file under the docs folder, loaded. With ``memo`` (the check's, which may hold
    the last check's values from disk), the parsing of an unchanged file's front matter and
    its limits check are found again by the file's text; the site keeps that memo."""
    files, links = walk_docs(layout.docs_dir)

    def load(docs_path: str, rel: str) -> Loaded:
        path = layout.docs_dir / docs_path
        return load_markdown(path, docs_path, config, layout, rel=rel, memo=memo)

    site = assemble_site(config, layout, files, links, load)
    if memo is not None:
        site.memo = memo
    return site


# what load_markdown returns: the file loaded (or why not) and its findings
Loaded = tuple[Item | Page | Invalid | None, list[Finding]]


def is_markdown(docs_path: str) -> bool:
    """A Markdown file by its name (Path.suffix's reading, for a file that is not hidden)."""
    return docs_path.lower().endswith(MARKDOWN_SUFFIXES)


def assemble_site(
    config: SiteConfig,
    layout: Layout,
    files: list[str],
    links: list[Path],
    load: Callable[[str, str], Loaded],
) -> Site:
    """The site of ``walk_docs``'s files and links, each Markdown file as ``load`` gives it
    from its docs path and shown path (``load_markdown``, or a long-lived process's result
    of an unchanged file)."""
    site = Site(config=config, layout=layout)
    for link in links:
        site.findings.add(_symlink_finding(config, layout.docs_dir, link))
        site.through_links |= linked_docs_paths(layout.docs_dir, link)
    shown = shown_paths(config, layout.docs_dir)
    for docs_path in files:
        if not is_markdown(docs_path):
            site.assets.add(docs_path)
            continue
        loaded, findings = load(docs_path, shown(docs_path))
        add_loaded(site, docs_path, loaded, findings)
    return site


def add_loaded(
    site: Site, docs_path: str, loaded: Item | Page | Invalid | None, findings: list[Finding]
) -> None:
    """One Markdown file's result of ``load_markdown``, added to the site."""
    site.findings.extend(findings)
    if isinstance(loaded, Item):
        site.items.append(loaded)
    elif isinstance(loaded, Page):
        site.pages.append(loaded)
    else:
        site.failed.add(docs_path)
        if loaded is not None:
            site.invalid.append(loaded)


def shown_paths(config: SiteConfig, docs_dir: Path) -> Callable[[str], str]:
    """``config.rel`` of a file below docs_dir reached without a symlink (as walk_content
    finds them), from its docs path: the folder is resolved once, not every file."""
    base = config.rel(docs_dir)
    if base == ".":
        return lambda docs_path: docs_path
    return lambda docs_path: f"{base}/{docs_path}"


def load_markdown(
    path: Path,
    docs_path: str,
    config: SiteConfig,
    layout: Layout,
    rel: str | None = None,
    memo: Memo | None = None,
) -> tuple[Item | Page | Invalid | None, list[Finding]]:
    """Read and validate one Markdown file.

    Returns the Item or Page, or with the findings: Invalid when the file was read but
    does not validate, None when it could not even be read. ``rel``: the file as people
    see it, when the caller knows it (else ``config.rel(path)``). ``memo``: see
    ``read_markdown_memo``.
    """
    rel = config.rel(path) if rel is None else rel
    try:
        if memo is None:
            source = read_markdown(path, rel, config.source_limits)
        else:
            source = read_markdown_memo(path, rel, config.source_limits, memo)
    except (DecodeError, LimitError) as exc:
        return None, [exc.finding]
    except YamlSyntaxError as exc:
        return None, [*exc.slips, error(rel, exc.line, exc.rule, problem=exc.problem)]
    loaded, findings = _judge(source, docs_path, config, layout, memo)
    if source.slips:
        # read with its slips repaired in memory: every other problem shows too, but the
        # file fails until the editor fixes them
        return Invalid(source, docs_path), [*source.slips, *findings]
    return loaded, findings


def read_markdown_memo(path: Path, rel: str, limits: SourceLimits, memo: Memo) -> MarkdownSource:
    """``read_markdown``, step for step, with its two costly steps kept in ``memo`` by
    what they are computed from: the limits check of the text (kept only when it passed;
    a file past a limit raises every time) and the parsing of the front matter."""
    check_file_size(path.stat().st_size, limits, rel)
    text = decode_text(path.read_bytes(), rel)
    memo.get(("source.limits", rel, text, limits), lambda: check_limits(text, limits, rel) or 1)
    front, front_line, body, body_line, closing_line = split_front_matter(text)
    if front is None:
        return MarkdownSource(path, rel, text, YamlMapping({}), text, False, 1)
    meta, slips = memo.get(
        ("source.front-matter", rel, front, front_line),
        lambda: parse_front_matter(front, front_line, rel),
    )
    return MarkdownSource(path, rel, text, meta, body, True, body_line, closing_line, slips)


def _default_slug(title: str, memo: Memo | None) -> str:
    """The title's pinyin, kept in the memo (which a fresh check reads from disk): a check
    whose titles were read before does not load pypinyin, a third of a second of every
    `pipeline check` (the editors' pre-commit hook) and build."""
    if memo is None:
        return slugify(title)
    return memo.get(("item.default-slug", title), lambda: slugify(title))


def _judge(
    source: MarkdownSource,
    docs_path: str,
    config: SiteConfig,
    layout: Layout,
    memo: Memo | None = None,
) -> tuple[Item | Page | Invalid, list[Finding]]:
    """Validate a file that was read."""
    rel = source.rel_path
    section_name = layout.section_of(docs_path)
    if not source.has_front_matter:
        rule = "schema/no-front-matter-item" if section_name else "schema/no-front-matter"
        return Invalid(source, docs_path), [error(rel, 1, rule)]

    if section_name is None:
        ctx = Context(config=config, source=source, docs_dir=layout.docs_dir, docs_path=docs_path)
        result = validate(HOME_SCHEMA if docs_path == HOME_PAGE else PAGE_SCHEMA, ctx)
        if not result.ok:
            return Invalid(source, docs_path), result.findings
        return Page(source=source, docs_path=docs_path, **result.values), result.findings

    section: Section = config.sections[section_name]
    ctx = Context(
        config=config,
        source=source,
        docs_dir=layout.docs_dir,
        section=section,
        docs_path=docs_path,
    )
    result = validate(ITEM_SCHEMA, ctx)
    if result.ok:
        result.findings.extend(check_item_dates(result.values, ctx))
    values = dict(result.values)
    if result.ok and "slug" not in values:
        values["slug"] = _default_slug(values["title"], memo)
        if not values["slug"]:
            line = source.meta.line_of("title")
            result.findings.append(error(rel, line, "schema/slug-needed", key="slug"))
    if not result.ok:
        return Invalid(source, docs_path), result.findings
    values["source_ref"] = values.pop("source", None)
    item = Item(source=source, docs_path=docs_path, section=section_name, **values)
    return item, result.findings
