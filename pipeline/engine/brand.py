"""The brand (site_config/brand.yml) handed to the theme: logo, favicon and the values the
header, footer and home page show, through ``config.extra.brand``.

The theme (pipeline/engine/theme: partials/header.html, partials/footer.html, home.html,
404.html) reads only ``config.extra.brand``; without brand.yml it gets the site's name
and no contact block or filing numbers.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pipeline.config.site import SiteConfig

ICP_URL = "https://beian.miit.gov.cn/"
POLICE_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"
# the fixed pages the footer links to, when content/ has them
FOOTER_PAGES = ("about", "contact", "privacy")


def configure_brand(config, site_config: SiteConfig, now: datetime) -> None:
    """Set the theme's logo and favicon from the brand and put its values in config.extra."""
    docs_dir = Path(config.docs_dir)
    pages = {name: f"{name}/" for name in FOOTER_PAGES if (docs_dir / f"{name}.md").is_file()}
    config.extra["brand"] = brand_context(site_config, config.site_name, now, pages)
    brand = site_config.brand
    if brand is not None:
        config.theme["logo"] = brand.logo
        config.theme["favicon"] = brand.favicon


def brand_context(
    site_config: SiteConfig, site_name: str, now: datetime, pages: dict[str, str]
) -> dict[str, Any]:
    brand = site_config.brand
    year = now.astimezone(site_config.timezone).year
    if brand is None:
        return {"name": site_name, "short_name": site_name, "years": str(year), "pages": pages}
    since = brand.since if brand.since is not None and brand.since < year else None
    code = brand.police_code
    return {
        "name": brand.name,
        "short_name": brand.short_name,
        "logo": brand.logo,
        "primary": brand.primary,
        "accent": brand.accent,
        "contact": {
            key: value
            for key in ("address", "phone", "email", "hours")
            if (value := getattr(brand, key)) is not None
        },
        "tel": "".join(c for c in brand.phone or "" if c.isdigit() or c == "+"),
        "years": f"{since}–{year}" if since else str(year),
        "icp": brand.icp,
        "icp_url": ICP_URL if brand.icp else None,
        "police": brand.police,
        "police_url": POLICE_URL.format(code=quote(code)) if code else None,
        "pages": pages,
    }
