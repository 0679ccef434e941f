"""Excerpts that are converted only when a template reads their content.

Material's blog plugin gives each post an ``Excerpt`` and, for every list page that
shows the post (index, archive, category and their pagination pages), converts the
post's whole Markdown in that page's context. Of that work a list page needs only the
table of contents entry for the post's title (the blog adds it to the page's own table
of contents); this site's ``partials/post.html`` shows the summary, not the excerpt.
So the title's entry is computed once per post, and the full conversion happens only
if a template asks for ``content`` or ``more``, exactly as the blog plugin would do it.
"""

from __future__ import annotations

import re
from copy import copy

from markdown import Markdown
from material.plugins.blog.structure import Excerpt
from material.plugins.blog.structure.markdown import ExcerptTreeprocessor
from mkdocs.structure.toc import get_toc

from pipeline.engine import compat
from pipeline.engine.speedups.titlecache import TitleCache

# A title with Markdown syntax, or a body that defines abbreviations, can render the
# title's heading differently from the title alone: those take the full conversion.
_PLAIN_TITLE = re.compile(r"[^\[\]*_`{}<>&\\~!|#^=:$]+")
# a heading of the body's own at the title's level would add entries after the title's
_BODY_TOP_HEADING = re.compile(r"^(?:#(?!#)|=+[ \t]*$)|<h1", re.MULTILINE | re.IGNORECASE)


class LazyExcerpt(Excerpt):
    """An ``Excerpt`` whose Markdown parser and full conversion are made on demand."""

    titles: TitleTokens  # set per build by lazy_excerpt_class

    def __init__(self, post, config, files):  # mirrors Excerpt.__init__, minus the parser
        self.file = copy(post.file)
        self.post = post
        compat.set_excerpt_canonical_url(self, config.site_url)
        self.config = post.config
        self.meta = post.meta
        self.authors = []
        self.categories = []
        self._site_config = config
        self._files = files
        self._md: Markdown | None = None
        self._base = None
        self._separator = ""
        self._rendered_for = None
        self._content = None
        self._more = None
        self.toc = get_toc([])
        if self.titles.cache is not None:  # a post of this build: its title's entry is kept
            self.titles.cache.keep(post.title)

    # -- what list pages use -----------------------------------------------------------

    def render(self, page, separator: str) -> None:
        self._base = page
        self._separator = separator
        self.markdown = self.post.markdown
        if not compat.title_from_render(self.post):
            self.markdown = "\n\n".join([f"# {self.post.title}", self.markdown])
        tokens = self.titles.of(self.post, self._site_config)
        if tokens is None:
            self._convert()
        else:
            self.toc = get_toc(tokens)

    # -- what a template may read --------------------------------------------------------

    @property
    def content(self):
        self._convert_if_stale()
        return self._content

    @content.setter
    def content(self, value) -> None:
        self._content = value

    @property
    def more(self):
        self._convert_if_stale()
        return self._more

    @more.setter
    def more(self, value) -> None:
        self._more = value

    def _convert_if_stale(self) -> None:
        """Converted for the list page rendered last, or not at all yet: convert now."""
        if self._base is not None and self._rendered_for is not self._base:
            self._convert()

    def _convert(self) -> None:
        """The blog plugin's own ``Excerpt.render``, on the parser made when first needed."""
        if self._md is None:
            self._md = _excerpt_parser(self.post, self._site_config, self._files, self.file)
        page = self._base
        self.file.url = page.url
        at = self._md.treeprocessors.get_index_for_name("excerpt")
        self._md.treeprocessors[at].base = page
        content = self._md.convert(self.markdown)
        self._content, *more = content.split(self._separator, 1)
        self._more = more[0] if more else None
        self.toc = get_toc(getattr(self._md, "toc_tokens", []))
        self.file.url = self.post.url
        self._rendered_for = page


def _excerpt_parser(post, config, files, file) -> Markdown:
    config = compat.blog_markdown_config(config)
    md = Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    md.treeprocessors.register(ExcerptTreeprocessor(post), "excerpt", 0)
    relpath = compat.relative_path_treeprocessor(file, files, config)
    md.treeprocessors.register(relpath, "relpath", 1)
    return md


class TitleTokens:
    """One build's table-of-contents entries of post titles, made with one parser, and
    kept across builds in ``cache`` (``titlecache``) when there is one."""

    def __init__(self, cache: TitleCache | None = None) -> None:
        self.parser: Markdown | None = None
        self.by_post: dict[str, list] = {}
        self.cache = cache

    def of(self, post, config) -> list | None:
        """The table of contents tokens of the post's title heading, or None to convert
        fully.

        The full conversion starts with ``# {title}`` (the blog adds it when the post has
        no heading of its own), and list pages use only that first entry; a plain title
        converts to the same entry on its own. Kept per post: it does not depend on the
        list page.
        """
        key = post.file.src_uri
        if key in self.by_post:
            return self.by_post[key]
        title = post.title
        if (
            compat.title_from_render(post)
            or not _PLAIN_TITLE.fullmatch(title)
            or "*[" in post.markdown
            or _BODY_TOP_HEADING.search(post.markdown)
        ):
            return None
        cache = self.cache
        if cache is not None:
            if not cache.opened:
                cache.open(compat.blog_markdown_config(config))
            tokens = cache.get(title)
            if tokens is not None:
                self.by_post[key] = tokens
                return tokens
        if self.parser is None:
            patched = compat.blog_markdown_config(config)
            self.parser = Markdown(
                extensions=patched.markdown_extensions, extension_configs=patched.mdx_configs
            )
        self.parser.reset()
        self.parser.convert(f"# {title}")
        tokens = list(getattr(self.parser, "toc_tokens", []))[:1]
        self.by_post[key] = tokens
        if cache is not None:
            cache.put(title, tokens)
        return tokens


def lazy_excerpt_class(cache: TitleCache | None = None) -> type[LazyExcerpt]:
    """``LazyExcerpt`` bound to a new build's title entries (the blog plugin makes the
    excerpts itself, so the class carries the build's state), kept in ``cache`` if given."""
    return type("LazyExcerpt", (LazyExcerpt,), {"titles": TitleTokens(cache)})
