"""site_config/records.yml: where the update log lives, which branch is main, and more.

The file is optional: without it every setting has its default.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.config.base import ConfigError, load_optional_file, of_type

RECORDS_FILE = "records.yml"
NON_CONTENT_CHOICES = ("skip", "summarize")


@dataclass(frozen=True)
class RecordsConfig:
    branch: str = "main"
    log_file: str = "content/update-log.jsonl"  # relative to the project root
    non_content: str = "skip"  # changes that touch no published content
    archive_dir: str = "archives"  # where bundles are written, relative to the project root
    # the update log's page is internal: built into previews (--drafts) and the archive
    # bundle only, unless this puts it on the public site too
    publish: bool = False


def load_records_config(config_dir: Path, root: Path) -> RecordsConfig:
    texts = ("branch", "log_file", "non_content", "archive_dir")
    loaded = load_optional_file(config_dir, root, RECORDS_FILE, (*texts, "publish"))
    if loaded is None:
        return RecordsConfig()
    mapping, rel = loaded
    publish = of_type(bool)(mapping.values.get("publish", False))
    if publish is None:
        raise ConfigError(rel, mapping.line_of("publish"), "config/expected-bool", key="publish")
    values: dict[str, str] = {}
    for key in texts:
        if key not in mapping.values:
            continue
        value = mapping.values[key]
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(rel, mapping.line_of(key), "config/expected-text", key=key)
        values[key] = value.strip()
    if values.get("non_content", "skip") not in NON_CONTENT_CHOICES:
        raise ConfigError(
            rel,
            mapping.line_of("non_content"),
            "records/bad-choice",
            key="non_content",
            value=values["non_content"],
            choices=", ".join(NON_CONTENT_CHOICES),
        )
    for key in ("log_file", "archive_dir"):
        value = values.get(key)
        if value and (Path(value).is_absolute() or ".." in Path(value).parts):
            raise ConfigError(rel, mapping.line_of(key), "records/bad-path", key=key, value=value)
    return RecordsConfig(**values, publish=publish)
