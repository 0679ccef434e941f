"""Messages people read, in Chinese (default) and English.

Each rule has a message (what is wrong) and a hint (how to fix it). Fragments in
``[[...]]`` are shown only when every placeholder inside them has a value, so a
"did you mean" appears only when there is a suggestion.
"""

from __future__ import annotations

import re
from string import Formatter
from typing import Any

from pipeline.core.messages import CATALOGUE, UI

__all__ = ["CATALOGUE", "UI", "render_hint", "render_message", "ui"]

_OPTIONAL = re.compile(r"\[\[((?:(?!\[\[|\]\]).)*+)\]\]", re.DOTALL)  # linear: no nesting
_FORMATTER = Formatter()


def _fill(template: str, params: dict[str, Any]) -> str:
    def optional(match: re.Match) -> str:
        fragment = match.group(1)
        names = [name for _, name, _, _ in _FORMATTER.parse(fragment) if name]
        if all(params.get(name) not in (None, "") for name in names):
            return fragment
        return ""

    text = _OPTIONAL.sub(optional, template)
    try:
        return text.format_map(_Defaults(params))
    except (ValueError, IndexError):
        return text


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _entry(rule: str, lang: str) -> tuple[str, str | None]:
    entry = CATALOGUE.get(rule)
    if entry is None:
        return rule, None
    return entry.get(lang) or entry["zh"]


# Values that checks pass as data ("draft") but that people read in their language:
# parameter -> value -> UI key.
VALUE_LABELS: dict[str, dict[str, str]] = {
    "state": {
        "draft": "ref.state.draft",
        "scheduled": "ref.state.scheduled",
        "expired": "ref.state.expired",
    },
}


def _lists_joined(params: dict[str, Any], lang: str) -> dict[str, Any]:
    """A list or tuple parameter (allowed categories, keywords) is read as a list in the
    reader's language: 公司动态、产品发布 or 公司动态, 产品发布."""
    if not any(isinstance(v, list | tuple) for v in params.values()):
        return params
    separator = ui("separator.list", lang)
    return {
        name: separator.join(map(str, value)) if isinstance(value, list | tuple) else value
        for name, value in params.items()
    }


def _localized(params: dict[str, Any], lang: str) -> dict[str, Any]:
    shown = dict(params)
    for name, labels in VALUE_LABELS.items():
        value = shown.get(name)
        if isinstance(value, str) and value in labels:
            shown[name] = ui(labels[value], lang)
    return _lists_joined(shown, lang)


def render_message(rule: str, lang: str, params: dict[str, Any]) -> str:
    return _fill(_entry(rule, lang)[0], _localized(params, lang))


def render_hint(rule: str, lang: str, params: dict[str, Any]) -> str | None:
    hint = _entry(rule, lang)[1]
    if hint is None:
        return None
    return _fill(hint, _localized(params, lang)).strip() or None


def ui(key: str, lang: str, **params: Any) -> str:
    texts = UI[key]
    return _fill(texts.get(lang) or texts["zh"], _lists_joined(params, lang))
