"""site_config/links.yml: how `pipeline links --external` treats other people's servers.

The file is optional: without it every setting has its default. Problems are
configuration errors (exit status 2) at the line of the key, like the rest of site_config.
Internal links need no settings: they are checked offline against the built site.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config.base import ConfigError, load_optional_file, number, whole_number

LINKS_FILE = "links.yml"
KEYS = ("timeout", "retries", "retry_wait", "rate_per_host", "threads", "skip_hosts")


@dataclass(frozen=True)
class LinkSettings:
    timeout: int = 20  # seconds a server may take to answer one request
    retries: int = 2  # further rounds for links that failed in a way that may pass
    retry_wait: float = 10.0  # seconds before each further round
    rate_per_host: float = 2.0  # at most this many requests per second to one host
    threads: int = 10
    skip_hosts: tuple[str, ...] = ()  # never contacted; a host covers its subdomains

    def skips(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(host == skip or host.endswith("." + skip) for skip in self.skip_hosts)


def _hosts(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list):
        return None
    hosts = []
    for entry in value:
        if not isinstance(entry, str) or not entry.strip():
            return None
        host = entry.strip().lower().removeprefix("*.").rstrip(".")
        if "/" in host or ":" in host or " " in host:
            return None
        hosts.append(host)
    return tuple(dict.fromkeys(hosts))


# key -> (converter, rule, params of the message)
CONVERTERS = {
    # bounded so that a typo cannot make a check of dead links run for hours
    "timeout": (whole_number(1, 300), "links/bad-whole-number", {"minimum": 1, "maximum": 300}),
    "retries": (whole_number(0, 10), "links/bad-whole-number", {"minimum": 0, "maximum": 10}),
    "retry_wait": (number(0), "links/bad-number", {"minimum": 0}),
    "rate_per_host": (number(0, above=True), "links/bad-positive", {}),
    "threads": (whole_number(1, 100), "links/bad-whole-number", {"minimum": 1, "maximum": 100}),
    "skip_hosts": (_hosts, "links/bad-hosts", {}),
}


def load_link_settings(root: Path, config_dir: Path) -> LinkSettings:
    """Read site_config/links.yml; defaults for whatever it does not say."""
    loaded = load_optional_file(config_dir, root, LINKS_FILE, KEYS)
    if loaded is None:
        return LinkSettings()
    mapping, rel = loaded
    values = {}
    for key, value in mapping.values.items():
        convert, rule, params = CONVERTERS[key]
        converted = convert(value)
        if converted is None:
            raise ConfigError(rel, mapping.line_of(key), rule, key=key, value=value, **params)
        values[key] = converted
    return LinkSettings(**values)
