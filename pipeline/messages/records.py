"""Messages of records (issue 5): the update log and quarterly archives."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, tuple[str, str | None]]] = {}

UI: dict[str, dict[str, str]] = {}
