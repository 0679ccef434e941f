"""A page's place in the site as a breadcrumb: 首页 > 公司新闻 > 分类 > title.

The trail is plain data for the theme (partials/breadcrumb.html shows it) and for search
engines as schema.org BreadcrumbList JSON-LD, escaped for a <script> like the rest of
pipeline/seo's JSON-LD.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.seo.tags import json_for_script


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str | None  # site-root-relative ("" is the home page); None: the page itself


def breadcrumb_list(trail: list[Crumb], base_url: str, page_url: str) -> dict:
    """schema.org BreadcrumbList; every position has an absolute URL (the last one the
    page's own)."""
    elements = []
    for position, crumb in enumerate(trail, start=1):
        url = page_url if crumb.url is None else crumb.url
        elements.append(
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.name,
                "item": base_url + url,
            }
        )
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": elements,
    }


def breadcrumb_json(trail: list[Crumb], base_url: str | None, page_url: str) -> str | None:
    """The JSON-LD to put in the page as it is, or None without the site's address."""
    if not base_url or len(trail) < 2:
        return None
    return json_for_script(breadcrumb_list(trail, base_url, page_url))
