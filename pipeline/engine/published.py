"""What made each file of a built site, told to the publish gate (``SiteFiles``).

MkDocs' file collection says where every copied file comes from (the content, the theme,
the image pipeline's cache); the plugins that write files after the pages (sitemaps,
feeds, robots.txt, the search index, the tags export) are known here by name, since
this module knows the engine's plugins and the gate must not.
"""

from __future__ import annotations

from pathlib import Path

from material.plugins.search.plugin import SearchPlugin
from material.plugins.tags.plugin import TagsPlugin
from mkdocs.structure.files import Files

from pipeline.config.site import SiteConfig
from pipeline.editor.admin import AdminFiles
from pipeline.gate.files import (
    EDITOR_CONFIG,
    EDITOR_DATA,
    EDITOR_SCRIPT,
    FEED,
    ROBOTS,
    SEARCH_INDEX,
    SEARCH_INDEX_JS,
    SITEMAP,
    SITEMAP_GZ,
    TAGS,
    SiteFiles,
)
from pipeline.guard.settings import GuardConfig
from pipeline.seo.feeds import FEED_FILE, SECTION_SITEMAP

SEARCH_INDEX_FILE = "search/search_index.json"
OFFLINE_INDEX_FILE = "search/search_index.js"  # Material's offline plugin


def site_files(
    config,
    files: Files,
    site_config: SiteConfig,
    guard: GuardConfig,
    images: frozenset[str],
    trusted: tuple[Path, ...] = (),
    editor: AdminFiles | None = None,
) -> SiteFiles:
    """The ``SiteFiles`` of a build of ``config`` whose final file collection is ``files``;
    ``images``: the files the image pipeline wrote; ``trusted``: the engine's own files;
    ``editor``: the web editor's files, when the build wrote them."""
    copied = {
        file.dest_uri: Path(file.abs_src_path)
        for file in files
        if file.abs_src_path and not file.is_documentation_page()
    }
    generated = {
        "sitemap.xml": SITEMAP,
        "sitemap.xml.gz": SITEMAP_GZ,
        "robots.txt": ROBOTS,
    }
    for name in site_config.sections:
        generated[f"{name}/{FEED_FILE}"] = FEED
        generated[f"{name}/{SECTION_SITEMAP}"] = SITEMAP
    if editor is not None:  # the web editor's admin/ (pipeline.engine.editor)
        generated[editor.config] = EDITOR_CONFIG
        generated[editor.data] = EDITOR_DATA
        generated.update(dict.fromkeys(editor.scripts, EDITOR_SCRIPT))
    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin) and plugin.config.enabled:
            generated[SEARCH_INDEX_FILE] = SEARCH_INDEX
            generated[OFFLINE_INDEX_FILE] = SEARCH_INDEX_JS
        elif isinstance(plugin, TagsPlugin) and plugin.config.enabled and plugin.config.export:
            generated[Path(plugin.config.export_file).as_posix().lstrip("/")] = TAGS
    return SiteFiles(
        docs_dir=Path(config.docs_dir),
        trusted_dirs=(*(Path(d) for d in config.theme.dirs), *trusted),
        copied=copied,
        images=images,
        generated=generated,
        publish_as_is=guard.publish_as_is,
        pinned=dict(editor.scripts) if editor is not None else {},
    )
