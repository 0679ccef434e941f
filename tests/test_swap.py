"""The swap of a new site into place: at every instant site/ is the old site or the new
one, whatever moment a build is killed at, and the next build clears what it left.

Real `pipeline build` processes killed with SIGKILL, on the real file system.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Project

from pipeline.engine import swap

pytestmark = pytest.mark.slow


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def leftovers(project: Project) -> list[str]:
    return sorted(
        p.name for p in project.root.iterdir() if p.name.startswith(".site.") and p.is_dir()
    )


def test_exchange_trades_two_folders_in_one_step(tmp_path: Path) -> None:
    old, new = tmp_path / "site", tmp_path / ".site.staging-x"
    old.mkdir()
    new.mkdir()
    (old / "index.html").write_text("old")
    (new / "index.html").write_text("new")
    if not swap.exchange(new, old):
        pytest.skip("this file system cannot exchange two paths; the two-rename path is used")
    assert (old / "index.html").read_text() == "new"
    assert (new / "index.html").read_text() == "old"


def test_the_swap_replaces_the_site_and_removes_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "old.html").write_text("old")
    staging = swap.staging_folder(target)
    (staging / "new.html").write_text("new")
    swap.swap_into_place(staging, target)
    assert sorted(p.name for p in target.iterdir()) == ["new.html"]
    assert [p.name for p in tmp_path.iterdir() if p.name != "site"] == []


def test_recover_puts_back_a_site_left_between_two_renames_and_clears_staging(tmp_path: Path):
    target = tmp_path / "site"
    previous = tmp_path / ".site.previous-1700000000000000000"
    previous.mkdir()
    (previous / "index.html").write_text("last good")
    stale = swap.staging_folder(target)
    (stale / "half.html").write_text("half")
    swap.recover(target)
    assert (target / "index.html").read_text() == "last good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _killed_build(project: Project, after: float) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build"],
        cwd=project.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(after)
    with contextlib.suppress(ProcessLookupError):  # it may have finished already
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def test_a_build_killed_at_any_moment_leaves_a_whole_site(project: Project) -> None:
    """Kill -9 at moments spread over a whole build, the swap's included: site/ is always
    the old site or the new one; the next build removes what the killed ones left."""
    assert project.cli("build").exit_code == 0
    old = files_of(project.site)
    item = project.content / "news/posts/2026/2026-03-12-new-gateway.md"
    item.write_text(item.read_text("utf-8").replace("工业协议", "工业协议与接口"), "utf-8")
    started = time.monotonic()
    assert project.pipeline("build").returncode == 0
    duration = time.monotonic() - started
    new = files_of(project.site)
    assert new != old
    for fraction in (0.2, 0.5, 0.8, 0.9, 0.95, 1.0):
        _killed_build(project, duration * fraction)
        assert files_of(project.site) in (old, new), f"killed at {fraction:.0%} of a build"
    done = project.pipeline("build")
    assert done.returncode == 0, done.stdout + done.stderr
    assert files_of(project.site) == new
    assert gone_soon(project), leftovers(project)


def gone_soon(project: Project, seconds: float = 60.0) -> bool:
    """The old site is removed by a process of its own after the build: wait for it."""
    deadline = time.monotonic() + seconds
    while leftovers(project) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not leftovers(project)


def test_a_build_leaves_the_old_site_to_a_background_removal(project: Project) -> None:
    """`pipeline build` does not wait for the old site's removal (seconds at thousands of
    files): renamed beside the new one, it is removed by a process that outlives the build."""
    assert project.cli("build").exit_code == 0
    marker = project.site / "marker-of-the-old-site.txt"
    marker.write_text("old", encoding="utf-8")
    assert project.pipeline("build").returncode == 0
    assert not marker.exists()
    assert (project.site / "index.html").is_file()
    assert gone_soon(project), leftovers(project)


def test_swap_keeping_the_old_site_returns_it_renamed(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "old.html").write_text("old")
    staging = swap.staging_folder(target)
    (staging / "new.html").write_text("new")
    old = swap.swap_into_place(staging, target, keep_old=True)
    assert old is not None and old.name.startswith(".site.old-")
    assert (old / "old.html").read_text() == "old"
    assert sorted(p.name for p in target.iterdir()) == ["new.html"]
    swap.recover(target)  # a removal that did not finish: the next build hands it on again
    deadline = time.monotonic() + 30
    while old.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
