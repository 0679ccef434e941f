"""The content guard's entry point: a loaded Site in, findings out.

Every Markdown file is scanned from its raw text (front matter values and body),
so each finding has the exact file, line, column and original span. Invalid
files are scanned too: what an editor sees must not depend on other errors.
"""

from __future__ import annotations

import bisect
import hashlib
import html
import os
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from pipeline.content.model import Site, shown_paths
from pipeline.core.findings import Finding, error, note, warning
from pipeline.core.personal import find_personal_data
from pipeline.core.sourcefile import MarkdownSource
from pipeline.guard.attachments import Part, extract
from pipeline.guard.cache import ResultCache
from pipeline.guard.exceptions import (
    Exception_,
    decoded_values,
    front_matter_block,
    parse_front_matter,
    parse_inline,
    waiver_rules,
)
from pipeline.guard.filekinds import (
    ATTACHMENT,
    IMAGE,
    REFUSED,
    TEXT,
    TEXT_SUFFIXES,
    classify,
    suffix_of,
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


# why a published file is refused (pipeline.guard.filekinds) or not read
# (pipeline.guard.attachments): the rule of each reason
_REFUSED_RULES = {
    "script": "guard/published-as-is",
    "private": "guard/file-private",
    "office": "guard/file-office",
    "image": "guard/file-image-unsupported",
    "unknown": "guard/file-unknown",
    "mismatch": "guard/file-mismatch",
}
_ATTACHMENT_RULES = {
    "unreadable": "guard/attachment-unreadable",
    "too-large": "guard/attachment-too-large",
    "bomb": "guard/attachment-bomb",
    "limit": "guard/attachment-limit",
}
# why an exception may not stand (pipeline.guard.exceptions.REFUSALS): the rule of each
_EXCEPTION_RULES = {
    "personal-data": "guard/exception-personal-data",
    "not-waivable": "guard/exception-not-waivable",
    "needs-approval": "guard/exception-needs-approval",
}
# what the SVG sanitizer drops (pipeline.images.svg): never published, so not scanned
_SVG_DROPPED = (
    ("<!--", "-->"),
    ("<title", "</title"),
    ("<desc", "</desc"),
    ("<metadata", "</metadata"),
)
_SVG_TEXT = re.compile(r"(?<=>)[^<]+")  # text between two tags
# content/ itself reached through a link, or outside the project: MkDocs follows it and
# publishes whatever is there, so `pipeline serve` waits on these as on any symlink
DOCS_DIR_RULES = ("guard/docs-dir-link", "guard/docs-dir-outside")
_LOOK_BELOW = 50  # lines below a key searched for a decoded value's text
_FILES_CACHE = "files"  # a folder of its own: scan_site prunes only the Markdown entries
_MB = 1024 * 1024

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
        # kept in memory too (pipeline.content.memo), by everything the cache's key holds
        memo_key = ("guard.source", config.fingerprint, source.rel_path, source.text)
        key, cached = site.memo.get(memo_key, lambda source=source: _scanned(cache, config, source))
        keys.add(key)
        findings.extend(cached)
    _prune(site, cache, keys)
    return findings + list(_approvals(site, config))


def _scanned(
    cache: ResultCache, config: GuardConfig, source: MarkdownSource
) -> tuple[str, tuple[Finding, ...]]:
    """One Markdown file's findings, from the cache when unchanged, and its cache key."""
    key = cache.key(source.rel_path, source.text)
    cached = cache.get(key)
    if cached is None:
        cached = scan_source(source, config, matcher_for(config))
        cache.put(key, cached)
    return key, tuple(cached)


def _approvals(site: Site, config: GuardConfig) -> Iterator[Finding]:
    """The security file's entries that cannot stand: a term nothing may waive, or a file
    that is not there (a renamed or deleted item's approval would pass its next namesake)."""
    waivers = config.waivers
    for waiver, why, params in waiver_rules(config).refused_approvals():
        yield error(waivers.rel, waiver.line, _EXCEPTION_RULES[why], **params)
    scanned = {o.source.rel_path for o in (*site.items, *site.pages, *site.invalid)}
    for waiver in waivers.entries:
        if waiver.file not in scanned:
            yield warning(waivers.rel, waiver.line, "guard/waiver-no-file", file=waiver.file)


def scan_files(site: Site, now: datetime) -> list[Finding]:
    """Every file published as it is (not Markdown): its kind (pipeline.guard.filekinds),
    its name, and its text (text formats by line, attachments by page, sheet or slide)."""
    config = guard_config(site)
    cache = ResultCache(site.config.root, config.fingerprint)
    cache.folder = cache.folder / _FILES_CACHE
    findings: list[Finding] = list(docs_dir_problems(site))
    findings += _folder_names(site, config, matcher_for(config))
    findings += _hardlinks(site)
    keys = set()
    shown = shown_paths(site.config, site.docs_dir)
    docs_dir = os.fspath(site.docs_dir)
    for docs_path in sorted(site.assets):
        rel = shown(docs_path)
        try:
            stat = os.stat(os.path.join(docs_dir, docs_path))
        except OSError:
            continue  # what cannot be read is not published either (MkDocs cannot copy it)
        # an unchanged file (same size, time and inode) is not read again in a long-lived
        # process (pipeline.content.memo); a fresh check reads every file
        memo_key = (
            "guard.file",
            config.fingerprint,
            rel,
            stat.st_size,
            stat.st_mtime_ns,
            stat.st_ino,
            stat.st_dev,
        )
        try:
            key, cached = site.memo.get(
                memo_key,
                lambda d=docs_path, r=rel: _scanned_file(cache, config, r, d, site.docs_dir / d),
            )
        except OSError:
            continue
        keys.add(key)
        findings.extend(cached)
    _prune(site, cache, keys)
    return findings


def _prune(site: Site, cache: ResultCache, keys: set[str]) -> None:
    """The cache pruned to ``keys``: once for the same keys in a long-lived process."""
    site.memo.get(("guard.pruned", str(cache.folder), frozenset(keys)), lambda: cache.prune(keys))


def _scanned_file(
    cache: ResultCache, config: GuardConfig, rel: str, docs_path: str, path: Path
) -> tuple[str, tuple[Finding, ...]]:
    """One published file's findings, from the cache when unchanged, and its cache key."""
    data, size = _read(path, docs_path, config.attachment_max_mb * _MB)
    key = cache.key(rel, f"{size}:{hashlib.sha256(data).hexdigest()}")
    cached = cache.get(key)
    if cached is None:
        cached = scan_file(rel, docs_path, path, data, config, matcher_for(config), size)
        cache.put(key, cached)
    return key, tuple(cached)


def docs_dir_problems(site: Site) -> Iterator[Finding]:
    """content/ (mkdocs.yml's docs_dir) must be a real folder of the project: the walk that
    finds symlinks starts inside it, so a link at content/ itself or at a folder above it
    would publish the target's every file unnoticed."""
    root = Path(os.path.abspath(site.config.root))
    docs = Path(os.path.abspath(site.docs_dir))
    shown = os.path.relpath(docs, root).replace(os.sep, "/")
    if not docs.is_relative_to(root):
        yield error(shown, None, "guard/docs-dir-outside", name=shown, target=str(docs))
        return
    for folder in (docs, *docs.relative_to(root).parents[:-1]):
        path = folder if folder.is_absolute() else root / folder
        if path.is_symlink():
            name = os.path.relpath(path, root).replace(os.sep, "/")
            yield error(name, None, "guard/docs-dir-link", name=name, target=os.readlink(path))
            return
    real = Path(os.path.realpath(docs))
    if not real.is_relative_to(os.path.realpath(root)):
        # a link above the project folder cannot reach out; this is a bind mount or the like
        yield error(shown, None, "guard/docs-dir-outside", name=shown, target=str(real))


def _folder_names(site: Site, config: GuardConfig, matcher: Matcher) -> Iterator[Finding]:
    """A folder's name is in the address of every file in it: scanned like a file name, once
    per folder, at the folder."""
    paths = [*site.assets, *site.failed]
    paths += [o.docs_path for o in (*site.items, *site.pages, *site.invalid)]
    folders = {parent for path in paths for parent in _parents(path)}
    personal = _level(config.level("personal_data"))
    for folder in sorted(folders):
        rel = site.config.rel(site.docs_dir / folder)
        name = folder.rsplit("/", 1)[-1]
        yield from _term_hits(rel, name, matcher, "guard/folder-name-term", name=folder)
        for _start, _end, _kind, masked in find_personal_data(
            name, config.company_domains, config.public_addresses
        ):
            yield personal(rel, None, "guard/folder-name-personal", span=masked, value=masked)


def _parents(docs_path: str) -> Iterator[str]:
    """The folders above a docs path, nearest first (PurePosixPath's parents without ".")."""
    end = docs_path.rfind("/")
    while end > 0:
        docs_path = docs_path[:end]
        yield docs_path
        end = docs_path.rfind("/")


def _hardlinks(site: Site) -> Iterator[Finding]:
    """A file with more than one name on disk. Its bytes are what the guard reads and what
    MkDocs copies, so nothing unchecked is published: a warning, since the other name may
    be outside content/ (an edit there changes the published file) and git keeps only a
    plain copy."""
    paths = [*site.assets, *site.failed]
    paths += [o.docs_path for o in (*site.items, *site.pages, *site.invalid)]
    docs_dir = os.fspath(site.docs_dir)
    for docs_path in sorted(set(paths)):
        try:
            links = os.lstat(os.path.join(docs_dir, docs_path)).st_nlink
        except OSError:
            continue
        if links > 1:
            path = site.docs_dir / docs_path
            yield warning(site.config.rel(path), None, "guard/hardlink", count=links)


def _read(path: Path, docs_path: str, limit: int) -> tuple[bytes, int]:
    """What the guard reads of a file, and its size: nothing of a raster image (the image
    pipeline judges it; only its name is scanned here), the first kilobyte of a file over
    the size limit (enough for its header), all of any other."""
    size = path.stat().st_size
    if classify(docs_path, b"").kind == IMAGE and not _is_svg(docs_path):
        return b"", size
    with path.open("rb") as handle:
        # never more than the limit, whatever stat says (/proc files say 0)
        data = handle.read(1024 if size > limit else limit + 1)
    if len(data) > limit:
        return data[:1024], len(data)
    return data, max(size, len(data))


def scan_file(
    rel: str,
    docs_path: str,
    path: Path,
    data: bytes,
    config: GuardConfig,
    matcher: Matcher,
    size: int | None = None,
) -> list[Finding]:
    """One published file: refused, or checked according to what it really is."""
    findings = list(_file_name(rel, docs_path, config, matcher))
    size = len(data) if size is None else size
    kind = classify(docs_path, data, config.publish_as_is)
    scanned = kind.kind in (TEXT, ATTACHMENT) or _is_svg(docs_path)
    if size > config.attachment_max_mb * _MB and (scanned or suffix_of(docs_path) in TEXT_SUFFIXES):
        # over the size limit: only its header was read, enough to tell a PDF from a fake
        findings.append(
            error(
                rel,
                None,
                "guard/attachment-too-large",
                size=f"{size / _MB:.1f} MB",
                limit=f"{config.attachment_max_mb} MB",
            )
        )
    elif kind.kind == REFUSED:
        rule = _REFUSED_RULES[kind.reason]
        findings.append(error(rel, None, rule, name=docs_path, **kind.params))
    elif kind.kind == TEXT:
        text = data.decode("utf-8-sig", errors="replace")
        findings += scan_attachment(rel, text, config, matcher)
    elif kind.kind == ATTACHMENT:
        findings += _attachment(rel, path, config, matcher)
    elif kind.kind == IMAGE and _is_svg(docs_path):
        findings += _svg_text(rel, data, config, matcher)
    return findings


def _is_svg(docs_path: str) -> bool:
    return docs_path.lower().endswith(".svg")


def _blanked(text: str, opening: str, closing: str) -> str:
    """Every span from ``opening`` to ``closing`` (or the end) blanked, newlines kept: one
    pass, so an unclosed span costs no more than a closed one."""
    lower = text.lower()
    chars = None
    start = lower.find(opening)
    while start != -1:
        end = lower.find(closing, start + len(opening))
        end = len(text) if end == -1 else end + len(closing)
        chars = chars if chars is not None else list(text)
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
        start = lower.find(opening, end)
    return text if chars is None else "".join(chars)


def _svg_text(rel: str, data: bytes, config: GuardConfig, matcher: Matcher) -> Iterator:
    """The text an SVG shows (text nodes, entities decoded), at its line; the image pipeline
    judges its markup. Markup is blanked, not removed, so lines and columns stay."""
    text = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    text = text.replace("<![CDATA[", " " * 9).replace("]]>", "   ")
    for opening, closing in _SVG_DROPPED:
        text = _blanked(text, opening, closing)
    positions = _Positions(text)
    for match in _SVG_TEXT.finditer(text):
        shown = html.unescape(match.group())
        if not shown.strip():
            continue
        line, _column = positions.of(match.start())
        for finding in [
            *_terms(rel, shown, _Positions(shown), matcher, []),
            *_leaks(rel, shown, _Positions(shown), config),
        ]:
            yield replace(finding, line=line + (finding.line or 1) - 1, column=None)


def scan_attachment(rel: str, text: str, config: GuardConfig, matcher: Matcher) -> list[Finding]:
    """A text file published as it is: no exceptions apply, since no front matter or comment
    can."""
    text = text.replace("\r\n", "\n")
    positions = _Positions(text)
    findings = list(_terms(rel, text, positions, matcher, []))
    findings += _leaks(rel, text, positions, config)
    return findings


def _term_hits(rel: str, text: str, matcher: Matcher, rule: str, **where) -> Iterator:
    """Listed terms in a text that has no lines of its own (a file name, a part of an
    attachment), at the level of each term's list."""
    for hit in matcher.find(text):
        found = text[hit.start : hit.end]
        yield _level(hit.category.level)(
            rel,
            None,
            rule,
            span=found,
            found=found,
            term=hit.term,
            category=hit.category.title,
            replacement=hit.category.replacement,
            **where,
        )


def _file_name(rel: str, docs_path: str, config: GuardConfig, matcher: Matcher) -> Iterator:
    """A file's name is in its address and on every link to it: scanned like its text."""
    name = docs_path.rsplit("/", 1)[-1]
    yield from _term_hits(rel, name, matcher, "guard/file-name-term")
    personal = _level(config.level("personal_data"))
    for _start, _end, _kind, masked in find_personal_data(
        name, config.company_domains, config.public_addresses
    ):
        yield personal(rel, None, "guard/file-name-personal", span=masked, value=masked)


def _attachment(rel: str, path: Path, config: GuardConfig, matcher: Matcher) -> Iterator:
    """A PDF, DOCX, XLSX or PPTX: its text scanned part by part, its properties reported."""
    extracted = extract(path, config.attachment_max_mb * _MB)
    if extracted.problem is not None:
        reason, params = extracted.problem
        yield error(rel, None, _ATTACHMENT_RULES[reason], **params)
    if extracted.metadata:
        yield warning(rel, None, "guard/attachment-metadata", **extracted.metadata)
    parts = [*extracted.parts, *(Part({"field": k}, v) for k, v in extracted.metadata.items())]
    personal = _level(config.level("personal_data"))
    secret = _level(config.level("secrets"))
    for part in parts:
        where = part.where
        yield from _term_hits(rel, part.text, matcher, "guard/attachment-term", **where)
        for _start, _end, kind, masked in find_personal_data(
            part.text, config.company_domains, config.public_addresses
        ):
            yield personal(
                rel,
                None,
                "guard/attachment-personal",
                span=masked,
                value=masked,
                kind=kind,
                **where,
            )
        for _start, _end, kind, masked in find_secrets(part.text):
            yield secret(
                rel, None, "guard/attachment-secret", span=masked, value=masked, kind=kind, **where
            )


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
    rules = waiver_rules(config)
    inline, inline_spans = parse_inline(source.text)
    text = _scanned_text(source, inline_spans)
    positions = _Positions(text)
    findings = [
        error(rel, e.line, "guard/exception-no-reason", column=e.column, term=e.term)
        for e in inline
        if not e.reason
    ]
    # an editor's exception for what only the security role, or nobody, may waive is an
    # error at its own line, and the text it names is reported as if it were not there
    exceptions = []
    for exc in parse_front_matter(source) + [e for e in inline if e.reason]:
        refused = rules.refusal(exc.term, exc.key)
        if refused is None:
            exceptions.append(exc)
            continue
        why, params = refused
        findings.append(error(rel, exc.line, _EXCEPTION_RULES[why], column=exc.column, **params))
    exceptions += rules.approved(rel)
    findings += _terms(rel, text, positions, matcher, exceptions, config.waivers.rel)
    findings += _detected(rel, text, positions, config, source)
    findings += _decoded_front_matter(source, config, matcher, exceptions, findings)
    for exc in exceptions:
        where = {"column": exc.column, "term": exc.term, "reason": exc.reason}
        if exc.approval is not None:
            findings.append(_approval_found(rel, exc, config.waivers.rel))
        elif exc.used:
            findings.append(note(rel, exc.line, "guard/exception-used", count=exc.used, **where))
        else:
            findings.append(warning(rel, exc.line, "guard/exception-unused", **where))
    return findings


def _approval_found(rel: str, exc: Exception_, waivers: str) -> Finding:
    """A security-file approval for ``rel``: a note on the file where it let text through
    (reviewers see what was waived there), or a warning at its entry when it let nothing."""
    approval = exc.approval
    where = {"term": exc.term, "reason": exc.reason, "waivers": waivers, "entry": exc.line}
    if exc.used:
        approved_by = {"approved_by": approval.approved_by} if approval.approved_by else {}
        return note(rel, exc.first_use, "guard/waiver-used", count=exc.used, **where, **approved_by)
    return warning(waivers, exc.line, "guard/waiver-unused", file=rel, **where)


def _decoded_front_matter(
    source: MarkdownSource,
    config: GuardConfig,
    matcher: Matcher,
    exceptions: list[Exception_],
    raw: list[Finding],
) -> Iterator[Finding]:
    """Front matter as the YAML parser decodes it (escapes, anchors, aliases, and the
    reasons of allow_terms): what the raw text already showed is not reported twice."""
    rel = source.rel_path
    last = source.front_matter_last_line
    shown = {
        (f.rule, f.params.get("term", f.params.get("value")))
        for f in raw
        if f.line is not None and f.line <= last
    }
    decoded: set[tuple] = set()
    lines = source.text.split("\n", last)[:last]
    for value, line in decoded_values(source):
        positions = _Positions(value)
        found = [
            *_terms(rel, value, positions, matcher, [], config.waivers.rel),
            *_leaks(rel, value, positions, config),
        ]
        for finding in found:
            what = finding.params.get("term", finding.params.get("value"))
            if (finding.rule, what) in shown or (finding.rule, what, line) in decoded:
                continue
            decoded.add((finding.rule, what, line))
            if finding.rule == "guard/term":
                key = next((h.key for h in matcher.find(finding.params["found"])), None)
                covering = next((e for e in exceptions if key and e.covers(key, line)), None)
                if covering is not None:
                    # used, whether or not the raw text showed it too (counted there)
                    covering.used = covering.used or 1
                    continue
            at, column = _decoded_position(lines, line, finding)
            yield replace(finding, line=at, column=column)


def _decoded_position(lines: list[str], line: int, finding: Finding) -> tuple[int, int | None]:
    """Where a decoded front-matter finding can be seen: the found text where its key's line,
    or a line of the block below it (a list item's other keys), shows it as it is; else
    where the value starts on its key's line (the quote of an escaped string, the ``*`` of
    an alias); no column for a key whose value is on the lines below it."""
    if not 1 <= line <= len(lines):
        return line, None
    raw = lines[line - 1]
    found = finding.params.get("found")
    if found:
        indent = len(raw) - len(raw.lstrip(" "))
        for number in range(line, min(line + _LOOK_BELOW, len(lines)) + 1):
            text = lines[number - 1]
            if number > line and text.strip() and len(text) - len(text.lstrip(" ")) <= indent:
                break  # the next key of the same level: another value's text
            if found in text:
                return number, text.index(found) + 1
    rest = raw.lstrip(" ")
    while rest.startswith("- "):
        rest = rest[2:].lstrip(" ")
    colon = rest.find(": ") if not rest.startswith(("'", '"')) else -1
    if colon >= 0:
        rest = rest[colon + 2 :].lstrip(" ")
    if not rest or rest.startswith("#"):
        return line, None
    return line, len(raw) - len(rest) + 1


def _level(level: str):
    return error if level == "block" else warning


def _terms(rel, text, positions, matcher: Matcher, exceptions: list[Exception_], waivers=None):
    """Listed terms not covered by ``exceptions``. ``waivers``: the security file, when the
    text is one an exception can reach (a Markdown file); the hint then says how."""
    for hit in matcher.find(text):
        line, column = positions.of(hit.start)
        covering = next((e for e in exceptions if e.covers(hit.key, line)), None)
        if covering is not None:
            covering.used += 1
            covering.first_use = covering.first_use or line
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
            **_how_to_waive(category, hit.term, waivers),
        )


def _how_to_waive(category, term: str, waivers: str | None) -> dict[str, str]:
    """The parameter that picks the hint's last sentence: nothing waives the list (always
    said), the security file does (block level), or the editor's own exception does."""
    if not category.waivable:
        return {"locked": category.title}
    if waivers is None:
        return {}
    if category.level == "block":
        return {"waivers": waivers}
    return {"inline_term": term}


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
