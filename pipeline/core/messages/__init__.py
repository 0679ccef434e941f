"""The message catalogue, one module per stage so each stage owns its own texts.

Every module defines ``CATALOGUE`` (rule id -> {language: (message, hint)}) and
``UI`` (key -> {language: text}); a rule id or UI key may appear in one module only.
"""

from __future__ import annotations

from pipeline.core.messages import (
    brand,
    ci,
    deploy,
    editor,
    foundation,
    gate,
    guard,
    images,
    links,
    preview,
    records,
    seo,
    stats,
)

_MODULES = (
    foundation,
    guard,
    images,
    records,
    ci,
    links,
    stats,
    seo,
    gate,
    brand,
    deploy,
    editor,
    preview,
)


def _merged(name: str) -> dict:
    merged: dict = {}
    for module in _MODULES:
        table = getattr(module, name)
        clash = merged.keys() & table.keys()
        if clash:
            raise RuntimeError(f"message ids defined twice: {sorted(clash)}")
        merged.update(table)
    return merged


CATALOGUE: dict[str, dict[str, tuple[str, str | None]]] = _merged("CATALOGUE")
UI: dict[str, dict[str, str]] = _merged("UI")
