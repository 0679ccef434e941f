"""Decap CMS's configuration, generated from the front-matter schema and site_config.

Plain functions: the schema (``pipeline.content.schema``) says which keys an item and a
fixed page have and what each accepts; site.yml gives the sections, their categories and
the length limits; authors.yml the authors; editor.yml the hosted back end. Each schema
option becomes the Decap widget that writes a value the option accepts, with the same
bounds and the catalogue's texts, so what the editor saves passes `pipeline check`.
Nothing here is written by hand in a config file: a build writes the result to
``admin/config.yml`` (``pipeline.editor.admin``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.config.site import SiteConfig
from pipeline.content.schema import (
    HIGHLIGHT_ICONS,
    HOME_SCHEMA,
    HOME_TEXT_MAX,
    ITEM_SCHEMA,
    PAGE_HIDE_VALUES,
    PAGE_SCHEMA,
    PAGE_TEMPLATES,
    AllowTerms,
    AuthorRef,
    Banner,
    CategoryList,
    DateTime,
    Flag,
    HideList,
    Highlights,
    ImagePath,
    Option,
    Slug,
    Source,
    Template,
    Text,
    TextList,
)
from pipeline.core.i18n import ui
from pipeline.core.slugs import MAX_SLUG_LENGTH
from pipeline.editor.settings import EditorSettings

# Decap's locale for the site's language of messages
LOCALES = {"zh": "zh_Hans", "en": "en"}
# how dates are written: the way `pipeline new` writes them, read in the site's time zone
DATE_FORMAT = "YYYY-MM-DD HH:mm"
SLUG_PATTERN = f"^(?=.{{1,{MAX_SLUG_LENGTH}}}$)[a-z0-9]+(-[a-z0-9]+)*$"
URL_PATTERN = r"^https?://[^\s/]+\S*$"
PROXY_PATH = "/api/v1"

# every key of both schemas -> the catalogue's label (tests/test_editor_config.py)
LABELS = {
    "title": "editor.field.title",
    "summary": "editor.field.summary",
    "date": "editor.field.date",
    "author": "editor.field.author",
    "categories": "editor.field.categories",
    "keywords": "editor.field.keywords",
    "tags": "editor.field.tags",
    "cover": "editor.field.cover",
    "slug": "editor.field.slug",
    "draft": "editor.field.draft",
    "pin": "editor.field.pin",
    "publish": "editor.field.publish",
    "expire": "editor.field.expire",
    "updated": "editor.field.updated",
    "source": "editor.field.source",
    "allow_terms": "editor.field.allow-terms",
    "hide": "editor.field.hide",
    "template": "editor.field.template",
    "banner": "editor.field.banner",
    "highlights": "editor.field.highlights",
}
# the widget of an option the editor does not know yet: tests/test_editor_config.py fails
# on it, a build still works (the key is offered as plain text)
FALLBACK_WIDGET = "string"
HINTS = {
    "summary": "editor.hint.summary",
    "date": "editor.hint.date",
    "slug": "editor.hint.slug",
    "draft": "editor.hint.draft",
    "cover": "editor.hint.cover",
    "allow_terms": "editor.hint.allow-terms",
    "keywords": "editor.hint.list",
    "tags": "editor.hint.list",
}


@dataclass(frozen=True)
class FixedPage:
    """A fixed page the editor offers: its file relative to the repository and its title."""

    name: str  # the collection entry's name (the file's stem)
    path: str
    title: str
    home: bool = False  # the home page: its own keys (banner, highlight cards)


def local_backend_url(settings: EditorSettings) -> str:
    return f"http://127.0.0.1:{settings.local_port}{PROXY_PATH}"


def backend(settings: EditorSettings) -> dict[str, Any]:
    """Decap's ``backend``: the hosted one of editor.yml, else the local proxy only."""
    if settings.backend is None:
        return {"name": "proxy", "proxy_url": local_backend_url(settings),
                "branch": settings.branch}  # fmt: skip
    result: dict[str, Any] = {"name": settings.backend, "repo": settings.repo,
                              "branch": settings.branch}  # fmt: skip
    if settings.backend == "gitlab":
        result["auth_type"] = "pkce"
    for key in ("app_id", "api_root", "base_url", "auth_endpoint"):
        value = getattr(settings, key)
        if value:
            result[key] = value
    return result


def _length_pattern(option: Text, config: SiteConfig, key: str, lang: str) -> list[str]:
    bounds = getattr(config, f"{option.bounds}_bounds")
    any_char = "." if key == "title" else r"[\s\S]"
    return [
        f"^{any_char}{{{bounds.min},{bounds.max}}}$",
        ui("editor.error.length", lang, label=ui(LABELS[key], lang), min=bounds.min,
           max=bounds.max),
    ]  # fmt: skip


def field_for(key: str, option: Option, config: SiteConfig, section: str | None, lang: str):
    """The Decap field of one schema key; ``section``: the item's section (None: a page)."""
    field: dict[str, Any] = {"label": ui(LABELS[key], lang), "name": key}
    required = option.required or (isinstance(option, Source) and section is not None
                                   and config.sections[section].source_required)  # fmt: skip
    field["required"] = bool(required)
    if key in HINTS:
        field["hint"] = ui(HINTS[key], lang)
    if isinstance(option, Text):
        field["widget"] = "string" if key == "title" else "text"
        field["pattern"] = _length_pattern(option, config, key, lang)
    elif isinstance(option, Flag):
        field.update(widget="boolean", default=False)
    elif isinstance(option, DateTime):
        field.update(widget="datetime", format=DATE_FORMAT, date_format="YYYY-MM-DD",
                     time_format="HH:mm", picker_utc=False)  # fmt: skip
        if not option.required:
            field["default"] = ""
    elif isinstance(option, AuthorRef):
        field.update(widget="select", options=[
            {"label": author.name, "value": author.id} for author in config.authors.values()
        ])  # fmt: skip
    elif isinstance(option, CategoryList):
        categories = config.sections[section].categories if section else ()
        field.update(widget="select", multiple=True, options=list(categories))
        if option.required:
            field["min"] = 1
    elif isinstance(option, HideList):
        field.update(widget="select", multiple=True, options=list(PAGE_HIDE_VALUES))
    elif isinstance(option, TextList):
        field.update(widget="list", default=[])
    elif isinstance(option, ImagePath):
        field.update(widget="image", choose_url=False)
    elif isinstance(option, Slug):
        field.update(widget="string", pattern=[SLUG_PATTERN, ui("editor.error.slug", lang)])
    elif isinstance(option, Source):
        field.update(widget="object", fields=[
            {"label": ui("editor.field.source-name", lang), "name": "name", "widget": "string",
             "required": bool(required)},
            {"label": ui("editor.field.source-url", lang), "name": "url", "widget": "string",
             "required": bool(required), "pattern": [URL_PATTERN, ui("editor.error.url", lang)]},
        ])  # fmt: skip
    elif isinstance(option, AllowTerms):
        field.update(widget="list", collapsed=True, summary="{{fields.term}}", fields=[
            {"label": ui("editor.field.term", lang), "name": "term", "widget": "string"},
            {"label": ui("editor.field.reason", lang), "name": "reason", "widget": "string"},
        ])  # fmt: skip
    elif isinstance(option, Template):
        field.update(widget="select", options=list(PAGE_TEMPLATES))
    elif isinstance(option, Banner):
        field.update(widget="object", collapsed=True, fields=[
            {"label": ui("editor.field.image", lang), "name": "image", "widget": "image",
             "choose_url": False},
            *_home_texts(lang),
        ])  # fmt: skip
    elif isinstance(option, Highlights):
        field.update(widget="list", collapsed=True, min=1, max=6, summary="{{fields.title}}",
                     fields=[
            {"label": ui("editor.field.icon", lang), "name": "icon", "widget": "select",
             "options": list(HIGHLIGHT_ICONS), "required": False,
             "hint": ui("editor.hint.icon", lang)},
            {"label": ui("editor.field.image", lang), "name": "image", "widget": "image",
             "choose_url": False, "required": False},
            *_home_texts(lang),
        ])  # fmt: skip
    else:  # a new kind of option: tests/test_editor_config.py fails until it is added
        field.update(widget=FALLBACK_WIDGET, required=False)
    return field


def _home_texts(lang: str) -> list[dict[str, Any]]:
    """title, text and link {text, url} of the home page's banner and cards."""
    pattern = [f"^.{{1,{HOME_TEXT_MAX}}}$",
               ui("editor.error.length", lang, label="", min=1, max=HOME_TEXT_MAX)]  # fmt: skip
    return [
        {"label": ui("editor.field.title", lang), "name": "title", "widget": "string",
         "pattern": pattern},
        {"label": ui("editor.field.text", lang), "name": "text", "widget": "string",
         "pattern": pattern},
        {"label": ui("editor.field.link", lang), "name": "link", "widget": "object", "fields": [
            {"label": ui("editor.field.link-text", lang), "name": "text", "widget": "string",
             "pattern": pattern},
            {"label": ui("editor.field.link-url", lang), "name": "url", "widget": "string",
             "hint": ui("editor.hint.link-url", lang)},
        ]},
    ]  # fmt: skip


def body_field(lang: str) -> dict[str, Any]:
    return {
        "label": ui("editor.field.body", lang),
        "name": "body",
        "widget": "markdown",
        "hint": ui("editor.hint.body", lang),
    }


def item_collection(config: SiteConfig, section: str, folder: str, lang: str) -> dict:
    """A folder collection of one section: ``<folder>/<year>/YYYY-MM-DD-slug.md``, images
    beside the item. The file name's date is the item's own date in the browser's time
    zone (Decap's ``date`` filter), which for editors is the site's; the year's folder is
    Decap's ``{{year}}``, the date's year in UTC (the only form its paths take), which
    differs only for an item dated in the first hours of a year."""
    spec = config.sections[section]
    return {
        "name": section,
        "label": spec.title,
        "label_singular": spec.title,
        "folder": folder,
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        "path": "{{year}}/{{slug}}",
        "slug": "{{fields.date | date('YYYY-MM-DD')}}-{{fields.slug}}",
        "media_folder": "",
        "public_folder": "",
        "summary": "{{title}}",
        "sortable_fields": ["date", "title"],
        "preview_path": f"{section}/{{{{fields.date | date('YYYY/MM/DD')}}}}/{{{{fields.slug}}}}/",
        "fields": [
            *(field_for(key, option, config, section, lang) for key, option in ITEM_SCHEMA.items()),
            body_field(lang),
        ],
    }


def pages_collection(config: SiteConfig, pages: list[FixedPage], lang: str) -> dict:
    """The fixed pages (home, about, contact) as one collection of files."""

    def fields(page: FixedPage) -> list[dict[str, Any]]:
        schema = HOME_SCHEMA if page.home else PAGE_SCHEMA
        return [field_for(key, option, config, None, lang) for key, option in schema.items()]

    return {
        "name": "pages",
        "label": ui("editor.collection.pages", lang),
        "media_folder": "",
        "public_folder": "",
        "files": [
            {
                "name": page.name,
                "label": page.title,
                "file": page.path,
                "fields": [*fields(page), body_field(lang)],
            }
            for page in pages
        ],
    }


def decap_config(
    config: SiteConfig,
    settings: EditorSettings,
    *,
    docs_dir: str,
    posts_dirs: dict[str, str],
    pages: list[FixedPage],
    site_url: str | None = None,
) -> dict[str, Any]:
    """The whole configuration; ``docs_dir`` and ``posts_dirs`` relative to the repository
    (``content``, ``news/posts``), ``pages``: the fixed pages offered."""
    lang = config.language
    root = docs_dir.strip("/")
    collections = [
        item_collection(config, name, f"{root}/{posts_dirs[name].strip('/')}", lang)
        for name in config.sections
        if name in posts_dirs
    ]
    if pages:
        collections.append(pages_collection(config, pages, lang))
    result: dict[str, Any] = {
        "locale": LOCALES.get(lang, "zh_Hans"),
        "publish_mode": "editorial_workflow",
        "backend": backend(settings),
        "local_backend": {
            "url": local_backend_url(settings),
            "allowed_hosts": ["127.0.0.1", "localhost"],
        },
        "media_folder": f"{root}/assets/images",
        "public_folder": "/assets/images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "show_preview_links": True,
        "collections": collections,
    }
    if site_url or config.base_url:
        result["site_url"] = site_url or config.base_url
    return result
