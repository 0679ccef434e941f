"""What a one-edit `pipeline build` no longer does again, and what it still must do.

- The blog's copies of the items (``.cache/pipeline/copies/site``): an unchanged copy is
  neither made nor written again (its modification time stays), a changed one is
  rewritten, a copy changed by anything else is made again.
- The publish gate's memo of the generated files' lines (``lines.json`` beside the gate's
  ``pages.json``): a build that finds every page and every line judged before still
  blocks a term a late plugin puts into one page and into the search index.

Real `pipeline build` runs on the small sample site (tests/conftest.py); what slips past
the checks is played by a real MkDocs hook, as in tests/test_gate_files.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Project
from test_gate_files import late_hook

from pipeline.content.copies import WRITTEN

COPIES = Path(".cache/pipeline/copies/site")
GATE = Path(".cache/pipeline/gate/site")
EDITED = "news/posts/2026/2026-05-28-high-tech.md"  # docs path of the item edited
KEPT = "news/posts/2026/2026-01-08-annual-meeting.md"  # one left as it is


def build_json(project: Project) -> tuple[int, list[dict]]:
    # --force: a build with nothing changed is the up-to-date answer otherwise
    result = project.cli("--lang", "en", "build", "--force", "--format", "json")
    payload = json.loads(result.stdout)
    return result.exit_code, payload["findings"]


def built_twice(project: Project) -> Project:
    """Built cold, then again: every cache of the build is filled."""
    for _ in range(2):
        code, findings = build_json(project)
        assert code == 0, findings
    return project


def test_an_unchanged_copy_keeps_its_time_and_a_changed_one_is_rewritten(project: Project):
    built_twice(project)
    copies = project.root / COPIES
    kept, edited = copies / KEPT, copies / EDITED
    kept_before, edited_before = kept.stat().st_mtime_ns, edited.stat().st_mtime_ns
    assert (copies / WRITTEN).is_file()
    source = project.content / EDITED
    source.write_text(source.read_text("utf-8") + "\n补充一段新的说明。\n", "utf-8")
    code, findings = build_json(project)
    assert code == 0, findings
    assert kept.stat().st_mtime_ns == kept_before
    assert edited.stat().st_mtime_ns != edited_before
    assert "补充一段新的说明。" in edited.read_text("utf-8")
    assert "补充一段新的说明。" in (project.site / "news/2026/05/28/").joinpath(
        next(p.name for p in (project.site / "news/2026/05/28").iterdir()), "index.html"
    ).read_text("utf-8")


def test_a_copy_changed_by_anything_else_is_made_again(project: Project):
    built_twice(project)
    kept = project.root / COPIES / KEPT
    right = kept.read_bytes()
    # the same size, other bytes: only the note's time tells, then the bytes compared
    kept.write_bytes(right.replace("年度".encode(), "季度".encode(), 1))
    assert kept.read_bytes() != right and len(kept.read_bytes()) == len(right)
    code, findings = build_json(project)
    assert code == 0, findings
    assert kept.read_bytes() == right


def test_a_broken_copies_note_is_ignored(project: Project):
    built_twice(project)
    copies = project.root / COPIES
    (copies / WRITTEN).write_text("{not json", "utf-8")
    (copies / KEPT).write_text("damaged", "utf-8")
    code, findings = build_json(project)
    assert code == 0, findings
    assert (
        (copies / KEPT)
        .read_text("utf-8")
        .startswith("---\ntitle: 澜石科技召开二〇二六年度工作会议")
    )
    assert json.loads((copies / WRITTEN).read_text("utf-8"))["copies"][KEPT]


def test_a_term_put_into_a_page_and_the_index_after_a_cached_build_still_blocks(
    project: Project,
):
    built_twice(project)
    lines = json.loads((project.root / GATE / "lines.json").read_text("utf-8"))["pages"]
    # the generated files' lines were judged and kept: the next gate reads them from here
    assert any("new-gateway" in line for line in lines)
    before = {p: p.read_bytes() for p in project.site.rglob("*") if p.is_file()}
    late_hook(
        project,
        "page = site / 'about/index.html'",
        "page.write_text(page.read_text('utf-8').replace('</h1>', '内部资料</h1>', 1), 'utf-8')",
        "path = site / 'search/search_index.json'",
        "index = json.loads(path.read_text('utf-8'))",
        "index['docs'][-1]['title'] += '内部资料'",
        "path.write_text(json.dumps(index, ensure_ascii=False), 'utf-8')",
    )
    code, findings = build_json(project)
    assert code == 1
    terms = {f["path"] for f in findings if f["rule"] == "gate/term"}
    assert "site/search/search_index.json" in terms, findings
    assert "content/about.md" in terms or "site/about/index.html" in terms, findings
    after = {p: p.read_bytes() for p in project.site.rglob("*") if p.is_file()}
    assert after == before  # the previous site stays


def test_a_broken_lines_memo_is_judged_again(project: Project):
    built_twice(project)
    memo = project.root / GATE / "lines.json"
    memo.write_text('{"format": 1, "rules": "other", "pages": {"x": [1]}}', "utf-8")
    late_hook(
        project,
        "path = site / 'sitemap.xml'",
        "path.write_text(path.read_text('utf-8').replace('<loc>', '<loc>内部资料', 1), 'utf-8')",
    )
    code, findings = build_json(project)
    assert code == 1
    assert any(f["rule"] == "gate/term" and f["path"] == "site/sitemap.xml" for f in findings), (
        findings
    )
