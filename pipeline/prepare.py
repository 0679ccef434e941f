"""What a build needs before the engine starts: which items it shows, the blog's copies of
them, and the processed images.

None of this needs MkDocs, so it runs before the engine is started (``pipeline build``)
or, in a plain ``mkdocs build``, from the plugin's first event; the engine adapter only
points MkDocs' files at the results.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.content.copies import write_copies, write_copy
from pipeline.content.model import Item, Site
from pipeline.images.cache import cache_root
from pipeline.images.probe import is_image_path
from pipeline.images.runner import Summary, process_images
from pipeline.images.settings import ImageSettings
from pipeline.stages import CheckResult

# (done, total, stage, summary): the build's progress display
Progress = Callable[..., None]


@dataclass(frozen=True)
class Prepared:
    check: CheckResult
    drafts: bool
    shown: tuple[Item, ...]  # the items this build publishes (or previews)
    left_out: tuple[str, ...]  # docs paths left out: files with errors, anything via a symlink
    copies: dict[str, Path]  # docs path of each shown item -> its normalized copy
    copies_dir: Path  # where the copies are (prepare_again writes changed ones there)
    images: Summary  # every content image, processed (cached)

    @property
    def site(self) -> Site:
        return self.check.site


def prepare(
    check: CheckResult, *, drafts: bool, copies_dir: Path, progress: Progress | None = None
) -> Prepared:
    shown, left_out = _select(check, drafts)
    tz = check.site.config.timezone
    copies = write_copies(shown, tz, copies_dir)
    images = process_site_images(check.site, progress)
    return Prepared(check, drafts, tuple(shown), tuple(left_out), copies, copies_dir, images)


def prepare_again(prepared: Prepared, check: CheckResult, changed: set[str]) -> Prepared | None:
    """``prepared`` for a new check of the same files in which only the Markdown files
    ``changed`` (docs paths) changed, in their text or in front matter that does not move
    an item (``IN_PLACE_FIELDS``): their copies written again, the images kept. None when
    more than that changed: other items shown or left out, an item's date, slug, section,
    categories or tags (a full build is needed then)."""
    shown, left_out = _select(check, prepared.drafts)
    before = {item.docs_path: item for item in prepared.shown}
    if [i.docs_path for i in shown] != list(before) or tuple(left_out) != prepared.left_out:
        return None
    for item in shown:
        old = before[item.docs_path]
        if (item != old) if item.docs_path not in changed else _moved(old, item):
            return None
    tz = check.site.config.timezone
    copies = dict(prepared.copies)
    for item in shown:
        if item.docs_path in changed:
            copies[item.docs_path] = write_copy(item, tz, prepared.copies_dir)
    return replace(prepared, check=check, shown=tuple(shown), copies=copies)


# what an item's front matter may change without moving it (engine/warm.py renders the pages
# that show it): not its address, its place in any list, its lists, or whether it is shown
IN_PLACE_FIELDS = ("title", "summary", "author", "keywords", "cover", "updated", "source_ref")


def _moved(old: Item, new: Item) -> bool:
    kept = {name: getattr(old, name) for name in ("source", *IN_PLACE_FIELDS)}
    return replace(new, **kept) != old


def _select(check: CheckResult, drafts: bool) -> tuple[list[Item], list[str]]:
    """The items a build shows, and the docs paths it leaves out."""
    site = check.site
    # as people are shown paths (config.rel): a file under content/ is found without any
    # link (load_site), so its path is content/'s and its docs path, joined
    docs = site.config.rel(site.docs_dir)
    broken = {f"{docs}/{p}" for p in site.failed} | {f.path for f in check.findings.errors}
    shown, left_out = [], []
    for item in site.items:
        state = item.visibility(check.now)
        if not (state == "published" or (drafts and state == "draft")):
            continue
        if item.source.rel_path in broken:
            left_out.append(item.docs_path)
        else:
            shown.append(item)
    # a section's index page stays (as MkDocs reads it): the blog cannot build without it
    indexes = {f"{name}/index.md" for name in site.layout.posts_dirs}
    left_out = sorted(site.failed - indexes) + left_out
    # nothing reached through a symlink is published, a section's index page included
    left_out += sorted(site.through_links - set(left_out))
    return shown, left_out


def process_site_images(site: Site, progress: Progress | None = None) -> Summary:
    """Every image under content/ through the image pipeline (originals are never touched)."""
    docs_dir = site.layout.docs_dir
    sources = [docs_dir / path for path in sorted(site.assets) if is_image_path(path)]
    settings = site.config.images or ImageSettings()
    report = (lambda done, total: progress(done, total, "images")) if progress else None
    summary = process_images(sources, settings, cache_root(site.config.root), report)
    if progress:
        progress(summary.images, summary.images, "images", summary)
    return summary


def refused_files(check: CheckResult) -> set[str]:
    """Docs paths of the files a build would refuse: those with an error of their own (an
    attachment, a text file, a file of a refused kind) and every file in a folder with an
    error (a folder name holding a blocked term); the preview does not serve them either."""
    site = check.site
    docs = site.config.rel(site.docs_dir)  # a file's path is content/'s and its docs path
    wrong = {f.path for f in check.findings.errors}
    folders = tuple(f"{path}/" for path in wrong if path != docs)
    # a section's index page stays, as prepare keeps it: the blog cannot build without it
    indexes = {f"{name}/index.md" for name in site.layout.posts_dirs}
    owners = [*site.items, *site.pages]
    paths = [*site.assets, *(o.docs_path for o in owners)]
    return {
        p
        for p in paths
        if p not in indexes and ((shown := f"{docs}/{p}") in wrong or shown.startswith(folders))
    }


def without_refused(prepared: Prepared) -> Prepared:
    """The prepared build without the refused files: left out (and named in the preview's
    notice), items among them no longer shown."""
    refused = refused_files(prepared.check) - set(prepared.left_out)
    if not refused:
        return prepared
    return replace(
        prepared,
        shown=tuple(i for i in prepared.shown if i.docs_path not in refused),
        copies={k: v for k, v in prepared.copies.items() if k not in refused},
        left_out=(*prepared.left_out, *sorted(refused)),
    )
