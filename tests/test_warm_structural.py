"""`pipeline serve`'s structural saves (engine/livebuild.py ``LiveBuilds._full``) equal a
clean build, byte for byte.

An item's date, categories or draft flag changed, an item added or removed: the preview
builds everything again beside the served folder, taking unchanged pages from it
(speedups/pageskip.py and pagereuse.py: an item page's key leaves out the list of every
page, so most item pages are not built at all after such a save) and linking its static files
(speedups/staticlinks.py), with the item copies kept from one build to the next. After
each save the served folder is compared with a clean preview build of the same sources.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from test_incremental import set_front_matter, unlinked  # noqa: E402
from test_warm import assert_served_equals_clean, live_copy  # noqa: E402


@pytest.fixture
def corpus(corpus40):
    return corpus40  # tests/conftest.py: generated once, its pictures encoded


def rendered_and_reused(builds) -> tuple[int, int]:
    """Pages rendered, and pages taken from the served folder: reused (rendered to the
    same bytes, speedups/pagereuse.py) or not built at all (speedups/pageskip.py)."""
    run = builds.kept.warm.run
    skipped = run.skip.skipped if run.skip is not None else 0
    return run.reuse.rendered, run.reuse.reused + skipped


def test_structural_saves_equal_a_clean_build(corpus, tmp_path):
    sources, info = corpus
    root, served, now, builds, built = live_copy(sources, tmp_path)
    news = sorted((i for i in info.published() if i.section == "news"), key=lambda i: i.date)
    items = len(info.published())
    try:
        builds.build()
        assert built[-1][0] == "full"
        copies = builds.copies_dir
        assert copies is not None and copies.is_dir()

        # a new item (a copy of the newest under another slug): most item pages reused
        newest = news[-1]
        source = root / newest.path
        added = source.with_name(source.name.replace(newest.slug, "structural-copy"))
        text = source.read_text("utf-8").replace(f"slug: {newest.slug}", "slug: structural-copy")
        added.write_text(text, "utf-8")
        builds.build()
        assert built[-1][0] == "full", built
        url = newest.url.replace(newest.slug, "structural-copy")
        assert (served / url / "index.html").is_file()
        rendered, reused = rendered_and_reused(builds)
        assert reused > items // 2, (rendered, reused)
        assert builds.copies_dir == copies  # the same copies, written again only if changed
        assert_served_equals_clean(root, served, tmp_path, now)

        # removed again
        added.unlink()
        builds.build()
        assert built[-1][0] == "full", built
        assert not (served / url).exists()
        assert_served_equals_clean(root, served, tmp_path, now)

        # a date edit: the item moves (other URL, archive, pagination, neighbours)
        moved = news[len(news) // 2]
        set_front_matter(root / moved.path, "date", "2024-02-03 10:00:00")
        builds.build()
        assert built[-1][0] == "full", built
        assert (served / f"news/2024/02/03/{moved.slug}/index.html").is_file()
        assert_served_equals_clean(root, served, tmp_path, now)

        # a category edit: the item moves between category pages
        recategorized = news[-3]
        other = next(c for c in ("产品发布", "公司动态") if c not in recategorized.categories)
        set_front_matter(root / recategorized.path, "categories", f"[{other}]")
        builds.build()
        assert built[-1][0] == "full", built
        assert_served_equals_clean(root, served, tmp_path, now)

        # a draft on, then off again
        hidden = next(i for i in unlinked(info, sources) if i not in (moved, recategorized))
        path = root / hidden.path
        original = path.read_text("utf-8")
        path.write_text(original.replace("\ntitle:", "\ndraft: true\ntitle:", 1), "utf-8")
        builds.build()
        assert built[-1][0] == "full", built
        assert not (served / hidden.url).exists()
        assert_served_equals_clean(root, served, tmp_path, now)
        path.write_text(original, "utf-8")
        builds.build()
        assert built[-1][0] == "full", built
        assert (served / hidden.url / "index.html").is_file()
        assert_served_equals_clean(root, served, tmp_path, now)
    finally:
        builds.close()
    assert builds.copies_dir is None and not copies.exists()
