"""Messages of the content guard (issue 3): terms, markings, personal data, secrets, HTML."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, tuple[str, str | None]]] = {}

UI: dict[str, dict[str, str]] = {}
