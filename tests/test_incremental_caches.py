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
from pathlib import Path

import pytest
from test_incremental import (  # it puts bench/ (the corpus generator) on the path
    build,
    built_project,
    generate,
    rebuild_equals_clean,
    set_front_matter,
    unlinked,
)

from pipeline.content import memofile
from pipeline.core import safepickle
from pipeline.engine.speedups import markdowncache, postmeta, titlecache

MEMO = Path(memofile.CACHE_DIR) / memofile.FILE_NAME
META = Path(postmeta.CACHE_DIR) / postmeta.FILE_NAME


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Sources only, generated once (as tests/test_incremental.py's)."""
    root = tmp_path_factory.mktemp("corpus") / "sources"
    return root, generate(root, 40, image_widths=(160, 320))


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

CONVERSIONS = Path(markdowncache.CACHE_DIR) / markdowncache.FILE_NAME
TITLES = Path(titlecache.CACHE_DIR) / titlecache.FILE_NAME


def conversions(project: Path) -> dict:
    data = (project / CONVERSIONS).read_bytes()
    return safepickle.loads(data[data.index(b"\n") + 1 :])


def kept_titles(project: Path) -> dict:
    return json.loads((project / TITLES).read_text("utf-8"))["titles"]


def test_unchanged_pages_take_their_kept_conversion_a_changed_one_is_converted(corpus, tmp_path):
    """The conversions file keeps one entry a page by its Markdown: after a body edit only
    the edited page's entry is new, and an unchanged page's page is made from its entry
    (a marker written into the entry shows up in the built page: it was not converted)."""
    project = built_project(corpus, tmp_path)
    build(project)
    before = conversions(project)
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
    header = (project / CONVERSIONS).read_bytes().split(b"\n", 1)[0] + b"\n"
    (project / CONVERSIONS).write_bytes(header + safepickle.dumps(after))
    build(project)
    page = (project / "site" / witness.url / "index.html").read_text("utf-8")
    assert "KEPT-CONVERSION-MARK" in page


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
    from PIL import Image

    project = built_project(corpus, tmp_path)
    _, info = corpus
    item = next(i for i in info.published() if i.image)
    picture = (project / item.path).with_name(item.image)
    with Image.open(picture) as image:
        width, height = image.size
        kind = image.format
        smaller = image.convert("RGB").resize((width // 2, height // 2))
    smaller.save(picture, kind)
    rebuild_equals_clean(project, tmp_path)
    page = (project / "site" / item.url / "index.html").read_text("utf-8")
    assert f'width="{width // 2}"' in page, "the page shows the old picture's size"
