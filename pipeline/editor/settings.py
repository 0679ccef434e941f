"""site_config/editor.yml: which hosted back end the web editor (/admin/) commits through.

The file is optional: without it the editor works only against the local proxy that
`pipeline edit` starts (Decap's ``proxy`` back end). Problems are configuration errors at
the line of the key, like the rest of site_config.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.config.base import ConfigError, load_optional_file, whole_number

EDITOR_FILE = "editor.yml"
BACKENDS = ("github", "gitlab", "gitea")
KEYS = ("backend", "repo", "branch", "base_url", "auth_endpoint", "app_id", "api_root",
        "local_port")  # fmt: skip
URL_KEYS = ("base_url", "api_root")
# what each hosted back end cannot work without (GitLab: PKCE needs the OAuth application's
# id; Gitea: its OAuth application and the server's address)
REQUIRED = {
    "github": ("repo",),
    "gitlab": ("repo", "app_id"),
    "gitea": ("repo", "app_id", "api_root", "base_url"),
}
DEFAULT_LOCAL_PORT = 8081


@dataclass(frozen=True)
class EditorSettings:
    backend: str | None = None  # None: the local proxy only
    repo: str | None = None  # owner/name
    branch: str = "main"
    base_url: str | None = None  # GitHub: the OAuth server; GitLab/Gitea: the server
    auth_endpoint: str | None = None
    app_id: str | None = None  # GitLab/Gitea: the OAuth application's id (PKCE)
    api_root: str | None = None  # a self-hosted GitLab's or Gitea's API
    local_port: int = DEFAULT_LOCAL_PORT  # where `pipeline edit` runs Decap's local proxy
    file: str = EDITOR_FILE


def load_editor_settings(config_dir: Path, root: Path) -> EditorSettings:
    loaded = load_optional_file(config_dir, root, EDITOR_FILE, KEYS)
    if loaded is None:
        return EditorSettings()
    mapping, rel = loaded
    values: dict[str, str] = {}
    for key in KEYS:
        if key == "local_port" or key not in mapping.values:
            continue
        value = mapping.values[key]
        if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
            raise ConfigError(rel, mapping.line_of(key), "config/expected-text", key=key)
        values[key] = str(value).strip()
    backend = values.get("backend")
    if backend is not None and backend not in BACKENDS:
        raise ConfigError(
            rel,
            mapping.line_of("backend"),
            "editor/bad-backend",
            value=backend,
            choices=", ".join(BACKENDS),
        )
    for key in REQUIRED.get(backend or "", ()):
        if key not in values:
            raise ConfigError(
                rel, mapping.line_of("backend"), "editor/backend-needs", backend=backend, key=key
            )
    repo = values.get("repo")
    if repo is not None and (repo.count("/") < 1 or any(c.isspace() for c in repo)):
        raise ConfigError(rel, mapping.line_of("repo"), "editor/bad-repo", value=repo)
    for key in URL_KEYS:
        value = values.get(key)
        parts = urlsplit(value) if value else None
        if parts is not None and (parts.scheme not in ("http", "https") or not parts.netloc):
            raise ConfigError(rel, mapping.line_of(key), "editor/bad-url", key=key, value=value)
    port = whole_number(1024, 65535)(mapping.values.get("local_port", DEFAULT_LOCAL_PORT))
    if port is None:
        raise ConfigError(rel, mapping.line_of("local_port"), "editor/bad-port", key="local_port")
    return EditorSettings(**values, local_port=port, file=rel)
