"""site_config/deploy.yml: where `pipeline deploy` publishes the built site and how.

The file is optional: without it the target is GitHub Pages (what the publish workflow did
before) and every other setting has its default. Problems are configuration errors
(exit status 2) at the line of the key, like the rest of site_config.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pipeline.config.base import (
    ConfigError,
    check_keys,
    load_optional_file,
    setting,
    sub_mapping,
    whole_number,
)

DEPLOY_FILE = "deploy.yml"
TARGETS = ("github-pages", "s3", "oss", "cos")
ADDRESSING = ("auto", "virtual", "path")
CDN_PROVIDERS = ("none", "aliyun", "tencent")
KEYS = (
    "target",
    "bucket",
    "prefix",
    "endpoint",
    "region",
    "addressing",
    "keep",
    "workers",
    "processes",
    "cdn",
    "cache",
)
CDN_KEYS = ("provider", "base_url", "endpoint", "region")
CACHE_KEYS = ("pages", "assets", "fingerprinted")


@dataclass(frozen=True)
class CacheRules:
    """Cache-Control of each kind of object."""

    pages: str = "no-cache"  # HTML, feeds, sitemap, robots.txt, search index
    assets: str = "public, max-age=3600"  # images, CSS, JS whose names do not change
    fingerprinted: str = "public, max-age=31536000, immutable"  # names carrying a hash


@dataclass(frozen=True)
class CdnSettings:
    provider: str = "none"
    base_url: str | None = None  # the public site's address; default site.yml's base_url
    endpoint: str | None = None  # the CDN API's address (default: the provider's own)
    region: str | None = None


@dataclass(frozen=True)
class DeploySettings:
    target: str = "github-pages"
    bucket: str | None = None
    prefix: str = ""
    endpoint: str | None = None
    region: str | None = None
    addressing: str = "auto"  # auto: path style for an IP or localhost, virtual otherwise
    keep: int = 10  # deploy manifests kept in the bucket (rollback reaches that far)
    workers: int = 16  # parallel uploads
    processes: int = 2  # processes sharing a large batch of uploads (boto3 is CPU-bound)
    cdn: CdnSettings = field(default_factory=CdnSettings)
    cache: CacheRules = field(default_factory=CacheRules)
    file: str = DEPLOY_FILE  # as people see it, for messages


def _choice(choices: tuple[str, ...]):
    return lambda value: value if value in choices else None


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _url(value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    parts = urlsplit(text)
    ok = parts.scheme in ("http", "https") and parts.netloc and not parts.query
    return text.rstrip("/") if ok and not any(c.isspace() for c in text) else None


def _base_url(value: Any) -> str | None:
    url = _url(value)
    return url + "/" if url else None


def _prefix(value: Any) -> str | None:
    if value == "" or value is None:
        return ""
    text = _text(value)
    if text is None or ".." in text.split("/") or "\\" in text:
        return None
    return text.strip("/")


def _bucket(value: Any) -> str | None:
    text = _text(value)
    ok = text and 3 <= len(text) <= 63 and all(c.isalnum() or c in "-." for c in text)
    return text if ok else None


def _cache_value(value: Any) -> str | None:
    text = _text(value)
    return text if text and all(32 <= ord(c) < 127 for c in text) else None


# key -> (converter, rule)
_CONVERTERS = {
    "target": (_choice(TARGETS), "deploy/bad-choice"),
    "bucket": (_bucket, "deploy/bad-bucket"),
    "prefix": (_prefix, "deploy/bad-prefix"),
    "endpoint": (_url, "deploy/bad-url"),
    "region": (_text, "config/expected-text"),
    "addressing": (_choice(ADDRESSING), "deploy/bad-choice"),
    "keep": (whole_number(2, 1000), "deploy/bad-whole-number"),
    "workers": (whole_number(1, 64), "deploy/bad-whole-number"),
    "processes": (whole_number(1, 16), "deploy/bad-whole-number"),
}
_CDN_CONVERTERS = {
    "provider": (_choice(CDN_PROVIDERS), "deploy/bad-choice"),
    "base_url": (_base_url, "deploy/bad-url"),
    "endpoint": (_url, "deploy/bad-url"),
    "region": (_text, "config/expected-text"),
}
_CHOICES = {"target": TARGETS, "addressing": ADDRESSING, "provider": CDN_PROVIDERS}
_BOUNDS = {"keep": (2, 1000), "workers": (1, 64), "processes": (1, 16)}


def _params(key: str, value: Any, where: str = "") -> dict:
    low, high = _BOUNDS.get(key, (None, None))
    choices = ", ".join(_CHOICES.get(key, ()))
    return {"key": f"{where}{key}", "value": value, "choices": choices, "minimum": low,
            "maximum": high}  # fmt: skip


def load_deploy_settings(root: Path, config_dir: Path) -> DeploySettings:
    """Read site_config/deploy.yml; defaults for whatever it does not say."""
    loaded = load_optional_file(config_dir, root, DEPLOY_FILE, KEYS)
    if loaded is None:
        return DeploySettings()
    mapping, rel = loaded
    values: dict[str, Any] = {"file": rel}
    for key, value in mapping.values.items():
        if key in _CONVERTERS and value is not None:
            convert, rule = _CONVERTERS[key]
            values[key] = convert(value)
            if values[key] is None:
                raise ConfigError(rel, mapping.line_of(key), rule, **_params(key, value))
    cdn = sub_mapping(mapping, "cdn", rel)
    check_keys(cdn, CDN_KEYS, rel, "cdn.")
    cdn_values: dict[str, Any] = {}
    for key, value in cdn.values.items():
        if value is not None:
            convert, rule = _CDN_CONVERTERS[key]
            cdn_values[key] = convert(value)
            if cdn_values[key] is None:
                raise ConfigError(rel, cdn.line_of(key), rule, **_params(key, value, "cdn."))
    values["cdn"] = CdnSettings(**cdn_values)
    cache = sub_mapping(mapping, "cache", rel)
    check_keys(cache, CACHE_KEYS, rel, "cache.")
    where = (rel, cache, "cache", mapping.line_of("cache"))
    defaults = CacheRules()
    values["cache"] = CacheRules(
        **{
            key: setting(
                cache.values, key, getattr(defaults, key), _cache_value, "deploy/bad-cache", where
            )
            for key in CACHE_KEYS
        }
    )
    settings = DeploySettings(**values)
    if settings.target != "github-pages" and settings.bucket is None:
        line = mapping.line_of("target")
        raise ConfigError(rel, line, "deploy/no-bucket-set", target=settings.target)
    return settings
