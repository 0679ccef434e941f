"""The content guard's entry point: a loaded Site in, findings out.

Every Markdown file is scanned from its raw text (front matter values and body),
so each finding has the exact file, line, column and original span. Invalid
files are scanned too: what an editor sees must not depend on other errors.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from datetime import datetime

from pipeline.content.model import Site
from pipeline.core.findings import Finding, error, note, warning
from pipeline.core.personal import find_personal_data
from pipeline.core.sourcefile import MarkdownSource
from pipeline.guard.cache import ResultCache
from pipeline.guard.exceptions import (
    Exception_,
    front_matter_block,
    front_matter_exceptions,
    inline_exceptions,
)
from pipeline.guard.htmlsafety import find_unsafe_html
from pipeline.guard.matcher import Matcher
from pipeline.guard.secrets import find_secrets
from pipeline.guard.settings import GuardConfig, load_guard_config

_NEWLINE = re.compile("\n")
_HTML_RULES = {
    "tag": "guard/html-tag",
    "event": "guard/html-event",
    "url": "guard/html-url",
    "link": "guard/link-url",
    "tag-not-allowed": "guard/html-not-allowed",
    "attr-not-allowed": "guard/html-not-allowed",
}


# Files under content/ that MkDocs publishes exactly as they are: text ones are scanned
# for terms, personal data and secrets; HTML and scripts would also bypass the HTML
# allow-list (and run on the site's own domain), so they are refused.
TEXT_ATTACHMENTS = (".txt", ".csv", ".tsv", ".json", ".xml", ".yml", ".yaml", ".css")
SCRIPTED_ATTACHMENTS = (".html", ".htm", ".xhtml", ".shtml", ".js", ".mjs")

_MATCHERS: dict[str, Matcher] = {}


def matcher_for(config: GuardConfig) -> Matcher:
    """One automaton per term-list fingerprint: `pipeline serve` rebuilds reuse it."""
    if config.fingerprint not in _MATCHERS:
        _MATCHERS.clear()
        _MATCHERS[config.fingerprint] = Matcher(config)
    return _MATCHERS[config.fingerprint]


def guard_config(site: Site) -> GuardConfig:
    config = getattr(site.config, "guard", None)
    return config or load_guard_config(site.config.config_dir, site.config.root)


def scan_site(site: Site, now: datetime) -> list[Finding]:
    """Every guard finding of every Markdown file, from the cache when unchanged."""
    config = guard_config(site)
    cache = ResultCache(site.config.root, config.fingerprint)
    findings: list[Finding] = []
    keys = set()
    for owner in [*site.items, *site.pages, *site.invalid]:
        source = owner.source
        key = cache.key(source.rel_path, source.text)
        keys.add(key)
        cached = cache.get(key)
        if cached is None:
            cached = scan_source(source, config, matcher_for(config))
            cache.put(key, cached)
        findings.extend(cached)
    for docs_path in sorted(site.assets):
        if not docs_path.lower().endswith(TEXT_ATTACHMENTS + SCRIPTED_ATTACHMENTS):
            continue
        path = site.docs_dir / docs_path
        rel = site.config.rel(path)
        try:
            text = path.read_bytes().decode("utf-8-sig", errors="replace")
        except OSError:
            continue
        key = cache.key(rel, text)
        keys.add(key)
        cached = cache.get(key)
        if cached is None:
            cached = scan_attachment(rel, text, config, matcher_for(config))
            cache.put(key, cached)
        findings.extend(cached)
    cache.prune(keys)
    return findings


def scan_attachment(rel: str, text: str, config: GuardConfig, matcher: Matcher) -> list[Finding]:
    """A file published as it is: no exceptions apply, since no front matter or comment can."""
    text = text.replace("\r\n", "\n")
    positions = _Positions(text)
    findings = []
    if rel.lower().endswith(SCRIPTED_ATTACHMENTS):
        findings.append(_level(config.level("unsafe_html"))(rel, None, "guard/published-as-is"))
    findings += _terms(rel, text, positions, matcher, [])
    findings += _leaks(rel, text, positions, config)
    return findings


class _Positions:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    def of(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def _scanned_text(source: MarkdownSource, inline_spans) -> str:
    """The raw text with exception comments and the allow_terms block blanked out."""
    chars = list(source.text)
    positions = _Positions(source.text)
    for start, end, _line in inline_spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    block = front_matter_block(source)
    if block:
        first = positions.starts[block[0] - 1]
        last = positions.starts[block[1]] if block[1] < len(positions.starts) else len(chars)
        for i in range(first, last):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def scan_source(source: MarkdownSource, config: GuardConfig, matcher: Matcher) -> list[Finding]:
    rel = source.rel_path
    inline, inline_spans = inline_exceptions(source.text)
    exceptions = front_matter_exceptions(source) + [e for e in inline if e.reason]
    text = _scanned_text(source, inline_spans)
    positions = _Positions(text)
    findings = [
        error(rel, e.line, "guard/exception-no-reason", column=e.column, term=e.term)
        for e in inline
        if not e.reason
    ]
    findings += _terms(rel, text, positions, matcher, exceptions)
    findings += _detected(rel, text, positions, config, source)
    for exc in exceptions:
        where = {"column": exc.column, "term": exc.term, "reason": exc.reason}
        if exc.used:
            findings.append(note(rel, exc.line, "guard/exception-used", count=exc.used, **where))
        else:
            findings.append(warning(rel, exc.line, "guard/exception-unused", **where))
    return findings


def _level(level: str):
    return error if level == "block" else warning


def _terms(rel, text, positions, matcher: Matcher, exceptions: list[Exception_]):
    for hit in matcher.find(text):
        line, column = positions.of(hit.start)
        covering = next((e for e in exceptions if e.covers(hit.key, line)), None)
        if covering is not None:
            covering.used += 1
            continue
        category = hit.category
        yield _level(category.level)(
            rel,
            line,
            "guard/term",
            column=column,
            span=text[hit.start : hit.end],
            found=text[hit.start : hit.end],
            term=hit.term,
            category=category.title,
            replacement=category.replacement,
            list=category.rel,
        )


def _detected(rel, text, positions, config: GuardConfig, source: MarkdownSource) -> Iterator:
    yield from _leaks(rel, text, positions, config)
    yield from _unsafe_html(rel, text, config, source)


def _leaks(rel, text, positions, config: GuardConfig) -> Iterator:
    personal = _level(config.level("personal_data"))
    for start, _end, kind, masked in find_personal_data(
        text, config.company_domains, config.public_addresses
    ):
        line, column = positions.of(start)
        yield personal(rel, line, f"guard/{kind}", column=column, span=masked, value=masked)
    secret = _level(config.level("secrets"))
    for start, _end, kind, masked in find_secrets(text):
        line, column = positions.of(start)
        rule = kind if kind in ("private-key", "password", "high-entropy") else "token"
        yield secret(
            rel, line, f"guard/{rule}", column=column, span=masked, value=masked, kind=kind
        )


def _unsafe_html(rel, text, config: GuardConfig, source: MarkdownSource) -> Iterator:
    body_offset = len(text) - len(source.body)
    unsafe = _level(config.level("unsafe_html"))
    not_allowed = _level(config.level("html_not_allowed"))
    url_lines = set()
    for line, column, kind, tag, detail in find_unsafe_html(
        text, body_offset, source.body_first_line
    ):
        if kind == "url":
            url_lines.add(line)
        elif kind == "link" and line in url_lines:
            continue  # the same raw-HTML URL, already reported by the parser
        make = not_allowed if kind.endswith("not-allowed") else unsafe
        what = tag if kind != "attr-not-allowed" else f"{tag} {detail}"
        yield make(rel, line, _HTML_RULES[kind], column=column, tag=what, detail=detail)
