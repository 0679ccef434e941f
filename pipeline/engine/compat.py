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

import importlib
import inspect
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

import yaml
from material.plugins.blog import plugin as blog_plugin
from material.plugins.blog import structure as blog_structure
from mkdocs.structure import pages as mkdocs_pages

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
)
# (module, attribute): public names the speed-ups replace for the length of one build
REPLACED_NAMES = (
    ("material.plugins.blog.plugin", "Excerpt"),  # lazy excerpts
    ("material.plugins.blog.structure", "SafeLoader"),  # libyaml for the posts' front matter
    ("mkdocs.structure.pages", "Page.render"),  # Markdown conversions cached across builds
)

_UNSET = object()


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


# -- public names, replaced for one build -----------------------------------------------

BLOG_EXCERPT = blog_plugin.Excerpt
PAGE_RENDER = mkdocs_pages.Page.render


@contextmanager
def replaced(owner, name: str, value) -> Iterator[None]:
    """``owner.name`` is ``value`` inside the block and what it was before afterwards."""
    before = owner.__dict__.get(name, _UNSET) if isinstance(owner, type) else getattr(owner, name)
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


def page_render(stack: ExitStack, render: Callable) -> None:
    """``Page.render`` routed through ``render(original, page, config, files)``."""
    original = PAGE_RENDER

    def routed(page, config, files):
        return render(original, page, config, files)

    stack.enter_context(replaced(mkdocs_pages.Page, "render", routed))
