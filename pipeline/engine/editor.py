"""The web editor written into a build: ``admin/`` from MkDocs' configuration and the
loaded site (``pipeline.editor.admin`` does the writing, without the engine).

Left out of the archive's offline build (built without directory URLs: it is read from a
disc, nothing is edited there). When the pinned Decap CMS has not been fetched yet, the
build says so once and goes on without ``admin/``.
"""

from __future__ import annotations

import logging
from pathlib import Path, PurePosixPath

from pipeline.config.site import SiteConfig
from pipeline.content.model import Site
from pipeline.content.schema import HOME_PAGE
from pipeline.core.i18n import ui
from pipeline.editor.admin import AdminFiles, write_admin
from pipeline.editor.config import FixedPage
from pipeline.editor.settings import EditorSettings
from pipeline.editor.vendor import installed_script, read_lock
from pipeline.engine import PLUGIN_LOGGER

log = logging.getLogger(PLUGIN_LOGGER)
STYLESHEETS = "assets/stylesheets"


def fixed_pages(site: Site, docs_rel: str) -> list[FixedPage]:
    """The pages at the top of the content folder (home, about, contact)."""
    return [
        FixedPage(
            PurePosixPath(page.docs_path).stem,
            f"{docs_rel}/{page.docs_path}",
            page.title,
            home=page.docs_path == HOME_PAGE,
        )
        for page in sorted(site.pages, key=lambda p: (p.docs_path != HOME_PAGE, p.docs_path))
        if "/" not in page.docs_path
    ]


def preview_stylesheets(config, site_dir: Path) -> list[str]:
    """The site's own stylesheets (the theme's, then extra_css), as the editor's page at
    admin/ names them."""
    theme = sorted(
        f"../{STYLESHEETS}/{path.name}"
        for path in (site_dir / STYLESHEETS).glob("*.css")
        if path.is_file()
    )
    extra = [f"../{str(css).lstrip('/')}" for css in config.extra_css if "://" not in str(css)]
    return [*theme, *extra]


def _favicon(config) -> str | None:
    favicon = config.theme.get("favicon")
    return str(favicon).lstrip("/") if favicon and "://" not in str(favicon) else None


def write_editor(config, site_config: SiteConfig, site: Site, lang: str) -> AdminFiles | None:
    """``admin/`` written into the build's site folder, or None when it is not built."""
    if not config.use_directory_urls:
        return None
    lock = read_lock()
    script = installed_script(lock)
    if script is None:
        log.warning(ui("editor.not-installed", lang))
        return None
    site_dir = Path(config.site_dir)
    docs_rel = site_config.rel(Path(config.docs_dir))
    return write_admin(
        site_dir,
        site_config,
        site_config.editor or EditorSettings(),
        lock=lock,
        script=script,
        site_name=config.site_name,
        favicon=_favicon(config),
        docs_dir=docs_rel,
        posts_dirs=dict(site.layout.posts_dirs),
        pages=fixed_pages(site, docs_rel),
        stylesheets=preview_stylesheets(config, site_dir),
        cache_dir=site_config.root / ".cache" / "pipeline" / "editor",
    )
