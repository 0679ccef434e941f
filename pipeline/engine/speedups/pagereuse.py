"""Pages whose HTML would not change are taken from the previous build, not rendered again.

Rendering a page's template is the largest cost left in a build (a few milliseconds
each, 4,000 pages at 3,000 items), and after one item changed almost every page would
render to the same bytes as last time. MkDocs' own ``--dirty`` skips pages by file
time and leaves list pages stale; here a page is reused only when everything its
template receives is unchanged, and everything else still happens:

- every plugin's ``on_page_context`` runs for every page, so the search index, the
  sitemap and whatever else plugins collect per page are complete; the plugin's last
  ``on_page_context`` computes the key, and a reused page gets ``pipeline_reused`` in its
  context, on which ``theme/main.html`` extends an empty template instead of Material's
  page, so nothing of the page is rendered; ``on_post_page`` then returns the previous
  HTML, which MkDocs writes as it writes any page;
- the page's key is a digest of the site-wide inputs (code and theme, ``mkdocs.yml``,
  ``site_config/``, the navigation, every page's URL and title, every post's front
  matter, every picture) and of the page's own: URL, title, content, table of contents,
  front matter, neighbours, template, and what the plugins added to its context (a
  value that cannot be described exactly makes the page render);
- an item page (``own_pages``: a blog post of the pipeline's) shows nothing of other
  pages but the navigation, its neighbours and what the plugins put in its context (the
  news centre's previous, next and related items, breadcrumbs, categories: titles, URLs
  and dates), all in its own key: its site-wide part leaves out the list of every page,
  so that an item added, removed, moved or re-dated does not render every other item
  page again (a structural save in ``pipeline serve``: ``engine/livebuild.py``);
- the previous HTML is used only if the previous site still holds exactly the bytes
  recorded for that key (SHA-256).

``tests/test_incremental.py`` rebuilds after edits and compares with a clean build.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import material
import mkdocs
from material.plugins.tags.structure.tag import Tag
from mkdocs.structure.nav import Section

from pipeline.core import keyjson
from pipeline.core.cachefile import write_atomic
from pipeline.engine.speedups.markdowncache import toc_tokens

CACHE_DIR = Path(".cache") / "pipeline" / "pages"
FORMAT = "3"
PIPELINE_DIR = Path(__file__).resolve().parents[2]
MATERIAL_DIR = Path(material.__file__).resolve().parent
MKDOCS_DIR = Path(mkdocs.__file__).resolve().parent
# set in a reused page's context; theme/main.html then renders nothing of the page
REUSED = "pipeline_reused"
# what MkDocs' get_context puts in every context; the rest comes from plugins
STANDARD_CONTEXT = {
    "nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version",
    "build_date_utc", "config", "page",
}  # fmt: skip


class Unreusable(Exception):
    """Something in a page's context has no exact description: render the page."""


class PageReuse:
    def __init__(
        self,
        root: Path,
        previous_site: Path,
        config,
        nav,
        files,
        extra: str,
        own_pages: Callable[[object], bool] | None = None,
    ) -> None:
        self.previous = previous_site
        name = hashlib.sha256(str(previous_site.resolve()).encode()).hexdigest()[:16]
        self.manifest_path = root / CACHE_DIR / f"{name}.json"
        self.old: dict[str, list[str]] = load_json(self.manifest_path)
        self.new: dict[str, list[str]] = {}
        base = _base_key(config, nav, extra)
        self.site_key = _pages_key(base, files)
        # an item page's site-wide inputs: not every page's outline (see above)
        self.own_key = hashlib.sha256(f"own\0{base}".encode()).hexdigest()
        self.own_pages = own_pages
        self.reused = 0
        self.rendered = 0
        self.keys: dict[str, str | None] = {}  # this build's key of each page (dest path)
        self.taken: dict[str, str] = {}  # dest path -> the previous HTML, for reused pages

    def consider(self, page, context: dict) -> dict:
        """After every plugin's ``on_page_context``: key the page, and mark it reused when
        the previous site holds its HTML for the same key."""
        template = page.meta.get("template", "main.html")
        excluded = page.file.inclusion.is_excluded()
        try:
            key = self.page_key(page, context, template, excluded)
        except (Unreusable, TypeError, ValueError):
            key = None
        dest = page.file.dest_uri
        self.keys[dest] = key
        previous = self._previous_html(dest, key) if key is not None else None
        if previous is not None:
            self.taken[dest] = previous
            context[REUSED] = True
        return context

    def output(self, page, rendered: str) -> str:
        """In ``on_post_page``: the previous HTML of a reused page, else what was rendered
        (recorded with its key for the next build)."""
        dest = page.file.dest_uri
        previous = self.taken.pop(dest, None)
        if previous is not None:
            self.new[dest] = self.old[dest]
            self.reused += 1
            return previous
        key = self.keys.get(dest)
        if key is not None and rendered.strip():
            data = rendered.encode("utf-8", errors="xmlcharrefreplace")
            self.new[dest] = [key, hashlib.sha256(data).hexdigest()]
        self.rendered += 1
        return rendered

    def carry(self, dest: str) -> None:
        """A page not built at all (``pageskip``) keeps its previous entry: its file is the
        previous file."""
        if dest in self.old:
            self.new[dest] = self.old[dest]

    def page_key(self, page, context, template_name: str, excluded: bool) -> str:
        own = self.own_pages is not None and self.own_pages(page)
        digest = hashlib.sha256((self.own_key if own else self.site_key).encode())
        own = {
            "url": page.url,
            "src": page.file.src_uri,
            "dest": page.file.dest_uri,
            "title": page.title,
            "meta": page.meta,
            "toc": toc_tokens(page.toc),
            "template": template_name,
            "excluded": excluded,
            "around": [describe(p) for p in neighbours(page)],
            "context": {
                key: value for key, value in context.items() if key not in STANDARD_CONTEXT
            },
        }
        digest.update(keyjson.key_bytes(own, default=describe))
        digest.update(b"\0")
        digest.update((page.content or "").encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _previous_html(self, dest: str, key: str) -> str | None:
        entry = self.old.get(dest)
        if not entry or entry[0] != key:
            return None
        try:
            data = (self.previous / dest).read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != entry[1]:
            return None
        # MkDocs writes str(output).encode("utf-8", "xmlcharrefreplace"): the same bytes again
        return data.decode("utf-8")

    def save(self) -> None:
        save_json(self.manifest_path, self.new)  # without one the next build renders every page


def neighbours(page):
    seen = [page.previous_page, page.next_page]
    parent = page.parent
    while parent is not None:
        seen.append(parent)
        parent = parent.parent
    return seen


def describe(value):
    """A JSON-able description of a context value, exact or not at all (``Unreusable``)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dict | list | tuple | set | frozenset):
        return value if not isinstance(value, set | frozenset) else sorted(value, key=repr)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if callable(value) and hasattr(value, "__qualname__"):
        # the blog's pager: what it renders follows from the page's URL and the list of
        # every page's URL, both in the key already
        return f"callable {value.__module__}.{value.__qualname__}"
    if isinstance(value, Section):  # its children are in the navigation outline
        return {"type": "Section", "title": value.title}
    if isinstance(value, Tag):  # the tags plugin's: a name, its parents, links to listings
        return {"type": type(value).__name__, **vars(value)}
    url, title = getattr(value, "url", None), getattr(value, "title", None)
    if url is not None:  # a page, an excerpt, a section, a link, an author with a URL
        described = {"type": type(value).__name__, "url": url, "title": title}
        post = getattr(value, "post", None)
        if post is not None:  # an excerpt: a list template may show the post's own text
            text = getattr(post, "markdown", None) or ""
            described["text"] = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        for attribute in ("meta", "authors", "categories", "config"):
            if hasattr(value, attribute):
                described[attribute] = _plain(getattr(value, attribute))
        return described
    if hasattr(value, "__dataclass_fields__"):
        return {name: getattr(value, name) for name in value.__dataclass_fields__}
    if hasattr(value, "items") and callable(value.items):  # a plugin's config, an author
        return _plain(value)
    raise Unreusable(type(value).__name__)


def _plain(value):
    if type(value) is dict:  # front matter: the keys' JSON writes any key as text itself
        return value
    if hasattr(value, "items") and callable(value.items):  # a plugin config or a mapping
        return {str(k): v for k, v in value.items()}
    return value


def _base_key(config, nav, extra: str) -> str:
    """Code, theme, settings, pictures and the navigation."""
    digest = hashlib.sha256(FORMAT.encode())
    for package in ("mkdocs", "mkdocs-material", "jinja2", "markdown", "pymdown-extensions"):
        digest.update(f"{package}={version(package)};".encode())
    digest.update(extra.encode())
    # what is set per build (the brand's, the preview's banner): every page shows it
    digest.update(json.dumps(dict(config.extra), default=repr, sort_keys=True).encode())
    digest.update(Path(config.config_file_path).read_bytes())
    # this package (templates and code) and the site's own theme folders; MkDocs' and
    # Material's templates are covered by their versions
    installed = (MKDOCS_DIR, MATERIAL_DIR)
    themes = [Path(d).resolve() for d in config.theme.dirs]
    own = [d for d in themes if not any(d.is_relative_to(i) for i in installed)]
    folders = [PIPELINE_DIR, *own]
    for number, folder in enumerate(folders):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                # by its place in the folder: a copy of the code elsewhere keeps the pages
                digest.update(f"{number}\0{path.relative_to(folder).as_posix()}\0".encode())
                digest.update(path.read_bytes())
    digest.update(json.dumps(_nav_outline(nav.items), sort_keys=True).encode())
    return digest.hexdigest()


def _pages_key(base: str, files) -> str:
    """``base`` and every page's URL, title and front matter."""
    digest = hashlib.sha256(base.encode())
    for file in sorted(files.documentation_pages(), key=lambda f: f.src_uri):
        page = file.page
        outline = {
            "src": file.src_uri,
            "url": file.url,
            "title": page.title if page else None,
            "meta": page.meta if page else None,
            "authors": [_plain(a) for a in getattr(page, "authors", ()) or ()],
            "categories": [describe(c) for c in getattr(page, "categories", ()) or ()],
        }
        digest.update(keyjson.key_bytes(outline, default=describe))
    return digest.hexdigest()


def _nav_outline(items) -> list:
    return [
        {
            "type": type(item).__name__,
            "title": getattr(item, "title", None),
            "url": getattr(item, "url", None),
            "children": _nav_outline(getattr(item, "children", None) or ()),
        }
        for item in items
    ]


def load_json(path: Path) -> dict:
    """A speed-up's manifest; empty when it is missing or unreadable."""
    try:
        loaded = keyjson.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def save_json(path: Path, data: dict) -> None:
    """A speed-up's manifest, replaced whole; not written when the disk refuses (the next
    build then does without it)."""
    write_atomic(path, keyjson.compact(data).encode("utf-8"))
