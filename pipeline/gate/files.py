"""Every file of the staged site that is not a page, accounted for before the swap.

The engine says what made each file (``SiteFiles``): MkDocs copied it from the content,
from the theme or from the image pipeline's outputs, or a plugin generated it (sitemaps,
feeds, the search index, robots.txt). Each is held to what its origin promises:

- a content file must be of a kind the guard publishes and byte for byte the file the guard
  checked (the guard read the source; what readers download must be that file);
- an image must be one the image pipeline wrote (metadata stripped, SVG sanitized);
- a theme file must come from the theme's own folders (code the administrators reviewed);
- a generated file is read as its readers' software reads it: the search index's titles,
  texts and tags are shown as HTML by the theme's search, feed descriptions as HTML by feed
  readers, so both are judged for executable constructs; the texts of every generated
  file go through the guard's term, personal-data and secret rules;
- anything else (a file no checked source made) is refused: it may be anything.

The HTML pages themselves are judged in ``pipeline.gate``; this module leaves them alone.
"""

from __future__ import annotations

import filecmp
import gzip
import hashlib
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from selectolax.lexbor import LexborHTMLParser

from pipeline.core import keyjson
from pipeline.gate.cache import GeneratedMemo
from pipeline.gate.html import Problem, check_tree
from pipeline.gate.text import Shown, ShownScanner, visible_text
from pipeline.guard.filekinds import IMAGE, REFUSED, classify

# what the engine's plugins write after MkDocs has copied the files (SiteFiles.generated)
SITEMAP = "sitemap"  # sitemap.xml and each section's
SITEMAP_GZ = "sitemap-gz"
ROBOTS = "robots"
FEED = "feed"  # RSS: descriptions are HTML that feed readers render
SEARCH_INDEX = "search-index"  # Material's search shows titles, texts and tags as HTML
SEARCH_INDEX_JS = "search-index-js"  # the same, as the offline plugin's script
TAGS = "tags"  # Material's tags export: titles and tag names
# the web editor (admin/): Decap's configuration (YAML: labels, categories, authors' names),
# the data of the pipeline's editor script (JSON), and the two scripts, each of which must
# be byte for byte the pinned one (SiteFiles.pinned: the lock's, the pipeline's own)
EDITOR_CONFIG = "editor-config"
EDITOR_DATA = "editor-data"
EDITOR_SCRIPT = "editor-script"
KINDS = (SITEMAP, SITEMAP_GZ, ROBOTS, FEED, SEARCH_INDEX, SEARCH_INDEX_JS, TAGS, EDITOR_CONFIG,
         EDITOR_DATA, EDITOR_SCRIPT)  # fmt: skip
_JS_INDEX_PREFIX = "var __index = "

# generated files are the site's own, but never read without a bound
MAX_GENERATED_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class SiteFiles:
    """What made each file of one built site, as the engine wrote it (paths relative to
    the site folder, with "/")."""

    docs_dir: Path  # the content folder: files copied from here were checked by the guard
    trusted_dirs: tuple[Path, ...]  # the theme's folders (and the engine's own files)
    copied: Mapping[str, Path] = field(default_factory=dict)  # file -> the file copied
    images: frozenset[str] = frozenset()  # files the image pipeline wrote
    generated: Mapping[str, str] = field(default_factory=dict)  # file -> one of KINDS
    publish_as_is: tuple[str, ...] = ()  # extensions guard.yml publishes unchecked
    pinned: Mapping[str, str] = field(default_factory=dict)  # EDITOR_SCRIPT file -> sha256


@dataclass(frozen=True)
class FileProblem:
    """One file of the staged site that must not be published."""

    rel: str  # the file under the site folder
    rule: str
    detail: str
    needle: str  # text to look for in the content's sources
    params: dict = field(default_factory=dict)
    source: str | None = None  # the content file it was copied from (relative to docs)


def check_files(
    site_dir: Path,
    files: SiteFiles,
    scanner: ShownScanner,
    allowed: frozenset[str],
    walked: list[Walked] | None = None,
    memo: GeneratedMemo | None = None,
) -> list[FileProblem]:
    """Every non-HTML file under ``site_dir`` held to what made it; ``allowed``: the terms
    the site's files waive (generated files show every item's titles). ``walked``: the
    folder as ``walk_site`` found it, when the caller walked it already. ``memo``: the
    search index entries' markup judged before (``pipeline.gate.cache``)."""
    problems: list[FileProblem] = []
    docs_dir = files.docs_dir.resolve()
    trusted = tuple(d.resolve() for d in files.trusted_dirs)
    sitemap = site_dir / "sitemap.xml"
    for name, rel, is_link, _is_file in walk_site(site_dir) if walked is None else walked:
        if is_link:  # MkDocs writes files; a link here was put by something else
            problems.append(FileProblem(rel, "gate/unaccounted", rel, rel))
            continue
        if rel.endswith(".html") or rel in files.images:
            continue
        path = Path(name)
        kind = files.generated.get(rel)
        if kind == SITEMAP_GZ and _unzips_to(path, sitemap) and "sitemap.xml" in files.generated:
            continue  # the sitemap itself, compressed: read once, as sitemap.xml
        if kind == EDITOR_SCRIPT:
            if _sha256(path) != files.pinned.get(rel):
                problems.append(FileProblem(rel, "gate/unaccounted", rel, rel))
            continue
        if kind is not None:
            problems.extend(_generated(path, rel, kind, scanner, allowed, memo))
            continue
        source = files.copied.get(rel)
        if source is None:
            problems.append(FileProblem(rel, "gate/unaccounted", rel, rel))
            continue
        source = source.resolve()
        if any(source.is_relative_to(d) for d in trusted):
            continue
        if not source.is_relative_to(docs_dir):
            problems.append(FileProblem(rel, "gate/unaccounted", rel, rel))
            continue
        problems.extend(_content_copy(path, rel, source, source.relative_to(docs_dir), files))
    return problems


# (path, path under the site folder, is a symlink, is a regular file) of one entry
Walked = tuple[str, str, bool, bool]


def walk_site(site_dir: Path) -> list[Walked]:
    """(path, path under the site folder, is a symlink, is a regular file) of every file
    and link, sorted by the path under the site folder; a linked folder is reported, never
    entered. One stat per entry at most (scandir's); paths stay strings (thousands of
    ``Path`` objects cost a noticeable part of a second)."""
    found: list[Walked] = []
    folders = [(os.fspath(site_dir), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_symlink():
                    found.append((entry.path, rel, True, False))
                elif entry.is_dir():
                    folders.append((entry.path, rel + "/"))
                else:
                    found.append((entry.path, rel, False, entry.is_file()))
    found.sort(key=lambda f: f[1])
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _unzips_to(path: Path, plain: Path) -> bool:
    """Whether the gzip file at ``path`` holds exactly the bytes of ``plain``."""
    try:
        expected = plain.read_bytes()
        with gzip.open(path, "rb") as unzipped:
            return unzipped.read(len(expected) + 1) == expected
    except (OSError, EOFError):
        return False


def _content_copy(
    path: Path, rel: str, source: Path, docs_rel: Path, files: SiteFiles
) -> Iterator[FileProblem]:
    docs_path = docs_rel.as_posix()
    with path.open("rb") as handle:
        head = handle.read(4096)
    kind = classify(docs_path, head, files.publish_as_is)
    if kind.kind == REFUSED or kind.kind == IMAGE:
        # an image reaches the site only through the image pipeline (files.images)
        yield FileProblem(rel, "gate/refused-file", rel, rel, source=docs_path)
    elif not filecmp.cmp(path, source, shallow=False):
        yield FileProblem(rel, "gate/changed-copy", rel, rel, source=docs_path)


def _read_generated(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(MAX_GENERATED_BYTES + 1)


def _generated(
    path: Path,
    rel: str,
    kind: str,
    scanner: ShownScanner,
    allowed: frozenset[str],
    memo: GeneratedMemo | None = None,
) -> list[FileProblem]:
    data = _read_generated(path)
    if len(data) > MAX_GENERATED_BYTES:
        return [FileProblem(rel, "gate/unreadable", rel, rel)]
    try:
        if kind == SITEMAP_GZ:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
                data = unzipped.read(MAX_GENERATED_BYTES + 1)
            if len(data) > MAX_GENERATED_BYTES:
                return [FileProblem(rel, "gate/unreadable", rel, rel)]
        text = data.decode("utf-8")
        html, plain = _readable(kind, text)
    except (OSError, EOFError, UnicodeDecodeError, ValueError, ET.ParseError, yaml.YAMLError):
        return [FileProblem(rel, "gate/unreadable", rel, rel)]
    problems = []
    if kind in (SEARCH_INDEX, SEARCH_INDEX_JS):  # each result is shown apart: judged apart
        for entry in html:
            problems.extend(
                FileProblem(rel, p.rule, p.detail, p.needle, {"detail": p.detail})
                for p in _markup_problems("".join(f"<div>{part}</div>" for part in entry), memo)
            )
    elif html:
        tree = LexborHTMLParser("".join(f"<div>{fragment}</div>" for fragment in html))
        problems.extend(
            FileProblem(rel, p.rule, p.detail, p.needle, {"detail": p.detail})
            for p in check_tree(tree)
            if p.rule != "gate/comment"  # a comment in a feed shows nothing to readers
        )
        plain.append(visible_text(tree))
    problems.extend(_shown(rel, shown) for shown in scanner.problems("\n".join(plain), allowed))
    return problems


def _markup_problems(markup: str, memo: GeneratedMemo | None) -> tuple[Problem, ...]:
    """The executable constructs in one search result's markup (comments show nothing)."""
    found = memo.fragment(markup) if memo is not None else None
    if found is None:
        tree = LexborHTMLParser(markup)
        found = tuple(p for p in check_tree(tree) if p.rule != "gate/comment")
        if memo is not None:
            memo.judged(markup, found)
    return found


def _shown(rel: str, shown: Shown) -> FileProblem:
    return FileProblem(rel, shown.rule, shown.needle, shown.needle, dict(shown.params))


def _readable(kind: str, text: str) -> tuple[list, list[str]]:
    """(the texts readers' software shows as HTML, the texts it shows as they are); for the
    search index, the HTML texts of each entry in a list of their own."""
    if kind == SEARCH_INDEX_JS:
        if not text.startswith(_JS_INDEX_PREFIX):
            raise ValueError("not the offline plugin's search index")
        kind, text = SEARCH_INDEX, text[len(_JS_INDEX_PREFIX) :]
    if kind == SEARCH_INDEX:
        index = _json(text)
        html: list[list[str]] = []
        plain: list[str] = []
        for entry in index.get("docs", ()) if isinstance(index, dict) else ():
            if not isinstance(entry, dict):
                continue
            title = str(entry.get("title") or "")
            tags = entry.get("tags")
            tags = [str(tag) for tag in tags] if isinstance(tags, list) else []
            html.append([title, str(entry.get("text") or ""), *tags])
            # the texts are the judged pages' own words (Material's search reads them from
            # the pages): only what the index adds goes through the rules again, which
            # saves some 10 s on 3,000 items
            plain.extend((title, *tags, str(entry.get("location") or "")))
        return html, plain
    if kind == TAGS:  # data served as JSON, never rendered: its names are text
        return [], list(_strings(json.loads(text)))
    if kind == EDITOR_DATA:  # the same; its pinyin table holds characters, no words
        return [], list(_strings(_without_pinyin(json.loads(text))))
    if kind == EDITOR_CONFIG:  # the editor shows labels, hints, categories and names as text
        return [], list(_strings(_yaml(text)))
    if kind == FEED:
        root = ET.fromstring(text)  # the pipeline's own output: no DTD, no entities
        html = [e.text or "" for e in root.iter("description")]
        plain = [e.text or "" for e in root.iter() if e.tag != "description"]
        return html, plain
    if kind in (SITEMAP, SITEMAP_GZ):
        root = ET.fromstring(text)
        return [], [e.text or "" for e in root.iter()]
    return [], [text]  # robots.txt


def _json(text: str):
    """JSON read as ``json.loads`` reads it: by orjson (the search index is megabytes: a
    third of the time), and by ``json`` where orjson refuses what it accepts (NaN, a lone
    surrogate, an integer over 64 bits), whose verdict stands."""
    try:
        return keyjson.loads(text)
    except ValueError:
        return json.loads(text)


def _yaml(text: str):
    """YAML read by libyaml where it is installed (the same constructor and resolver as
    ``yaml.safe_load``, ten times faster); what libyaml refuses is read again by the
    pure-Python loader, whose verdict stands."""
    if getattr(yaml, "__with_libyaml__", False):
        try:
            return yaml.load(text, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


_SYLLABLE = re.compile(r"[a-z]{1,8}")
_HAN = re.compile(r"[\u4e00-\u9fa5]+")


def _without_pinyin(data):
    """The editor's data without its pinyin table (syllable -> characters read so), which
    must be exactly that: anything else in it is read as text."""
    if not isinstance(data, dict):
        raise ValueError("not the editor's data")
    table = data.get("pinyin")
    if isinstance(table, dict) and all(
        isinstance(k, str) and _SYLLABLE.fullmatch(k) and isinstance(v, str) and _HAN.fullmatch(v)
        for k, v in table.items()
    ):
        return {key: value for key, value in data.items() if key != "pinyin"}
    return data


def _strings(value, depth: int = 0) -> Iterator[str]:
    if depth > 20:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield str(key)
            yield from _strings(inner, depth + 1)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner, depth + 1)
