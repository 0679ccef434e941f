"""Pages judged while the build renders the next ones (pipeline.gate.ahead): the gate
then finds exactly what it finds alone, takes a judgement only for the very bytes that
were judged, and a build with a blocked term is still stopped."""

from __future__ import annotations

import tempfile
from pathlib import Path

from conftest import Project

from pipeline.content.schema import parse_now
from pipeline.engine.build import render_into
from pipeline.engine.project import open_project
from pipeline.engine.request import BuildRequest
from pipeline.gate import cache as gate_cache
from pipeline.gate import gate_site
from pipeline.gate.ahead import GATE_AHEAD_FROM, GateAhead
from pipeline.gate.cache import GateStats
from pipeline.prepare import prepare
from pipeline.stages import check_project


def _checked(project: Project):
    gate_cache.rules_fingerprint.cache_clear()
    opened = open_project(project.root / "mkdocs.yml")
    check = check_project(opened, parse_now(None, opened.site_config))
    shown = [i for i in check.site.items if i.visibility(check.now) == "published"]
    return opened, check, shown


def _gate(project: Project, cache_dir: Path | None):
    _, check, shown = _checked(project)
    stats = GateStats()
    findings = gate_site(project.site, check.site, shown, label="site", workers=1,
                         cache_dir=cache_dir, stats=stats)  # fmt: skip
    return [f.to_dict("en") for f in findings], stats


def _render_ungated(project: Project) -> None:
    """site/ as MkDocs renders it without the gate: pages with their problems kept."""
    opened, check, _ = _checked(project)
    with tempfile.TemporaryDirectory(prefix="pipeline-items-") as copies:
        prepared = prepare(check, drafts=False, copies_dir=Path(copies))
        request = BuildRequest(now=check.now, prepared=prepared, previous_site=project.site)
        _, built = render_into(opened, project.site, request)
    assert built


def test_pages_judged_ahead_are_judged_as_the_gate_would(project: Project, tmp_path) -> None:
    project.write_item("news", "2026-03-20-mixed", body="正文。\n\n内&shy;部资料\n",
                       title="澜石科技测试混合内容", slug="m")  # fmt: skip
    _render_ungated(project)
    pages = sorted(project.site.rglob("*.html"))
    reference, _ = _gate(project, None)
    assert any(f["rule"] == "gate/term" for f in reference)

    cache_dir = tmp_path / "gate"
    _, check, shown = _checked(project)
    ahead = GateAhead(check.site, shown, cache_dir)
    for path in pages:
        ahead.page_written(path, path.relative_to(project.site).as_posix())
    ahead.finish()
    assert ahead.judged == len(pages)

    findings, stats = _gate(project, cache_dir)
    assert findings == reference
    assert (stats.judged, stats.reused) == (0, len(pages))

    # a page changed after it was judged: judged again, and what it now shows is found
    about = project.site / "about/index.html"
    html = about.read_text("utf-8")
    about.write_text(html.replace("</article>", "<p>内部资料</p></article>", 1), "utf-8")
    findings, stats = _gate(project, cache_dir)
    assert (stats.judged, stats.reused) == (1, len(pages) - 1)
    assert any(f["rule"] == "gate/term" and "about/index.html" in str(f) for f in findings)
    assert findings != reference


def test_a_cold_build_that_judges_ahead_is_still_stopped_by_a_term(project: Project) -> None:
    # enough items for a cold build to judge its pages while it renders them
    for n in range(GATE_AHEAD_FROM):
        project.write_item("news", f"2026-02-{n % 28 + 1:02d}-filler-{n}",
                           title=f"澜石科技经营简报{n + 1}号", slug=f"filler-{n}")  # fmt: skip
    # an escaped soft hyphen passes the source check; the built page shows the term
    project.write_item("news", "2026-03-20-mixed", body="正文。\n\n内&shy;部资料\n",
                       title="澜石科技测试混合内容", slug="m")  # fmt: skip
    assert not project.site.exists()
    built = project.pipeline("build")
    assert built.returncode != 0
    assert "gate/term" in built.stdout + built.stderr
    assert "/m/index.html" in built.stdout + built.stderr
    assert not project.site.exists()  # nothing published
