"""Messages of the image pipeline (issue 4)."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, tuple[str, str | None]]] = {}

UI: dict[str, dict[str, str]] = {}
