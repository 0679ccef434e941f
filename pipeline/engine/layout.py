"""What a loaded mkdocs.yml tells the rest of the pipeline: where items live (from the blog
instances, checked against site.yml's sections, so every other module can trust a
Layout), and the project record the stages work with."""

from __future__ import annotations

import os
from pathlib import Path

from material.plugins.blog.plugin import BlogPlugin

from pipeline.config.base import ConfigError
from pipeline.config.site import SiteConfig
from pipeline.content.layout import Layout
from pipeline.content.project import Project


def blog_plugins(mkdocs_config) -> list:
    """The Material blog plugin instances configured in mkdocs.yml."""
    return [p for p in mkdocs_config.plugins.values() if isinstance(p, BlogPlugin)]


def layout_from_mkdocs(mkdocs_config, site_config: SiteConfig) -> Layout:
    """Derive where items live from the blog instances, and check site.yml agrees."""
    docs_dir = Path(mkdocs_config.docs_dir)
    posts_dirs: dict[str, str] = {}
    mkdocs_rel = site_config.rel(Path(mkdocs_config.config_file_path))
    site_rel = site_config.rel(site_config.config_dir / "site.yml")
    for blog in blog_plugins(mkdocs_config):
        name = os.path.normpath(blog.config.blog_dir).replace(os.sep, "/")
        if name not in site_config.sections:
            raise ConfigError(mkdocs_rel, None, "config/blog-without-section", section=name)
        posts = os.path.normpath(blog.config.post_dir.format(blog=name)).replace(os.sep, "/")
        posts_dirs[name] = posts
    for name in site_config.sections:
        if name not in posts_dirs:
            raise ConfigError(site_rel, None, "config/section-without-blog", section=name)
    for name, posts in posts_dirs.items():
        for needed, is_dir in ((f"{name}/index.md", False), (posts, True)):
            target = docs_dir / needed
            if not (target.is_dir() if is_dir else target.is_file()):
                # the blog plugin would create it inside content/, writing to the sources
                raise ConfigError(
                    site_config.rel(target),
                    None,
                    "config/missing-section-folder",
                    section=name,
                    target=site_config.rel(target),
                )
    return Layout(docs_dir=docs_dir, posts_dirs=posts_dirs)


def project_of(mkdocs_config, site_config: SiteConfig) -> Project:
    """The plain project record of a loaded MkDocs configuration and its site_config."""
    return Project(
        config_file=Path(mkdocs_config.config_file_path),
        site_config=site_config,
        layout=layout_from_mkdocs(mkdocs_config, site_config),
        site_dir=Path(mkdocs_config.site_dir),
        site_url=mkdocs_config.site_url or None,
        site_name=mkdocs_config.site_name,
    )
