"""The typed readers every settings file is built with, and ConfigError.

Problems in configuration are errors with exit status 2: they name the file, the line
and the key, and suggest the closest known key for a typo. Each stage's settings module
builds on this module only; ``pipeline.config.site`` assembles them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.i18n import render_hint, render_message
from pipeline.core.sourcefile import (
    DecodeError,
    YamlMapping,
    YamlSyntaxError,
    decode_text,
    parse_yaml_mapping,
)


class ConfigError(Exception):
    """A configuration problem; carries a catalogue rule and where it is."""

    def __init__(self, path: str, line: int | None, rule: str, **params: Any) -> None:
        super().__init__(rule)
        self.path = path
        self.line = line
        self.rule = rule
        self.params = params

    def render(self, lang: str) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {render_message(self.rule, lang, self.params)}"
        hint = render_hint(self.rule, lang, self.params)
        return f"{text}\n  → {hint}" if hint else text


@dataclass(frozen=True)
class Bounds:
    min: int
    max: int


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


def rel_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
