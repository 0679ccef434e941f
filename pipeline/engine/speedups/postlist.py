"""``page in blog.posts`` without a scan through ``Page.__eq__``.

The blog plugin asks, for every page of the site and in two events, whether the page
is one of its posts. A list answers by comparing each post in turn through MkDocs'
``Page.__eq__`` (title and file), which at 3,000 items is millions of calls. Pages
are equal only if their files are, so a set of the posts' source paths answers "no"
at once, and a set of identities answers "yes" for the page objects themselves; any
other case (an equal copy of a post) still goes through the list's own comparison.
"""

from __future__ import annotations


class PostList(list):
    """A list of posts that answers ``in`` from an index, rebuilt after any change."""

    def __init__(self, posts=()) -> None:
        super().__init__(posts)
        self._index: tuple[set[int], set[str]] | None = None

    def __contains__(self, page) -> bool:
        if self._index is None:
            self._index = ({id(post) for post in self}, {_source(post) for post in self})
        identities, sources = self._index
        if id(page) in identities:
            return True
        if _source(page) not in sources:
            return False
        return list.__contains__(self, page)


def _source(page) -> str | None:
    file = getattr(page, "file", None)
    return getattr(file, "src_uri", None)


def _invalidating(name: str):
    method = getattr(list, name)

    def wrapper(self, *args, **kwargs):
        self._index = None
        return method(self, *args, **kwargs)

    wrapper.__name__ = name
    return wrapper


for _name in (
    "append", "extend", "insert", "remove", "pop", "clear",
    "__setitem__", "__delitem__", "__iadd__", "__imul__",
):  # fmt: skip
    setattr(PostList, _name, _invalidating(_name))


def index_blog_posts(blog_plugins) -> None:
    """Swap each blog's post list for an indexed one (after the blogs collected posts)."""
    for blog in blog_plugins:
        entry = getattr(blog, "blog", None)
        if entry is not None and not isinstance(entry.posts, PostList):
            entry.posts = PostList(entry.posts)
