"""Exceptions: what an editor writes in a file, and what the security file approves.

An editor's exception names a term and a reason: ``allow_terms`` in front matter covers
the whole file, an inline ``<!-- guard:allow 第一 理由 -->`` its own line and the next
one. Both are blanked out of the text before scanning (they are not published, and they
name the very term they allow). They may waive only warn-level lists: a block-level list
is waived only by an entry of the security file (``pipeline.guard.waivers``, approved by
the security role), and a list marked ``waivable: false`` or personal data by nothing.
``WaiverRules`` says which exception may stand; the guard reports the others at their
line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.core.personal import find_personal_data
from pipeline.core.sourcefile import MarkdownSource
from pipeline.guard.normalize import fold_term
from pipeline.guard.settings import Category, GuardConfig
from pipeline.guard.waivers import Waiver

INLINE = re.compile(
    r"<!--\s*guard:allow\s+(?P<term>\"[^\"\n]+\"|[^\s\"]+)(?:[ \t]+(?P<reason>[^\n]*?))?\s*-->"
)

# why an exception may not stand: it names personal data, a term of a list nothing waives,
# or (written by an editor) a term of a block-level list
PERSONAL_DATA, NOT_WAIVABLE, NEEDS_APPROVAL = "personal-data", "not-waivable", "needs-approval"
REFUSALS = (PERSONAL_DATA, NOT_WAIVABLE, NEEDS_APPROVAL)


@dataclass
class Exception_:
    term: str
    key: str  # folded, as matches are compared
    reason: str
    line: int
    column: int | None
    lines: tuple[int, int] | None  # inline: the lines it covers; None: the whole file
    used: int = 0
    approval: Waiver | None = None  # the security file's entry; None: written by the editor
    first_use: int | None = None  # the line of the first text it let through

    def covers(self, key: str, line: int) -> bool:
        if key != self.key:
            return False
        return self.lines is None or self.lines[0] <= line <= self.lines[1]


def parse_front_matter(source: MarkdownSource) -> list[Exception_]:
    """Every well-formed ``allow_terms`` entry, whether it may stand or not: the schema
    reports malformed ones and missing reasons."""
    raw = source.meta.values.get("allow_terms")
    if not isinstance(raw, list):
        return []
    found = []
    for index, entry in enumerate(raw):
        if not isinstance(entry, dict):
            continue
        term, reason = entry.get("term"), entry.get("reason")
        if isinstance(term, str | int) and isinstance(reason, str) and reason.strip():
            key = fold_term(str(term))
            if key:
                line = source.meta.line_of_item("allow_terms", index)
                found.append(Exception_(str(term), key, reason.strip(), line, None, None))
    return found


def parse_inline(text: str) -> tuple[list[Exception_], list[tuple[int, int, int]]]:
    """Every inline exception, whether it may stand or not, and (start, end, line) of every
    such comment (to blank out). Ones without a reason come back with an empty reason: an
    error for the caller."""
    found = []
    spans = []
    for match in INLINE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        term = match.group("term").strip('"')
        reason = (match.group("reason") or "").strip()
        found.append(Exception_(term, fold_term(term), reason, line, column, (line, line + 1)))
        spans.append((match.start(), match.end(), line))
    return found, spans


@dataclass(frozen=True)
class WaiverRules:
    """Which exceptions a project's guard settings let stand."""

    fixed: dict[str, Category]  # folded term -> the list marked waivable: false that holds it
    block: dict[str, Category]  # folded term -> the block-level list that holds it
    config: GuardConfig
    # the security file's entries that may stand, by content file (looked up once per file)
    approvals: dict[str, list[Waiver]] = field(default_factory=dict)

    def refusal(self, term: str, key: str) -> tuple[str, dict[str, Any]] | None:
        """Why an editor's exception for ``term`` may not stand, as (one of REFUSALS,
        the message's parameters), or None."""
        refused = self.never_waived(term, key)
        if refused is not None:
            return refused
        category = self.block.get(key)
        if category is not None:
            params = {"term": term, "category": category.title, "list": category.rel}
            return NEEDS_APPROVAL, params | {"waivers": self.config.waivers.rel}
        return None

    def never_waived(self, term: str, key: str) -> tuple[str, dict[str, Any]] | None:
        """Why no exception at all may name ``term``: personal data, or a term of a list
        that cannot be waived."""
        config = self.config
        for _start, _end, _kind, masked in find_personal_data(
            term, config.company_domains, config.public_addresses
        ):
            return PERSONAL_DATA, {"term": masked}
        category = self.fixed.get(key)
        if category is not None:
            params = {"term": term, "category": category.title, "list": category.rel}
            return NOT_WAIVABLE, params | {"replacement": category.replacement}
        return None

    def refused_approvals(self):
        """(entry, one of REFUSALS, parameters) of every security-file entry that may not
        stand."""
        for waiver in self.config.waivers.entries:
            refused = self.never_waived(waiver.term, waiver.key)
            if refused is not None:
                yield waiver, *refused

    def approved(self, rel: str) -> list[Exception_]:
        """The security file's exceptions for the file ``rel`` that may stand, new (unused)."""
        return [
            Exception_(w.term, w.key, w.reason, w.line or 1, None, None, approval=w)
            for w in self.approvals.get(rel, ())
        ]


_RULES: dict[str, WaiverRules] = {}  # a memo of waiver_rules: the last fingerprint's


def waiver_rules(config: GuardConfig) -> WaiverRules:
    """The rules of ``config``, made once per fingerprint (the security file is part of
    it): a settings' term lists are long, and the guard and the gate ask per file."""
    rules = _RULES.get(config.fingerprint)
    # settings made in code have no fingerprint: only the very same object is the same
    if rules is None or (not config.fingerprint and rules.config is not config):
        fixed: dict[str, Category] = {}
        block: dict[str, Category] = {}
        for category in config.categories.values():
            for term in category.terms:
                key = fold_term(term.text)
                if not category.waivable:
                    fixed.setdefault(key, category)
                if category.level == "block":
                    block.setdefault(key, category)
        rules = WaiverRules(fixed, block, config)
        for waiver in config.waivers.entries:
            if rules.never_waived(waiver.term, waiver.key) is None:
                rules.approvals.setdefault(waiver.file, []).append(waiver)
    _RULES.clear()
    _RULES[config.fingerprint] = rules
    return rules


def front_matter_exceptions(source: MarkdownSource, rules: WaiverRules) -> list[Exception_]:
    """The exceptions that stand for a file besides its inline ones: its ``allow_terms``
    entries that may stand under ``rules``, and the security file's approvals for it."""
    written = [e for e in parse_front_matter(source) if rules.refusal(e.term, e.key) is None]
    return written + rules.approved(source.rel_path)


def inline_exceptions(
    text: str, rules: WaiverRules
) -> tuple[list[Exception_], list[tuple[int, int, int]]]:
    """The inline exceptions that may stand under ``rules`` (with a reason or not), and
    (start, end, line) of every exception comment."""
    found, spans = parse_inline(text)
    return [e for e in found if rules.refusal(e.term, e.key) is None], spans


# decoded front-matter text scanned beyond the raw file (aliases can repeat a long value)
_DECODED_BUDGET = 200_000
_DECODED_DEPTH = 50


def decoded_values(source: MarkdownSource) -> list[tuple[str, int]]:
    """Every text of the front matter as the YAML parser decoded it (escapes, anchors and
    aliases resolved), with the line of its key, for the guard to scan as well as the raw
    text. ``allow_terms`` gives its reasons, not its terms (they name what they allow).

    Bounded: each mapping or list is walked once, and at most the file's length plus
    _DECODED_BUDGET characters are returned.
    """
    meta = source.meta
    found: list[tuple[str, int]] = []
    budget = [len(source.text) + _DECODED_BUDGET]
    seen: set[int] = set()

    def add(text: str, line: int) -> None:
        if budget[0] > 0 and text:
            budget[0] -= len(text)
            found.append((text, line))

    def walk(value: Any, path: str, line: int, depth: int) -> None:
        if isinstance(value, str):
            add(value, line)
            return
        if depth > _DECODED_DEPTH or budget[0] <= 0 or id(value) in seen:
            return
        if isinstance(value, dict):
            seen.add(id(value))
            for key, inner in value.items():
                inner_path = f"{path}.{key}"
                inner_line = meta.nested_lines.get(inner_path, line)
                add(str(key), inner_line)
                walk(inner, inner_path, inner_line, depth + 1)
        elif isinstance(value, list):
            seen.add(id(value))
            for index, inner in enumerate(value):
                item_line = meta.line_of_item(path, index) if depth == 0 else None
                # an alias's node is its anchor's, which may stand on an earlier line
                inner_line = item_line if item_line and item_line >= line else line
                walk(inner, path, inner_line, depth + 1)

    for key in sorted(meta.values, key=lambda k: k == "allow_terms"):
        value = meta.values[key]
        line = meta.line_of(key) or 1
        if key == "allow_terms" and isinstance(value, list):
            for index, entry in enumerate(value):
                entry_line = meta.line_of_item(key, index) or line
                if isinstance(entry, dict) and id(entry) not in seen:
                    seen.add(id(entry))
                    for name, inner in entry.items():
                        if name != "term":
                            walk(inner, f"{key}.{name}", entry_line, 2)
            continue
        add(key, line)
        walk(value, key, line, 0)
    return found


def front_matter_block(source: MarkdownSource) -> tuple[int, int] | None:
    """First and last line of the ``allow_terms`` key in the front matter."""
    start = source.meta.line_of("allow_terms")
    if start is None:
        return None
    later = [n for n in source.meta.key_lines.values() if n > start]
    end = min(later) - 1 if later else source.front_matter_last_line - 1
    return start, max(start, end)
