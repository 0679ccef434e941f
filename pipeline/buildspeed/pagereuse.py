"""Pages whose HTML would not change are taken from the previous build, not rendered again.

Rendering a page's template is the largest cost left in a build (a few milliseconds
each, 4,000 pages at 3,000 items), and after one item changed almost every page would
render to the same bytes as last time. MkDocs' own ``--dirty`` skips pages by file
time and leaves list pages stale; here a page is reused only when everything its
template receives is unchanged, and everything else still happens:

- every plugin's ``on_page_context`` runs for every page, so the search index, the
  sitemap and whatever else plugins collect per page are complete;
- the page's key is a digest of the site-wide inputs (code and theme, ``mkdocs.yml``,
  ``site_config/``, the navigation, every page's URL and title, every post's front
  matter, every picture) and of the page's own: URL, title, content, table of contents,
  front matter, neighbours, template, and what the plugins added to its context (a
  value that cannot be described exactly makes the page render);
- the previous HTML is used only if the previous site still holds exactly the bytes
  recorded for that key (SHA-256), and it is hard-linked or copied into the new site.

``tests/test_incremental.py`` rebuilds after edits and compares with a clean build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from importlib.metadata import version
from pathlib import Path

import material
from material.plugins.tags.structure.tag import Tag
from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.nav import Section

from pipeline.buildspeed.markdowncache import toc_tokens

CACHE_DIR = Path(".cache") / "pipeline" / "pages"
FORMAT = "1"
PIPELINE_DIR = Path(__file__).resolve().parents[1]
MATERIAL_DIR = Path(material.__file__).resolve().parent
# what MkDocs' get_context puts in every context; the rest comes from plugins
STANDARD_CONTEXT = {
    "nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version",
    "build_date_utc", "config", "page",
}  # fmt: skip
_ORIGINAL_BUILD_PAGE = mkdocs_build._build_page


class Unreusable(Exception):
    """Something in a page's context has no exact description: render the page."""


class PageReuse:
    def __init__(self, root: Path, previous_site: Path, config, nav, files, extra: str) -> None:
        self.previous = previous_site
        name = hashlib.sha256(str(previous_site.resolve()).encode()).hexdigest()[:16]
        self.manifest_path = root / CACHE_DIR / f"{name}.json"
        self.old: dict[str, list[str]] = _load_json(self.manifest_path)
        self.new: dict[str, list[str]] = {}
        self.site_key = _site_key(config, nav, files, extra)
        self.reused = 0
        self.rendered = 0
        self.on_reused = None  # called with each reused page (the build's progress display)

    def page_key(self, page, context, template_name: str, excluded: bool) -> str:
        digest = hashlib.sha256(self.site_key.encode())
        own = {
            "url": page.url,
            "src": page.file.src_uri,
            "dest": page.file.dest_uri,
            "title": page.title,
            "meta": page.meta,
            "toc": toc_tokens(page.toc),
            "template": template_name,
            "excluded": excluded,
            "around": [_describe(p) for p in _neighbours(page)],
            "context": {
                key: value for key, value in context.items() if key not in STANDARD_CONTEXT
            },
        }
        digest.update(json.dumps(own, default=_describe, sort_keys=True).encode())
        digest.update(b"\0")
        digest.update((page.content or "").encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def take_previous(self, page, key: str) -> bool:
        dest = page.file.dest_uri
        entry = self.old.get(dest)
        if not entry or entry[0] != key:
            return False
        source = self.previous / dest
        try:
            if hashlib.sha256(source.read_bytes()).hexdigest() != entry[1]:
                return False
            target = Path(page.file.abs_dest_path)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
        except OSError:
            return False
        self.new[dest] = entry
        self.reused += 1
        return True

    def record(self, page, key: str, output: bytes) -> None:
        self.new[page.file.dest_uri] = [key, hashlib.sha256(output).hexdigest()]
        self.rendered += 1

    def save(self) -> None:
        try:
            self.manifest_path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.manifest_path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(self.new, out, separators=(",", ":"))
            os.replace(temp, self.manifest_path)
        except OSError:
            pass  # without a manifest the next build renders every page


_active: PageReuse | None = None


def activate(reuse: PageReuse | None) -> None:
    global _active
    _active = reuse
    mkdocs_build._build_page = _build_page if reuse is not None else _ORIGINAL_BUILD_PAGE


def _build_page(page, config, doc_files, nav, env, dirty=False, excluded=False) -> None:
    """MkDocs 1.6's ``_build_page``, with the template rendering skipped for reused pages."""
    reuse = _active
    if reuse is None or dirty:
        return _ORIGINAL_BUILD_PAGE(page, config, doc_files, nav, env, dirty, excluded)
    config._current_page = page
    try:
        page.active = True
        context = mkdocs_build.get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        if excluded:
            page.content = (
                '<div class="mkdocs-draft-marker" title="This page will not be included '
                'into the built site.">DRAFT</div>' + (page.content or "")
            )
        try:
            key = reuse.page_key(page, context, template.name, excluded)
        except (Unreusable, TypeError, ValueError):
            key = None
        if key is not None and reuse.take_previous(page, key):
            if reuse.on_reused is not None:
                reuse.on_reused(page)
            return None
        output = template.render(context)
        output = config.plugins.on_post_page(output, page=page, config=config)
        if output.strip():
            data = output.encode("utf-8", errors="xmlcharrefreplace")
            utils.write_file(data, page.file.abs_dest_path)
            if key is not None:
                reuse.record(page, key, data)
        else:
            mkdocs_build.log.info(f"Page skipped: '{page.file.src_uri}'. Generated empty output.")
    except Exception as e:
        message = f"Error building page '{page.file.src_uri}':"
        if not isinstance(e, mkdocs_build.BuildError):
            message += f" {e}"
        mkdocs_build.log.error(message)
        raise
    finally:
        page.active = False
        config._current_page = None
    return None


def _neighbours(page):
    seen = [page.previous_page, page.next_page]
    parent = page.parent
    while parent is not None:
        seen.append(parent)
        parent = parent.parent
    return seen


def _describe(value):
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
    if hasattr(value, "items") and callable(value.items):  # a plugin config or a mapping
        return {str(k): v for k, v in value.items()}
    return value


def _site_key(config, nav, files, extra: str) -> str:
    digest = hashlib.sha256(FORMAT.encode())
    for package in ("mkdocs", "mkdocs-material", "jinja2", "markdown", "pymdown-extensions"):
        digest.update(f"{package}={version(package)};".encode())
    digest.update(extra.encode())
    digest.update(Path(config.config_file_path).read_bytes())
    # this package (templates and code) and the site's own theme folders; MkDocs' and
    # Material's templates are covered by their versions
    installed = (Path(mkdocs_build.__file__).parents[1], MATERIAL_DIR)
    themes = [Path(d).resolve() for d in config.theme.dirs]
    own = [d for d in themes if not any(d.is_relative_to(i) for i in installed)]
    folders = [PIPELINE_DIR, *own]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path).encode())
                digest.update(path.read_bytes())
    digest.update(json.dumps(_nav_outline(nav.items), sort_keys=True).encode())
    for file in sorted(files.documentation_pages(), key=lambda f: f.src_uri):
        page = file.page
        outline = {
            "src": file.src_uri,
            "url": file.url,
            "title": page.title if page else None,
            "meta": page.meta if page else None,
            "authors": [_plain(a) for a in getattr(page, "authors", ()) or ()],
            "categories": [_describe(c) for c in getattr(page, "categories", ()) or ()],
        }
        digest.update(json.dumps(outline, default=_describe, sort_keys=True).encode())
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


def _load_json(path: Path) -> dict:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}
