"""site_config/brand.yml: the company behind the site, as its pages show it.

The file is optional (a site without it shows ``site_name`` and no footer contact block).
When present, ``name`` and ``logo`` are required; every other key has a default. Bad
values are configuration errors at their line, like the rest of site_config. Whether
the logo and favicon exist is known only with content/ (``pipeline.brand.checks``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.config.base import (
    ConfigError,
    check_keys,
    load_optional_file,
    sub_mapping,
    whole_number,
)
from pipeline.core.sourcefile import YamlMapping

BRAND_FILE = "brand.yml"
KEYS = ("name", "short_name", "logo", "favicon", "colors", "contact", "hosting", "filing", "since")
COLOR_KEYS = ("primary", "accent")
CONTACT_KEYS = ("address", "phone", "email", "hours")
FILING_KEYS = ("icp", "police")
HOSTING_CHOICES = ("mainland", "elsewhere")
IMAGE_SUFFIXES = (".svg", ".png")
FAVICON_SUFFIXES = (".svg", ".png", ".ico")
DEFAULT_PRIMARY = "#0b5cad"
DEFAULT_ACCENT = "#e8710a"

_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# 浙ICP备2026000000号-1: a province, "ICP备", the number, "号", an optional site suffix
_ICP = re.compile(r"^\S{1,3}ICP备\d{6,12}号(?:-\d{1,3})?$")
# 浙公网安备33010602000000号: the 14 digits are the code of the public-security filing site
_POLICE = re.compile(r"^\S{1,3}公网安备\s?(\d{10,16})号$")


@dataclass(frozen=True)
class BrandSettings:
    name: str
    short_name: str
    logo: str  # docs path under content/
    favicon: str  # docs path under content/
    primary: str = DEFAULT_PRIMARY
    accent: str = DEFAULT_ACCENT
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    hours: str | None = None
    hosting: str = "elsewhere"
    icp: str | None = None
    police: str | None = None
    since: int | None = None  # first year of the copyright line
    file: str = BRAND_FILE  # the file as people see it, and the lines of its keys
    lines: tuple[tuple[str, int | None], ...] = ()

    def line_of(self, key: str) -> int | None:
        return dict(self.lines).get(key)

    @property
    def police_code(self) -> str | None:
        """The number the public-security filing site looks the site up by."""
        match = _POLICE.match(self.police) if self.police else None
        return match.group(1) if match else None

    def missing_contact(self) -> tuple[str, ...]:
        return tuple(key for key in CONTACT_KEYS if getattr(self, key) is None)

    def missing_filing(self) -> tuple[str, ...]:
        return tuple(key for key in FILING_KEYS if getattr(self, key) is None)


def load_brand_settings(config_dir: Path, root: Path) -> BrandSettings | None:
    loaded = load_optional_file(config_dir, root, BRAND_FILE, KEYS)
    if loaded is None:
        return None
    mapping, rel = loaded
    reader = _Reader(rel)
    colors = reader.section(mapping, "colors", COLOR_KEYS)
    contact = reader.section(mapping, "contact", CONTACT_KEYS)
    filing = reader.section(mapping, "filing", FILING_KEYS)
    for key in ("name", "logo"):
        if reader.text(mapping, key) is None:
            raise ConfigError(rel, mapping.line_of(key), "config/missing-key", key=key)
    name = reader.text(mapping, "name") or ""
    logo = reader.image(mapping, "logo", IMAGE_SUFFIXES) or ""
    hosting = reader.text(mapping, "hosting") or "elsewhere"
    if hosting not in HOSTING_CHOICES:
        raise ConfigError(
            rel, mapping.line_of("hosting"), "brand/bad-hosting", value=hosting,
            allowed=", ".join(HOSTING_CHOICES),
        )  # fmt: skip
    since = mapping.values.get("since")
    if since is not None and whole_number(1900, 2200)(since) is None:
        raise ConfigError(rel, mapping.line_of("since"), "brand/bad-year", value=str(since))
    lines = {key: mapping.line_of(key) for key in KEYS}
    for section, keys in (("colors", COLOR_KEYS), ("contact", CONTACT_KEYS)):
        sub = sub_mapping(mapping, section, rel)
        lines.update({f"{section}.{key}": sub.line_of(key, lines[section]) for key in keys})
    sub = sub_mapping(mapping, "filing", rel)
    lines.update({f"filing.{key}": sub.line_of(key, lines["filing"]) for key in FILING_KEYS})
    return BrandSettings(
        name=name,
        short_name=reader.text(mapping, "short_name") or name,
        logo=logo,
        favicon=reader.image(mapping, "favicon", FAVICON_SUFFIXES) or logo,
        primary=reader.color(colors, "primary", DEFAULT_PRIMARY),
        accent=reader.color(colors, "accent", DEFAULT_ACCENT),
        address=reader.text(contact, "address", "contact."),
        phone=reader.text(contact, "phone", "contact."),
        email=reader.email(contact),
        hours=reader.text(contact, "hours", "contact."),
        hosting=hosting,
        icp=reader.matching(filing, "icp", _ICP, "brand/bad-icp"),
        police=reader.matching(filing, "police", _POLICE, "brand/bad-police"),
        since=since,
        file=rel,
        lines=tuple(lines.items()),
    )


@dataclass(frozen=True)
class _Reader:
    rel: str

    def section(self, mapping: YamlMapping, key: str, known: tuple[str, ...]) -> YamlMapping:
        sub = sub_mapping(mapping, key, self.rel)
        check_keys(sub, known, self.rel, f"{key}.")
        return sub

    def text(self, mapping: YamlMapping, key: str, prefix: str = "") -> str | None:
        value = mapping.values.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
            raise ConfigError(
                self.rel, mapping.line_of(key), "config/expected-text", key=prefix + key
            )
        return " ".join(str(value).split())

    def image(self, mapping: YamlMapping, key: str, suffixes: tuple[str, ...]) -> str | None:
        value = self.text(mapping, key)
        if value is None:
            return None
        path = value.lstrip("/")
        if not path.lower().endswith(suffixes) or ".." in path.split("/") or "://" in value:
            raise ConfigError(
                self.rel, mapping.line_of(key), "brand/bad-image", key=key, value=value,
                allowed=", ".join(suffixes),
            )  # fmt: skip
        return path

    def color(self, mapping: YamlMapping, key: str, default: str) -> str:
        value = self.text(mapping, key, "colors.")
        if value is None:
            return default
        if not _COLOR.match(value):
            raise ConfigError(
                self.rel, mapping.line_of(key), "brand/bad-color", key=f"colors.{key}", value=value
            )
        return value.lower()

    def email(self, mapping: YamlMapping) -> str | None:
        value = self.text(mapping, "email", "contact.")
        if value is not None and not _EMAIL.match(value):
            raise ConfigError(self.rel, mapping.line_of("email"), "brand/bad-email", value=value)
        return value

    def matching(
        self, mapping: YamlMapping, key: str, pattern: re.Pattern, rule: str
    ) -> str | None:
        value = self.text(mapping, key, "filing.")
        if value is not None:
            value = value.replace(" ", "")
            if not pattern.match(value):
                raise ConfigError(self.rel, mapping.line_of(key), rule, value=value)
        return value
