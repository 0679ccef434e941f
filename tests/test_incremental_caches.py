"""Rebuilds through the caches a new process reads from disk equal clean builds.

The checks' memo (.cache/pipeline/check/, pipeline.content.memofile) and the blog posts'
parsed front matter (.cache/pipeline/blog-meta/, pipeline.engine.speedups.postmeta) are
written by one `pipeline build` and read by the next. Each test builds the generated
corpus of tests/test_incremental.py, changes it (sources, settings or the cache files
themselves), rebuilds in place and compares every file with a clean build of the same
sources, byte for byte.
"""

from __future__ import annotations

import json
import pickle
import shutil
from contextlib import ExitStack
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import copy_sources, halve_picture
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from test_incremental import (  # it puts bench/ (the corpus generator) on the path
    build,
    built_project,
    differences_from_clean,
    rebuild_equals_clean,
    set_front_matter,
    unlinked,
)

from pipeline.content import memofile
from pipeline.core import keyjson, safepickle
from pipeline.engine import compat
from pipeline.engine.speedups import markdowncache, pagereuse, postmeta, titlecache
from pipeline.engine.speedups.linker import Linker

MEMO = Path(memofile.CACHE_DIR) / memofile.FILE_NAME
META = Path(postmeta.CACHE_DIR) / postmeta.FILE_NAME


@pytest.fixture(scope="module")
def corpus(corpus40):
    """The sources generated once (tests/conftest.py), with their pictures encoded."""
    return corpus40


def front_matter_entries(project: Path) -> dict:
    data = (project / META).read_bytes()
    header_end = data.index(b"\n") + 1
    return safepickle.loads(data[header_end:])


def test_a_body_edit_after_a_memo_hit_equals_clean_build(corpus, tmp_path):
    project = built_project(corpus, tmp_path)
    assert (project / MEMO).is_file() and (project / META).is_file()
    posts = len(front_matter_entries(project))
    assert posts > 0
    build(project)  # nothing changed: the memo and the front matter found again
    _, info = corpus
    item = info.published()[3]
    path = project / item.path
    heading = f"## {item.headings[0]}\n\n"
    path.write_text(
        path.read_text("utf-8").replace(heading, heading + "补充一句现场数据。", 1), "utf-8"
    )
    rebuild_equals_clean(project, tmp_path)
    assert "补充一句现场数据" in (project / "site" / item.url / "index.html").read_text("utf-8")
    assert len(front_matter_entries(project)) == posts


def test_front_matter_edits_through_the_kept_front_matter_equal_clean_build(corpus, tmp_path):
    project = built_project(corpus, tmp_path)
    _, info = corpus
    item = info.published()[5]
    path = project / item.path
    set_front_matter(path, "title", "换了一个标题的新闻稿件")
    rebuild_equals_clean(project, tmp_path)
    page = (project / "site" / item.url / "index.html").read_text("utf-8")
    assert "换了一个标题的新闻稿件" in page


def test_a_changed_setting_and_damaged_caches_equal_clean_build(corpus, tmp_path):
    project = built_project(corpus, tmp_path)
    # a setting the checks and the pages read: the memo's fingerprint changes
    seo = project / "site_config" / "seo.yml"
    if seo.is_file():
        seo.write_text(seo.read_text("utf-8") + "\n# edited\n", "utf-8")
    # both cache files damaged: a truncated memo, a foreign pickle for the front matter
    memo = project / MEMO
    memo.write_bytes(memo.read_bytes()[: memo.stat().st_size // 2])
    meta = project / META
    header = meta.read_bytes()[: meta.read_bytes().index(b"\n") + 1]
    meta.write_bytes(header + pickle.dumps({("yaml.SafeLoader", "title: x\n"): b"\x80\x05junk"}))
    _, info = corpus
    item = info.published()[7]
    path = project / item.path
    path.write_text(path.read_text("utf-8") + "\n结尾补充一段说明。\n", "utf-8")
    rebuild_equals_clean(project, tmp_path)
    # written anew, readable by the next build
    assert memofile.load(project, "") == {}  # another fingerprint reads nothing …
    assert memo.read_bytes().startswith(memofile.FORMAT)  # … but the file is whole again
    assert len(front_matter_entries(project)) > 1


# -- the Markdown conversions and the titles' table-of-contents entries kept on disk ----

CONVERSIONS = Path(markdowncache.CACHE_DIR)
TITLES = Path(titlecache.CACHE_DIR) / titlecache.FILE_NAME


def conversion_files(project: Path) -> list[Path]:
    return sorted((project / CONVERSIONS).glob("pages-*.pickle"))


def conversions(project: Path) -> dict:
    entries = {}
    for path in conversion_files(project):
        data = path.read_bytes()
        entries.update(safepickle.loads(data[data.index(b"\n") + 1 :]))
    return entries


def kept_titles(project: Path) -> dict:
    return json.loads((project / TITLES).read_text("utf-8"))["titles"]


def test_unchanged_pages_take_their_kept_conversion_a_changed_one_is_converted(corpus, tmp_path):
    """The conversions file keeps one entry a page by its Markdown: after a body edit only
    the edited page's entry is new, and an unchanged page's page is made from its entry
    (a marker written into the entry shows up in the built page: it was not converted)."""
    project = built_project(corpus, tmp_path)
    build(project)
    before = conversions(project)
    stamps = {path.name: path.stat().st_mtime_ns for path in conversion_files(project)}
    assert len(stamps) == len(markdowncache.SHARD_DIGITS)
    titles = (project / TITLES).stat().st_mtime_ns
    assert len(before) > 40
    _, info = corpus
    edited, witness = info.published()[4], info.published()[9]
    path = project / edited.path
    heading = f"## {edited.headings[0]}\n\n"
    path.write_text(
        path.read_text("utf-8").replace(heading, heading + "正文修订一句。", 1), "utf-8"
    )
    rebuild_equals_clean(project, tmp_path)
    after = conversions(project)
    assert len(after) == len(before)
    new = [after[key] for key in set(after) - set(before)]
    # the edited page: converted (a tuple), then the pipeline's step on its HTML (a str)
    assert sorted(type(entry).__name__ for entry in new) == ["str", "tuple"]
    # only the files holding an entry that came or went are written again
    rewritten = {
        path.name
        for path in conversion_files(project)
        if path.stat().st_mtime_ns != stamps.get(path.name)
    }
    assert rewritten == {f"pages-{key[0]}.pickle" for key in set(after) ^ set(before)}
    assert all(
        "正文修订一句。" in (e or "正文修订一句。" if isinstance(e, str) else e[0]) for e in new
    )
    assert (project / TITLES).stat().st_mtime_ns == titles  # every title found: not rewritten
    # an unchanged page is made from its entry: mark the witness's entry, build, see it
    body = (project / witness.path).read_text("utf-8").split("\n---\n", 1)[1]
    sentence = body.split("## ", 1)[1].split("\n\n", 2)[1][:24]  # its first section's
    marked = [  # and look-alikes
        key for key, entry in after.items() if isinstance(entry, tuple) and sentence in entry[0]
    ]
    assert marked, "the witness's entry was not found"
    for key in marked:
        content, *rest = after[key]
        after[key] = (content.replace("</p>", "</p><p>KEPT-CONVERSION-MARK</p>", 1), *rest)
    for key in marked:
        path = markdowncache.shard_path(project / CONVERSIONS, key[0])
        header, data = path.read_bytes().split(b"\n", 1)
        entries = safepickle.loads(data)
        entries[key] = after[key]
        path.write_bytes(header + b"\n" + safepickle.dumps(entries))
    build(project)
    page = (project / "site" / witness.url / "index.html").read_text("utf-8")
    assert "KEPT-CONVERSION-MARK" in page


def test_a_conversion_is_kept_while_the_files_its_links_name_find_the_same(corpus, tmp_path):
    """The conversions' key leaves out the site's other files: an item added converts only
    its own page, not every page again; a page whose link target moved is converted again
    (its link follows the target: the rebuild equals a clean build)."""
    project = built_project(corpus, tmp_path)
    build(project)
    _, info = corpus
    texts = {i.path: (project / i.path).read_text("utf-8") for i in info.items}
    target = next(
        i
        for i in info.published()
        if any(Path(i.path).name + ")" in t for p, t in texts.items() if p != i.path)
    )
    before = conversions(project)
    pages = sum(isinstance(entry, tuple) for entry in before.values())
    copy = project / Path(target.path).with_name("2026-12-01-brand-new-item.md")
    copy.write_text(texts[target.path], "utf-8")
    set_front_matter(copy, "slug", "brand-new-item")
    set_front_matter(copy, "title", "澜石科技新增一条用于测试的新闻")
    rebuild_equals_clean(project, tmp_path / "added")
    added = conversions(project)
    converted = [e for k, e in added.items() if isinstance(e, tuple) and k not in before]
    assert len(converted) <= 2 < pages, len(converted)  # the new page (and a look-alike)
    # the item moved: the pages linking it show its new address
    set_front_matter(project / target.path, "slug", "moved-elsewhere")
    rebuild_equals_clean(project, tmp_path / "moved")


def test_a_kept_conversion_is_taken_only_while_its_links_find_the_same_files(tmp_path):
    """Converted with MkDocs' own Page.render through the cache: a second page needs no
    conversion of its own, but when the file its link names moves (a post's URL is set by
    the blog plugin, not by its path), the page is converted again and links the new URL."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# 首页\n\n[关于](about.md)\n", "utf-8")
    (docs / "about.md").write_text("# 关于\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\ndocs_dir: docs\n", "utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))

    def render(about_url: str) -> tuple[str, int]:
        files = Files(
            [File(n, str(docs), str(tmp_path / "site"), True) for n in ("index.md", "about.md")]
        )
        files.get_file_from_path("about.md").url = about_url
        page = Page(None, files.get_file_from_path("index.md"), config)
        page.read_source(config)
        cache = markdowncache.MarkdownCache(tmp_path, config)
        cache.render(Page.render, page, config, files)
        cache.prune()
        return page.content, cache.hits

    first, hits = render("about/")
    assert 'href="../about/"' not in first and 'href="about/"' in first and hits == 0
    assert render("about/") == (first, 1)  # taken from the file written by the first
    moved, hits = render("company/about/")
    assert 'href="company/about/"' in moved and hits == 0


def test_front_matter_new_removed_and_renamed_posts_through_the_caches_equal_clean_build(
    corpus, tmp_path
):
    """Title, date, categories and draft edits, a new post, a removed post and a renamed
    file, rebuilt through the kept front matter, conversions and title entries: equal to
    a clean build; the titles file holds this build's titles only."""
    sources, info = corpus
    project = built_project(corpus, tmp_path)
    build(project)
    news = sorted((i for i in info.published() if i.section == "news"), key=lambda i: i.date)
    retitled, redated, recategorized = news[3], news[5], news[7]
    newest = news[-1]
    # no other item links to these: hidden, renamed or removed, they leave no broken link
    alone = [i for i in unlinked(info, sources) if i not in (retitled, redated, recategorized)]
    drafted, renamed, removed = [i for i in alone if i is not newest][:3]
    set_front_matter(project / retitled.path, "title", "缓存测试：修订后的新闻标题")
    set_front_matter(project / redated.path, "date", "2024-03-04 09:30:00")
    other = next(c for c in ("产品发布", "公司动态") if c not in recategorized.categories)
    set_front_matter(project / recategorized.path, "categories", f"[{other}]")
    path = project / drafted.path
    path.write_text(path.read_text("utf-8").replace("\ntitle:", "\ndraft: true\ntitle:", 1))
    source = project / renamed.path
    source.rename(source.with_name("renamed-" + source.name))
    source = project / newest.path
    added = source.with_name(source.name.replace(newest.slug, "cache-new-item"))
    text = source.read_text("utf-8").replace(f"slug: {newest.slug}", "slug: cache-new-item")
    added.write_text(text.replace(f"title: {newest.title}", "title: 缓存测试新增新闻"), "utf-8")
    (project / removed.path).unlink()
    if removed.image:
        (project / removed.path).with_name(removed.image).unlink()
    rebuild_equals_clean(project, tmp_path)
    titles = kept_titles(project)
    assert "缓存测试：修订后的新闻标题" in titles and "缓存测试新增新闻" in titles
    assert retitled.title not in titles and removed.title not in titles
    assert drafted.title not in titles
    assert not (project / "site" / drafted.url).exists()


def test_a_picture_replaced_by_another_size_equals_clean_build(corpus, tmp_path):
    """The pipeline's step after the conversion (pictures made responsive, with their
    sizes) is kept by the page's HTML and every picture of the site: a picture replaced
    by one of another size, the HTML of the pages showing it unchanged, is made again."""
    project = built_project(corpus, tmp_path)
    _, info = corpus
    item = next(i for i in info.published() if i.image)
    width = halve_picture((project / item.path).with_name(item.image))
    rebuild_equals_clean(project, tmp_path, pictures=False)  # the clean build encodes them all
    page = (project / "site" / item.url / "index.html").read_text("utf-8")
    assert f'width="{width}"' in page, "the page shows the old picture's size"


# -- what the skipped pages' build leaves out: headings, settings, URLs, linked files ---


def test_a_heading_and_a_related_items_title_edit_equal_clean_and_plain_builds(corpus, tmp_path):
    """Only a heading of one item's body changed (its table of contents, its anchors), and
    only the title of an item that other items show in their related lists: each rebuild
    through the kept records equals a clean build, and the last one also a build without
    any speed-up."""
    project = built_project(corpus, tmp_path)
    build(project)  # every page recorded: the next builds skip what is unchanged
    _, info = corpus
    item = info.published()[4]
    path = project / item.path
    old = f"## {item.headings[0]}\n"
    path.write_text(
        path.read_text("utf-8").replace(old, f"## {item.headings[0]}与展望\n", 1), "utf-8"
    )
    rebuild_equals_clean(project, tmp_path)
    page = (project / "site" / item.url / "index.html").read_text("utf-8")
    assert f"{item.headings[0]}与展望" in page
    shown = info.published()[6]  # the related lists of its section's items show its title
    set_front_matter(project / shown.path, "title", "相关列表里改过的标题")
    shutil.rmtree(tmp_path / "clean")
    rebuild_equals_clean(project, tmp_path)
    differences = differences_from_clean(project, tmp_path / "plain", "--no-speedups")
    assert not differences, "differs from a build without speed-ups:\n" + "\n".join(
        differences[:40]
    )


def test_a_file_looked_up_by_its_path_is_the_one_mkdocs_finds():
    """``compat.file_from_path`` skips MkDocs' normalizing of a path already in normal form:
    for paths of every shape (dots, doubled and trailing slashes, Chinese, spaces) it finds
    the same file as ``Files.get_file_from_path``, or none alike."""
    names = ["index.md", "news/a.md", "news/posts/2026/新闻 一.md", "..md", ".hidden/x.md",
             "a/../b.md", "img/图.png", "news/./a.md"]  # fmt: skip
    files = Files([File(name, "/docs", "/site", use_directory_urls=True) for name in names])
    pieces = ["", ".", "..", "/", "//", "news", "a.md", "posts", "2026", "新闻 一.md", "..md",
              ".hidden", "x.md", "b.md", "img", "图.png", "index.md", "news\\a.md"]  # fmt: skip
    paths = set(names) | {"./index.md", "news//a.md", "news/a.md/", "news/.", "/news/a.md", "."}
    for first in pieces:
        for second in pieces:
            for third in ("", "a.md", "/", "."):
                paths.add(first + "/" + second + third)
                paths.add(first + second + "/" + third)
    for path in sorted(paths):
        assert compat.file_from_path(files, path) is files.get_file_from_path(path), path


def test_canonical_urls_joined_as_text_equal_urljoin():
    """``compat.canonical_urls``: every page's canonical URL and its path, as MkDocs'
    ``urljoin`` makes them, for the site URLs and page URLs a site can have (a plain
    relative URL is joined as text; anything else by MkDocs' own code)."""
    bases = [
        "https://www.example.com/", "https://example.com", "https://example.com/sub",
        "https://example.com/sub/", "HTTPS://Example.com/a/b/", "http://u@host:8080/p/",
        "https://host/a/../b/", "https://host/?q=1", "https://host/#top", "ftp://host/",
        "https://host/a//b/", "https://host/a;b/", "", None,
    ]  # fmt: skip
    urls = [
        "", "index.html", "news/", "news/posts/关于我们/", "a/b/c.html", "./a/", "../a/",
        "/abs/", "a//b/", "a/./b/", "a/..", "a/.", ".", "..", "http://other/", "a?b", "a#b",
        "a;b/", " a/", "a\tb/", "a\nb/", "%E4%B8%AD/", "a b/", "a:b/", "x\\y/", "//host/x/",
    ]  # fmt: skip
    original = Page._set_canonical_url
    with ExitStack() as stack:
        compat.canonical_urls(stack)
        joined = Page._set_canonical_url
        assert joined is not original
        for base in bases:
            for url in urls:
                ours, theirs = SimpleNamespace(url=url), SimpleNamespace(url=url)
                joined(ours, base)
                original(theirs, base)
                assert vars(ours) == vars(theirs), (base, url)
    assert Page._set_canonical_url is original


def test_skipped_pages_linked_by_a_worker_or_the_build_fails(tmp_path):
    """``pageskip``'s links, made by a process of their own (``linkworker``): the previous
    file itself in a folder made for it; a file that can be neither linked nor copied
    fails the build when the pages are done."""
    previous = tmp_path / "previous" / "news" / "a" / "index.html"
    previous.parent.mkdir(parents=True)
    previous.write_text("<p>上一版</p>", "utf-8")
    site = tmp_path / "site"
    site.mkdir()
    linker = Linker()
    target = site / "news" / "a" / "index.html"
    assert linker.link(str(previous), str(target), previous.stat().st_dev)
    assert linker.link(str(previous.with_name("gone.html")), str(site / "b" / "index.html"),
                       previous.stat().st_dev)  # fmt: skip
    with pytest.raises(FileNotFoundError):
        linker.finish()
    assert target.stat().st_ino == previous.stat().st_ino
    assert not linker.link(str(previous), str(site / "c.html"), previous.stat().st_dev + 1)
    linker.finish()  # nothing handed over since: nothing to wait for, nothing failed
    # a page written again (its links rendered in place) in a folder made for it; a page
    # that exists already is never written over
    written = site / "news" / "d" / "index.html"
    linker.write(str(written), "<p>新版</p>".encode())
    linker.write(str(target), b"<p>written over</p>")
    with pytest.raises(FileExistsError):
        linker.finish()
    assert written.read_text("utf-8") == "<p>新版</p>"
    assert target.read_text("utf-8") == "<p>上一版</p>"
    # nor linked over: a copy in its place would write through it (into the previous site,
    # when it is a link to that site's file)
    assert linker.link(str(written), str(target), previous.stat().st_dev)
    with pytest.raises(FileExistsError):
        linker.finish()
    assert target.read_text("utf-8") == "<p>上一版</p>"
    assert target.stat().st_ino == previous.stat().st_ino
    # where no process can be started the jobs are done at once, the same way
    inline = Linker()
    inline.inline = set()
    again = site / "news" / "e" / "index.html"
    assert inline.link(str(previous), str(again), previous.stat().st_dev)
    inline.finish()
    assert again.stat().st_ino == previous.stat().st_ino


def test_a_markdown_extension_that_reads_files_turns_the_kept_conversions_off(corpus, tmp_path):
    """pymdownx.snippets puts another file's text into a page while it is converted: that
    file is in no key, so with such an extension in mkdocs.yml no conversion is kept and a
    changed snippet reaches the page (the rebuild equals a clean build)."""
    sources, info = corpus
    project = tmp_path / "project"
    copy_sources(sources, project)
    snippets = project / "snippets"
    snippets.mkdir()
    (snippets / "notice.md").write_text("第一版提示语。\n", "utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "\nmarkdown_extensions:\n" in text
    config.write_text(
        text.replace(
            "\nmarkdown_extensions:\n",
            f"\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: ['{snippets}']\n",
        ),
        "utf-8",
    )
    item = info.published()[3]
    path = project / item.path
    heading = f"## {item.headings[0]}\n\n"
    path.write_text(
        path.read_text("utf-8").replace(heading, heading + '--8<-- "notice.md"\n\n', 1), "utf-8"
    )
    build(project)
    page = project / "site" / item.url / "index.html"
    assert "第一版提示语。" in page.read_text("utf-8")
    (snippets / "notice.md").write_text("第二版提示语。\n", "utf-8")
    rebuild_equals_clean(project, tmp_path)
    assert "第二版提示语。" in page.read_text("utf-8")
    assert conversion_files(project) == []
    # the foreign extension's name is what the guard reports
    assert markdowncache.foreign_extension(load_config(str(config))) == "pymdownx.snippets"


def test_damaged_skip_records_build_their_pages(corpus, tmp_path):
    """Records of the skipped pages whose fields have the wrong shape (a stamp too short, a
    frame of nothing) are not taken: those pages are built, and an item added after (the
    related items' links relinked elsewhere) still equals a clean build."""
    project = built_project(corpus, tmp_path)
    build(project)
    (manifest,) = (project / pagereuse.CACHE_DIR).glob("*.skip.tsv")
    lines = manifest.read_text("utf-8").splitlines(keepends=True)
    damaged = [lines[0]]
    for n, line in enumerate(lines[1:]):
        dest, key, meta, search = line.rstrip("\n").split("\t")
        stamp, sitemap, added, notes, frame = json.loads(meta)
        if n % 2:
            stamp = stamp[:1]
        else:
            frame = [] if frame is not None else frame
        damaged.append("\t".join((dest, key, json.dumps([stamp, sitemap, added, notes, frame]),
                                  search)) + "\n")  # fmt: skip
    manifest.write_text("".join(damaged), "utf-8")
    _, info = corpus
    newest = max(info.published(), key=lambda i: i.date)
    source = project / newest.path
    copy = source.with_name(source.name.replace(newest.slug, "after-damage"))
    copy.write_text(
        source.read_text("utf-8").replace(f"slug: {newest.slug}", "slug: after-damage"), "utf-8"
    )
    rebuild_equals_clean(project, tmp_path)


def test_page_keys_are_canonical_and_refuse_what_they_cannot_write_exactly():
    """The keys' JSON (core/keyjson.py): one text for equal values whatever their order,
    another for any change, and a TypeError (the page is built, not keyed) for a value
    it cannot write exactly."""
    assert keyjson.key_bytes({"b": 1, "a": [1, (2, 3)], 5: "澜石"}) == keyjson.key_bytes(
        {5: "澜石", "a": [1, [2, 3]], "b": 1}
    )
    assert keyjson.key_bytes({"title": "澜石"}) != keyjson.key_bytes({"title": "澜右"})
    assert keyjson.key_bytes({2, 1}, default=sorted) == b"[1,2]"
    for unwritable in ("\ud800", 2**70, {"x": object()}):
        with pytest.raises(TypeError):
            keyjson.key_bytes(unwritable)
    line = keyjson.compact(["news/a/index.html", {"标题": "澜石"}])
    assert keyjson.loads(line) == ["news/a/index.html", {"标题": "澜石"}]
    with pytest.raises(ValueError):
        keyjson.loads(line[:-3])
