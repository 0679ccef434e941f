"""The roles' checks: every area has an A and a B, two different people, and
.github/CODEOWNERS matches roles.yml."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from pipeline.config.site import SiteConfig
from pipeline.content.model import Site
from pipeline.core.findings import Finding, error
from pipeline.roles.settings import Roles, render_codeowners


def check_roles(site: Site, now: datetime) -> Iterator[Finding]:
    site_config = site.config
    roles: Roles | None = site_config.roles
    if roles is None:
        return
    for name in roles.missing:
        yield error(roles.rel, roles.areas_line, "roles/missing-area", area=name)
    for area in roles.areas:
        for role, owner in (("A", area.a), ("B", area.b)):
            if owner is None:
                yield error(roles.rel, area.line, "roles/missing-owner", area=area.name, role=role)
        if area.a and area.b and area.a.lower() == area.b.lower():
            yield error(roles.rel, area.line, "roles/same-owner", area=area.name, owner=area.a)
    yield from _check_codeowners(roles, site_config)


def _check_codeowners(roles: Roles, site_config: SiteConfig) -> Iterator[Finding]:
    shown = site_config.rel(roles.codeowners)
    if roles.codeowners_text is None:
        if roles.codeowners_required:
            yield error(shown, None, "roles/codeowners-missing", roles=roles.rel)
        return
    expected = render_codeowners(roles).splitlines()
    actual = roles.codeowners_text.replace("\r\n", "\n").splitlines()
    if expected == actual:
        return
    line = next(
        (
            n
            for n, (want, have) in enumerate(zip(expected, actual, strict=False), 1)
            if want != have
        ),
        min(len(expected), len(actual)) + 1,
    )
    yield error(shown, line, "roles/codeowners-outdated", roles=roles.rel)


CHECKS = (check_roles,)
