"""site_config/: the site's own settings, loaded into typed, validated dataclasses.

Problems here are configuration errors (exit status 2): they name the file, the
line and the key, and suggest the closest known key for a typo.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline.sourcefile import (
    DecodeError,
    YamlMapping,
    YamlSyntaxError,
    decode_text,
    parse_yaml_mapping,
)

LANGUAGES = ("zh", "en")
SITE_FILE = "site.yml"
AUTHORS_FILE = "authors.yml"


class ConfigError(Exception):
    """A configuration problem; carries a catalogue rule and where it is."""

    def __init__(self, path: str, line: int | None, rule: str, **params: Any) -> None:
        super().__init__(rule)
        self.path = path
        self.line = line
        self.rule = rule
        self.params = params

    def render(self, lang: str) -> str:
        from pipeline.i18n import render_hint, render_message

        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {render_message(self.rule, lang, self.params)}"
        hint = render_hint(self.rule, lang, self.params)
        return f"{text}\n  → {hint}" if hint else text


@dataclass(frozen=True)
class Bounds:
    min: int
    max: int


@dataclass(frozen=True)
class Section:
    """A blog section of the site (公司新闻, 行业资讯), keyed by its folder under content/."""

    name: str
    title: str
    categories: tuple[str, ...]
    source_required: bool = False


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
    extra: dict[str, Any] = field(default_factory=dict)
    guard: Any = None  # pipeline.guard.config.GuardConfig: site_config/guard.yml and terms/
    records: Any = None  # pipeline.records.config.RecordsConfig, from site_config/records.yml
    images: Any = None  # pipeline.images.settings.ImageSettings, from site_config/images.yml
    roles: Any = None  # pipeline.ci.roles.Roles, from site_config/roles.yml (None: no roles)
    stats: Any = None  # pipeline.stats.config.StatsConfig, from site_config/stats.yml
    base_url: str | None = None  # the public site's address, "https://…/" (site.yml)
    seo: Any = None  # pipeline.seo.settings.SeoSettings, from site_config/seo.yml

    @property
    def timezone_name(self) -> str:
        return self.timezone.key

    def rel(self, path: Path) -> str:
        """A path as shown to people: relative to the project root, forward slashes."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def load_mapping(path: Path, rel: str) -> YamlMapping:
    if not path.is_file():
        raise ConfigError(rel, None, "config/missing-file")
    try:
        text = decode_text(path.read_bytes(), rel)
    except DecodeError as exc:
        raise ConfigError(rel, exc.finding.line, exc.finding.rule) from None
    try:
        return parse_yaml_mapping(text)
    except YamlSyntaxError as exc:
        rule = {"yaml/syntax": "config/yaml-syntax", "yaml/not-a-mapping": "config/not-a-mapping"}
        raise ConfigError(
            rel, exc.line, rule.get(exc.rule, exc.rule), problem=exc.problem
        ) from None


def load_optional_file(
    config_dir: Path, root: Path, name: str, known: tuple[str, ...]
) -> tuple[YamlMapping, str] | None:
    """An optional file of site_config/: None when it is absent (defaults apply), else its
    mapping with every key known, and the path as people see it."""
    path = config_dir / name
    if not path.is_file():
        return None
    rel = rel_path(path, root)
    mapping = load_mapping(path, rel)
    check_keys(mapping, known, rel)
    return mapping, rel


def check_keys(mapping: YamlMapping, known: tuple[str, ...], rel: str, where: str = "") -> None:
    for key in mapping.values:
        if key not in known:
            raise ConfigError(
                rel,
                mapping.line_of(key),
                "config/unknown-key",
                key=f"{where}{key}",
                suggestion=did_you_mean(key, known) or "",
                known=", ".join(known),
            )


def sub_mapping(parent: YamlMapping, key: str, rel: str) -> YamlMapping:
    """A nested mapping, with the line of each of its keys."""
    value = parent.values.get(key)
    if value is None:
        return YamlMapping({})
    if not isinstance(value, dict):
        raise ConfigError(rel, parent.line_of(key), "config/expected-mapping", key=key)
    return YamlMapping(
        {str(k): v for k, v in value.items()},
        {str(k): parent.nested_lines.get(f"{key}.{k}", parent.line_of(key)) for k in value},
        nested_lines={
            path[len(key) + 1 :]: line
            for path, line in parent.nested_lines.items()
            if path.startswith(f"{key}.")
        },
    )


def read_bounds(
    mapping: YamlMapping, key: str, default: Bounds, rel: str, where: str = ""
) -> Bounds:
    """``key: {min: N, max: M}`` (either may be left out), or a ConfigError at its line;
    ``where`` is the key's path as the message shows it (``limits.``)."""
    value = mapping.values.get(key)
    if value is None:
        return default
    ok = (
        isinstance(value, dict)
        and set(value) <= {"min", "max"}
        and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value.values())
    )
    bounds = Bounds(value.get("min", default.min), value.get("max", default.max)) if ok else None
    if bounds is None or bounds.min > bounds.max:
        raise ConfigError(rel, mapping.line_of(key), "config/bad-bounds", key=f"{where}{key}")
    return bounds


def setting(body: dict, key: str, default: Any, convert, rule: str, where: tuple) -> Any:
    """A nested setting converted to its type, or a ConfigError at its own line."""
    rel, spec, prefix, line = where
    value = convert(body.get(key, default))
    if value is None:
        raise ConfigError(rel, spec.line_of(key, line), rule, key=f"{prefix}.{key}")
    return value


def of_type(kind: type):
    return lambda value: value if isinstance(value, kind) else None


def whole_number(low: int, high: int | None = None):
    """For ``setting``: an integer (YAML's true/false are not numbers) from low to high."""

    def convert(value: Any) -> int | None:
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= low
        return value if ok and (high is None or value <= high) else None

    return convert


def number(low: float, high: float | None = None, *, above: bool = False):
    """For ``setting``: a number from low (or above it) to high, as a float."""

    def convert(value: Any) -> float | None:
        if not isinstance(value, int | float) or isinstance(value, bool):
            return None
        ok = (value > low if above else value >= low) and (high is None or value <= high)
        return float(value) if ok else None

    return convert


def string_list(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    return None


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
        check_keys(spec, ("title", "categories", "source_required"), rel, f"sections.{name}.")

        where = (rel, spec, f"sections.{name}", line)
        categories = setting(body, "categories", [], string_list, "config/expected-list", where)
        title = setting(body, "title", name, of_type(str), "config/expected-text", where)
        source_required = setting(
            body, "source_required", False, of_type(bool), "config/expected-bool", where
        )
        sections[str(name)] = Section(str(name), title, categories, source_required)
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


def rel_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


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
    check_keys(limits, ("title", "summary"), rel, "limits.")
    return SiteConfig(
        root=root,
        config_dir=config_dir,
        language=language,
        timezone=timezone,
        sections=(sections := _load_sections(site, rel)),
        authors=_load_authors(config_dir, root),
        title_bounds=read_bounds(limits, "title", Bounds(4, 40), rel, "limits."),
        summary_bounds=read_bounds(limits, "summary", Bounds(20, 120), rel, "limits."),
        records=_load_records(config_dir, root),
        images=_load_images(root, config_dir),
        guard=_load_guard(config_dir, root),
        roles=_load_roles(config_dir, root, tuple(sections)),
        stats=_load_stats(config_dir, root, tuple(sections)),
        base_url=_base_url(site, rel),
        seo=_load_seo(config_dir, root),
    )


def _base_url(site: YamlMapping, rel: str) -> str | None:
    from pipeline.seo.settings import parse_base_url  # it builds on this module

    return parse_base_url(site, rel)


def _load_seo(config_dir: Path, root: Path):
    from pipeline.seo.settings import load_seo_settings  # it builds on this module

    return load_seo_settings(config_dir, root)


def _load_stats(config_dir: Path, root: Path, sections: tuple[str, ...]):
    from pipeline.stats.config import load_stats_config  # it builds on this module

    return load_stats_config(config_dir, root, sections)


def _load_roles(config_dir: Path, root: Path, sections: tuple[str, ...]):
    from pipeline.ci.roles import load_roles  # it builds on this module

    return load_roles(config_dir, root, sections)


def _load_guard(config_dir: Path, root: Path):
    from pipeline.guard.config import load_guard_config  # it builds on this module

    return load_guard_config(config_dir, root)


def _load_images(root: Path, config_dir: Path):
    from pipeline.images.settings import load_image_settings  # it builds on this module

    return load_image_settings(root, config_dir)


def _load_records(config_dir: Path, root: Path):
    from pipeline.records.config import load_records_config

    return load_records_config(config_dir, root)
