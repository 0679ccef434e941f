"""Navigation and tabs, rendered once and reused for the pages that get the same HTML.

Material renders the whole navigation into every page, about a third of all template
time at 3,000 items. Posts are never navigation entries themselves (the blog attaches
them below its index), so a post's navigation depends only on which entries are active
and on every link's URL relative to the post. Posts of a blog at the same depth share
both, so their navigation is the same HTML: ``theme/partials/nav.html`` renders it once
per such key and reuses it. Any other page (in the navigation, a list page, a fixed
page) is rendered as Material renders it. The tabs (``theme/partials/tabs.html``) never
depend on the page itself, only on the same two things, so every page shares them.
"""

from __future__ import annotations

from pathlib import Path

import material
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader
from material.plugins.blog.structure import Post
from mkdocs.utils import get_relative_url

# theme/partials/nav.html includes Material's own file under this prefix
ORIGINAL_PREFIX = "material-original"
MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"


class NavCache:
    def __init__(self, nav, config) -> None:
        self.entries = list(_walk(nav.items))
        homepage = config.extra.get("homepage") or (nav.homepage.url if nav.homepage else "")
        # everything nav.html turns into a relative URL: entries, the home link, the logo
        self.targets = [getattr(e, "url", None) or "" for e in self.entries]
        self.targets += [str(homepage), "", "assets/"]
        self.rendered: dict[tuple, str] = {}

    def key(self, page) -> tuple | None:
        """For a post: what its navigation depends on; None for any other page."""
        return self._signature(page, "nav") if isinstance(page, Post) else None

    def tabs_key(self, page) -> tuple | None:
        return self._signature(page, "tabs") if page is not None else None

    def _signature(self, page, part: str) -> tuple:
        base = page.url
        return (
            part,
            tuple(get_relative_url(target, base) for target in self.targets),
            tuple(bool(getattr(entry, "active", False)) for entry in self.entries),
        )

    def lookup(self, key: tuple | None) -> str | None:
        return self.rendered.get(key) if key is not None else None

    def store(self, key: tuple | None, html: str) -> str:
        if key is not None:
            self.rendered[key] = html
        return html


def _walk(items):
    for item in items:
        yield item
        yield from _walk(getattr(item, "children", None) or ())


def install(env, nav, config, *, enabled: bool) -> None:
    """Give the templates the cache (or one that never hits) and Material's own nav.html."""
    cache = NavCache(nav, config)
    env.globals["pipeline_nav_key"] = cache.key if enabled else (lambda page: None)
    env.globals["pipeline_tabs_key"] = cache.tabs_key if enabled else (lambda page: None)
    env.globals["pipeline_nav_lookup"] = cache.lookup
    env.globals["pipeline_nav_store"] = cache.store
    original = PrefixLoader({ORIGINAL_PREFIX: FileSystemLoader(str(MATERIAL_TEMPLATES))})
    env.loader = ChoiceLoader([env.loader, original])
