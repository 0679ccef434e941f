"""The publish gate's results kept across builds: a page judged before is not parsed again.

A page's key is a blake2b digest of everything its judgement depends on: the page's
bytes, the folded terms its source waives (``allowed``), the guard's configuration
fingerprint (guard.yml and every term list) and the gate's rules (``RULES_VERSION``, the
source of the gate's and the guard's modules and the parsers' versions). Nothing else
goes in: the page's path does not change what is found on it, and the site's settings
reach the gate only through the pages they render. Where a finding is placed (file and
line) is worked out on every build from the current sources, never cached.

One JSON file in the folder the caller names (one folder per site folder: ``site`` and
``site-preview`` do not push each other's pages out), written whole to a temporary file
and renamed over the old one, holding only the pages of the build that wrote it, so it
never grows beyond one site. A file that cannot be read, does not parse, was written
by other rules, or holds an entry of the wrong shape is not used: those pages are
judged again. A folder that cannot be written only means the next build judges again.

The generated files (search index, feeds, sitemaps, the editor's data) are judged line by
line (``pipeline.gate.text.ShownScanner``): what each distinct line shows that blocks does
not depend on any other line. The search index's markup is judged entry by entry, as
Material's search shows each result apart. ``GeneratedMemo`` keeps, in a second file of
the same folder, every line the last build's generated files held with what was found in
it (before any waiver), and each index entry's markup (by digest) with what was found in
it, under the same rules and guard fingerprint; a line or an entry's markup byte for byte
the same is not judged again. Like ``pages.json`` it holds only the last build's.

A page's bytes are read only when its file is not the one the last build judged: the file
keeps the inode, device, size and modification time of each page it judged, and a file
with all four the same (a page the build hard-linked from the previous site, as
``pipeline.engine.speedups.pageskip`` does for every unchanged page) has the same bytes,
since nothing writes into a linked file. At 3,000 items that is 3,700 files of about 30 KB
not read and hashed on a build after one edit.

The files are trusted as the pages are: whoever can write it can pass a page unjudged, so a
workflow must never restore it from a cache that pull requests can write (the workflows
keep only images; a fresh checkout gates every page).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.core import keyjson
from pipeline.core.cachefile import write_atomic
from pipeline.gate.html import Problem
from pipeline.gate.text import Shown

# raise when what the gate finds changes in a way its modules' source does not show
# (a rule moved to a data file, a parser's behaviour relied on differently)
RULES_VERSION = "1"
FORMAT = 2  # the file's layout
FILE_NAME = "pages.json"
LINES_FILE = "lines.json"  # what the generated files held (GeneratedMemo)
_PIPELINE = Path(__file__).resolve().parents[1]
# what a page's judgement runs through: pipeline.gate, the guard's matcher, normalizer,
# secrets and settings, and personal-data patterns; a whole folder, so a module the gate
# comes to import later is covered without anyone remembering this list
_RULE_SOURCES = ("gate", "guard", "core/personal.py")
_LIBRARIES = ("selectolax", "nh3", "ahocorasick-rs", "opencc", "numpy")


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """The gate's rules as code: its version, its modules' source, the libraries' versions
    (the HTML parser and the sanitizer decide what a page is) and Python's (Unicode
    tables fold text)."""
    digest = hashlib.blake2b(f"{RULES_VERSION}\0{sys.version}\0".encode(), digest_size=16)
    for name in _LIBRARIES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\0".encode())
    for part in _RULE_SOURCES:
        base = _PIPELINE / part
        paths = sorted(base.rglob("*.py")) if base.is_dir() else [base]
        for path in paths:
            digest.update(path.relative_to(_PIPELINE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass
class GateStats:
    """How many pages one gate run judged and how many it took from the cache; the files it
    walked, for the build's stamp (``pipeline.deploy.stamp``) not to walk the site again."""

    judged: int = 0
    reused: int = 0
    # every file of the site as the gate's walk found it (paths under the site folder);
    # None when it walked none or found a link (a link is never taken for a file)
    files: list[str] | None = None

    @property
    def pages(self) -> int:
        return self.judged + self.reused


# a cached judgement: (problems, removed, shown) as PageResult holds them
Judgement = tuple[list[Problem], list[tuple[str, str]], list[Shown]]


class GateCache:
    """The judgements of one site folder's last build, and this build's as they come."""

    def __init__(self, folder: Path, config_fingerprint: str) -> None:
        self.path = folder / FILE_NAME
        self.rules = rules_fingerprint()
        self.base = hashlib.blake2b(
            f"{self.rules}\0{config_fingerprint}\0".encode(), digest_size=32
        )
        data = _load_data(self.path, self.rules)
        self.old: dict[str, list] = _mapping(data.get("pages"))
        self.new: dict[str, list] = {}
        # site path -> [inode, device, size, modification time, the bytes' digest]
        self.old_stamps: dict[str, list] = _mapping(data.get("stamps"))
        self.stamps: dict[str, list] = {}
        self._allowed: dict[frozenset[str], bytes] = {}

    def key(self, page: bytes, allowed: frozenset[str]) -> str:
        return self._key(_page_digest(page), allowed)

    def key_of_file(self, path: str, rel: str, allowed: frozenset[str]) -> str:
        """``key`` of the page at ``path`` (``rel`` under the site folder). A file with the
        inode, device, size and modification time it had when the last build judged it
        is the same file (the build hard-links unchanged pages from the previous site and
        never writes into a linked file): its bytes are not read again."""
        status = os.stat(path)
        stamp = [status.st_ino, status.st_dev, status.st_size, status.st_mtime_ns]
        known = self.old_stamps.get(rel)
        if (
            isinstance(known, list)
            and len(known) == 5
            and known[:4] == stamp
            and isinstance(known[4], str)
        ):
            digest = known[4]
        else:  # judged before under another stamp, never, or a damaged entry: read it
            with open(path, "rb") as page:
                digest = _page_digest(page.read())
        self.stamps[rel] = [*stamp, digest]
        return self._key(digest, allowed)

    def _key(self, page_digest: str, allowed: frozenset[str]) -> str:
        digest = self.base.copy()
        digest.update(self._allowed_part(allowed))
        digest.update(page_digest.encode())
        return digest.hexdigest()

    def _allowed_part(self, allowed: frozenset[str]) -> bytes:
        # most pages share one set (the lists' union): its bytes are made once
        part = self._allowed.get(allowed)
        if part is None:
            text = "\0".join(sorted(allowed))
            part = f"{len(text)}:{text}\0".encode("utf-8", "surrogatepass")
            self._allowed[allowed] = part
        return part

    def get(self, key: str) -> Judgement | None:
        entry = self.old.get(key)
        if entry is None:
            return None
        judgement = _decode(entry)
        if judgement is not None:
            self.new[key] = entry
        return judgement

    def put(self, key: str, judgement: Judgement) -> None:
        # a parameter JSON would turn into another type would come back unequal: such a
        # page is simply judged on every build
        if all(_plain(v) for shown in judgement[2] for v in shown.params.values()):
            self.new[key] = _encode(judgement)

    def save(self) -> None:
        """This build's pages only (so the file never outgrows one site); unchanged: left."""
        if self.new == self.old and self.stamps == self.old_stamps:
            return
        data = {"format": FORMAT, "rules": self.rules, "pages": self.new, "stamps": self.stamps}
        _write(self.path, data)


class GeneratedMemo:
    """What one site folder's last build found in its generated files: each distinct line
    (line -> what blocks in it, waived or not), for a ``ShownScanner``; and each search
    index entry's markup (its digest -> the executable constructs in it)."""

    def __init__(self, folder: Path, config_fingerprint: str) -> None:
        self.path = folder / LINES_FILE
        self.stamp = hashlib.blake2b(
            f"{rules_fingerprint()}\0{config_fingerprint}\0".encode(), digest_size=16
        ).hexdigest()
        data = _load_data(self.path, self.stamp)
        self.old_lines: dict = _mapping(data.get("pages"))
        self.old_fragments: dict = _mapping(data.get("fragments"))
        self.fragments: dict[str, list] = {}  # this build's, encoded

    def known_lines(self) -> dict[str, tuple[Shown, ...]]:
        """The lines judged before, as ``ShownScanner.seen`` holds them."""
        known: dict[str, tuple[Shown, ...]] = {}
        for line, shown in self.old_lines.items():
            if shown == []:
                known[line] = ()
            elif isinstance(shown, list) and all(_shown_entry(s) for s in shown):
                known[line] = tuple(Shown(s[0], s[1], s[2], s[3]) for s in shown)
        return known

    def fragment(self, markup: str) -> tuple[Problem, ...] | None:
        """What was found in exactly this markup before (None: not judged, or unreadable)."""
        key = _digest(markup)
        entry = self.old_fragments.get(key)
        if entry is None:
            entry = self.fragments.get(key)
        if not isinstance(entry, list) or not all(_strings(p, 3) for p in entry):
            return None
        self.fragments[key] = entry
        return tuple(Problem(p[0], p[1], p[2]) for p in entry)

    def judged(self, markup: str, problems: tuple[Problem, ...]) -> None:
        self.fragments[_digest(markup)] = [[p.rule, p.detail, p.needle] for p in problems]

    def save(self, seen: dict[str, tuple[Shown, ...]], used: set[str]) -> None:
        """This build's lines (``used``, with what ``seen`` holds) and fragments only."""
        lines = {
            line: [[x.rule, x.needle, x.params, x.key] for x in seen[line]]
            for line in used
            if all(_plain(v) for x in seen[line] for v in x.params.values())
        }
        if lines != self.old_lines or self.fragments != self.old_fragments:
            _write(
                self.path,
                {
                    "format": FORMAT,
                    "rules": self.stamp,
                    "pages": lines,
                    "fragments": self.fragments,
                },
            )


def _digest(markup: str) -> str:
    data = markup.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=32).hexdigest()  # as strong as a page's key


def _mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def _write(path: Path, data: dict) -> None:
    try:
        payload = keyjson.plain_bytes(data)  # orjson: the line memo is megabytes
    except TypeError:  # a lone surrogate in a file's text: not kept (judged again next time)
        return
    write_atomic(path, payload)


def _shown_entry(s) -> bool:
    return (
        isinstance(s, list)
        and len(s) == 4
        and isinstance(s[0], str)
        and isinstance(s[1], str)
        and isinstance(s[2], dict)
        and (s[3] is None or isinstance(s[3], str))
    )


def _page_digest(page: bytes) -> str:
    return hashlib.blake2b(page, digest_size=32).hexdigest()


def _load_data(path: Path, rules: str) -> dict:
    """The file's data when it is of this format and these rules; else empty."""
    try:
        data = keyjson.loads(path.read_bytes())  # orjson: the line memo is megabytes
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("rules") != rules:
        return {}
    return data


def _encode(judgement: Judgement) -> list:
    problems, removed, shown = judgement
    return [
        [[p.rule, p.detail, p.needle] for p in problems],
        [[what, needle] for what, needle in removed],
        [[s.rule, s.needle, s.params, s.key] for s in shown],
    ]


def _plain(value) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _strings(value, count: int) -> bool:
    return (
        isinstance(value, list)
        and len(value) == count
        and all(isinstance(part, str) for part in value)
    )


def _decode(entry) -> Judgement | None:
    """An entry back into what judging the page returned; None for any other shape."""
    if not isinstance(entry, list) or len(entry) != 3:
        return None
    problems, removed, shown = entry
    if not (isinstance(problems, list) and isinstance(removed, list) and isinstance(shown, list)):
        return None
    if not all(_strings(p, 3) for p in problems) or not all(_strings(r, 2) for r in removed):
        return None
    if not all(_shown_entry(s) for s in shown):
        return None
    return (
        [Problem(p[0], p[1], p[2]) for p in problems],
        [(what, needle) for what, needle in removed],
        [Shown(s[0], s[1], s[2], s[3]) for s in shown],
    )
