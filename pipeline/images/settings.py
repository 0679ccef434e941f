"""site_config/images.yml: widths, formats, qualities and limits of the image pipeline.

The file is optional: without it every setting has its default. Problems are
configuration errors (exit status 2) at the line of the key, like the rest of site_config.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline.config.base import (
    ConfigError,
    check_keys,
    load_optional_file,
    number,
    sub_mapping,
    whole_number,
)

IMAGES_FILE = "images.yml"
OUTPUT_FORMATS = ("webp", "avif")
KEYS = (
    "widths",
    "max_width",
    "formats",
    "quality",
    "sizes",
    "workers",
    "max_pixels",
    "max_frames",
    "max_total_pixels",
    "warn_megapixels",
    "warn_megabytes",
    "unreferenced",
)
QUALITY_KEYS = ("jpeg", "webp", "avif")


@dataclass(frozen=True)
class ImageSettings:
    widths: tuple[int, ...] = (480, 960, 1440, 1920)
    max_width: int = 1920
    formats: tuple[str, ...] = OUTPUT_FORMATS
    jpeg_quality: int = 82
    webp_quality: int = 80
    avif_quality: int = 60
    # the `sizes` attribute: content is at most about 800 CSS pixels wide in Material
    sizes: str = "(max-width: 840px) 100vw, 800px"
    workers: int = 0  # 0: one per core
    # beyond this Pillow refuses to decode (a decompression bomb), as a finding, not a crash
    max_pixels: int = 120_000_000
    # an animation is decoded frame by frame: its frames and all its frames' pixels together
    max_frames: int = 300
    max_total_pixels: int = 400_000_000
    warn_megapixels: float = 40.0
    warn_megabytes: float = 10.0
    unreferenced: str = "warning"  # or "ignore"

    def output_widths(self, original: int) -> tuple[int, ...]:
        """Widths to encode: configured ones up to the original and the maximum, never upscaled;
        the largest is the original (or the maximum) itself, so the full detail is served."""
        top = min(original, self.max_width)
        chosen = sorted({w for w in self.widths if w < top} | {top})
        return tuple(chosen)

    def fingerprint(self) -> str:
        """What outputs depend on (not workers or warning thresholds): part of the cache key."""
        relevant = asdict(self)
        for key in ("workers", "warn_megapixels", "warn_megabytes", "unreferenced", "sizes"):
            relevant.pop(key)
        text = json.dumps(relevant, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


_positive_int = whole_number(1)
_quality = whole_number(1, 100)


def _width_list(value: Any) -> tuple[int, ...] | None:
    if isinstance(value, list) and value and all(_positive_int(v) for v in value):
        return tuple(sorted(set(value)))
    return None


def _format_list(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(v in OUTPUT_FORMATS for v in value):
        return tuple(dict.fromkeys(value))
    return None


def _choice(*choices: str):
    return lambda value: value if value in choices else None


def load_image_settings(root: Path, config_dir: Path) -> ImageSettings:
    """Read site_config/images.yml; defaults for whatever it does not say."""
    loaded = load_optional_file(config_dir, root, IMAGES_FILE, KEYS)
    if loaded is None:
        return ImageSettings()
    mapping, rel = loaded
    body = mapping.values
    default = ImageSettings()

    def get(key: str, convert, rule: str = "images/bad-setting") -> Any:
        value = body.get(key, getattr(default, key))
        if key in ("widths", "formats") and isinstance(value, tuple):
            value = list(value)
        converted = convert(value)
        if converted is None:
            raise ConfigError(rel, mapping.line_of(key), rule, key=key, value=str(value))
        return converted

    quality = sub_mapping(mapping, "quality", rel)
    check_keys(quality, QUALITY_KEYS, rel, "quality.")
    qualities = {}
    for name in QUALITY_KEYS:
        value = quality.values.get(name, getattr(default, f"{name}_quality"))
        if _quality(value) is None:
            raise ConfigError(
                rel,
                quality.line_of(name, mapping.line_of("quality")),
                "images/bad-quality",
                key=f"quality.{name}",
                value=str(value),
            )
        qualities[f"{name}_quality"] = value
    return ImageSettings(
        widths=get("widths", _width_list),
        max_width=get("max_width", _positive_int),
        formats=get("formats", _format_list),
        sizes=get("sizes", lambda v: v.strip() if isinstance(v, str) and v.strip() else None),
        workers=get("workers", whole_number(0)),
        max_pixels=get("max_pixels", _positive_int),
        max_frames=get("max_frames", _positive_int),
        max_total_pixels=get("max_total_pixels", _positive_int),
        warn_megapixels=get("warn_megapixels", number(0, above=True)),
        warn_megabytes=get("warn_megabytes", number(0, above=True)),
        unreferenced=get("unreferenced", _choice("warning", "ignore")),
        **qualities,
    )
