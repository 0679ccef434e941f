"""Page-level rebuilds in a kept build (engine/warm.py) equal a clean build, byte for byte.

Each test builds a generated 40-item corpus (bench/corpus.py) the way `pipeline serve`
does (a live preview: served address, internal pages, refused files left out) and keeps
the build open; then it edits the text of items or fixed pages, renders again only the
pages that show them, and compares every file of the site with a clean preview build of
the same sources: item pages, lists, archives, categories, pagination, the home page,
feeds, sitemap and search index.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from datetime import datetime
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from conftest import copy_sources, halve_picture  # noqa: E402
from test_incremental import set_front_matter, site_differences  # noqa: E402

from pipeline.content.schema import parse_now  # noqa: E402
from pipeline.engine.build import render_into  # noqa: E402
from pipeline.engine.livebuild import LiveBuilds  # noqa: E402
from pipeline.engine.project import open_project  # noqa: E402
from pipeline.engine.request import BuildRequest  # noqa: E402
from pipeline.engine.warm import NotWarm, WarmBuild, rebuild_pages  # noqa: E402
from pipeline.prepare import Prepared, prepare, without_refused  # noqa: E402
from pipeline.stages import check_project  # noqa: E402

SERVE_URL = "http://127.0.0.1:8000/"


@pytest.fixture(scope="module")
def corpus(corpus40):
    return corpus40  # tests/conftest.py: generated once, its pictures encoded


class Preview:
    """A preview build of ``root`` kept open, as `pipeline serve` keeps it."""

    def __init__(self, root: Path, work: Path, now: datetime) -> None:
        self.root, self.now = root, now
        self.site = work / "preview"
        self.copies = work / "copies"
        self.kept: list[WarmBuild] = []
        self.prepared = self._prepare()
        built = render_into(
            self.project, self.site, self._request(), serve_url=SERVE_URL, keep=self.kept.append
        )[1]
        assert built and self.kept

    def _prepare(self) -> Prepared:
        self.project = open_project(self.root / "mkdocs.yml")
        check = check_project(self.project, self.now)
        return without_refused(prepare(check, drafts=False, copies_dir=self.copies))

    def _request(self) -> BuildRequest:
        return BuildRequest(internal=True, now=self.now, serving=True, prepared=self.prepared)

    def rebuild(self, changed: set[str]):
        self.prepared = self._prepare()
        return rebuild_pages(self.kept[0], self.prepared, changed)

    def close(self) -> None:
        for warm in self.kept:
            warm.close()


def clean_preview(root: Path, work: Path, now: datetime) -> Path:
    """The same sources, copied and built from scratch."""
    clean = work / "clean-sources"
    shutil.rmtree(clean, ignore_errors=True)
    copy_sources(root, clean)
    preview = Preview(clean, work / "clean", now)
    preview.close()
    return preview.site


def assert_equals_clean(preview: Preview, work: Path) -> None:
    clean = clean_preview(preview.root, work, preview.now)
    differences = site_differences(preview.site, clean)
    assert not differences, "the page-level rebuild differs from a clean build:\n" + "\n".join(
        differences[:40]
    )


@pytest.fixture
def preview(corpus, tmp_path):
    sources, info = corpus
    root = tmp_path / "project"
    copy_sources(sources, root)
    opened = Preview(
        root, tmp_path / "first", parse_now(None, open_project(root / "mkdocs.yml").site_config)
    )
    yield opened, info
    opened.close()


def docs_path(item) -> str:
    return item.path.removeprefix("content/")


def test_body_edits_render_only_their_pages_and_equal_a_clean_build(preview, tmp_path):
    opened, info = preview
    news = sorted((i for i in info.published() if i.section == "news"), key=lambda i: i.date)
    edited = news[len(news) // 2]
    path = opened.root / edited.path
    heading = f"## {edited.headings[0]}\n\n"
    path.write_text(
        path.read_text("utf-8").replace(heading, heading + "本段已经修订，补充了现场数据。", 1),
        "utf-8",
    )
    rebuilt = opened.rebuild({docs_path(edited)})
    assert f"{edited.url}index.html" in rebuilt.pages
    assert len(rebuilt) < 12, rebuilt.pages  # the item, its lists and the home page
    assert "本段已经修订" in (opened.site / edited.url / "index.html").read_text("utf-8")
    index = json.loads((opened.site / "search/search_index.json").read_text("utf-8"))
    texts = [
        e["text"].replace("\u200b", "")
        for e in index["docs"]
        if e["location"].startswith(edited.url)
    ]
    assert any("本段已经修订" in text for text in texts)
    assert_equals_clean(opened, tmp_path)

    # an item without a cover gets a first picture: its thumbnail on lists and home page
    texts = {i.path: (opened.root / i.path).read_text("utf-8") for i in news}
    uncovered = [i for i in news if not re.search(r"^cover:", texts[i.path], re.MULTILINE)]
    plain = next(i for i in reversed(uncovered) if i is not edited)
    text = texts[plain.path]
    head, body = text.split("\n---\n", 1)
    picture = "![澜石科技研发实验室的测试工作台](/assets/images/rd-lab.jpg)\n\n"
    (opened.root / plain.path).write_text(head + "\n---\n\n" + picture + body, "utf-8")
    opened.rebuild({docs_path(plain)})
    assert_equals_clean(opened, tmp_path)


def test_fixed_page_edit_equals_a_clean_build(preview, tmp_path):
    opened, _ = preview
    about = opened.root / "content/about.md"
    about.write_text(about.read_text("utf-8") + "\n公司新增了研发中心。\n", "utf-8")
    rebuilt = opened.rebuild({"about.md"})
    assert "about/index.html" in rebuilt.pages
    page = LexborHTMLParser((opened.site / "about/index.html").read_text("utf-8"))
    assert "公司新增了研发中心" in page.body.text()
    assert_equals_clean(opened, tmp_path)


def test_a_page_that_was_not_built_is_not_warm(preview):
    opened, _ = preview
    with pytest.raises(NotWarm):
        opened.rebuild({"news/posts/2030/2030-01-01-nothing.md"})


def live_copy(sources: Path, tmp_path: Path):
    """A copy of the corpus and its live preview: (root, served folder, now, builds, built)."""
    root = tmp_path / "project"
    copy_sources(sources, root)
    now = parse_now(None, open_project(root / "mkdocs.yml").site_config)
    served = tmp_path / "served"
    builds, built = live(root, served, now)
    return root, served, now, builds, built


def live(root: Path, site_dir: Path, now: datetime, *, warm: bool = True):
    built: list[tuple[str, int]] = []
    builds = LiveBuilds(
        config_file=root / "mkdocs.yml",
        site_dir=site_dir,
        serve_url=SERVE_URL,
        drafts=False,
        now=now,
        lang="zh",
        speedups=True,
        warm=warm,
        on_built=lambda kind, pages, seconds: built.append((kind, pages)),
    )
    return builds, built


def assert_served_equals_clean(root: Path, served: Path, work: Path, now: datetime) -> None:
    clean = work / "clean-sources"
    shutil.rmtree(clean, ignore_errors=True)
    copy_sources(root, clean)
    builds, built = live(clean, work / "clean-site", now, warm=False)
    try:
        builds.build()
    finally:
        builds.close()  # its items' copies in the temp folder, its gate workers
    assert built == [("full", built[0][1])]
    differences = site_differences(served, work / "clean-site")
    assert not differences, "the live preview differs from a clean build:\n" + "\n".join(
        differences[:40]
    )


def test_live_builds_render_pages_for_text_and_everything_otherwise(corpus, tmp_path):
    sources, info = corpus
    root, served, now, builds, built = live_copy(sources, tmp_path)
    try:
        builds.build()
        assert built[-1][0] == "full"
        builds.build()  # nothing changed
        assert built[-1] == ("pages", 0)

        news = sorted((i for i in info.published() if i.section == "news"), key=lambda i: i.date)
        edited = news[3]
        path = root / edited.path
        heading = f"## {edited.headings[-1]}\n\n"
        path.write_text(
            path.read_text("utf-8").replace(heading, heading + "现场补记。", 1), "utf-8"
        )
        builds.build()
        assert built[-1][0] == "pages" and 0 < built[-1][1] < 12, built
        assert_served_equals_clean(root, served, tmp_path, now)

        # a new title and summary: the item, its lists, its neighbours and related items
        set_front_matter(path, "title", edited.title + "（修订后的标题）")
        set_front_matter(
            path, "summary", "修订后的摘要：现场补记了数据，说明了项目背景与应用效果。"
        )
        builds.build()
        assert built[-1][0] == "pages", built
        neighbour = LexborHTMLParser((served / news[4].url / "index.html").read_text("utf-8"))
        assert "修订后的标题" in neighbour.css_first(".pipeline-neighbours").text()
        assert_served_equals_clean(root, served, tmp_path, now)

        # another category moves it between lists, and a picture is replaced by one of half
        # its size: everything is built, and the pages' content step (kept across the
        # preview's full builds, by every picture too) shows the new size
        other = next(c for c in ("产品发布", "公司动态") if c not in edited.categories)
        set_front_matter(path, "categories", f"[{other}]")
        pictured = next(i for i in info.published() if i.image)
        width = halve_picture((root / pictured.path).with_name(pictured.image))
        builds.build()
        assert built[-1][0] == "full", built
        page = (served / pictured.url / "index.html").read_text("utf-8")
        assert f'width="{width}"' in page, "the preview shows the old picture's size"
        assert_served_equals_clean(root, served, tmp_path, now)
    finally:
        builds.close()


def test_title_summary_and_author_edits_of_a_much_linked_item_equal_a_clean_build(corpus, tmp_path):
    """The item most news pages link (as related item or neighbour): a new title is written
    into every page that links it (their footers), and each result equals a clean build."""
    sources, info = corpus
    root, served, now, builds, built = live_copy(sources, tmp_path)
    news = [i for i in info.published() if i.section == "news"]
    try:
        builds.build()
        assert built[-1][0] == "full"
        linking: dict[str, list[Path]] = {}
        for item in news:
            page = served / item.url / "index.html"
            html = LexborHTMLParser(page.read_text("utf-8"))
            for a in html.css(".pipeline-neighbours a, .pipeline-related a"):
                slug = a.attributes.get("href", "").rstrip("/").rsplit("/", 1)[-1]
                linking.setdefault(slug, []).append(page)
        target = max(news, key=lambda i: len(linking.get(i.slug, [])))
        path, linked = root / target.path, linking[target.slug]
        assert len(linked) >= 5, len(linked)

        set_front_matter(path, "title", target.title + "（修订版 A&B）")
        builds.build()
        assert built[-1][0] == "pages" and built[-1][1] > len(linked), built
        for page in linked:
            assert "（修订版 A&amp;B）" in page.read_text("utf-8"), page
        assert_served_equals_clean(root, served, tmp_path, now)

        # titled again (the pages on disk show the last title), with a new summary
        set_front_matter(path, "title", target.title + "（再次修订）")
        set_front_matter(path, "summary", "再次修订的摘要：补充了项目背景和应用效果。")
        builds.build()
        assert built[-1][0] == "pages", built
        assert all("再次修订" in page.read_text("utf-8") for page in linked)
        assert_served_equals_clean(root, served, tmp_path, now)

        # another author: the item's own meta line, nothing on the pages that link it
        current = re.search(r"^author: *(\S+)", path.read_text("utf-8"), re.MULTILINE)
        other = next(a for a in ("liuyang", "chenjing", "zhangwei") if a != current.group(1))
        set_front_matter(path, "author", other)
        builds.build()
        assert built[-1][0] == "pages" and built[-1][1] < len(linked), built
        assert_served_equals_clean(root, served, tmp_path, now)
    finally:
        builds.close()


def html_inodes(served: Path) -> dict[str, int]:
    """Each written page's inode: a page a full build did not build at all
    (speedups/pageskip.py) is the previous file, linked, and keeps its inode."""
    return {
        path.relative_to(served).as_posix(): path.stat().st_ino for path in served.rglob("*.html")
    }


def skipped_pages(before: dict[str, int], served: Path) -> set[str]:
    after = html_inodes(served)
    return {path for path, inode in after.items() if before.get(path) == inode}


def copy_item(root: Path, item, slug: str) -> Path:
    """A new item: a copy of ``item`` under another slug (as bench/bench_serve.py adds one)."""
    source = root / item.path
    added = source.with_name(source.name.replace(item.slug, slug))
    text = source.read_text("utf-8").replace(f"slug: {item.slug}", f"slug: {slug}")
    added.write_text(text, "utf-8")
    return added


def linking_pages(served: Path, items, target) -> list[str]:
    """The item pages that link ``target`` as 上一篇/下一篇 or as a related item."""
    found = []
    for item in items:
        page = served / item.url / "index.html"
        html = LexborHTMLParser(page.read_text("utf-8"))
        for a in html.css(".pipeline-neighbours a, .pipeline-related a"):
            if a.attributes.get("href", "").rstrip("/").endswith(target.slug):
                found.append(f"{item.url}index.html")
    return found


def test_saves_after_a_full_build_that_skipped_pages_equal_a_clean_build(corpus, tmp_path):
    """An item added or removed is a full build in which the pages that do not show it are
    not built at all (speedups/pageskip.py): what their earlier build recorded for the
    page-level rebuilds (the news centre's ``linked_from``, the run's ``shown_on``) is
    replayed, so later saves render the pages a clean build shows them on."""
    sources, info = corpus
    root, served, now, builds, built = live_copy(sources, tmp_path)
    published = info.published()
    news = sorted((i for i in published if i.section == "news"), key=lambda i: i.date)
    industry = sorted((i for i in published if i.section == "industry"), key=lambda i: i.date)
    try:
        builds.build()
        assert built[-1][0] == "full"

        # a new item: the pages that do not show it are skipped
        before = html_inodes(served)
        added = copy_item(root, news[-1], "skipped-pages-copy")
        builds.build()
        assert built[-1][0] == "full", built
        skipped = skipped_pages(before, served)
        skip = builds.kept.warm.run.skip
        assert skip.skipped - skip.relinked == len(skipped) > len(published) // 2
        # the item pages whose related items gained the new one: only their links written
        # again, in a copy of the previous file (a new inode), as a clean build writes them
        assert skip.relinked > 0
        assert_served_equals_clean(root, served, tmp_path, now)

        # a body edit, then a title edit, of an item whose page and whose linking pages
        # (neighbours, related items) were all skipped
        def all_skipped(item) -> bool:
            pages = [f"{item.url}index.html", *linking_pages(served, news, item)]
            return len(pages) > 1 and all(page in skipped for page in pages)

        edited = next(i for i in news[1:-3] if all_skipped(i))
        path = root / edited.path
        heading = f"## {edited.headings[0]}\n\n"
        path.write_text(
            path.read_text("utf-8").replace(heading, heading + "跳过之后的修订。", 1), "utf-8"
        )
        builds.build()
        assert built[-1][0] == "pages", built
        assert_served_equals_clean(root, served, tmp_path, now)
        set_front_matter(path, "title", edited.title + "（跳过之后改的标题）")
        builds.build()
        assert built[-1][0] == "pages", built
        assert_served_equals_clean(root, served, tmp_path, now)

        # a new title of an item listed on a list page that was skipped (the other section's)
        listed = next(
            i
            for i in reversed(industry)
            if "industry/index.html" in skipped
            and i.title in (served / "industry/index.html").read_text("utf-8")
        )
        set_front_matter(root / listed.path, "title", listed.title + "（列表页上的新标题）")
        builds.build()
        assert built[-1][0] == "pages", built
        page = (served / "industry/index.html").read_text("utf-8")
        assert "列表页上的新标题" in page
        assert_served_equals_clean(root, served, tmp_path, now)

        # the item removed again, then a new title of an item whose linking pages were skipped
        before = html_inodes(served)
        added.unlink()
        builds.build()
        assert built[-1][0] == "full", built
        skipped = skipped_pages(before, served)
        assert builds.kept.warm.run.skip.skipped > len(published) // 2
        retitled = next(i for i in reversed(news[1:-3]) if i is not edited and all_skipped(i))
        set_front_matter(root / retitled.path, "title", retitled.title + "（删除之后改的标题）")
        builds.build()
        assert built[-1][0] == "pages", built
        assert_served_equals_clean(root, served, tmp_path, now)
    finally:
        builds.close()


def test_a_restarted_preview_skips_every_page_and_rebuilds_pages_after(corpus, tmp_path):
    """`pipeline serve` started again on the same folder: its first build skips every item
    page and list, and a title edit then renders every page that shows the item."""
    sources, info = corpus
    root, served, now, builds, built = live_copy(sources, tmp_path)
    news = sorted((i for i in info.published() if i.section == "news"), key=lambda i: i.date)
    try:
        builds.build()
    finally:
        builds.close()
    again, built = live(root, served, now)
    try:
        before = html_inodes(served)
        again.build()
        assert built[-1][0] == "full"
        skipped = skipped_pages(before, served)
        assert f"{news[-1].url}index.html" in skipped and "news/index.html" in skipped
        target = news[len(news) // 2]
        linked = linking_pages(served, news, target)
        assert linked and all(page in skipped for page in linked)
        set_front_matter(root / target.path, "title", target.title + "（重启之后改的标题）")
        again.build()
        assert built[-1][0] == "pages", built
        for page in linked:
            assert "重启之后改的标题" in (served / page).read_text("utf-8"), page
        assert_served_equals_clean(root, served, tmp_path, now)
    finally:
        again.close()
