"""The files of ``admin/`` in a built site: the editor's page, its configuration, the
pinned Decap CMS script, the pipeline's own script and its data.

Plain functions: what to write comes in (the site's settings, where content lives, the
fixed pages, the site's stylesheets, the fetched script), the files go out, each with the
kind the publish gate holds it to (``pipeline.gate.files``) and, for the two scripts, the
sha256 they must have. The engine calls ``write_admin`` after the pages are written.
"""

from __future__ import annotations

import hashlib
import html
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.config.site import SiteConfig
from pipeline.core.i18n import ui
from pipeline.core.slugs import MAX_SLUG_LENGTH
from pipeline.editor.config import FixedPage, decap_config
from pipeline.editor.pinyintable import pinyin_table
from pipeline.editor.settings import EditorSettings
from pipeline.editor.vendor import SCRIPT_NAME, EditorLock

ADMIN_DIR = "admin"
PAGE = f"{ADMIN_DIR}/index.html"
CONFIG = f"{ADMIN_DIR}/config.yml"
SCRIPT = f"{ADMIN_DIR}/{SCRIPT_NAME}"
OWN_SCRIPT = f"{ADMIN_DIR}/editor.js"
DATA = f"{ADMIN_DIR}/editor-data.json"
OWN_SCRIPT_SOURCE = Path(__file__).with_name("editor.js")
HTML_LANGS = {"zh": "zh-CN", "en": "en"}


@dataclass(frozen=True)
class AdminFiles:
    """What ``write_admin`` wrote (paths under the site folder): the configuration, the
    script's data, and each script with the sha256 it must have."""

    config: str = CONFIG
    data: str = DATA
    scripts: dict[str, str] = field(default_factory=dict)


def page_html(site_name: str, lang: str, favicon: str | None = None) -> str:
    """The editor's page: no inline script, nothing from another host, never indexed. The
    scripts are named ``../admin/…``, the one form the publish gate's allow-list accepts."""
    title = html.escape(ui("editor.page-title", lang, site=site_name))
    return (
        "<!doctype html>\n"
        f'<html lang="{HTML_LANGS.get(lang, "zh-CN")}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        f"<title>{title}</title>\n"
        + (f'<link rel="icon" href="../{html.escape(favicon)}">\n' if favicon else "")
        + "</head>\n"
        "<body>\n"
        f'<script src="../{SCRIPT}"></script>\n'
        f'<script src="../{OWN_SCRIPT}"></script>\n'
        "</body>\n"
        "</html>\n"
    )


def editor_data(lang: str, sections: list[str], stylesheets: list[str], pinyin: dict) -> dict:
    return {
        "stylesheets": stylesheets,
        "itemCollections": sections,
        "slugLength": MAX_SLUG_LENGTH,
        "pinyin": pinyin,
        "texts": {
            "image": ui("editor.field.image", lang),
            "alt": ui("editor.field.alt", lang),
            "altHint": ui("editor.hint.alt", lang),
            "altMissing": ui("editor.error.alt", lang),
        },
    }


def config_yaml(config: dict) -> str:
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)


def write_admin(
    site_dir: Path,
    site_config: SiteConfig,
    settings: EditorSettings,
    *,
    lock: EditorLock,
    script: Path,
    site_name: str,
    favicon: str | None = None,
    docs_dir: str,
    posts_dirs: dict[str, str],
    pages: list[FixedPage],
    stylesheets: list[str],
    cache_dir: Path,
) -> AdminFiles:
    """Write ``admin/`` into ``site_dir``; ``script``: the fetched, checked Decap CMS."""
    lang = site_config.language
    folder = site_dir / ADMIN_DIR
    folder.mkdir(parents=True, exist_ok=True)
    config = decap_config(
        site_config, settings, docs_dir=docs_dir, posts_dirs=posts_dirs, pages=pages
    )
    (site_dir / PAGE).write_text(page_html(site_name, lang, favicon), encoding="utf-8")
    (site_dir / CONFIG).write_text(config_yaml(config), encoding="utf-8")
    data = editor_data(lang, list(posts_dirs), stylesheets, pinyin_table(cache_dir))
    (site_dir / DATA).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    shutil.copyfile(script, site_dir / SCRIPT)
    shutil.copyfile(OWN_SCRIPT_SOURCE, site_dir / OWN_SCRIPT)
    own = hashlib.sha256(OWN_SCRIPT_SOURCE.read_bytes()).hexdigest()
    return AdminFiles(scripts={SCRIPT: lock.file_sha256, OWN_SCRIPT: own})
