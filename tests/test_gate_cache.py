"""The publish gate's cache: a page judged before is not judged again, and what the gate
finds is the same with the cache as without it.

Clean sites are built by real `pipeline build` runs; sites with problems are rendered by
the engine without its gate (as the preview does), since a build the gate stops leaves no
pages. The gate is then called directly, to count the pages it judged and reused.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import Project

from pipeline.content.schema import parse_now
from pipeline.engine.build import render_into
from pipeline.engine.project import open_project
from pipeline.engine.request import BuildRequest
from pipeline.gate import cache as gate_cache
from pipeline.gate import gate_site
from pipeline.gate.cache import GateStats
from pipeline.prepare import prepare
from pipeline.stages import check_project

CACHE = Path(".cache/pipeline/gate/site")  # where `pipeline build` keeps the cache of site/


def _lower_html_levels(project: Project) -> None:
    """The content guard only warns on raw HTML: what is tested is the gate."""
    guard = project.root / "site_config/guard.yml"
    text = guard.read_text("utf-8")
    for detector in ("unsafe_html", "html_not_allowed"):
        text = text.replace(f"  {detector}: block\n", f"  {detector}: warn\n")
    guard.write_text(text, "utf-8")


def _gate(project: Project, cache_dir: Path | None, *, workers: int = 1):
    """The gate on site/ as the sources are now: (findings as dicts, stats)."""
    # the gate's source as a build process reads it now, not when this process first did
    gate_cache.rules_fingerprint.cache_clear()
    opened = open_project(project.root / "mkdocs.yml")
    check = check_project(opened, parse_now(None, opened.site_config))
    shown = [i for i in check.site.items if i.visibility(check.now) == "published"]
    stats = GateStats()
    findings = gate_site(
        project.site,
        check.site,
        shown,
        label="site",
        workers=workers,
        cache_dir=cache_dir,
        stats=stats,
    )
    return [f.to_dict("en") for f in findings], stats


def _pages(project: Project) -> dict[str, bytes]:
    return {
        path.relative_to(project.site).as_posix(): path.read_bytes()
        for path in project.site.rglob("*.html")
    }


def _built(project: Project) -> None:
    result = project.pipeline("build")
    assert result.returncode == 0, result.stdout + result.stderr


def _rendered_with_problems(project: Project) -> None:
    """site/ as MkDocs renders it, no gate run: the pages with their problems."""
    opened = open_project(project.root / "mkdocs.yml")
    check = check_project(opened, parse_now(None, opened.site_config))
    with tempfile.TemporaryDirectory(prefix="pipeline-items-") as copies:
        prepared = prepare(check, drafts=False, copies_dir=Path(copies))
        request = BuildRequest(now=check.now, prepared=prepared, previous_site=project.site)
        _, built = render_into(opened, project.site, request)
    assert built


def _write_problem_items(project: Project, handler_body: str = "正文。\n\n<b onclick=x>b</b>\n"):
    _lower_html_levels(project)
    mixed = "正文。\n\n内&shy;部资料\n\n<marquee>m</marquee>\n"
    project.write_item(
        "news", "2026-03-20-mixed", body=mixed, title="澜石科技测试混合内容", slug="m"
    )
    return project.write_item(
        "news", "2026-03-21-handler", body=handler_body, title="澜石科技测试事件", slug="h"
    )


def test_findings_are_the_same_cold_warm_and_after_an_edit(project: Project, tmp_path) -> None:
    _write_problem_items(project)
    _rendered_with_problems(project)
    pages = _pages(project)
    reference, judged_all = _gate(project, None)
    assert {f["rule"] for f in reference} == {"gate/term", "gate/not-allowed", "gate/handler"}
    assert (judged_all.judged, judged_all.reused) == (len(pages), 0)

    # a cache of its own, filled by worker processes, then read
    own = tmp_path / "gate-cache"
    cold, stats = _gate(project, own, workers=2)
    assert cold == reference
    assert (stats.judged, stats.reused) == (len(pages), 0)
    warm, stats = _gate(project, own)
    assert warm == reference
    assert (stats.judged, stats.reused) == (0, len(pages))

    # one item edited: its page and the pages that show it change; only those are judged
    _write_problem_items(project, "正文。\n\n新增的一段说明。\n\n<b onclick=x>b</b>\n")
    _rendered_with_problems(project)
    after = _pages(project)
    changed = {rel for rel, data in after.items() if pages.get(rel) != data}
    assert "news/2026/03/12/h/index.html" in changed
    assert 0 < len(changed) < len(after)
    edited, stats = _gate(project, own)
    assert (stats.judged, stats.reused) == (len(changed), len(after) - len(changed))
    assert edited == _gate(project, None)[0]


def test_a_build_fills_the_cache_and_keeps_only_its_pages(project: Project, tmp_path) -> None:
    _built(project)
    cache_file = project.root / CACHE / "pages.json"
    entries = json.loads(cache_file.read_text("utf-8"))["pages"]
    # no waivers here, so a key stands for the bytes of a page
    assert len(entries) == len(set(_pages(project).values()))
    before = tmp_path / "before"
    shutil.copytree(project.root / CACHE, before)
    pages = _pages(project)

    project.write_item(
        "news",
        "2026-05-28-high-tech",
        title="澜石科技通过高新技术企业认定",
        date="2026-05-28",
        body="公司再次通过高新技术企业认定，这是新增的一句。\n",
    )
    _built(project)
    after = _pages(project)
    changed = {rel for rel, data in after.items() if pages.get(rel) != data}
    assert 0 < len(changed) < len(after)
    # the cache as the edit found it: only the changed pages were judged by the rebuild
    findings, stats = _gate(project, before)
    assert findings == []
    assert (stats.judged, stats.reused) == (len(changed), len(after) - len(changed))
    # and as the rebuild left it: every page of this build, nothing of the previous one
    findings, stats = _gate(project, project.root / CACHE)
    assert (stats.judged, stats.reused) == (0, len(after))
    entries = json.loads(cache_file.read_text("utf-8"))["pages"]
    assert len(entries) == len(set(after.values()))


def test_a_page_file_judged_before_is_known_by_its_stamp(project: Project) -> None:
    """A page file with the inode, size and modification time the cache recorded is the
    file judged before (a build hard-links unchanged pages and never writes into them): its
    bytes are not read again. What that trusts, shown: bytes changed in place with the
    same size and time go unseen; with a new modification time they are read and judged."""
    _built(project)
    cache_file = project.root / CACHE / "pages.json"
    stamps = json.loads(cache_file.read_text("utf-8"))["stamps"]
    assert set(stamps) == set(_pages(project))
    page = next(p for p in project.site.rglob("index.html") if "澜石" in p.read_text("utf-8"))
    text = page.read_text("utf-8")
    written = page.stat()
    blocked = text.replace("澜石科技", "内部资料", 1)  # a blocked term, the same byte count
    assert len(blocked.encode()) == len(text.encode())
    page.write_text(blocked, "utf-8")
    os.utime(page, ns=(written.st_atime_ns, written.st_mtime_ns))
    findings, stats = _gate(project, project.root / CACHE)
    assert findings == [] and stats.judged == 0  # the recorded stamp: not read
    os.utime(page, ns=(written.st_atime_ns, written.st_mtime_ns + 1_000_000))
    findings, stats = _gate(project, project.root / CACHE)
    assert stats.judged == 1
    assert [f["rule"] for f in findings] == ["gate/term"], findings


def test_a_term_list_or_guard_yml_change_judges_again(project: Project) -> None:
    _built(project)
    cache_dir = project.root / CACHE
    findings, stats = _gate(project, cache_dir)
    assert findings == [] and stats.judged == 0

    # a term added that a page judged clean shows: found, though the page is unchanged
    terms = project.root / "site_config/terms/codenames.txt"
    terms.write_text(terms.read_text("utf-8") + "边缘计算\n", "utf-8")
    findings, stats = _gate(project, cache_dir)
    assert stats.reused == 0
    found = {(f["rule"], f["path"]) for f in findings}
    assert ("gate/term", "content/industry/posts/2026/2026-06-10-edge-computing.md") in found
    _, stats = _gate(project, cache_dir)
    assert stats.judged == 0

    # guard.yml allows the phrase: every page judged again, nothing found
    guard = project.root / "site_config/guard.yml"
    text = guard.read_text("utf-8").replace(
        "allowed_phrases:\n", "allowed_phrases:\n  - 边缘计算\n"
    )
    guard.write_text(text, "utf-8")
    findings, stats = _gate(project, cache_dir)
    assert findings == []
    assert stats.reused == 0


def test_a_waiver_taken_back_judges_the_unchanged_pages_again(project: Project) -> None:
    # a block-level list is waived only by the security file (tests/test_guard_waivers.py)
    path = project.write_item("news", "2026-03-20-waived", body="正文。\n\n这是蓝&shy;鲸二代。\n")
    rel = path.relative_to(project.root).as_posix()
    waivers = "site_config/guard-exceptions.yml"
    project.write(
        waivers, f"exceptions:\n  - file: {rel}\n    term: 蓝鲸二代\n    reason: 已发布\n"
    )
    _built(project)
    cache_dir = project.root / CACHE
    findings, stats = _gate(project, cache_dir)
    assert findings == [] and stats.judged == 0

    # the security file takes its waiver back; the built pages stay the same bytes
    project.write(waivers, "exceptions: []\n")
    findings, stats = _gate(project, cache_dir)
    assert any(f["rule"] == "gate/term" and f["path"] == rel for f in findings)
    assert stats.judged > 0
    assert findings == _gate(project, None)[0]


def _filled(project: Project, tmp_path: Path):
    _write_problem_items(project)
    _rendered_with_problems(project)
    reference, _ = _gate(project, None)
    cache_dir = tmp_path / "gate-cache"
    _gate(project, cache_dir)
    return reference, cache_dir, cache_dir / "pages.json"


def _wrong_shapes(path: Path) -> bytes:
    data = json.loads(path.read_text("utf-8"))
    shapes = [[1, 2], [[["a"]], [], []], [[], [["a", 1]], []], [[], [], [["r", "n", [], None]]], 7]
    keys = sorted(data["pages"])
    for index, key in enumerate(keys):
        data["pages"][key] = shapes[index % len(shapes)]
    return json.dumps(data).encode()


CORRUPT = {
    "empty": lambda path: b"",
    "truncated": lambda path: path.read_bytes()[: len(path.read_bytes()) // 2],
    "not-utf8": lambda path: b"\xff\xfe\x00{",
    "a-list": lambda path: b"[]",
    "pages-not-a-mapping": lambda path: b'{"format": 1, "rules": "x", "pages": []}',
    "entries-of-the-wrong-shape": _wrong_shapes,
}


@pytest.mark.parametrize("name", sorted(CORRUPT))
def test_a_corrupt_cache_is_judged_again(project: Project, tmp_path, name: str) -> None:
    reference, cache_dir, path = _filled(project, tmp_path)
    pages = len(_pages(project))
    path.write_bytes(CORRUPT[name](path))
    findings, stats = _gate(project, cache_dir)
    assert findings == reference
    assert (stats.judged, stats.reused) == (pages, 0)
    # written anew: the next run reuses every page
    findings, stats = _gate(project, cache_dir)
    assert findings == reference
    assert (stats.judged, stats.reused) == (0, pages)


def test_damaged_stamps_read_the_pages_again_and_reuse_their_judgements(
    project: Project, tmp_path
) -> None:
    """A stamp entry of the wrong shape (a digest that is no text, a short list, no list)
    is no stamp: the page is read and its key made from its bytes, which finds the
    judgement kept for it; the stamps are written whole again."""
    reference, cache_dir, path = _filled(project, tmp_path)
    pages = len(_pages(project))
    data = json.loads(path.read_text("utf-8"))
    shapes = [lambda s: [*s[:4], 5], lambda s: s[:4], lambda s: "x", lambda s: [*s[:4], None]]
    for index, rel in enumerate(sorted(data["stamps"])):
        data["stamps"][rel] = shapes[index % len(shapes)](data["stamps"][rel])
    path.write_text(json.dumps(data), "utf-8")
    findings, stats = _gate(project, cache_dir)
    assert findings == reference
    assert (stats.judged, stats.reused) == (0, pages)
    stamps = json.loads(path.read_text("utf-8"))["stamps"]
    assert all(isinstance(stamp[4], str) for stamp in stamps.values())


def test_a_cache_that_cannot_be_read_or_written_is_no_error(project: Project, tmp_path) -> None:
    reference, cache_dir, path = _filled(project, tmp_path)
    pages = len(_pages(project))
    path.unlink()
    path.mkdir()  # neither read nor replaced
    findings, stats = _gate(project, cache_dir)
    assert findings == reference and stats.judged == pages
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    findings, stats = _gate(project, blocked)
    assert findings == reference and stats.judged == pages
    assert not list(cache_dir.glob(".tmp-*"))


def test_a_cache_of_other_rules_is_judged_again(project: Project, tmp_path, monkeypatch) -> None:
    reference, cache_dir, path = _filled(project, tmp_path)
    pages = len(_pages(project))
    data = json.loads(path.read_text("utf-8"))
    for field, value in (("format", 0), ("rules", "0" * 32)):
        path.write_text(json.dumps({**data, field: value}), "utf-8")
        findings, stats = _gate(project, cache_dir)
        assert findings == reference
        assert (stats.judged, stats.reused) == (pages, 0), field

    # the gate's rules change (a new version or its modules' source): judged again
    monkeypatch.setattr(gate_cache, "RULES_VERSION", "test-other")
    gate_cache.rules_fingerprint.cache_clear()
    try:
        findings, stats = _gate(project, cache_dir)
    finally:
        gate_cache.rules_fingerprint.cache_clear()
    assert findings == reference
    assert (stats.judged, stats.reused) == (pages, 0)


def test_a_plain_mkdocs_build_keeps_its_cache_under_the_site_folders_name(
    project: Project,
) -> None:
    result = project.run(sys.executable, "-m", "mkdocs", "build")
    assert result.returncode == 0, result.stderr
    # named by site/, not by the staging folder it built in (a new name every build)
    assert [p.name for p in (project.root / CACHE).parent.iterdir()] == ["site"]
    findings, stats = _gate(project, project.root / CACHE)
    assert findings == []
    assert (stats.judged, stats.reused) == (0, len(_pages(project)))
