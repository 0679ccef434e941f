"""Rebuilds through the caches a new process reads from disk equal clean builds.

The checks' memo (.cache/pipeline/check/, pipeline.content.memofile) and the blog posts'
parsed front matter (.cache/pipeline/blog-meta/, pipeline.engine.speedups.postmeta) are
written by one `pipeline build` and read by the next. Each test builds the generated
corpus of tests/test_incremental.py, changes it (sources, settings or the cache files
themselves), rebuilds in place and compares every file with a clean build of the same
sources, byte for byte.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from test_incremental import (  # it puts bench/ (the corpus generator) on the path
    build,
    built_project,
    generate,
    rebuild_equals_clean,
    set_front_matter,
)

from pipeline.content import memofile
from pipeline.core import safepickle
from pipeline.engine.speedups import postmeta

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
