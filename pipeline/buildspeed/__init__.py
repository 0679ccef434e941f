"""Build-speed work inside MkDocs: what a 3,000-item site would otherwise redo many times.

Each module removes one cost that a profile of the build showed, without changing a
byte of the output (tests/test_buildspeed.py builds both ways and compares):

- ``excerpts``: the blog plugin converts every post's whole Markdown again for each
  list page it appears on, while this site's list template shows only the summary;
- ``postlist``: the blog plugin asks ``page in blog.posts`` for every page, a list scan
  through ``Page.__eq__`` that grows with N squared;
- ``segmentation``: the search plugin segments Chinese with jieba one string at a time;
  here each distinct run of Chinese is segmented once, cached across builds, in parallel.
"""

from __future__ import annotations

import os

import yaml
from material.plugins.blog import plugin as blog_plugin
from material.plugins.blog import structure as blog_structure

from pipeline.buildspeed.excerpts import LazyExcerpt

# Set to 0 to build exactly as the plugins would on their own: a check that the speed-ups
# change nothing (tests/test_buildspeed.py compares the two builds byte for byte).
ENV_SPEEDUPS = "PIPELINE_SPEEDUPS"
_BLOG_EXCERPT = blog_plugin.Excerpt
_BLOG_LOADER = blog_structure.SafeLoader


def enabled() -> bool:
    return os.environ.get(ENV_SPEEDUPS, "1") != "0"


def install_blog_speedups(on: bool = True) -> None:
    """Point the blog plugin at lazy excerpts and, where available, libyaml.

    The blog plugin re-reads each post's front matter with PyYAML's pure-Python loader;
    what it reads are the normalized copies this pipeline wrote with ``yaml.safe_dump``,
    which libyaml's loader (same constructor, same resolver) reads to the same values.
    The plugin looks both names up in its own modules at call time.
    """
    fast_loader = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None
    blog_plugin.Excerpt = LazyExcerpt if on else _BLOG_EXCERPT
    blog_structure.SafeLoader = (fast_loader if on else None) or _BLOG_LOADER
