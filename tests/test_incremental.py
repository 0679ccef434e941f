"""A rebuild after a change equals a clean build of the same sources, byte for byte.

Each test builds a generated 40-item corpus (bench/corpus.py) with `pipeline build`,
changes it, rebuilds in place (caches and the previous site/ present), then builds the
same sources in a fresh copy and compares every file of the two sites: item pages,
indexes, archives, categories, pagination, feeds, sitemap and search index.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from conftest import BUILD_OUTPUTS, PICTURES, copy_sources  # noqa: E402, F401 (re-exported)
from corpus import CorpusInfo, CorpusItem  # noqa: E402

from pipeline.images.cache import INDEX, MANIFEST  # noqa: E402


@pytest.fixture
def corpus(corpus40) -> tuple[Path, CorpusInfo]:
    """The sources generated once (tests/conftest.py), with their pictures encoded."""
    return corpus40


def build(root: Path, *options: str) -> None:
    done = subprocess.run(
        # --force: a build with nothing changed is the up-to-date answer otherwise
        # (tests/test_uptodate.py); these tests are about what a build does
        [sys.executable, "-m", "pipeline", "build", "--force", *options],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def site_differences(ours: Path, clean: Path) -> list[str]:
    files_ours = {p.relative_to(ours).as_posix() for p in ours.rglob("*") if p.is_file()}
    files_clean = {p.relative_to(clean).as_posix() for p in clean.rglob("*") if p.is_file()}
    differences = [f"only after the rebuild: {f}" for f in sorted(files_ours - files_clean)]
    differences += [f"only in the clean build: {f}" for f in sorted(files_clean - files_ours)]
    differences += [
        f"different bytes: {f}"
        for f in sorted(files_ours & files_clean)
        if (ours / f).read_bytes() != (clean / f).read_bytes()
    ]
    return differences


def differences_from_clean(
    project: Path, clean: Path, *options: str, pictures: bool = True
) -> list[str]:
    """The project's site against a clean build of a copy of its sources in ``clean``.
    ``pictures``: the copy takes the project's encoded pictures (``copy_sources``)."""
    copy_sources(project, clean, pictures=pictures)
    build(clean, *options)
    return site_differences(project / "site", clean / "site")


def rebuild_equals_clean(project: Path, tmp_path: Path, *, pictures: bool = True) -> None:
    build(project)
    differences = differences_from_clean(project, tmp_path / "clean", pictures=pictures)
    assert not differences, "the rebuilt site differs from a clean build:\n" + "\n".join(
        differences[:40]
    )


def test_a_build_with_the_kept_pictures_equals_one_that_encodes_them(corpus, tmp_path):
    """What lets the clean builds of these tests take the encoded pictures along
    (``copy_sources``): the corpus's own site, built encoding every picture, and a build of a
    copy that took the image cache's entries are the same, byte for byte."""
    sources, _ = corpus
    copy = tmp_path / "copy"
    copy_sources(sources, copy)
    assert list((copy / PICTURES).glob(f"*/*/{MANIFEST}"))
    assert not (copy / PICTURES / INDEX).exists()
    build(copy)
    differences = site_differences(sources / "site", copy / "site")
    assert not differences, "\n".join(differences[:40])


def built_project(corpus, tmp_path: Path) -> Path:
    sources, _ = corpus
    project = tmp_path / "project"
    copy_sources(sources, project)
    build(project)
    return project


def set_front_matter(path: Path, key: str, value: str) -> None:
    text = path.read_text("utf-8")
    pattern = rf"^{key}:.*(?:\n- .*)*$"  # the key and its block list, if any
    text, count = re.subn(pattern, f"{key}: {value}", text, count=1, flags=re.MULTILINE)
    assert count == 1, f"{path} has no {key}"
    path.write_text(text, encoding="utf-8")


def unlinked(info: CorpusInfo, root: Path) -> list[CorpusItem]:
    """Items no other item links to: removing them leaves no broken link."""
    texts = "\n".join((root / i.path).read_text("utf-8") for i in info.items)
    return [i for i in info.published() if Path(i.path).name not in texts]


def test_body_edit_rebuild_equals_clean_build(corpus, tmp_path):
    project = built_project(corpus, tmp_path)
    _, info = corpus
    item = info.published()[len(info.items) // 2]
    path = project / item.path
    text = path.read_text("utf-8")
    heading = f"## {item.headings[0]}\n\n"
    path.write_text(text.replace(heading, heading + "本段已经修订，补充了现场数据。", 1), "utf-8")
    rebuild_equals_clean(project, tmp_path)
    assert "本段已经修订" in (project / "site" / item.url / "index.html").read_text("utf-8")


def test_title_date_category_and_removal_rebuild_equals_clean_build(corpus, tmp_path):
    project = built_project(corpus, tmp_path)
    sources, info = corpus
    news = [i for i in info.published() if i.section == "news"]
    industry = [i for i in info.published() if i.section == "industry"]
    # the newest news item moves back to 2024: other archive year, other pagination pages
    moved = news[-1]
    set_front_matter(project / moved.path, "date", "2024-02-03 10:00:00")
    retitled = industry[-2]
    set_front_matter(project / retitled.path, "title", "修订：" + retitled.title[:30])
    recategorized = news[-3]
    other = next(c for c in ("产品发布", "公司动态") if c not in recategorized.categories)
    set_front_matter(project / recategorized.path, "categories", f"[{other}]")
    removed = next(i for i in unlinked(info, sources) if i not in (moved, retitled, recategorized))
    (project / removed.path).unlink()
    if removed.image:
        (project / removed.path).with_name(removed.image).unlink()
    rebuild_equals_clean(project, tmp_path)
    site = project / "site"
    assert not (site / moved.url).exists()
    assert (site / f"news/2024/02/03/{moved.slug}/index.html").is_file()
    assert not (site / removed.url).exists()


def test_neighbours_related_and_thumbnails_rebuild_equals_clean_build(corpus, tmp_path):
    """A retitled item changes its neighbours' 上一篇/下一篇 and related lists; a new first
    picture in a body without a cover changes the list's thumbnail (issue 16): pages reused
    from the previous build must not keep the old ones."""
    project = built_project(corpus, tmp_path)
    news = sorted((i for i in corpus[1].published() if i.section == "news"), key=lambda i: i.date)
    retitled = news[len(news) // 2]
    set_front_matter(project / retitled.path, "title", "修订后的标题用于检查相邻新闻")
    uncovered = news[1] if news[1] is not retitled else news[2]
    text = (project / uncovered.path).read_text("utf-8")
    text = re.sub(r"^cover: .*\n", "", text, count=1, flags=re.MULTILINE)
    head, body = text.split("\n---\n", 1)
    picture = "![澜石科技研发实验室的测试工作台](/assets/images/rd-lab.jpg)\n\n"
    (project / uncovered.path).write_text(head + "\n---\n\n" + picture + body, encoding="utf-8")
    rebuild_equals_clean(project, tmp_path)
    index = news.index(retitled)
    neighbour = LexborHTMLParser(
        (project / "site" / news[index + 1].url / "index.html").read_text("utf-8")
    )
    assert neighbour.css_first('.pipeline-neighbours a[rel="prev"]').text().strip() == (
        "修订后的标题用于检查相邻新闻"
    )
    thumbs = {}
    for listing in (project / "site/news").rglob("index.html"):
        for entry in LexborHTMLParser(listing.read_text("utf-8")).css(".pipeline-entry"):
            link = entry.css_first("h2 a").attributes["href"]
            img = entry.css_first(".pipeline-cover img")
            thumbs[link.rstrip("/").rsplit("/", 1)[-1]] = img.attributes["src"] if img else None
    assert "rd-lab" in (thumbs[uncovered.slug] or ""), thumbs


def test_static_files_are_linked_from_the_previous_site_which_is_never_written(corpus, tmp_path):
    """Unchanged pictures and assets become second names of the previous site's files
    (pipeline/engine/speedups/staticlinks.py): nothing of the new build may write into
    them, or the previous site (still published until the swap) would change. A witness
    link to every file of the previous site keeps its bytes observable after the swap."""
    project = built_project(corpus, tmp_path)
    build(project)  # the first rebuild: every static file was copied, now they can be linked
    site = project / "site"
    witness = tmp_path / "witness"
    shutil.copytree(site, witness, copy_function=os.link)
    before = {p: p.read_bytes() for p in witness.rglob("*") if p.is_file()}
    _, info = corpus
    item = info.published()[3]
    path = project / item.path
    path.write_text(path.read_text("utf-8") + "\n\n补充说明一段。\n", "utf-8")
    rebuild_equals_clean(project, tmp_path)
    changed = [p for p, data in before.items() if p.read_bytes() != data]
    assert not changed, f"the previous site was written into: {changed[:5]}"
    shared = {
        p.relative_to(witness).as_posix()
        for p in before
        if (site / p.relative_to(witness)).is_file()
        and (site / p.relative_to(witness)).stat().st_ino == p.stat().st_ino
    }
    pictures = {p for p in shared if p.endswith((".jpg", ".jpeg", ".png", ".webp", ".avif"))}
    assert pictures, "no picture was linked from the previous site"
    assert any(p.endswith(".css") for p in shared), "the theme's assets were copied again"
    # what every build writes anew: sitemaps, feeds, the search index; and the edited page
    assert not [p for p in shared if p.endswith((".xml", ".json"))], shared
    assert f"{item.url}index.html" not in shared
    # an unchanged item page is not built at all (speedups/pageskip.py): the previous file
    assert any(p.endswith("/index.html") and p.count("/") == 5 for p in shared), shared


def test_nothing_changed_links_every_item_page_and_replays_its_entries(corpus, tmp_path):
    """A build with nothing changed builds no item page (speedups/pageskip.py): each is the
    previous file, and the search index and sitemap, which the skipped pages' recorded
    entries are replayed into, come out the same bytes. A fixed page's text is an input
    of every item page (the tags plugin reads listings from it): after an edit there, the
    rebuild still equals a clean build."""
    project = built_project(corpus, tmp_path)
    site = project / "site"
    _, info = corpus
    pages = [site / i.url / "index.html" for i in info.published()]
    before = {p: p.stat().st_ino for p in pages}
    feeds = ("search/search_index.json", "sitemap.xml")
    texts = {name: (site / name).read_bytes() for name in feeds}
    build(project)
    assert {p: p.stat().st_ino for p in pages} == before
    assert {name: (site / name).read_bytes() for name in feeds} == texts
    about = project / "content/about.md"
    about.write_text(about.read_text("utf-8") + "\n\n公司简介补充一句。\n", "utf-8")
    rebuild_equals_clean(project, tmp_path)


def test_new_item_shifting_every_list_page_rebuild_equals_clean_build(corpus, tmp_path):
    """A new newest item moves one entry of every news list page onto the next page of its
    pagination, and is a neighbour and related item of others: the item pages whose
    context did not change are reused (speedups/pagereuse.py: an item page's key leaves
    out the list of every page), every other page must come out as a clean build's."""
    project = built_project(corpus, tmp_path)
    _, info = corpus
    newest = max((i for i in info.published() if i.section == "news"), key=lambda i: i.date)
    source = project / newest.path
    added = source.with_name(source.name.replace(newest.slug, "rebuild-new-item"))
    text = source.read_text("utf-8").replace(f"slug: {newest.slug}", "slug: rebuild-new-item")
    added.write_text(text.replace(f"title: {newest.title}", "title: 新增的一条公司新闻"), "utf-8")
    rebuild_equals_clean(project, tmp_path)
    url = newest.url.replace(newest.slug, "rebuild-new-item")
    assert (project / "site" / url / "index.html").is_file()


# -- blog views (index, archive, category and their pagination pages) not built at all --

SEPARATOR = "<!-- more -->"


def view_pages(site: Path, info: CorpusInfo) -> dict[str, int]:
    """Every blog view of the site (what is neither an item page nor a fixed page under
    a section) -> its file's inode."""
    items = {f"{i.url}index.html" for i in info.items}
    views = {}
    for section in ("news", "industry"):
        for path in (site / section).rglob("index.html"):
            name = path.relative_to(site).as_posix()
            if name not in items:
                views[name] = path.stat().st_ino
    return views


def listing(site: Path, view: str, item: CorpusItem) -> bool:
    return f"/{item.slug}/" in (site / view).read_text("utf-8")


def primed_project(corpus, tmp_path: Path, separated: CorpusItem | None = None) -> Path:
    """A project built twice: the second build records what the next one may skip.
    ``separated``: an item given an excerpt separator after its first paragraph."""
    sources, _ = corpus
    project = tmp_path / "project"
    copy_sources(sources, project)
    if separated is not None:
        path = project / separated.path
        head, body = path.read_text("utf-8").split("\n---\n", 1)
        first, rest = body.lstrip("\n").split("\n\n", 1)
        path.write_text(f"{head}\n---\n\n{first}\n\n{SEPARATOR}\n\n{rest}", "utf-8")
    build(project)
    build(project)
    return project


def test_body_edit_after_the_excerpt_separator_skips_every_view(corpus, tmp_path):
    """A view lists each post's excerpt (the text before the separator): an edit after it
    changes no view, so none is built (speedups/pageskip.py keys views before their
    context): each is the previous file, and the site equals a clean build."""
    _, info = corpus
    item = [i for i in info.published() if i.section == "news"][-1]
    project = primed_project(corpus, tmp_path, separated=item)
    site = project / "site"
    before = view_pages(site, info)
    assert any(listing(site, v, item) for v in before), "no view lists the edited item"
    path = project / item.path
    text = path.read_text("utf-8")
    heading = f"## {item.headings[0]}\n\n"
    assert text.index(SEPARATOR) < text.index(heading)
    path.write_text(text.replace(heading, heading + "分隔符之后补充的一句话。", 1), "utf-8")
    rebuild_equals_clean(project, tmp_path)
    assert "分隔符之后补充的一句话" in (site / item.url / "index.html").read_text("utf-8")
    after = view_pages(site, info)
    assert after.keys() == before.keys()
    built = sorted(v for v in before if after[v] != before[v])
    assert not built, f"views built again after an edit outside every excerpt: {built}"


def test_one_more_page_of_a_list_builds_no_view_of_the_other_section(corpus, tmp_path):
    """New items that open one more page of the news list change every news view; the
    industry section's views show nothing of it (a pagination page is linked only by the
    pages of its own list, whose keys hold all of that list's pages) and are not built
    again: each is the previous file (at 3,000 items such an item built 800 views, 190
    now). The site equals a clean build."""
    _, info = corpus
    project = primed_project(corpus, tmp_path)
    site = project / "site"
    news = sorted((i for i in info.published() if i.section == "news"), key=lambda i: i.date)
    per_page = 12  # mkdocs.yml's pagination_per_page
    pages = -(-len(news) // per_page)
    assert (site / f"news/page/{pages}/index.html").is_file()
    assert not (site / f"news/page/{pages + 1}").exists()
    newest = news[-1]
    source = project / newest.path
    text = source.read_text("utf-8")
    for number in range((1 - len(news)) % per_page or per_page):
        slug = f"page-opener-{number}"
        added = source.with_name(source.name.replace(newest.slug, slug))
        copy = text.replace(f"slug: {newest.slug}", f"slug: {slug}")
        copy = copy.replace(f"title: {newest.title}", f"title: 新开一页的公司新闻第{number}条")
        added.write_text(copy, "utf-8")
    before = {v: ino for v, ino in view_pages(site, info).items() if v.startswith("industry/")}
    assert len(before) > 3
    rebuild_equals_clean(project, tmp_path)
    assert (site / f"news/page/{pages + 1}/index.html").is_file()
    after = view_pages(site, info)
    built = sorted(v for v in before if after.get(v) != before[v])
    assert not built, f"industry views built again for a new page of the news list: {built}"


def test_a_new_newest_category_builds_no_view_of_the_other_section(corpus, tmp_path):
    """A new newest item in another category than the newest's puts its category's list
    first among the blog's files (the order no page shows: the navigation sorts them);
    the industry section's views are not built again, and the site equals a clean build.
    At 3,000 items removing the newest item built 811 pages for that order, 187 now."""
    _, info = corpus
    project = primed_project(corpus, tmp_path)
    site = project / "site"
    news = sorted((i for i in info.published() if i.section == "news"), key=lambda i: i.date)
    newest = news[-1]
    other = next(c for i in reversed(news) for c in i.categories if c not in newest.categories)
    source = project / newest.path
    added = source.with_name(source.name.replace(newest.slug, "first-of-its-category"))
    text = source.read_text("utf-8").replace(f"slug: {newest.slug}", "slug: first-of-its-category")
    text = text.replace(f"title: {newest.title}", "title: 另一分类里最新的一条公司新闻")
    added.write_text(text, "utf-8")
    set_front_matter(added, "categories", f"[{other}]")
    before = {v: ino for v, ino in view_pages(site, info).items() if v.startswith("industry/")}
    rebuild_equals_clean(project, tmp_path)
    after = view_pages(site, info)
    built = sorted(v for v in before if after.get(v) != before[v])
    assert not built, f"industry views built again for another category's order: {built}"


def test_excerpt_edit_builds_the_views_listing_the_post_only(corpus, tmp_path):
    """An edit inside a post's excerpt builds again the views that list the post (its
    index page, its category's, its year's) and skips the others; the site equals a clean
    build."""
    _, info = corpus
    item = [i for i in info.published() if i.section == "news"][-1]
    project = primed_project(corpus, tmp_path, separated=item)
    site = project / "site"
    before = view_pages(site, info)
    path = project / item.path
    text = path.read_text("utf-8")
    head, body = text.split("\n---\n", 1)
    path.write_text(f"{head}\n---\n\n摘要里新增的一句话。{body.lstrip()}", "utf-8")
    rebuild_equals_clean(project, tmp_path)
    after = view_pages(site, info)
    listed = {v for v in before if listing(site, v, item)}
    assert len(listed) >= 3, listed  # its blog's index, its category, its archive year
    assert {v for v in before if after[v] != before[v]} == listed


def test_title_edit_new_and_removed_items_with_views_recorded_equal_clean_build(corpus, tmp_path):
    """After builds that recorded every view: a retitled item, a new newest item (every
    pagination page of its lists shifts) and a removed item; the rebuild equals a clean
    build, and then a build with nothing changed skips every view again."""
    sources, info = corpus
    project = primed_project(corpus, tmp_path)
    news = sorted((i for i in info.published() if i.section == "news"), key=lambda i: i.date)
    retitled = news[len(news) // 2]
    set_front_matter(project / retitled.path, "title", "修订后的标题用于检查列表页")
    newest = news[-1]
    source = project / newest.path
    added = source.with_name(source.name.replace(newest.slug, "listed-new-item"))
    text = source.read_text("utf-8").replace(f"slug: {newest.slug}", "slug: listed-new-item")
    added.write_text(text.replace(f"title: {newest.title}", "title: 新增的一条列表新闻"), "utf-8")
    removed = next(
        i for i in unlinked(info, sources) if i.section == "industry" and i is not retitled
    )
    (project / removed.path).unlink()
    if removed.image:
        (project / removed.path).with_name(removed.image).unlink()
    rebuild_equals_clean(project, tmp_path)
    site = project / "site"
    index = (site / "news/index.html").read_text("utf-8")
    assert "新增的一条列表新闻" in index
    assert "修订后的标题用于检查列表页" in "".join(
        p.read_text("utf-8") for p in (site / "news").rglob("index.html")
    )
    views = view_pages(site, info)
    build(project)
    assert view_pages(site, info) == views, "a build with nothing changed built views"


def test_new_words_segmented_ahead_and_copies_kept_equal_clean_build(corpus, tmp_path):
    """A body edit with words no build saw before: the segmenter sends them to its worker
    while the pages render (pipeline.engine.speedups.segmentation.Segmenter), the other
    items' copies are neither made nor written again, the gate judges the generated files
    from its memo; the rebuild still equals a clean build."""
    project = built_project(corpus, tmp_path)
    _, info = corpus
    edited, kept = info.published()[3], info.published()[4]
    copies = project / ".cache/pipeline/copies/site"
    kept_copy = next(copies.rglob(Path(kept.path).name))
    kept_time = kept_copy.stat().st_mtime_ns
    path = project / edited.path
    heading = f"## {edited.headings[0]}\n\n"
    text = path.read_text("utf-8")
    path.write_text(text.replace(heading, heading + "量子纠缠通信试验线今日贯通。", 1), "utf-8")
    rebuild_equals_clean(project, tmp_path)
    assert kept_copy.stat().st_mtime_ns == kept_time
    words = next((project / ".cache/pipeline/search-words").glob("*.json")).read_text("utf-8")
    assert "量子纠缠" in words
    assert (project / ".cache/pipeline/gate/site/lines.json").is_file()
