"""`pipeline build` with nothing changed builds nothing (pipeline/uptodate.py).

Real builds of the small fixture site in temporary folders, each a real `pipeline`
process: the second build with nothing changed leaves site/ as it was and reports the
last build's findings again, with the same exit status and the same JSON; any change of
an input (a source's bytes, site_config, the update log, a built file, the options, the
time passing an item's publish moment, an old stamp) builds again, and what it builds
equals a clean build of the same sources.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import SHANGHAI, Project, make_png
from test_incremental import site_differences

from pipeline.records.updatelog import Entry

UP_TO_DATE = "The site is up to date (site/"
BUILT = "Site built in site/"
BUILD_OUTPUTS = shutil.ignore_patterns("site", "site-preview", ".site*", ".cache")


def build(project: Project, *args: str) -> subprocess.CompletedProcess:
    return project.pipeline("--lang", "en", "build", *args)


def built_anew(done: subprocess.CompletedProcess) -> bool:
    """True when the build ran, False when it found the site up to date."""
    assert done.returncode == 0, done.stdout + done.stderr
    assert (BUILT in done.stderr) != (UP_TO_DATE in done.stderr), done.stderr
    return BUILT in done.stderr


def index_identity(project: Project) -> tuple[int, int]:
    info = (project.site / "index.html").stat()
    return info.st_ino, info.st_mtime_ns


def equals_clean_build(project: Project, tmp_path: Path) -> None:
    """site/ is what a fresh copy of the sources builds, byte for byte (the copy keeps
    the sources' modification times, which the sitemap shows for fixed pages)."""
    clean = Project(tmp_path / f"clean-{time.monotonic_ns()}")
    shutil.copytree(project.root, clean.root, ignore=BUILD_OUTPUTS)
    assert built_anew(build(clean))
    differences = site_differences(project.site, clean.site)
    assert not differences, "differs from a clean build:\n" + "\n".join(differences[:20])


def stamp(project: Project) -> dict:
    return json.loads((project.root / ".cache/pipeline/builds/site.json").read_text("utf-8"))


@pytest.fixture
def warned(project: Project) -> Project:
    """The fixture site with a warning (an image no page shows), built once."""
    make_png(project.content / "assets" / "unused.png")
    assert built_anew(build(project))
    return project


def test_nothing_changed_builds_nothing_and_reports_the_same(warned: Project) -> None:
    project = warned
    before = index_identity(project)
    json_first = build(project, "--force", "--format", "json", "--summary", "first.md")
    assert built_anew(json_first)
    identity = index_identity(project)
    assert identity != before  # --force built, although nothing changed

    again = build(project, "--format", "json", "--summary", "again.md")
    assert not built_anew(again)
    assert index_identity(project) == identity  # site/ not touched: same file, same time
    assert "(site/, " in again.stderr and "pages)" in again.stderr and "--force" in again.stderr
    assert again.returncode == json_first.returncode == 0
    first, second = json.loads(json_first.stdout), json.loads(again.stdout)
    assert second == first
    assert [f["rule"] for f in second["findings"]] == ["images/unreferenced"]
    assert (project.root / "again.md").read_text() == (project.root / "first.md").read_text()

    text = build(project)  # the terminal report: the warning shown again
    assert not built_anew(text)
    assert "unused.png" in text.stdout
    chinese = project.pipeline("build")
    assert chinese.returncode == 0
    assert (
        "站点已是最新（site/，" in chinese.stderr and "要强制重新生成，用 --force" in chinese.stderr
    )
    assert index_identity(project) == identity


def test_touch_is_no_change_but_one_byte_is(warned: Project, tmp_path: Path) -> None:
    project = warned
    item = project.content / "news/posts/2026/2026-05-28-high-tech.md"
    later = time.time() + 5
    os.utime(item, (later, later))  # the same bytes, a new modification time
    assert not built_anew(build(project))

    # a fixed page's modification time is its date in the sitemap (outside git): an input
    sitemap = (project.site / "sitemap.xml").read_text("utf-8")
    about = project.content / "about.md"
    os.utime(about, (later + 3600, later + 3600))
    assert built_anew(build(project))
    assert (project.site / "sitemap.xml").read_text("utf-8") != sitemap

    item.write_text(item.read_text("utf-8").replace("再次", "再一次"), "utf-8")
    assert built_anew(build(project))
    assert "再一次" in project.html("news/2026/05/28/" + stamp_slug(project, "高新技术"))
    assert not built_anew(build(project))
    equals_clean_build(project, tmp_path)


def stamp_slug(project: Project, words: str) -> str:
    """The folder of the news item whose page mentions ``words``."""
    for page in (project.site / "news/2026/05/28").iterdir():
        if words in (page / "index.html").read_text("utf-8"):
            return page.name + "/"
    raise AssertionError(words)


def test_settings_and_update_log_are_inputs(warned: Project, tmp_path: Path) -> None:
    project = warned
    brand = project.root / "site_config/brand.yml"
    brand.write_text(brand.read_text("utf-8") + "\n# a comment only: still other bytes\n")
    assert built_anew(build(project))
    assert not built_anew(build(project))

    # the update log kept outside content/, published on the site
    records = project.root / "site_config/records.yml"
    text = records.read_text("utf-8").replace(
        "log_file: content/update-log.jsonl", "log_file: records/update-log.jsonl"
    )
    records.write_text(text + "publish: true\n", "utf-8")
    log = project.root / "records/update-log.jsonl"
    log.parent.mkdir()
    log.write_text(log_entry(1, "首次上线") + "\n", "utf-8")
    assert built_anew(build(project))
    assert not built_anew(build(project))
    with log.open("a", encoding="utf-8") as handle:
        handle.write(log_entry(2, "增加联系方式") + "\n")
    assert built_anew(build(project))
    assert not built_anew(build(project))
    equals_clean_build(project, tmp_path)


def log_entry(seq: int, subject: str) -> str:
    return Entry(
        seq=seq,
        commit=f"{seq:040x}",
        date=f"2026-03-0{seq}T10:00:00+08:00",
        kind="content",
        sections=["pages"],
        changes=[],
        other_files=0,
        authors=["张伟"],
        approvers=["王经理"],
        subject=subject,
    ).to_json()


def test_the_built_folder_must_be_what_the_build_wrote(warned: Project, tmp_path: Path) -> None:
    project = warned
    about = project.site / "about/index.html"
    about.write_text(about.read_text("utf-8").replace("公司简介", "公司简介（改）"), "utf-8")
    assert built_anew(build(project))
    assert "公司简介（改）" not in about.read_text("utf-8")
    (project.site / "contact/index.html").unlink()
    assert built_anew(build(project))
    assert (project.site / "contact/index.html").is_file()
    assert not built_anew(build(project))
    equals_clean_build(project, tmp_path)


def test_options_force_and_old_stamps_build(warned: Project) -> None:
    project = warned
    identity = index_identity(project)
    drafts = build(project, "--drafts")  # another folder, another build
    assert drafts.returncode == 0 and "Site built in site-preview/" in drafts.stderr
    # a preview has the team's figures (git history, this week): never taken as it is
    again = build(project, "--drafts")
    assert "Site built in site-preview/" in again.stderr and "up to date" not in again.stderr
    assert index_identity(project) == identity
    assert not built_anew(build(project))  # site/ itself is still up to date
    # an environment variable the build reads (MkDocs' build date)
    epoch = {"SOURCE_DATE_EPOCH": "1767225600"}
    assert built_anew(project.pipeline("--lang", "en", "build", env=epoch))
    assert not built_anew(project.pipeline("--lang", "en", "build", env=epoch))
    assert built_anew(build(project))
    assert built_anew(build(project, "--no-speedups"))
    assert built_anew(build(project))  # built with other options than the last one
    preview = build(project, "--now", "2026-11-30 08:00")  # a preview, never skipped
    assert "Site built in site-preview/" in preview.stderr, preview.stderr
    assert not built_anew(build(project))
    assert built_anew(build(project, "--force"))
    assert not built_anew(build(project))
    # a stamp written before these fields existed: not up to date, and the deploy's keys kept
    path = project.root / ".cache/pipeline/builds/site.json"
    old = {k: v for k, v in stamp(project).items() if k in
           ("folder", "preview", "drafts", "built_at", "sources", "tree")}  # fmt: skip
    path.write_text(json.dumps(old), "utf-8")
    assert built_anew(build(project))
    assert set(old) <= set(stamp(project)) and stamp(project)["inputs"]
    assert not built_anew(build(project))


def test_an_item_appears_when_its_publish_moment_passes(project: Project, tmp_path) -> None:
    # a build takes its "now" as it starts: the first needs only to start before the moment
    moment = (datetime.now(SHANGHAI) + timedelta(seconds=12)).replace(microsecond=0)
    project.write_item(
        "news",
        "2026-07-01-scheduled",
        title="澜石科技定时发布的新闻标题",
        date="2026-07-01 09:00",
        publish=moment.strftime("%Y-%m-%d %H:%M:%S"),
        slug="scheduled-news",
    )
    assert built_anew(build(project))
    scheduled = project.site / "news/2026/07/01/scheduled-news/index.html"
    assert not scheduled.exists()
    assert datetime.fromisoformat(stamp(project)["valid_until"]) == moment.astimezone(UTC)
    if datetime.now(SHANGHAI) < moment - timedelta(seconds=3):
        assert not built_anew(build(project))  # before the moment: nothing to do
    time.sleep(max(0.0, (moment - datetime.now(SHANGHAI)).total_seconds()) + 0.5)
    assert built_anew(build(project))
    assert scheduled.is_file()
    assert not built_anew(build(project))
    equals_clean_build(project, tmp_path)
