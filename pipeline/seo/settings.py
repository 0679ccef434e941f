"""Search-engine settings: the site's base URL (site.yml) and site_config/seo.yml.

seo.yml is optional: without it SEO warnings are on with the default summary length,
and pages without a picture of their own get no og:image. Problems are configuration
errors (exit status 2) at the line of the key, like the rest of site_config.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.config.base import (
    Bounds,
    ConfigError,
    check_keys,
    load_optional_file,
    read_bounds,
    sub_mapping,
)
from pipeline.core.sourcefile import YamlMapping

SEO_FILE = "seo.yml"
KEYS = ("warnings", "summary", "image", "publisher", "twitter")
PUBLISHER_KEYS = ("name", "logo")
# Raster formats that every crawler and social card renders (og:image must not be SVG).
SHARE_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
# About what a search result shows of a Chinese description; inside the schema's own limits.
SUMMARY_BOUNDS = Bounds(40, 110)


@dataclass(frozen=True)
class SeoSettings:
    warnings: bool = True
    summary: Bounds = SUMMARY_BOUNDS
    image: str | None = None  # docs path: og:image of pages without a picture of their own
    publisher_name: str | None = None  # default: the site's name (mkdocs.yml site_name)
    publisher_logo: str | None = None  # docs path of the logo in NewsArticle's publisher
    twitter: str | None = None  # the site's account, "@name", for twitter:site
    # where the images are named, for a finding when one is missing (content/ is known later)
    file: str = SEO_FILE
    image_lines: tuple[tuple[str, int | None], ...] = ()  # (docs path, line)


def parse_base_url(site: YamlMapping, rel: str) -> str | None:
    """``base_url`` of site.yml: an absolute http(s) URL ending in "/", or None when absent."""
    value = site.values.get("base_url")
    if value is None:
        return None
    parts = urlsplit(value) if isinstance(value, str) else None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.netloc
        or not value.endswith("/")
        or parts.query
        or parts.fragment
        or any(c.isspace() for c in value)
    ):
        raise ConfigError(rel, site.line_of("base_url"), "config/bad-base-url", value=str(value))
    return value


def load_seo_settings(config_dir: Path, root: Path) -> SeoSettings:
    loaded = load_optional_file(config_dir, root, SEO_FILE, KEYS)
    if loaded is None:
        return SeoSettings()
    mapping, rel = loaded
    body = mapping.values
    default = SeoSettings()
    lines: list[tuple[str, int | None]] = []

    def text(key: str, parent: YamlMapping = mapping, prefix: str = "") -> str | None:
        value = parent.values.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(rel, parent.line_of(key), "config/expected-text", key=prefix + key)
        return value.strip()

    def image(key: str, parent: YamlMapping = mapping, prefix: str = "") -> str | None:
        value = text(key, parent, prefix)
        if value is None:
            return None
        if not value.lower().endswith(SHARE_IMAGE_SUFFIXES):
            raise ConfigError(
                rel, parent.line_of(key), "config/seo-image-format", key=prefix + key, value=value
            )
        docs_path = value.lstrip("/")
        lines.append((docs_path, parent.line_of(key)))
        return docs_path

    publisher = sub_mapping(mapping, "publisher", rel)
    check_keys(publisher, PUBLISHER_KEYS, rel, "publisher.")
    twitter = text("twitter")
    if twitter is not None and not twitter.startswith("@"):
        twitter = f"@{twitter}"
    warnings = body.get("warnings", default.warnings)
    if not isinstance(warnings, bool):
        raise ConfigError(rel, mapping.line_of("warnings"), "config/expected-bool", key="warnings")
    return SeoSettings(
        warnings=warnings,
        summary=_summary_bounds(mapping, rel, default.summary),
        image=image("image"),
        publisher_name=text("name", publisher, "publisher."),
        publisher_logo=image("logo", publisher, "publisher."),
        twitter=twitter,
        file=rel,
        image_lines=tuple(lines),
    )


def _summary_bounds(mapping: YamlMapping, rel: str, default: Bounds) -> Bounds:
    if isinstance(mapping.values.get("summary"), dict):  # "mx" is a typo of "max": say so
        check_keys(sub_mapping(mapping, "summary", rel), ("min", "max"), rel, "summary.")
    return read_bounds(mapping, "summary", default, rel)
