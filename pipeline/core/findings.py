"""The one findings model that every check reports through.

A finding is language-neutral data: a stable ``rule`` id plus ``params``. The
text a person reads is rendered from the message catalogue (``pipeline.i18n``)
in the language they asked for, so the same findings can be shown in Chinese on
a terminal, in English in CI, or as JSON for tools.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pipeline.core.i18n import render_hint, render_message
from pipeline.core.personal import mask_personal_numbers


class Severity(StrEnum):
    """How much a finding matters: errors block publishing, warnings inform reviewers,
    notes record what reviewers should see (an exception to the content guard used)."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def blocks(self) -> bool:
        return self is Severity.ERROR


@dataclass(frozen=True)
class Finding:
    """One problem found in one place.

    ``path`` is relative to the project root, with forward slashes. ``line`` and
    ``column`` are 1-based; either may be ``None`` when the problem concerns the
    whole file. ``span`` is the exact original text the finding is about, when
    there is one (later checks such as the content guard point at spans).
    """

    path: str
    line: int | None
    rule: str
    severity: Severity
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    column: int | None = None
    key: str | None = None
    span: str | None = None

    def __post_init__(self) -> None:
        # messages repeat what editors wrote: personal numbers never reach any output
        if self.span:
            object.__setattr__(self, "span", mask_personal_numbers(self.span))
        for name, value in self.params.items():
            if isinstance(value, str) and any(c.isdigit() for c in value):
                self.params[name] = mask_personal_numbers(value)

    @property
    def blocks(self) -> bool:
        return self.severity.blocks

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.column or 0, self.rule)

    def message(self, lang: str) -> str:
        return render_message(self.rule, lang, self.params)

    def hint(self, lang: str) -> str | None:
        return render_hint(self.rule, lang, self.params)

    def to_record(self) -> dict[str, Any]:
        """The finding as plain JSON values, to be kept (caches, build stamps)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": self.severity.value,
            "params": self.params,
            "key": self.key,
            "span": self.span,
        }

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Finding:
        """A finding back from ``to_record``'s values (KeyError, ValueError if not one)."""
        return cls(
            path=data["path"],
            line=data["line"],
            rule=data["rule"],
            severity=Severity(data["severity"]),
            params=data["params"],
            column=data["column"],
            key=data["key"],
            span=data["span"],
        )

    def to_dict(self, lang: str) -> dict[str, Any]:
        """The finding as reports show it: its message and fix in ``lang``, not its
        parameters."""
        shown = {name: value for name, value in self.to_record().items() if name != "params"}
        return {**shown, "message": self.message(lang), "hint": self.hint(lang)}


class Findings:
    """An ordered, de-duplicated collection of findings from one run."""

    def __init__(self, findings: Iterable[Finding] = ()) -> None:
        self._items: list[Finding] = []
        self._seen: set[tuple] = set()
        self.extend(findings)

    def add(self, finding: Finding) -> None:
        identity = (
            *finding.sort_key(),
            finding.key,
            tuple(sorted(map(str, finding.params.items()))),
        )
        if identity not in self._seen:
            self._seen.add(identity)
            self._items.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.add(finding)

    def __iter__(self) -> Iterator[Finding]:
        return iter(sorted(self._items, key=Finding.sort_key))

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self if f.blocks]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self if f.severity is Severity.WARNING]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self if f.severity is Severity.NOTE]

    @property
    def blocking(self) -> bool:
        return any(f.blocks for f in self._items)

    def exit_status(self) -> int:
        """0 when nothing blocks publishing, 1 when something does (2 is for usage errors)."""
        return 1 if self.blocking else 0


class PathSelection:
    """Project-relative files and folders given on a command line; "." is everything."""

    def __init__(self, paths: Iterable[str]) -> None:
        self.wanted = {p.rstrip("/") or "." for p in paths}
        self.folders = tuple(f"{p}/" for p in self.wanted)

    def selects(self, path: str) -> bool:
        return "." in self.wanted or path in self.wanted or path.startswith(self.folders)


def error(path: str, line: int | None, rule: str, **params: Any) -> Finding:
    return _make(path, line, rule, Severity.ERROR, params)


def warning(path: str, line: int | None, rule: str, **params: Any) -> Finding:
    return _make(path, line, rule, Severity.WARNING, params)


def note(path: str, line: int | None, rule: str, **params: Any) -> Finding:
    return _make(path, line, rule, Severity.NOTE, params)


def _make(path: str, line: int | None, rule: str, severity: Severity, params: dict) -> Finding:
    column = params.pop("column", None)
    key = params.pop("key", None)
    span = params.pop("span", None)
    if key is not None:
        params.setdefault("key", key)
    return Finding(
        path=path,
        line=line,
        rule=rule,
        severity=severity,
        params=params,
        column=column,
        key=key,
        span=span,
    )
