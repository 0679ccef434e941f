"""A project opened without the engine: mkdocs.yml's few plain keys read as YAML, and
site_config/ read as every command reads it.

Commands that work on a site already built (`pipeline deploy`) need where things are
(docs_dir, site_dir, the pipeline plugin's site_config folder, the blog instances'
folders), not MkDocs' validation of every plugin and extension: loading MkDocs and
Material costs about a second per run. The engine reads the same keys through MkDocs
(``pipeline.engine.project``); for a project MkDocs accepts, both give the same
``Project`` (tests/test_cli_loading.py). The build that made the site validated
mkdocs.yml; a deploy refuses a site built from other sources than the project's now.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from pipeline.config.base import ConfigError
from pipeline.config.site import load_site_config
from pipeline.content.layout import Layout
from pipeline.content.project import Project

MKDOCS_FILE = "mkdocs.yml"
# MkDocs' defaults for the keys read here, and Material's blog plugin's
DEFAULTS = {"docs_dir": "docs", "site_dir": "site"}
BLOG_NAMES = ("blog", "material/blog")
BLOG_DIR, POST_DIR = "blog", "{blog}/posts"
PIPELINE_NAMES = ("pipeline",)
SITE_CONFIG = "site_config"


def find_config_file(start: Path | None = None) -> Path:
    """mkdocs.yml in ``start`` or the nearest parent folder."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / MKDOCS_FILE
        if candidate.is_file():
            return candidate
    raise ConfigError(MKDOCS_FILE, None, "config/no-project")


class _PlainLoader(yaml.SafeLoader):
    """YAML as MkDocs reads it, but a tag that would run Python (``!!python/…``) or that
    MkDocs' plugins define gives None: those keys are not read here."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' ``!ENV VAR`` and ``!ENV [VAR, OTHER, default]``."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


def _unknown(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> None:
    return None


_PlainLoader.add_constructor("!ENV", _env)
_PlainLoader.add_multi_constructor("!", _unknown)
_PlainLoader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown)


def _merged(base: dict, extra: dict) -> dict:
    """``extra`` over ``base``, mappings merged key by key (MkDocs' ``INHERIT``)."""
    result = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merged(result[key], value)
        else:
            result[key] = value
    return result


def read_mkdocs_file(config_file: Path, seen: tuple[Path, ...] = ()) -> dict:
    """mkdocs.yml as a plain mapping (``INHERIT`` followed); a problem is a ConfigError."""
    try:
        data = yaml.load(
            config_file.read_text(encoding="utf-8-sig"), Loader=_PlainLoader
        )  # a SafeLoader
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(config_file.name, None, "config/mkdocs", problem=str(exc)) from None
    if not isinstance(data, dict):
        raise ConfigError(config_file.name, None, "config/mkdocs", problem="not a mapping")
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str) and config_file not in seen:
        base = (config_file.parent / parent).resolve()
        return _merged(read_mkdocs_file(base, (*seen, config_file)), data)
    return data


def _plugins(data: dict) -> list[tuple[str, Mapping]]:
    """mkdocs.yml's plugins as (name, options), in the list form or the mapping form."""
    raw = data.get("plugins") or []
    found: list[tuple[str, Mapping]] = []
    entries = raw.items() if isinstance(raw, dict) else ((e, None) for e in raw)
    for entry, options in entries:
        if isinstance(entry, dict):
            for name, value in entry.items():
                found.append((str(name), value if isinstance(value, dict) else {}))
        elif isinstance(entry, str):
            found.append((entry, options if isinstance(options, dict) else {}))
    return found


def _folder(config_dir: Path, value: Any, key: str, config_file: Path) -> Path:
    if not isinstance(value, str) or not value.strip():
        problem = f"{key}: expected a folder, got {value!r}"
        raise ConfigError(config_file.name, None, "config/mkdocs", problem=problem)
    return Path(os.path.abspath(config_dir / value))  # as MkDocs makes it absolute


def open_without_engine(config_file: Path | None = None) -> Project:
    """The project from mkdocs.yml's plain keys and site_config/, without MkDocs."""
    config_file = (config_file or find_config_file()).resolve()
    data = read_mkdocs_file(config_file)
    root = config_file.parent
    plugins = _plugins(data)
    pipeline_options = next((o for n, o in plugins if n in PIPELINE_NAMES), {})
    site_config_dir = root / str(pipeline_options.get("site_config") or SITE_CONFIG)
    site_config = load_site_config(root, site_config_dir)
    docs_dir = _folder(root, data.get("docs_dir", DEFAULTS["docs_dir"]), "docs_dir", config_file)
    site_dir = _folder(root, data.get("site_dir", DEFAULTS["site_dir"]), "site_dir", config_file)
    posts_dirs: dict[str, str] = {}
    for name, options in plugins:
        if name.split(" ")[0] in BLOG_NAMES:  # "blog" or "material/blog", maybe "blog 2"
            blog = os.path.normpath(str(options.get("blog_dir") or BLOG_DIR)).replace(os.sep, "/")
            posts = str(options.get("post_dir") or POST_DIR).format(blog=blog)
            posts_dirs[blog] = os.path.normpath(posts).replace(os.sep, "/")
    site_url = data.get("site_url") or None
    if isinstance(site_url, str) and not site_url.endswith("/"):
        site_url += "/"  # as MkDocs normalizes it
    return Project(
        config_file=config_file,
        site_config=site_config,
        layout=Layout(docs_dir=docs_dir, posts_dirs=posts_dirs),
        site_dir=site_dir,
        site_url=site_url,
        site_name=str(data.get("site_name") or ""),
    )
