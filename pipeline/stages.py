"""The stages, assembled: every stage's checks in report order, run over a loaded site.

Each stage declares its checks in its own ``checks`` module (``CHECKS``); this module
only lists the stages, as Hugo's allconfig lists each subsystem's decoder. No stage
imports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pipeline.brand import checks as brand_checks
from pipeline.content import checks as content_checks
from pipeline.content import memofile
from pipeline.content.checks import SiteCheck
from pipeline.content.memo import Memo
from pipeline.content.model import Site, load_site
from pipeline.content.project import Project
from pipeline.core.findings import Findings
from pipeline.guard import checks as guard_checks
from pipeline.images import checks as image_checks
from pipeline.roles import checks as role_checks
from pipeline.seo import checks as seo_checks

STAGES = (content_checks, image_checks, guard_checks, role_checks, seo_checks, brand_checks)


def site_checks() -> tuple[SiteCheck, ...]:
    return tuple(check for stage in STAGES for check in stage.CHECKS)


def run_checks(site: Site, now: datetime) -> Findings:
    """Every check of every stage, over the loaded site; loading's own findings first."""
    findings = Findings(site.findings)
    for check in site_checks():
        findings.extend(check(site, now))
    return findings


@dataclass
class CheckResult:
    project: Project
    site: Site
    findings: Findings
    now: datetime

    @property
    def file_count(self) -> int:
        return len(self.content_paths())

    def content_paths(self) -> list[str]:
        """Every Markdown file that was checked, relative to the project root."""
        rel = self.project.site_config.rel
        docs_dir = self.site.docs_dir
        paths = [o.rel_path for o in (*self.site.items, *self.site.pages)]
        return paths + [rel(docs_dir / p) for p in sorted(self.site.failed)]


def check_project(project: Project, now: datetime, disk_memo: bool = True) -> CheckResult:
    """Load content/ and run every check, as of ``now``. With ``disk_memo``, the last
    check's per-file work is read from disk first and this check's written back
    (``pipeline.content.memofile``); without, every value is computed."""
    if not disk_memo:
        site = load_site(project.site_config, project.layout)
        return CheckResult(project, site, run_checks(site, now), now)
    root = project.root
    fingerprint = memofile.code_fingerprint() + memofile.settings_fingerprint(
        project.config_file, project.site_config.config_dir
    )
    memo = Memo(stored=memofile.load(root, fingerprint))
    site = load_site(project.site_config, project.layout, memo)
    result = CheckResult(project, site, run_checks(site, now), now)
    memofile.save(root, fingerprint, site.memo.storable())
    return result
