"""site_config/stats.yml: publishing targets per section and the team's figures page.

The file is optional: without it there are no targets (figures are still counted) and
the page is built, unlinked, into previews and archives only (internal unless
`page.publish: true`). Problems are configuration errors (exit status 2) at the
line of the key, with the closest known key for a typo, like the rest of site_config.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.config.base import (
    ConfigError,
    check_keys,
    did_you_mean,
    load_optional_file,
    number,
    of_type,
    setting,
    sub_mapping,
    whole_number,
)
from pipeline.core.sourcefile import YamlMapping

STATS_FILE = "stats.yml"
PERIODS = ("week", "month")
KEYS = ("period", "weeks", "months", "targets", "late_tolerance_days", "page")
TARGET_KEYS = ("per_week", "per_month")
PAGE_KEYS = ("enabled", "in_nav", "path", "title", "publish")


@dataclass(frozen=True)
class Target:
    """At least this many published items per week and/or per month (None: no target)."""

    per_week: int | None = None
    per_month: int | None = None

    def of(self, period: str) -> int | None:
        return self.per_week if period == "week" else self.per_month


@dataclass(frozen=True)
class StatsPage:
    enabled: bool = True
    in_nav: bool = False  # linked from the site's navigation (and found by search)
    path: str = "stats"  # the page's URL path: /stats/
    title: str | None = None  # default: 发布统计 / Publishing figures, in the site's language
    # internal: built into previews (--drafts) and the archive bundle only, unless this
    # puts it on the public site too
    publish: bool = False

    @property
    def docs_path(self) -> str:
        return f"{self.path}.md"


@dataclass(frozen=True)
class StatsConfig:
    period: str = "month"  # the default of `pipeline stats --period`
    weeks: int = 8  # periods shown by default, ending with the current one
    months: int = 6
    targets: dict[str, Target] = field(default_factory=dict)  # section name -> target
    late_tolerance_days: float = 1.0  # landing on main later than date + this is "late"
    page: StatsPage = StatsPage()
    rel: str = f"site_config/{STATS_FILE}"  # where the settings are, as people see it
    page_line: int | None = None  # line of page.path, for a page that clashes

    def default_count(self, period: str) -> int:
        return self.weeks if period == "week" else self.months


_days = number(0, 365)


def _page_path(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    path = PurePosixPath(value.strip().strip("/"))
    if not path.parts or ".." in path.parts or "\\" in value or path.suffix in (".md", ".html"):
        return None
    return path.as_posix()


def load_stats_config(config_dir: Path, root: Path, sections: tuple[str, ...]) -> StatsConfig:
    loaded = load_optional_file(config_dir, root, STATS_FILE, KEYS)
    if loaded is None:
        return StatsConfig()
    mapping, rel = loaded
    values = mapping.values
    period = values.get("period", "month")
    if period not in PERIODS:
        raise ConfigError(
            rel,
            mapping.line_of("period"),
            "stats/bad-period",
            value=str(period),
            suggestion=did_you_mean(str(period), PERIODS) or "",
        )
    page_map = sub_mapping(mapping, "page", rel)
    check_keys(page_map, PAGE_KEYS, rel, "page.")
    return StatsConfig(
        period=period,
        weeks=_whole(mapping, rel, "weeks", 8, (1, 520)),
        months=_whole(mapping, rel, "months", 6, (1, 120)),
        targets=_targets(mapping, rel, sections),
        late_tolerance_days=_late(values, rel, mapping),
        page=_page(page_map, rel, mapping.line_of("page")),
        rel=rel,
        page_line=page_map.line_of("path", mapping.line_of("page")),
    )


def _whole(mapping: YamlMapping, rel: str, key: str, default: int, bounds: tuple[int, int]) -> int:
    value = mapping.values.get(key, default)
    if whole_number(*bounds)(value) is None:
        low, high = bounds
        raise ConfigError(
            rel,
            mapping.line_of(key),
            "stats/bad-count",
            key=key,
            value=str(value),
            minimum=low,
            maximum=high,
        )
    return value


def _late(values: dict, rel: str, mapping: YamlMapping) -> float:
    days = _days(values.get("late_tolerance_days", 1))
    if days is None:
        raise ConfigError(
            rel,
            mapping.line_of("late_tolerance_days"),
            "stats/bad-days",
            key="late_tolerance_days",
            value=str(values.get("late_tolerance_days")),
        )
    return days


def _targets(mapping: YamlMapping, rel: str, sections: tuple[str, ...]) -> dict[str, Target]:
    raw = mapping.values.get("targets")
    if raw is None:
        return {}
    all_targets = sub_mapping(mapping, "targets", rel)
    targets: dict[str, Target] = {}
    for name, body in raw.items():
        name = str(name)
        line = all_targets.line_of(name)
        if name not in sections:
            raise ConfigError(
                rel,
                line,
                "stats/unknown-section",
                section=name,
                suggestion=did_you_mean(name, sections) or "",
                known=", ".join(sections),
            )
        if not isinstance(body, dict):
            raise ConfigError(rel, line, "config/expected-mapping", key=f"targets.{name}")
        spec = sub_mapping(all_targets, name, rel)
        check_keys(spec, TARGET_KEYS, rel, f"targets.{name}.")
        counts = {}
        for key in TARGET_KEYS:
            if key not in body:
                continue
            value = whole_number(1, 10_000)(body[key])
            if value is None:
                raise ConfigError(
                    rel,
                    spec.line_of(key, line),
                    "stats/bad-target",
                    key=f"targets.{name}.{key}",
                    value=str(body[key]),
                )
            counts[key] = value
        targets[name] = Target(**counts)
    return targets


def _page(page: YamlMapping, rel: str, line: int | None) -> StatsPage:
    body = page.values
    where = (rel, page, "page", line)
    title = body.get("title")
    if title is not None and (not isinstance(title, str) or not title.strip()):
        raise ConfigError(
            rel, page.line_of("title", line), "config/expected-text", key="page.title"
        )
    path = body.get("path", "stats")
    if _page_path(path) is None:
        raise ConfigError(
            rel, page.line_of("path", line), "stats/bad-page-path", value=str(path), key="page.path"
        )
    return StatsPage(
        enabled=setting(body, "enabled", True, of_type(bool), "config/expected-bool", where),
        in_nav=setting(body, "in_nav", False, of_type(bool), "config/expected-bool", where),
        path=_page_path(path),
        title=title.strip() if title else None,
        publish=setting(body, "publish", False, of_type(bool), "config/expected-bool", where),
    )
