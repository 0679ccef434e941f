"""Checking again in a long-lived process (`pipeline serve`): only what changed is read.

A ``CheckSession`` starts with a full check. Asked again (``session.check(now)``), it
looks at every file under content/ (its size, modification time, inode and number of
links), reads again only the Markdown files that changed or were added, and keeps the
loaded Item or Page of every other one. A file whose front matter names a file that
appeared or went away (a cover, the home page's banner, cards and links) is judged again
too, since whether it loads depends on that file. When mkdocs.yml or anything under
site_config/ changed, the project is opened again (``reopen``) and everything is read.

The checks then run over the whole site as in a fresh check: those that compare files
(duplicate slugs, titles and URLs, references between files, unreferenced images) see
every file. What they do per file alone is kept in the site's memo
(``pipeline.content.memo``), keyed by that file's text and every other input, so an
unchanged file costs a look-up. The result equals ``check_project`` of the same files;
``Changes`` says what changed, for the preview to decide what to render again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.content.memo import Memo
from pipeline.content.model import (
    Invalid,
    Item,
    Loaded,
    Page,
    Site,
    assemble_site,
    is_markdown,
    load_markdown,
    walk_docs,
)
from pipeline.content.project import Project
from pipeline.content.schema import resolve_docs_target
from pipeline.stages import CheckResult, run_checks

# what tells a file changed: modification time, size, inode, device, number of links
Signature = tuple[int, int, int, int, int]


@dataclass(frozen=True)
class Changes:
    """What one check found changed since the one before (docs paths, relative to content/).

    ``body_only``: edited Markdown files whose front matter is the same text as before;
    ``front_matter``: edited Markdown files whose front matter changed (or that could not
    be read, before or now); ``revalidated``: Markdown files not edited but judged again
    because a file their front matter names appeared or went away; ``added``,
    ``removed``: files of any kind; ``assets_changed``: other files whose contents
    changed; ``config_changed``: mkdocs.yml or site_config/ changed, so everything was
    read again (the other sets are then empty).
    """

    body_only: frozenset[str] = frozenset()
    front_matter: frozenset[str] = frozenset()
    revalidated: frozenset[str] = frozenset()
    added: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()
    assets_changed: frozenset[str] = frozenset()
    config_changed: bool = False

    @property
    def reread(self) -> frozenset[str]:
        """The Markdown files whose pages may have changed: edited, added, judged again."""
        added = {p for p in self.added if is_markdown(p)}
        return self.body_only | self.front_matter | self.revalidated | added

    def __bool__(self) -> bool:
        return self.config_changed or any(
            (
                self.body_only,
                self.front_matter,
                self.revalidated,
                self.added,
                self.removed,
                self.assets_changed,
            )
        )


@dataclass
class _Entry:
    """One file under content/ as the last check saw it."""

    signature: Signature | None
    loaded: Loaded | None = None  # Markdown files: what load_markdown gave
    named: frozenset[str] = frozenset()  # docs paths its front matter names (cover …)


@dataclass
class CheckSession:
    """A project checked once, ready to be checked again after edits."""

    project: Project
    reopen: Callable[[], Project]  # the project opened again (mkdocs.yml, site_config/)
    result: CheckResult | None = None
    changes: Changes = field(default_factory=Changes)
    _entries: dict[str, _Entry] = field(default_factory=dict)
    _config: dict[str, Signature | None] = field(default_factory=dict)
    _memo: Memo = field(default_factory=Memo)

    @classmethod
    def start(cls, project: Project, now: datetime, reopen: Callable[[], Project]) -> CheckSession:
        """A session whose first, full check is ``session.result``."""
        session = cls(project, reopen)
        session._full(now)
        return session

    def check(self, now: datetime) -> CheckResult:
        """Check again: what changed since the last check is read, the rest kept.
        ``self.changes`` says what changed. A ConfigError of ``reopen`` is raised."""
        if _config_signatures(self.project) != self._config:
            self.project = self.reopen()
            self._entries = {}
            self._memo = Memo()
            self._full(now)
            self.changes = Changes(config_changed=True)
            return self.result  # type: ignore[return-value]
        docs_dir = os.fspath(self.project.layout.docs_dir)
        files, links = walk_docs(self.project.layout.docs_dir)
        signatures = {p: _signature(os.path.join(docs_dir, p)) for p in files}
        old = self._entries
        added = frozenset(signatures.keys() - old.keys())
        removed = frozenset(old.keys() - signatures.keys())
        edited = {p for p in signatures.keys() & old.keys() if signatures[p] != old[p].signature}
        appeared_or_gone = added | removed
        folders = frozenset(p.rpartition("/")[0] for p in appeared_or_gone)
        before: dict[str, Loaded | None] = {}  # edited Markdown files as they were
        revalidated: set[str] = set()
        entries: dict[str, _Entry] = {}
        for docs_path, signature in signatures.items():
            entry = old.get(docs_path)
            if entry is not None and is_markdown(docs_path):
                if docs_path in edited:
                    before[docs_path] = entry.loaded
                elif _depends_on(entry, appeared_or_gone, folders):
                    revalidated.add(docs_path)
                else:
                    entries[docs_path] = entry  # kept: read again by nobody
                    continue
            entries[docs_path] = _Entry(signature)  # Markdown: loaded by _assemble
        self._entries = entries
        site = self._assemble(files, links)
        body_only: set[str] = set()
        front_matter: set[str] = set()
        for docs_path, was in before.items():
            now_loaded = entries[docs_path].loaded
            if _text(was) is not None and _text(was) == _text(now_loaded):
                continue  # touched, not changed: nothing a reader sees
            if _front_matter(was) is not None and _front_matter(was) == _front_matter(now_loaded):
                body_only.add(docs_path)
            else:
                front_matter.add(docs_path)
        self.changes = Changes(
            body_only=frozenset(body_only),
            front_matter=frozenset(front_matter),
            revalidated=frozenset(revalidated),
            added=added,
            removed=removed,
            assets_changed=frozenset(p for p in edited if not is_markdown(p)),
        )
        self.result = self._run(site, now)
        return self.result

    # -- the parts ------------------------------------------------------------------------

    def _full(self, now: datetime) -> None:
        self._config = _config_signatures(self.project)
        docs_dir = os.fspath(self.project.layout.docs_dir)
        files, links = walk_docs(self.project.layout.docs_dir)
        self._entries = {p: _Entry(_signature(os.path.join(docs_dir, p))) for p in files}
        self.result = self._run(self._assemble(files, links), now)

    def _assemble(self, files: list[str], links: list[Path]) -> Site:
        """The site, loading only the Markdown files whose entry has nothing loaded."""
        config, layout = self.project.site_config, self.project.layout
        entries = self._entries

        def load(docs_path: str, rel: str) -> Loaded:
            entry = entries.get(docs_path)
            if entry is not None and entry.loaded is not None:
                return entry.loaded  # unchanged: kept
            loaded = load_markdown(layout.docs_dir / docs_path, docs_path, config, layout, rel=rel)
            if entry is not None:  # else it appeared after the walk: read, not remembered
                entry.loaded = loaded
                entry.named = _named_paths(loaded[0], docs_path)
            return loaded

        return assemble_site(config, layout, files, links, load)

    def _run(self, site: Site, now: datetime) -> CheckResult:
        site.memo = self._memo.following()
        findings = run_checks(site, now)
        self._memo = site.memo
        return CheckResult(self.project, site, findings, now)


def _signature(path: Path | str) -> Signature | None:
    try:
        stat = os.lstat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_dev, stat.st_nlink)


def _config_signatures(project: Project) -> dict[str, Signature | None]:
    """mkdocs.yml and every file under site_config/ (term lists included)."""
    found = {os.fspath(project.config_file): _signature(project.config_file)}
    folders = [os.fspath(project.site_config.config_dir)]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        found[folder] = _signature(folder)  # a file added or removed changes the folder
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
            else:
                found[entry.path] = _signature(entry.path)
    return found


def _front_matter(loaded: Loaded | None) -> str | None:
    """The front matter's text as written, or None when the file could not be read."""
    owner = loaded[0] if loaded is not None else None
    if owner is None:
        return None
    source = owner.source
    return source.text[: len(source.text) - len(source.body)]


def _text(loaded: Loaded | None) -> str | None:
    owner = loaded[0] if loaded is not None else None
    return None if owner is None else owner.source.text


def _named_paths(owner: Item | Page | Invalid | None, docs_path: str) -> frozenset[str]:
    """The docs paths a file's front matter names: whether it loads depends on whether they
    exist (a cover, the home page's banner, cards and links)."""
    if owner is None:
        return frozenset()
    found = (
        resolve_docs_target(docs_path, text.strip()) for text in _strings(owner.source.meta.values)
    )
    return frozenset(target for target in found if target)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for entry in value.values():
            yield from _strings(entry)
    elif isinstance(value, list):
        for entry in value:
            yield from _strings(entry)


def _depends_on(entry: _Entry, appeared_or_gone: frozenset[str], folders: frozenset[str]) -> bool:
    """Whether a file that appeared or went away may change how ``entry`` loads: one its
    front matter names, or, for a file that did not validate, one in its folder or in the
    folder of a path it names (a missing image's suggestion is a file from there)."""
    if not appeared_or_gone or entry.loaded is None:
        return False
    owner = entry.loaded[0]
    if owner is None:
        return False  # not read at all: only its own edit changes that
    if entry.named & appeared_or_gone:
        return True
    if not isinstance(owner, Invalid):
        return False
    own = {owner.docs_path.rpartition("/")[0]}
    return bool(folders & (own | {p.rpartition("/")[0] for p in entry.named}))
