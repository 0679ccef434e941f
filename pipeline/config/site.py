"""site_config/: the site's own settings, assembled from site.yml, authors.yml and the
settings file of every stage (Hugo's allconfig: this module imports each stage's reader;
no stage imports it back).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline.brand.settings import BrandSettings, load_brand_settings
from pipeline.config.base import (
    Bounds,
    ConfigError,
    check_keys,
    load_mapping,
    of_type,
    read_bounds,
    rel_path,
    setting,
    string_list,
    sub_mapping,
    whole_number,
)
from pipeline.core.sourcefile import SourceLimits, YamlMapping
from pipeline.deploy.settings import DeploySettings, load_deploy_settings
from pipeline.editor.settings import EditorSettings, load_editor_settings
from pipeline.guard.settings import GuardConfig, load_guard_config
from pipeline.images.settings import ImageSettings, load_image_settings
from pipeline.records.settings import RecordsConfig, load_records_config
from pipeline.roles.settings import Roles, load_roles
from pipeline.seo.settings import SeoSettings, load_seo_settings, parse_base_url
from pipeline.stats.settings import StatsConfig, load_stats_config

LANGUAGES = ("zh", "en")
SITE_FILE = "site.yml"
AUTHORS_FILE = "authors.yml"


@dataclass(frozen=True)
class Section:
    """A blog section of the site (公司新闻, 行业资讯), keyed by its folder under content/."""

    name: str
    title: str
    categories: tuple[str, ...]
    source_required: bool = False
    # a list's thumbnail for an item without a cover or a body image (docs-relative path)
    default_image: str | None = None


@dataclass(frozen=True)
class Author:
    id: str
    name: str
    description: str
    avatar: str


@dataclass(frozen=True)
class SiteConfig:
    root: Path  # the project root (where mkdocs.yml is)
    config_dir: Path
    language: str
    timezone: ZoneInfo
    sections: dict[str, Section]
    authors: dict[str, Author]
    title_bounds: Bounds = Bounds(4, 40)
    summary_bounds: Bounds = Bounds(20, 120)
    source_limits: SourceLimits = field(default_factory=SourceLimits)  # site.yml limits
    extra: dict[str, Any] = field(default_factory=dict)
    guard: GuardConfig | None = None  # site_config/guard.yml and terms/
    records: RecordsConfig | None = None  # site_config/records.yml
    images: ImageSettings | None = None  # site_config/images.yml
    roles: Roles | None = None  # site_config/roles.yml (None: no roles)
    stats: StatsConfig | None = None  # site_config/stats.yml
    base_url: str | None = None  # the public site's address, "https://…/" (site.yml)
    seo: SeoSettings | None = None  # site_config/seo.yml
    editor: EditorSettings | None = None  # site_config/editor.yml (the web editor)
    brand: BrandSettings | None = None  # site_config/brand.yml (None: no brand file)
    deploy: DeploySettings | None = None  # site_config/deploy.yml (defaults when absent)

    @property
    def timezone_name(self) -> str:
        return self.timezone.key

    def rel(self, path: Path) -> str:
        """A path as shown to people: relative to the project root, forward slashes."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def _load_sections(site: YamlMapping, rel: str) -> dict[str, Section]:
    raw = site.values.get("sections")
    if not isinstance(raw, dict) or not raw:
        raise ConfigError(rel, site.line_of("sections"), "config/no-sections")
    sections: dict[str, Section] = {}
    all_sections = sub_mapping(site, "sections", rel)
    for name, body in raw.items():
        line = all_sections.line_of(str(name))
        if not isinstance(body, dict):
            raise ConfigError(rel, line, "config/expected-mapping", key=f"sections.{name}")
        spec = sub_mapping(all_sections, str(name), rel)
        check_keys(
            spec,
            ("title", "categories", "source_required", "default_image"),
            rel,
            f"sections.{name}.",
        )

        where = (rel, spec, f"sections.{name}", line)
        categories = setting(body, "categories", [], string_list, "config/expected-list", where)
        title = setting(body, "title", name, of_type(str), "config/expected-text", where)
        source_required = setting(
            body, "source_required", False, of_type(bool), "config/expected-bool", where
        )
        default_image = setting(
            body, "default_image", "", of_type(str), "config/expected-text", where
        )
        sections[str(name)] = Section(
            str(name),
            title,
            categories,
            source_required,
            default_image.lstrip("/") or None,
        )
    return sections


def _load_authors(config_dir: Path, root: Path) -> dict[str, Author]:
    path = config_dir / AUTHORS_FILE
    rel = rel_path(path, root)
    mapping = load_mapping(path, rel)
    check_keys(mapping, ("authors",), rel)
    raw = mapping.values.get("authors")
    if not isinstance(raw, dict) or not raw:
        raise ConfigError(rel, mapping.line_of("authors"), "config/no-authors")
    authors: dict[str, Author] = {}
    all_authors = sub_mapping(mapping, "authors", rel)
    for author_id, body in raw.items():
        line = all_authors.line_of(str(author_id))
        if not isinstance(body, dict):
            raise ConfigError(rel, line, "config/expected-mapping", key=f"authors.{author_id}")
        known = ("name", "description", "avatar")
        spec = sub_mapping(all_authors, str(author_id), rel)
        check_keys(spec, known, rel, f"authors.{author_id}.")
        for key in known:
            if not isinstance(body.get(key), str) or not body[key].strip():
                raise ConfigError(
                    rel,
                    spec.line_of(key, line),
                    "config/missing-key",
                    key=f"authors.{author_id}.{key}",
                )
        authors[str(author_id)] = Author(
            str(author_id), body["name"], body["description"], body["avatar"]
        )
    return authors


# site.yml limits on every editor's file, checked before any parser runs: key -> lowest value
_SOURCE_LIMITS = {"file_size_kb": 1, "line_length": 80, "nesting_depth": 3, "yaml_depth": 3}


def _load_source_limits(limits: YamlMapping, rel: str) -> SourceLimits:
    """``limits.file_size_kb`` and the others: whole numbers, each with a sane floor."""
    default = SourceLimits()
    values = {}
    for key, low in _SOURCE_LIMITS.items():
        where = (rel, limits, "limits", None)
        values[key] = setting(
            limits.values, key, getattr(default, key), whole_number(low), "config/bad-limit", where
        )
    return SourceLimits(**values)


def load_site_config(root: Path, config_dir: Path | None = None) -> SiteConfig:
    """Load and validate ``site_config/`` of the project at ``root``."""
    config_dir = config_dir or root / "site_config"
    site_path = config_dir / SITE_FILE
    rel = rel_path(site_path, root)
    site = load_mapping(site_path, rel)
    check_keys(site, ("language", "timezone", "sections", "limits", "base_url"), rel)

    language = site.values.get("language", "zh")
    if language not in LANGUAGES:
        raise ConfigError(rel, site.line_of("language"), "config/bad-language", value=str(language))
    tz_name = site.values.get("timezone", "Asia/Shanghai")
    try:
        timezone = ZoneInfo(str(tz_name))
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            rel, site.line_of("timezone"), "config/bad-timezone", value=str(tz_name)
        ) from None

    limits = sub_mapping(site, "limits", rel)
    check_keys(limits, ("title", "summary", *_SOURCE_LIMITS), rel, "limits.")
    return SiteConfig(
        root=root,
        config_dir=config_dir,
        language=language,
        timezone=timezone,
        sections=(sections := _load_sections(site, rel)),
        authors=_load_authors(config_dir, root),
        title_bounds=read_bounds(limits, "title", Bounds(4, 40), rel, "limits."),
        summary_bounds=read_bounds(limits, "summary", Bounds(20, 120), rel, "limits."),
        source_limits=_load_source_limits(limits, rel),
        records=load_records_config(config_dir, root),
        images=load_image_settings(root, config_dir),
        guard=load_guard_config(config_dir, root),
        roles=load_roles(config_dir, root, tuple(sections)),
        stats=load_stats_config(config_dir, root, tuple(sections)),
        base_url=parse_base_url(site, rel),
        seo=load_seo_settings(config_dir, root),
        editor=load_editor_settings(config_dir, root),
        brand=load_brand_settings(config_dir, root),
        deploy=load_deploy_settings(root, config_dir),
    )
