"""A/B roles (AB角): site_config/roles.yml names an A and a B owner for every area.

`pipeline roles` writes .github/CODEOWNERS from it, so GitHub asks A or B to approve a
pull request that touches their area. The checks report an area without A or B, the
same person as A and B, and a CODEOWNERS that no longer matches roles.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.config.base import ConfigError, check_keys, load_optional_file, sub_mapping
from pipeline.core.i18n import ui

ROLES_FILE = "roles.yml"
CODEOWNERS = ".github/CODEOWNERS"
# GitHub user names, or org/team; case does not matter to GitHub
_HANDLE = re.compile(r"^@?(?P<name>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9._-]+)?)$")
_AREA_KEYS = ("title", "paths", "a", "b")
# areas every site has besides its sections, with the paths they own by default
FIXED_AREAS: dict[str, tuple[str, ...]] = {
    "pages": ("/content/*.md", "/content/assets/"),
    "site_config": ("/site_config/", "/mkdocs.yml"),
    "workflows": ("/.github/", "/.pre-commit-config.yaml"),
}


@dataclass(frozen=True)
class Area:
    name: str
    title: str
    paths: tuple[str, ...]
    a: str | None
    b: str | None
    line: int | None  # of the area's key in roles.yml


@dataclass(frozen=True)
class Roles:
    rel: str  # site_config/roles.yml, as people see it
    areas: tuple[Area, ...]
    missing: tuple[str, ...]  # required areas the file does not name
    areas_line: int | None
    codeowners: Path
    codeowners_text: str | None  # as it is on disk; None when there is none
    codeowners_required: bool  # the project is on GitHub (it has a .github folder)

    def render_codeowners(self) -> str:
        return render_codeowners(self)


def load_roles(config_dir: Path, root: Path, sections: tuple[str, ...]) -> Roles | None:
    """roles.yml, or None when the site has none (then nothing about roles is checked)."""
    loaded = load_optional_file(config_dir, root, ROLES_FILE, ("areas",))
    if loaded is None:
        return None
    mapping, rel = loaded
    raw = mapping.values.get("areas") or {}
    if not isinstance(raw, dict):
        raise ConfigError(rel, mapping.line_of("areas"), "config/expected-mapping", key="areas")
    defaults = {name: (f"/content/{name}/",) for name in sections} | FIXED_AREAS
    all_areas = sub_mapping(mapping, "areas", rel)
    areas = tuple(
        _area(str(name), body, sub_mapping(all_areas, str(name), rel), all_areas, rel, defaults)
        for name, body in raw.items()
    )
    named = {area.name for area in areas}
    codeowners = root / CODEOWNERS
    return Roles(
        rel=rel,
        areas=areas,
        missing=tuple(name for name in defaults if name not in named),
        areas_line=mapping.line_of("areas"),
        codeowners=codeowners,
        codeowners_text=codeowners.read_text("utf-8") if codeowners.is_file() else None,
        codeowners_required=(root / ".github").is_dir(),
    )


def _area(name: str, body, spec, all_areas, rel: str, defaults: dict) -> Area:
    line = all_areas.line_of(name)
    if not isinstance(body, dict):
        raise ConfigError(rel, line, "config/expected-mapping", key=f"areas.{name}")
    check_keys(spec, _AREA_KEYS, rel, f"areas.{name}.")
    paths = body.get("paths", defaults.get(name))
    if paths is None:
        raise ConfigError(rel, line, "roles/no-paths", area=name)
    if isinstance(paths, str):
        paths = [paths]
    if not isinstance(paths, list | tuple) or not all(
        isinstance(p, str) and p.strip() and not any(c.isspace() for c in p.strip()) for p in paths
    ):
        raise ConfigError(rel, spec.line_of("paths", line), "roles/bad-paths", area=name)
    title = body.get("title", name)
    if not isinstance(title, str):
        raise ConfigError(rel, spec.line_of("title", line), "config/expected-text", key="title")
    owners = {}
    for role in ("a", "b"):
        value = body.get(role)
        if value is None or (isinstance(value, str) and not value.strip()):
            owners[role] = None
            continue
        match = _HANDLE.match(str(value).strip()) if isinstance(value, str) else None
        if match is None:
            raise ConfigError(
                rel, spec.line_of(role, line), "roles/bad-handle", area=name, value=str(value)
            )
        owners[role] = match["name"]
    return Area(name, title, tuple(p.strip() for p in paths), owners["a"], owners["b"], line)


def render_codeowners(roles: Roles) -> str:
    """CODEOWNERS in roles.yml's order: on GitHub the last matching line wins."""
    lines = [  # each line in Chinese, then in English
        f"# {ui(key, lang, file=roles.rel)}"
        for key in ("roles.codeowners-generated", "roles.codeowners-owners")
        for lang in ("zh", "en")
    ]
    for area in roles.areas:
        owners = [f"@{o}" for o in dict.fromkeys(o for o in (area.a, area.b) if o)]
        lines += ["", f"# {area.title} ({area.name}): A {area.a or '-'}, B {area.b or '-'}"]
        lines += [f"{path} {' '.join(owners)}".rstrip() for path in area.paths]
    return "\n".join(lines) + "\n"


def write_codeowners(roles: Roles) -> bool:
    """Write CODEOWNERS; False when it was up to date already."""
    text = render_codeowners(roles)
    if roles.codeowners_text == text:
        return False
    roles.codeowners.parent.mkdir(parents=True, exist_ok=True)
    roles.codeowners.write_text(text, encoding="utf-8", newline="\n")
    return True
