"""Every private name of MkDocs and Material that the pipeline touches, and the versions
they were tested with.

MkDocs 1.x is unmaintained and Material's maintenance ends on 2027-05-05, so the build
must stay correct on whatever the lock file installs next. The speed-ups
(``pipeline.engine.speedups``) lean on internals listed here and nowhere else; on an
engine or Material version outside the tested ranges, or when one of these names is
gone, ``speedup_support`` says why and the build runs as the plugins would on their own
(``tests/test_engines.py`` builds with another Material and compares).

ProperDocs (a maintained drop-in fork of MkDocs 1.6) is used when it is installed: it
answers every ``mkdocs.*`` import with its own modules once ``properdocs.replacement`` is
imported, which ``pipeline.engine`` does before anything imports MkDocs.
"""

from __future__ import annotations

import fnmatch
import importlib
import inspect
import os
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urljoin, urlsplit

import yaml
from material.plugins.blog import plugin as blog_plugin
from material.plugins.blog import structure as blog_structure
from material.plugins.blog.structure import options as blog_options
from mkdocs.commands import build as mkdocs_build
from mkdocs.structure import files as mkdocs_files
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.utils import markdown_extensions
from watchdog import observers as watchdog_observers
from watchdog.observers import polling as watchdog_polling

from pipeline.engine import ENGINE

# distribution -> version prefixes the speed-ups were tested with (requirements.lock pins one)
TESTED_VERSIONS = {
    "mkdocs": ("1.6.",),
    "properdocs": ("1.6.",),
    "mkdocs-material": ("9.8.",),
}

# (module, attribute path): the private names the speed-ups read or call
PRIVATE_NAMES = (
    ("mkdocs.structure.pages", "_RelativePathTreeprocessor"),  # excerpts: relative links
    ("mkdocs.structure.pages", "Page._title_from_render"),  # instance attribute, set in render
    ("material.plugins.blog.structure", "_patch"),  # excerpts: the blog's Markdown settings
    ("material.plugins.blog.structure", "Excerpt._set_canonical_url"),
    ("material.plugins.search.plugin", "SearchIndex._segment_chinese"),
    ("mkdocs.commands.build", "_populate_page"),  # page-level rebuilds (engine/warm.py)
    ("mkdocs.commands.build", "_build_page"),
    ("mkdocs.structure.files", "File._content"),  # staticlinks: a file given as content
)
# (module, attribute): public names the speed-ups replace for the length of one build
REPLACED_NAMES = (
    ("material.plugins.blog.plugin", "Excerpt"),  # lazy excerpts
    ("material.plugins.blog.structure", "SafeLoader"),  # libyaml for the posts' front matter
    ("material.plugins.blog.structure", "yaml"),  # the posts' front matter kept across builds
    ("material.plugins.blog.structure", "PostConfig"),  # the posts' settings, kept likewise
    ("material.plugins.blog.structure.options", "DateDict"),
    ("mkdocs.structure.pages", "Page.render"),  # Markdown conversions cached across builds
    ("mkdocs.structure.pages", "Page._set_canonical_url"),  # joined without urljoin
    ("mkdocs.structure.files", "File.copy_file"),  # static files linked from the last build
    ("material.plugins.blog.plugin", "copy_file"),  # pagination pages read their view's source
    ("material.plugins.blog.plugin", "format_date"),  # dates formatted once per build
    ("material.plugins.blog.plugin", "format_datetime"),
    ("mkdocs.theme", "Theme.get_env"),  # every environment with the compiled templates
    ("mkdocs.structure.files", "Files.add_files_from_theme"),  # one pattern, not 15 per file
)

_UNSET = object()
# what makes ``urljoin`` read a relative URL as more than path segments, or strip it
_URL_BREAKS = frozenset(":;?#\\\t\r\n")


@dataclass(frozen=True)
class Support:
    on: bool
    reason: str = ""  # why not, naming the version or the missing name


def installed(distribution: str) -> str | None:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


def engine_version() -> tuple[str, str]:
    """The engine that builds the site: ("mkdocs" or "properdocs", its version)."""
    return ENGINE, installed(ENGINE) or "?"


def speedup_support() -> Support:
    """Whether this engine and this Material are the tested ones and have every name."""
    engine, engine_at = engine_version()
    for distribution, found in (
        (engine, engine_at),
        ("mkdocs-material", installed("mkdocs-material")),
    ):
        if found is None or not found.startswith(TESTED_VERSIONS[distribution]):
            tested = " / ".join(f"{p}x" for p in TESTED_VERSIONS[distribution])
            return Support(False, f"{distribution} {found} (tested: {tested})")
    for module, path in (*PRIVATE_NAMES, *REPLACED_NAMES):
        if not _exists(module, path):
            return Support(False, f"{module}.{path} is missing")
    return Support(True)


def _exists(module: str, path: str) -> bool:
    try:
        target = importlib.import_module(module)
    except ImportError:
        return False
    owner_name, _, attribute = path.rpartition(".")
    owner = getattr(target, owner_name, None) if owner_name else target
    if owner is None:
        return False
    if attribute == "_title_from_render":  # set in Page.__init__; read from the source
        return attribute in inspect.getsource(owner.__init__)
    return hasattr(owner, attribute)


# -- private names, read or called ------------------------------------------------------


def title_from_render(page) -> str | None:
    return page._title_from_render


def set_title_from_render(page, title: str | None) -> None:
    page._title_from_render = title


def relative_path_treeprocessor(file, files, config):
    return mkdocs_pages._RelativePathTreeprocessor(file, files, config)


def blog_markdown_config(config):
    """The MkDocs config with the blog's own Markdown settings applied, as it renders posts."""
    return blog_structure._patch(config)


def set_excerpt_canonical_url(excerpt, site_url: str | None) -> None:
    excerpt._set_canonical_url(site_url)


def replace_search_segmenter(search_index, segment: Callable[[str], str]) -> None:
    """The search index's jieba call, on this one index object."""
    search_index._segment_chinese = segment


def populate_page(page, config, files) -> None:
    """Read a page's source and convert it, with every plugin's page events, as a build
    does before it renders any page."""
    mkdocs_build._populate_page(page, config, files)


def build_page(page, config, doc_files, nav, env) -> None:
    """Render a populated page with its template and every plugin's events, and write it,
    as a build does."""
    excluded = page.file.inclusion.is_excluded()
    mkdocs_build._build_page(page, config, doc_files, nav, env, excluded=excluded)


def page_context(page, config, doc_files, nav, without=None) -> dict:
    """The context a build renders ``page`` with (MkDocs' own, then every plugin's
    ``on_page_context`` but ``without``'s), made as ``_build_page`` makes it, without
    rendering the page."""
    config._current_page = page
    page.active = True
    try:
        context = mkdocs_build.get_context(nav, doc_files, config, page)
        with without_page_context(config, without):
            return config.plugins.on_page_context(context, page=page, config=config, nav=nav)
    finally:
        page.active = False
        config._current_page = None


@contextmanager
def without_page_context(config, plugin) -> Iterator[None]:
    """``plugin``'s ``on_page_context`` does not run inside the block (every other
    plugin's does): a page rendered again whose own text did not change need not be
    indexed again by the search plugin. Nothing is left out when MkDocs keeps its events
    elsewhere."""
    events = getattr(config.plugins, "events", {}).get("page_context")
    if events is None or plugin is None:
        yield
        return
    kept = list(events)
    events[:] = [m for m in kept if getattr(m, "__self__", None) is not plugin]
    try:
        yield
    finally:
        events[:] = kept


def file_from_path(files, path: str):
    """``files.get_file_from_path(path)``; a path already in the form MkDocs keys files by
    (no empty or "." segment, no trailing slash, no backslash, which Windows reads as a
    separator) is looked up as it is. MkDocs normalizes every path through ``PurePath``
    first: thousands of lookups a build (each kept conversion checks the files its links
    named) cost about 0.15 s at 3,000 items."""
    if (
        path
        and "//" not in path
        and "\\" not in path
        and "/./" not in path
        and not path.startswith("./")
        and not path.endswith(("/", "/."))
        and path != "."
    ):
        return files.src_uris.get(path)
    return files.get_file_from_path(path)


def file_content(file):
    """The content a plugin gave a file (written instead of copying its source), or None."""
    return file._content


def watch_natively(server) -> None:
    """MkDocs' live-reload server polls every watched file twice a second: a save is seen
    a quarter of a second late on average, at the cost of a stat of every file each time.
    The operating system's own notices (watchdog's default observer: inotify on Linux) come
    at once. Call before ``server.watch``."""
    if isinstance(getattr(server, "observer", None), watchdog_polling.PollingObserver):
        server.observer = watchdog_observers.Observer()


def move_files(files, site_dir: str) -> None:
    """Every file's destination under another site folder (the kept build's folder was
    swapped into place): MkDocs works out a file's absolute destination once, when asked."""
    for file in files:
        file.dest_dir = site_dir
        file.__dict__.pop("abs_dest_path", None)


def is_post(page) -> bool:
    return isinstance(page, blog_structure.Post)


def reread_post(post, config) -> None:
    """A blog post reads its file when it is made (its ``read_source`` does nothing) and
    collects its authors and excerpt while it is converted: read it again as a new post
    would, keeping the object every list, category and neighbour refers to."""
    fresh = blog_structure.Post(post.file, config)
    post.file.page = post  # a new page claims its file
    post.markdown, post.meta, post.config = fresh.markdown, fresh.meta, fresh.config
    post.authors = []
    post.excerpt = None


# -- public names, replaced for one build -----------------------------------------------

BLOG_EXCERPT = blog_plugin.Excerpt
PAGE_RENDER = mkdocs_pages.Page.render
STATIC_COPY = mkdocs_files.File.copy_file


@contextmanager
def replaced(owner, name: str, value) -> Iterator[None]:
    """``owner.name`` is ``value`` inside the block and what it was before afterwards."""
    # what the owner itself holds (not a class's method seen through an instance), so that
    # the name is removed again rather than left set on the instance
    before = vars(owner).get(name, _UNSET) if hasattr(owner, "__dict__") else getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        if before is _UNSET:
            delattr(owner, name)
        else:
            setattr(owner, name, before)


def blog_speedups(stack: ExitStack, excerpt_class) -> None:
    """Lazy excerpts and libyaml for the blog, until ``stack`` closes.

    The blog plugin reads each post's front matter with PyYAML's pure-Python loader; what
    it reads are the normalized copies this pipeline wrote with ``yaml.safe_dump``, which
    libyaml's loader (same constructor, same resolver) reads to the same values. The plugin
    looks both names up in its own modules at call time.
    """
    stack.enter_context(replaced(blog_plugin, "Excerpt", excerpt_class))
    fast_loader = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None
    if fast_loader is not None:
        stack.enter_context(replaced(blog_structure, "SafeLoader", fast_loader))


def blog_front_matter(stack: ExitStack, load: Callable) -> None:
    """The blog's parsing of a post's front matter (``yaml.load`` as its structure module
    looks it up when a post is made) routed through ``load(original, stream, loader)``,
    until ``stack`` closes."""
    original = yaml.load

    class _Yaml:  # the one name the module uses of PyYAML's
        @staticmethod
        def load(stream, Loader=None):  # PyYAML's own parameter names
            return load(original, stream, Loader)

    stack.enter_context(replaced(blog_structure, "yaml", _Yaml))


def blog_post_settings(stack: ExitStack, validate: Callable) -> None:
    """The validation of a post's settings (the blog's ``PostConfig``, as its structure
    module looks it up when a post is made) routed through ``validate(original, settings)``
    until ``stack`` closes: it returns ``(errors, warnings)`` as ``Config.validate`` does."""
    base = blog_structure.PostConfig

    class PostConfig(base):
        def validate(self):
            return validate(base.validate, self)

    PostConfig.__module__, PostConfig.__qualname__ = base.__module__, base.__qualname__
    stack.enter_context(replaced(blog_structure, "PostConfig", PostConfig))


def blog_pagination_sources(stack: ExitStack, sources: dict[str, str]) -> None:
    """The blogs' pagination pages read their view's own source, not a copy of it, until
    ``stack`` closes.

    The blog plugin copies a list's source into its temporary folder once for every further
    page of the list (``blog/page/2.md``, ...: about 800 files at 3,000 items, 0.8 s), and
    MkDocs reads each copy back. The copies asked for are recorded in ``sources`` (copy ->
    original) instead; ``read_from_originals`` then points each such file at its original.
    """

    def record(source_path: str, output_path: str) -> None:
        sources[output_path] = source_path

    stack.enter_context(replaced(blog_plugin, "copy_file", record))


def theme_environments(stack: ExitStack, theme, prepare: Callable) -> None:
    """Every Jinja environment ``theme`` makes is given to ``prepare`` before it is used,
    until ``stack`` closes: MkDocs makes one for the build, and the blog plugin one more
    for each text it translates (four per build, each compiling the language partials
    again unless they have the build's compiled-template cache)."""
    make_env = theme.get_env

    def get_env():
        env = make_env()
        prepare(env)
        return env

    stack.enter_context(replaced(theme, "get_env", get_env))


def theme_static_files(stack: ExitStack) -> None:
    """MkDocs' ``Files.add_files_from_theme`` with its filter as one regular expression,
    until ``stack`` closes: the same files in the same order. MkDocs matches every file of
    the theme's folders (14,500 with Material's icons) against 15 patterns one by one,
    0.2–0.3 s in every build whatever the site's size."""

    def add_files_from_theme(files, env, config) -> None:
        patterns = [".*", "*/.*", "*.py", "*.pyc", "*.html", "*readme*", "mkdocs_theme.yml"]
        patterns.append("locales/*")
        patterns.extend(f"*{extension}" for extension in markdown_extensions)
        patterns.extend(config.theme.static_templates)
        # fnmatch.fnmatch(name, pattern) is translate(normcase(pattern)) matched against
        # normcase(name); MkDocs lowercases the name
        excluded = re.compile(
            "|".join(f"(?:{fnmatch.translate(os.path.normcase(p))})" for p in patterns)
        )

        def wanted(name: str) -> bool:
            return excluded.match(os.path.normcase(name.lower())) is None

        for path in env.list_templates(filter_func=wanted):
            if files.get_file_from_path(path) is None:  # the docs' files win
                for folder in config.theme.dirs:
                    if os.path.isfile(os.path.join(folder, path)):
                        files.append(
                            mkdocs_files.File(
                                path, folder, config.site_dir, config.use_directory_urls
                            )
                        )
                        break

    stack.enter_context(replaced(mkdocs_files.Files, "add_files_from_theme", add_files_from_theme))


def blog_date_formats(stack: ExitStack) -> None:
    """The blogs' dates formatted by Babel once for each date, format and locale, until
    ``stack`` closes: the plugin formats every post's date for its URL, its archive and its
    archive's URL (9,000 calls at 3,000 items, each parsing the locale again), and a few
    posts share each day. The date's time zone is part of the key: two instants that
    compare equal in different zones are written differently."""
    for name in ("format_date", "format_datetime"):
        stack.enter_context(
            replaced(blog_plugin, name, _formatted_once(getattr(blog_plugin, name)))
        )


# the fields of a Unicode date pattern (LDML) that depend on the time of day or the zone
TIME_FIELDS = frozenset("abBhHKkjJCmsSAzZOvVXx")


def _date_only(pattern: str) -> bool:
    """A pattern whose fields all come from the calendar date (``yyyy/MM/dd``, what the
    posts' URLs use): each instant of one day in one zone is written alike. Quoted text is
    literal; a named format (``long``) is the locale's and may show the time."""
    if pattern in ("full", "long", "medium", "short"):
        return False
    fields = "".join(pattern.split("'")[::2])  # outside the quotes ('' is a quote: empty)
    return not TIME_FIELDS.intersection(fields)


def _formatted_once(format_function: Callable) -> Callable:
    formatted: dict[tuple, str] = {}

    def format_once(date, format, locale):  # the plugin passes these three, by name
        # a date-only pattern is keyed by the day in the date's own zone (Babel writes a
        # datetime in its own zone, a naive one as UTC): posts of one day share one entry
        day = date.date() if isinstance(date, datetime) and _date_only(format) else date
        key = (type(date), day, getattr(date, "tzinfo", None), format, locale)
        text = formatted.get(key)
        if text is None:
            text = formatted[key] = format_function(date, format=format, locale=locale)
        return text

    return format_once


def read_from_originals(files, sources: dict[str, str]) -> None:
    """Files whose copy ``blog_pagination_sources`` recorded read the original instead."""
    if not sources:
        return
    for file in files:
        original = sources.get(file.abs_src_path) if file.abs_src_path else None
        if original is not None:
            file.abs_src_path = original


def blog_post_dates(dates: dict):
    """A post's ``date`` setting as the blog validates it (``created`` and other dates)."""
    return blog_options.DateDict(dates)


def canonical_urls(stack: ExitStack) -> None:
    """Every page's canonical URL (``Page._set_canonical_url``: ``urljoin(site_url,
    page.url)`` and its path) made by joining text for a plain relative URL, until
    ``stack`` closes: three times a post (made, moved by the blog, its excerpt) and once
    a page, ``urljoin`` costs a few tenths of a second at 3,000 items. A URL ``urljoin``
    could read as more than path segments (a scheme, a query, an absolute path, an empty
    or dot segment, a character it strips) or the site URL itself is joined by the
    original; what comes before the page's URL is ``urljoin``'s own, once a build."""
    original = mkdocs_pages.Page._set_canonical_url
    prefixes: dict[str, tuple[str, str] | None] = {}

    def routed(page, base):
        url = page.url
        if base and url and _plain_relative(url):
            prefix = prefixes.get(base, _UNSET)
            if prefix is _UNSET:
                prefix = prefixes[base] = _url_prefix(base)
            if prefix is not None:
                page.canonical_url = prefix[0] + url
                page.abs_url = prefix[1] + url
                return
        original(page, base)

    stack.enter_context(replaced(mkdocs_pages.Page, "_set_canonical_url", routed))


def _plain_relative(url: str) -> bool:
    """A relative URL of plain path segments: nothing ``urljoin`` resolves or strips."""
    if not url:
        return True
    if url[0] <= " " or any(c in _URL_BREAKS for c in url):
        return False
    parts = url.split("/")
    inner, last = parts[:-1], parts[-1]
    return not any(part in ("", ".", "..") for part in inner) and last not in (".", "..")


def _url_prefix(base: str) -> tuple[str, str] | None:
    """What ``urljoin`` puts before a plain relative URL joined to ``base`` (in the
    canonical URL and in its path), or None when ``base`` is not a plain web address."""
    if not base.endswith("/"):
        base += "/"
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        return None
    if parts.fragment or ";" in parts.path or not _plain_relative(parts.path.lstrip("/")):
        return None
    probe = "p"
    joined = urljoin(base, probe)
    path = urlsplit(joined).path
    if not joined.endswith(probe) or not path.endswith(probe):
        return None
    return joined[: -len(probe)], path[: -len(probe)]


def page_render(stack: ExitStack, render: Callable) -> None:
    """``Page.render`` routed through ``render(original, page, config, files)``."""
    original = PAGE_RENDER

    def routed(page, config, files):
        return render(original, page, config, files)

    stack.enter_context(replaced(mkdocs_pages.Page, "render", routed))


def static_copy(stack: ExitStack, copy: Callable) -> None:
    """``File.copy_file`` (how MkDocs puts a static file into the site) routed through
    ``copy(original, file, dirty)``."""
    original = STATIC_COPY

    def routed(file, dirty=False):
        return copy(original, file, dirty)

    stack.enter_context(replaced(mkdocs_files.File, "copy_file", routed))


def page_build(stack: ExitStack, build: Callable) -> None:
    """MkDocs' page build (``_build_page``: context, events, template, write) routed through
    ``build(original, page, config, doc_files, nav, env, dirty=False, excluded=False)``."""
    original = mkdocs_build._build_page

    def routed(page, config, doc_files, nav, env, dirty=False, excluded=False):
        return build(original, page, config, doc_files, nav, env, dirty, excluded=excluded)

    stack.enter_context(replaced(mkdocs_build, "_build_page", routed))


@dataclass(frozen=True)
class ViewListing:
    """What a blog view (index, archive, category or one of their pagination pages) lists:
    the blog plugin's ``_render`` reads the same, before its ``on_page_context``."""

    posts: list  # the posts of this page, in order (those with an excerpt)
    total: int  # how many posts the view lists over all its pages
    pages: list[str]  # the URLs of the view's pagination pages
    at: int | None  # this page's place among them; None: the view is not paginated
    per_page: int | None
    separator: str  # where a post's excerpt ends
    toc: bool  # whether the excerpts' headings join the view's table of contents


def is_blog_pagination_page(page) -> bool:
    """Whether ``page`` is a further page of a blog view's pagination (``page/2/`` ...):
    only the pages of its own view link it."""
    pages = getattr(page, "pages", None) if isinstance(page, blog_structure.View) else None
    return bool(pages) and pages[0] is not page


def blog_view_listing(page, plugins) -> ViewListing | None:
    """The listing of ``page`` if one of the blog plugins in ``plugins`` (MkDocs'
    ``config.plugins``) renders it as a view, else None."""
    if not isinstance(page, blog_structure.View):
        return None
    for plugin in plugins.values():
        if not isinstance(plugin, blog_plugin.BlogPlugin) or not plugin.config.enabled:
            continue
        view = plugin._resolve_original(page)
        if not any(v is view for v in plugin._resolve_views(plugin.blog)):
            continue
        posts, at, step = page.posts, None, None
        if plugin._config_pagination(page):
            at = page.pages.index(page)
            step = plugin._config_pagination_per_page(page)
            posts = page.posts[at * step : at * step + step]
        return ViewListing(
            posts=[post for post in posts if post.excerpt],
            total=len(page.posts),
            pages=[p.url for p in page.pages],
            at=at,
            per_page=step,
            separator=plugin.config.post_excerpt_separator,
            toc=bool(plugin._config_toc(page)),
        )
    return None
