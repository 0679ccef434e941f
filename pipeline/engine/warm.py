"""Page-level rebuilds in a long-lived process: what `pipeline serve` does after a save.

A full build (``engine.build.render_into`` with ``keep``) can leave its MkDocs config,
with every plugin's state (the blogs' posts, lists and pagination, the search index), and
the pipeline's ``BuildRun`` open instead of shutting them down. When only the text of
some items or fixed pages changed (their front matter, the set of files and the
configuration did not), the pages that show that text are the only ones that can change:

- the page itself;
- every list page that lists the item (``BuildRun.shown_on``: index, archive, category
  and pagination pages; their entries show its thumbnail, which may come from its text);
- every fixed page with a latest-items block (``BuildRun.marker_pages``);
- when an item's title changed, every item page that links it as 上一篇/下一篇 or as a
  related item (``NewsCentre.linked_from``);
- and what every page feeds: the search index (the pages' own entries are replaced where
  they were, so the order is the build's), the feeds and the sitemap.

Those pages are read and converted again and rendered with the kept environment; every
plugin sees the same events as in a build. A page that only links a retitled item did not
change its own text: it is not read or converted again, keeps its search entries, and only
its footer (the links) is rendered again and put in place of the old one in its written
HTML (``_relink``). Anything else (front matter that moves an item, files added or removed,
configuration) is a full build. ``tests/test_warm.py`` compares each result with a clean
build of the same sources, byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.structure.files import InclusionLevel

from pipeline.engine import compat
from pipeline.engine.newscentre import relinked_html
from pipeline.engine.run import BuildRun
from pipeline.engine.speedups.segmentation import find_search_plugin
from pipeline.prepare import Prepared


class NotWarm(Exception):
    """The change cannot be rebuilt page by page: build everything."""


@dataclass
class WarmBuild:
    """A finished build kept open: MkDocs' config (the plugins' state with it) and the run."""

    config: object
    run: BuildRun
    serve_url: str | None = None

    def move_to(self, site_dir: Path) -> None:
        """The build's folder was renamed to ``site_dir`` (swapped into place): pages
        rendered again are written there."""
        self.config.site_dir = str(site_dir)
        compat.move_files(self.run.files, str(site_dir))

    def close(self) -> None:
        """Let every plugin end the build it kept open (temporary files removed)."""
        self.config.plugins.on_shutdown()


@dataclass(frozen=True)
class Rebuilt:
    pages: tuple[str, ...]  # site-relative paths of the pages rendered again

    def __len__(self) -> int:
        return len(self.pages)


def rebuild_pages(
    warm: WarmBuild, prepared: Prepared, changed: set[str], retitled: set[str] = frozenset()
) -> Rebuilt:
    """Render again the pages that show the text of ``changed`` (docs paths of items and
    fixed pages whose text, or front matter that does not move them, changed), with
    ``prepared`` the new content. ``retitled``: those whose title changed, which the
    pages linking them as neighbours or related items show too."""
    config, run = warm.config, warm.run
    files = run.files
    if files is None or run.env is None or run.nav is None:
        raise NotWarm("the kept build did not get to its pages")
    edited = []
    for docs_path in sorted(changed):
        file = files.get_file_from_path(docs_path)
        if file is None or file.page is None:
            raise NotWarm(docs_path)
        edited.append(file.page)
    affected = {id(page): page for page in edited}
    for docs_path in changed:
        affected.update(run.shown_on.get(docs_path, {}))
    affected.update(run.marker_pages)
    # the titles the pages on disk show of the retitled items, by the items' URLs
    old_titles = {
        run.news.urls[p]: run.items_by_path[p].title
        for p in retitled
        if p in run.news.urls and p in run.items_by_path
    }
    preview = run.refresh(config, prepared, changed)
    if preview is None:
        raise NotWarm("the preview's banner changes")
    affected.update((id(page), page) for page in preview)
    # pages that only link a retitled item (上一篇/下一篇, related items): their own text
    # and search entries are what they were, only the links they show change
    linked: dict[int, object] = {}
    for docs_path in changed & set(retitled):
        for key, page in run.news.linked_from.get(docs_path, {}).items():
            if key in affected:
                continue
            if page.file.inclusion.is_excluded():  # a draft's marker is added as it renders
                affected[key] = page
            else:
                linked[key] = page
    doc_files = files.documentation_pages(inclusion=_inclusion(warm))
    order = [
        f.page
        for f in doc_files
        if f.page is not None and (id(f.page) in affected or id(f.page) in linked)
    ]
    if len(order) != len(affected) + len(linked):
        raise NotWarm("a page to render again is not among the built pages")
    search = find_search_plugin(config)
    entries = search.search_index.entries if search is not None else None
    made: dict[str, list[dict]] = {}
    for page in order:  # read and converted again first: lists show the items' new text
        if id(page) in linked:
            continue
        if compat.is_post(page):
            compat.reread_post(page, config)
        compat.populate_page(page, config, files)
    for page in order:
        start = len(entries) if entries is not None else 0
        if id(page) in linked and _relink(page, warm, old_titles):
            continue  # its footer's links written in place, its search entries kept
        if id(page) in linked:
            with compat.without_page_context(config, search):
                compat.build_page(page, config, doc_files, run.nav, run.env)
        else:
            compat.build_page(page, config, doc_files, run.nav, run.env)
        if entries is not None:
            if id(page) not in linked:
                made[page.url] = entries[start:]
            del entries[start:]  # a linking page keeps its entries where they are
    if entries is not None:
        _replace_entries(entries, made)
    run.finish_pages(config, [entry for block in made.values() for entry in block])
    return Rebuilt(tuple(page.file.dest_uri for page in order))


def _relink(page, warm: WarmBuild, old_titles: dict[str, str]) -> bool:
    """An item page that only links a retitled item: its links (theme/partials/
    item-links.html: 上一篇/下一篇, related items, ``NewsCentre.links_of``) with the old
    titles are replaced by those with the new ones in its written HTML (``relinked_html``):
    the page a full render would write, without making its context or rendering the rest
    of it again (nothing else of it changed, so no plugin sees it again, as for a page a
    build skips). False: render it."""
    found = warm.run.news.links_of(page.file.src_uri)
    if found is None:
        return False
    shown, _ = found
    path = Path(page.file.abs_dest_path)
    try:
        written = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    relinked = relinked_html(warm.run.env, page, written, _titled(shown, old_titles), shown)
    if relinked is None:
        return False
    path.write_bytes(relinked.encode("utf-8", errors="xmlcharrefreplace"))
    return True


def _titled(item: dict, titles: dict[str, str]) -> dict:
    """An item page's data (engine/newscentre.py) with its links' titles by URL."""

    def link(data: dict | None) -> dict | None:
        if data is None or data.get("url") not in titles:
            return data
        return {**data, "title": titles[data["url"]]}

    return {
        **item,
        "previous": link(item.get("previous")),
        "next": link(item.get("next")),
        "related": [link(r) for r in item.get("related") or ()],
    }


def _inclusion(warm: WarmBuild):
    """The pages MkDocs built: a live preview builds its own draft pages too."""
    return InclusionLevel.is_in_serve if warm.serve_url else InclusionLevel.is_included


def _replace_entries(entries: list[dict], made: dict[str, list[dict]]) -> None:
    """Each rendered page's new entries where its old ones were: the index keeps the
    build's order (every page's entries are together, in the order pages are built)."""
    kept: list[dict] = []
    placed: set[str] = set()
    for entry in entries:
        url = str(entry.get("location", "")).split("#", 1)[0]
        if url not in made:
            kept.append(entry)
        elif url not in placed:
            kept.extend(made[url])
            placed.add(url)
    missing = [url for url, block in made.items() if url not in placed and block]
    if missing:
        raise NotWarm(f"search entries of {missing[0]!r} had no place in the index")
    entries[:] = kept
