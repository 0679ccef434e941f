"""Markdown conversions kept from one build to the next.

MkDocs converts every page's Markdown on every build, although a page converts to the
same HTML as long as its Markdown, its place and the files its links name are unchanged
(links are resolved against the site's files). ``Page.render`` is looked up through this
cache: the key holds the page's final Markdown (after every plugin's ``on_page_markdown``),
its source path and URL, ``mkdocs.yml``, whether URLs are folders, and the versions of
MkDocs, Python-Markdown, PyMdown Extensions and Material. The site's other files are not
in the key: each entry records the files its conversion looked up (``_Lookups``: every
path MkDocs' link resolution asked for, and the URL and inclusion it found, or nothing),
and is taken only while each of those paths finds the same. An item added or removed
therefore converts only the pages that link it, not every page again. A page whose conversion
logged anything (a link MkDocs could not resolve, say) is never kept, so its messages
appear on every build. The pipeline's own step after the conversion (comments removed,
pictures made responsive: ``BuildRun.page_content``) is kept the same way (``content``).

The entries live in 16 files by the first digit of their key (``pages-<digit>.pickle``,
plain values only, read through ``pipeline.core.safepickle``), read when the build starts;
at its end a file is written again with the entries this build used only when they
changed: at 3,000 items a few files cost a fraction of opening thousands of small ones, and
a one-item edit writes two of the 27 MB again instead of all (0.15 s). Each file is
written whole or not at all; an unreadable, corrupt or foreign one is ignored (its pages
are converted).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import shutil
from importlib.metadata import version
from pathlib import Path

from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.toc import get_toc

from pipeline.core import safepickle
from pipeline.core.cachefile import read_pickled_dict, write_atomic
from pipeline.engine import compat

CACHE_DIR = Path(".cache") / "pipeline" / "markdown"
SHARD_DIGITS = "0123456789abcdef"  # an entry's file: the first digit of its key
LEGACY_FILE = "pages.pickle"  # format 3's one file
FORMAT = "4"
# Markdown extensions whose HTML follows from the page's Markdown and settings alone (and
# from the files its links name, which entries check). Any other in mkdocs.yml turns the
# cache off: one may read files the key does not hold (pymdownx.snippets and pymdownx.b64
# read files from disk, an include extension another page).
SELF_CONTAINED = frozenset(
    {
        *(
            f"markdown.extensions.{name}"
            for name in (
                "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra",
                "fenced_code", "footnotes", "legacy_attrs", "legacy_em", "md_in_html",
                "meta", "nl2br", "sane_lists", "smarty", "tables", "toc", "wikilinks",
            )
        ),
        *(
            f"pymdownx.{name}"
            for name in (
                "arithmatex", "betterem", "blocks.admonition", "blocks.caption",
                "blocks.definition", "blocks.details", "blocks.html", "blocks.tab",
                "caret", "critic", "details", "emoji", "escapeall", "extra", "fancylists",
                "highlight", "inlinehilite", "keys", "magiclink", "mark", "progressbar",
                "saneheaders", "smartsymbols", "superfences", "tabbed", "tasklist", "tilde",
            )
        ),
        "material.extensions.emoji",
    }
)  # fmt: skip


def foreign_extension(config) -> str | None:
    """The first Markdown extension in ``config`` not known to be self-contained
    (``SELF_CONTAINED``), or None: the cache is used only without one."""
    for extension in config.markdown_extensions:
        if not isinstance(extension, str):
            return type(extension).__name__  # an instance: its code is not known here
        name = extension if "." in extension else f"markdown.extensions.{extension}"
        if name not in SELF_CONTAINED:
            return extension
    return None


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record) -> None:
        self.count += 1


class MarkdownCache:
    """One build's view of the cache: where it lives and what every entry's key holds."""

    def __init__(self, root: Path, config) -> None:
        self.folder = root / CACHE_DIR
        digest = hashlib.sha256(FORMAT.encode())
        for package in ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material"):
            digest.update(f"{package}={version(package)};".encode())
        digest.update(Path(config.config_file_path).read_bytes())
        digest.update(repr(config.use_directory_urls).encode())
        self.site_key = digest.hexdigest()
        self.header = f"pipeline-markdown {FORMAT}\n".encode()
        self.old: dict[str, tuple] = {}
        for digit in SHARD_DIGITS:
            self.old.update(read_pickled_dict(shard_path(self.folder, digit), self.header))
        self.new: dict[str, tuple] = {}  # what this build used: the next build's files
        self.hits = 0

    def key(self, page) -> str:
        digest = hashlib.sha256(self.site_key.encode())
        # what MkDocs logs depends on the level: a quiet build must not hide a verbose one's
        digest.update(str(mkdocs_pages.log.getEffectiveLevel()).encode())
        file = page.file
        digest.update(f"{file.src_uri}\0{file.dest_uri}\0{file.url}\0".encode())
        digest.update(page.markdown.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def load(self, page, key: str, files) -> bool:
        entry = self.old.get(key) or self.new.get(key)
        if entry is None:
            return False
        try:
            content, tokens, title, anchor_ids, linked, looked_up = entry
            if not _Lookups.same(files, looked_up):
                return False
            links = {}
            for src_uri, anchors in linked.items():
                target = compat.file_from_path(files, src_uri)
                if target is None:
                    return False
                links[target] = dict(anchors)
            toc = get_toc(_copy_tokens(tokens))
        except (TypeError, ValueError, AttributeError, KeyError):
            return False  # not an entry this code wrote: converted again
        page.content = content
        page.toc = toc
        compat.set_title_from_render(page, title)
        page.present_anchor_ids = set(anchor_ids)
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = links
        self.new[key] = entry
        self.hits += 1
        return True

    def save(self, page, key: str, toc_tokens, looked_up: tuple) -> None:
        title = compat.title_from_render(page)
        if type(page.content) is not str or type(title) not in (str, type(None)):
            return  # kept only as plain values (``safepickle`` reads nothing else)
        entry = (
            page.content,
            toc_tokens,
            title,
            sorted(page.present_anchor_ids or ()),
            {
                target.src_uri: dict(anchors)
                for target, anchors in (page.links_to_anchors or {}).items()
            },
            looked_up,
        )
        self.new[key] = entry

    def render(self, original, page, config, files) -> None:
        """``Page.render`` through the cache (``compat.page_render`` routes it here)."""
        if page.markdown is None:
            return original(page, config, files)
        key = self.key(page)
        if self.load(page, key, files):
            return None
        collect = _Collect()
        lookups = _Lookups(files)
        mkdocs_pages.log.addHandler(collect)
        try:
            original(page, config, lookups)
        finally:
            mkdocs_pages.log.removeHandler(collect)
        if collect.count == 0:
            self.save(page, key, toc_tokens(page.toc), lookups.recorded())
        return None

    def content(self, transform, html: str, page, inputs: str) -> str:
        """``transform(html)``, the pipeline's own ``on_page_content`` step, through the
        cache: kept by the HTML, the page's URL and source, and ``inputs`` (a digest of
        everything else the step reads: the code and the site's pictures)."""
        digest = hashlib.sha256(f"content\0{inputs}\0{page.url}\0".encode())
        digest.update(f"{page.file.src_uri}\0".encode())
        digest.update(html.encode("utf-8", "surrogatepass"))
        key = digest.hexdigest()
        kept = self.old.get(key, self.new.get(key))
        if type(kept) is str:  # "": the step changed nothing
            self.new[key] = kept
            return kept or html
        done = transform(html)
        if type(done) is str:
            self.new[key] = "" if done == html else done
        return done

    def prune(self) -> None:
        """Keep what this build used (atomically): the cache follows the site and does not
        grow forever. A cache that cannot be written is not kept."""
        for legacy in self.folder.glob("??"):  # the one-file-a-page layout of format 1
            if legacy.is_dir():
                shutil.rmtree(legacy, ignore_errors=True)
        with contextlib.suppress(OSError):
            (self.folder / LEGACY_FILE).unlink(missing_ok=True)
        if self.new.keys() == self.old.keys():
            return  # an entry's value follows from its key
        old_keys, new_entries = _by_shard(self.old), _by_shard(self.new)
        for digit in SHARD_DIGITS:
            entries = new_entries.get(digit, {})
            if entries.keys() == old_keys.get(digit, {}).keys():
                continue
            path = shard_path(self.folder, digit)
            if not entries:
                with contextlib.suppress(OSError):
                    path.unlink(missing_ok=True)
                continue
            try:
                data = safepickle.dumps(entries)
            except safepickle.LoadError:
                continue
            write_atomic(path, self.header, data)


def shard_path(folder: Path, digit: str) -> Path:
    """The file holding the entries whose key starts with ``digit``."""
    return folder / f"pages-{digit}.pickle"


def _by_shard(entries: dict) -> dict[str, dict]:
    shards: dict[str, dict] = {}
    for key, value in entries.items():
        shards.setdefault(key[:1], {})[key] = value
    return shards


class _Lookups:
    """The site's files as a conversion sees them, recording what it looked up: MkDocs'
    link resolution reads the files only through ``get_file_from_path`` (the target's URL
    and inclusion); anything else is passed through to the files themselves."""

    def __init__(self, files) -> None:
        self._files = files
        self._found: dict[str, tuple[str, str] | None] = {}

    def get_file_from_path(self, path: str):
        file = self._files.get_file_from_path(path)
        self._found[path] = _seen(file)
        return file

    def __getattr__(self, name: str):
        return getattr(self._files, name)

    def __iter__(self):
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def recorded(self) -> tuple:
        return tuple(sorted(self._found.items()))

    @staticmethod
    def same(files, recorded: tuple) -> bool:
        """Every path looked up then finds the same now."""
        return all(_seen(compat.file_from_path(files, path)) == found for path, found in recorded)


def _seen(file) -> tuple[str, str] | None:
    return None if file is None else (file.url, file.inclusion.name)


def _copy_tokens(tokens: list) -> list[dict]:
    """Fresh token dicts (``get_toc`` keeps none of them, but an entry is shared)."""
    return [{**token, "children": _copy_tokens(token.get("children") or [])} for token in tokens]


def toc_tokens(toc) -> list[dict]:
    """A table of contents as the tokens ``get_toc`` makes it from."""
    return [
        {"level": i.level, "id": i.id, "name": i.title, "children": toc_tokens(i.children)}
        for i in toc or ()
    ]
