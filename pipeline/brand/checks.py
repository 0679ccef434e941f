"""The brand's checks: the logo and favicon exist, the contact block and the filing
numbers are there.

A missing ICP or public-security filing number is a warning here (``pipeline check``,
previews); a production build of a site hosted in mainland China refuses to publish
without them (``release_findings``, called by the build before it starts), as the
filing rules (《非经营性互联网信息服务备案管理办法》) require the numbers on every page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from pipeline.brand.settings import BrandSettings
from pipeline.config.site import SiteConfig
from pipeline.content.model import Site
from pipeline.core.findings import Finding, error, warning

FILING_MISSING = "brand/filing-missing"


def check_brand(site: Site, now: datetime) -> Iterator[Finding]:
    brand = site.config.brand
    if brand is None:
        return
    for key in ("logo", "favicon"):
        docs_path = getattr(brand, key)
        if docs_path not in site.assets:
            line = brand.line_of(key) or brand.line_of("logo")
            yield error(brand.file, line, "brand/image-missing", key=key, image=docs_path)
    for key in brand.missing_contact():
        line = brand.line_of(f"contact.{key}")
        yield warning(brand.file, line, "brand/contact-missing", key=f"contact.{key}")
    for key in brand.missing_filing():
        line = brand.line_of(f"filing.{key}")
        yield warning(brand.file, line, "brand/filing-missing", key=f"filing.{key}")


def release_findings(config: SiteConfig) -> list[Finding]:
    """What blocks a production build: a mainland-hosted site without its filing numbers."""
    brand: BrandSettings | None = config.brand
    if brand is None or brand.hosting != "mainland":
        return []
    return [
        error(
            brand.file, brand.line_of(f"filing.{key}"), "brand/filing-required", key=f"filing.{key}"
        )
        for key in brand.missing_filing()
    ]


def for_release(findings: Iterable[Finding], config: SiteConfig) -> tuple[list[Finding], bool]:
    """The check's findings with the filing warnings raised to errors where the production
    build requires the numbers; True when that blocks the build."""
    required = release_findings(config)
    if not required:
        return list(findings), False
    return [f for f in findings if f.rule != FILING_MISSING] + required, True


CHECKS = (check_brand,)
