"""What a page tells search engines and link previews: Open Graph, Twitter card, JSON-LD.

Material already writes ``<meta name="description">`` (from the page's description)
and ``<link rel="canonical">`` (from ``site_url``); these tags add the rest and never
repeat those two. Everything here is plain data; ``theme/partials/seo.html`` prints it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

# Characters that could end a <script> early or break it in old parsers, as JSON escapes:
# "</script>" can never appear, whatever an editor writes in a title.
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


@dataclass(frozen=True)
class ShareImage:
    url: str  # absolute
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class Article:
    """What only items have: dates, author, section, keywords."""

    published: datetime
    modified: datetime
    author: str
    section: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageFacts:
    title: str
    description: str
    url: str  # absolute canonical URL
    site_name: str
    language: str  # the site's: "zh" or "en"
    image: ShareImage | None = None
    article: Article | None = None


@dataclass(frozen=True)
class Publisher:
    name: str
    logo: ShareImage | None = None


def meta_tags(facts: PageFacts, twitter_site: str | None = None) -> list[tuple[str, str, str]]:
    """(attribute, name, content) of every <meta> tag, in order: Open Graph, then Twitter."""
    tags = [
        ("property", "og:type", "article" if facts.article else "website"),
        ("property", "og:site_name", facts.site_name),
        ("property", "og:locale", "zh_CN" if facts.language == "zh" else "en_US"),
        ("property", "og:title", facts.title),
    ]
    if facts.description:  # an empty one is worse than none: link previews would show it
        tags.append(("property", "og:description", facts.description))
    tags.append(("property", "og:url", facts.url))
    image = facts.image
    if image:
        tags.append(("property", "og:image", image.url))
        if image.width and image.height:
            tags.append(("property", "og:image:width", str(image.width)))
            tags.append(("property", "og:image:height", str(image.height)))
        tags.append(("property", "og:image:alt", facts.title))
    article = facts.article
    if article:
        tags.append(("property", "article:published_time", _iso(article.published)))
        tags.append(("property", "article:modified_time", _iso(article.modified)))
        tags.append(("property", "article:section", article.section))
        tags.extend(("property", "article:tag", keyword) for keyword in article.keywords)
    tags.append(("name", "twitter:card", "summary_large_image" if image else "summary"))
    if twitter_site:
        tags.append(("name", "twitter:site", twitter_site))
    tags.append(("name", "twitter:title", facts.title))
    if facts.description:
        tags.append(("name", "twitter:description", facts.description))
    if image:
        tags.append(("name", "twitter:image", image.url))
        tags.append(("name", "twitter:image:alt", facts.title))
    return tags


def news_article(facts: PageFacts, publisher: Publisher) -> dict:
    """schema.org NewsArticle, with what Google's article guidelines ask for."""
    article = facts.article
    assert article is not None
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": facts.url},
        "headline": facts.title,
        "description": facts.description,
        "datePublished": _iso(article.published),
        "dateModified": _iso(article.modified),
        "author": [{"@type": "Person", "name": article.author}],
        "publisher": {"@type": "Organization", "name": publisher.name},
        "articleSection": article.section,
        "inLanguage": "zh-CN" if facts.language == "zh" else "en",
    }
    if facts.image:
        data["image"] = [facts.image.url]
    if publisher.logo:
        data["publisher"]["logo"] = _image_object(publisher.logo)
    if article.keywords:
        data["keywords"] = ", ".join(article.keywords)
    return data


def json_for_script(data: dict) -> str:
    """JSON to put inside <script type="application/ld+json"> as it is: no "</", no "<!--"."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    return text.translate(_SCRIPT_SAFE)


def _image_object(image: ShareImage) -> dict:
    data: dict = {"@type": "ImageObject", "url": image.url}
    if image.width and image.height:
        data["width"] = image.width
        data["height"] = image.height
    return data


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
