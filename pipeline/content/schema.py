"""The front-matter schema, declared once.

Each key is an option object that knows how to normalize a raw YAML value into
a typed value or say precisely what is wrong (rule + params, rendered later in
the reader's language). This follows Material for MkDocs' config option classes,
with errors that name the file, the line of the key and the fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from pipeline.config.base import Bounds, ConfigError, did_you_mean
from pipeline.config.site import Section, SiteConfig
from pipeline.core.findings import Finding, error
from pipeline.core.slugs import is_valid_slug, slugify
from pipeline.core.sourcefile import MarkdownSource

# .heic/.heif: iPhone photos, converted to JPEG by the image pipeline (covers too)
IMAGE_SUFFIXES = (
    ".jpg", ".jpeg", ".jfif", ".jpe", ".jif", ".png", ".gif", ".webp", ".avif", ".svg", ".heic",
    ".heif",
)  # fmt: skip
PAGE_HIDE_VALUES = ("navigation", "toc", "footer", "path", "tags", "feedback")

# Keys editors often write instead of ours: their hints name the right key.
KEY_ALIASES = {
    "标题": "title",
    "摘要": "summary",
    "简介": "summary",
    "description": "summary",
    "excerpt": "summary",
    "日期": "date",
    "时间": "date",
    "作者": "author",
    "authors": "author",
    "分类": "categories",
    "category": "categories",
    "栏目": "categories",
    "关键词": "keywords",
    "keyword": "keywords",
    "标签": "tags",
    "tag": "tags",
    "封面": "cover",
    "image": "cover",
    "thumbnail": "cover",
    "来源": "source",
    "草稿": "draft",
    "发布时间": "publish",
    "publish_date": "publish",
    "publishdate": "publish",
    "expires": "expire",
    "expiry": "expire",
    "expiry_date": "expire",
    "置顶": "pin",
    "pinned": "pin",
    "更新时间": "updated",
    "更新日期": "updated",
    "modified": "updated",
    "last_modified": "updated",
    "lastmod": "updated",
}


class FieldError(Exception):
    """A value that does not fit its key. ``item`` points into a list value."""

    def __init__(self, rule: str, item: int | None = None, **params: Any) -> None:
        super().__init__(rule)
        self.rule = rule
        self.item = item
        self.params = params


@dataclass
class Context:
    """What an option needs to judge a value: the site, the file, its section."""

    config: SiteConfig
    source: MarkdownSource
    docs_dir: Path
    section: Section | None = None
    # the file's path relative to docs_dir, as load_site found it: targets written in it
    # are then resolved with string operations, without asking the file system
    docs_path: str | None = None

    def resolve(self, target: str) -> str | None:
        """``resolve_docs_path`` for a target written in this file."""
        if self.docs_path is not None:
            return resolve_docs_target(self.docs_path, target)
        return resolve_docs_path(self.source.path, self.docs_dir, target)


class Option:
    """One front-matter key. Subclasses normalize values or raise FieldError."""

    def __init__(self, *, required: bool = False, default: Any = None) -> None:
        self.required = required
        self.default = default

    def is_required(self, ctx: Context) -> bool:
        return self.required

    def normalize(self, value: Any, ctx: Context) -> Any:
        raise NotImplementedError


class Text(Option):
    """A single line of text whose length is bounded by a site_config limit."""

    def __init__(self, *, bounds: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bounds = bounds

    def normalize(self, value: Any, ctx: Context) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise FieldError("schema/expected-text")
        text = " ".join(str(value).split())
        limits: Bounds = getattr(ctx.config, f"{self.bounds}_bounds")
        if not text:
            raise FieldError("schema/required")
        if len(text) < limits.min:
            raise FieldError("schema/too-short", length=len(text), min=limits.min)
        if len(text) > limits.max:
            raise FieldError("schema/too-long", length=len(text), max=limits.max)
        return text


class Flag(Option):
    def normalize(self, value: Any, ctx: Context) -> bool:
        if not isinstance(value, bool):
            raise FieldError("schema/expected-bool", value=str(value))
        return value


_LIST_SEPARATORS = re.compile(r"[,，、;；]")


class TextList(Option):
    """A list of short texts; a single text, or one separated by commas, is accepted."""

    def normalize(self, value: Any, ctx: Context) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [part for part in _LIST_SEPARATORS.split(value)]
        if not isinstance(value, list):
            raise FieldError("schema/expected-list")
        items: list[str] = []
        for index, entry in enumerate(value):
            if isinstance(entry, bool) or not isinstance(entry, str | int | float):
                raise FieldError("schema/expected-text-in-list", item=index)
            text = " ".join(str(entry).split())
            if text and text not in items:
                items.append(text)
        return tuple(items)


class CategoryList(TextList):
    """Categories from the section's allowed list in site_config/site.yml."""

    def normalize(self, value: Any, ctx: Context) -> tuple[str, ...]:
        categories = super().normalize(value, ctx)
        allowed = ctx.section.categories if ctx.section else ()
        if not categories and self.required:
            raise FieldError("schema/required")
        raw = value if isinstance(value, list) else list(categories)
        for category in categories:
            if allowed and category not in allowed:
                index = next(
                    (i for i, v in enumerate(raw) if " ".join(str(v).split()) == category), None
                )
                raise FieldError(
                    "schema/unknown-category",
                    item=index,
                    value=category,
                    section=ctx.section.name if ctx.section else "",
                    suggestion=did_you_mean(category, allowed) or "",
                    allowed=tuple(allowed),  # a list, joined in the reader's language
                )
        return categories


class AuthorRef(Option):
    """The id of an author in site_config/authors.yml."""

    def normalize(self, value: Any, ctx: Context) -> str:
        if not isinstance(value, str) or not value.strip():
            raise FieldError("schema/expected-text")
        author = value.strip()
        if author in ctx.config.authors:
            return author
        by_name = {a.name: a.id for a in ctx.config.authors.values()}
        raise FieldError(
            "schema/unknown-author",
            value=author,
            suggestion=by_name.get(author) or did_you_mean(author, list(ctx.config.authors)) or "",
            known=", ".join(sorted(ctx.config.authors)),
        )


_CHINESE_DATE = re.compile(
    r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*分?)?$"
)
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M:%S")


def parse_datetime(value: Any, ctx_timezone) -> datetime:
    """Read a date or time; without an offset it is local time in the site's zone."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time())
    elif isinstance(value, str):
        text = value.strip()
        parsed = None
        match = _CHINESE_DATE.match(text)
        if match:
            year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
            try:
                parsed = datetime(year, month, day, hour, minute)
            except ValueError:
                raise FieldError("schema/bad-date", value=text) from None
        else:
            try:
                parsed = datetime.fromisoformat(text)
            except ValueError:
                for fmt in _DATE_FORMATS:
                    try:
                        parsed = datetime.strptime(text, fmt)
                        break
                    except ValueError:
                        continue
        if parsed is None:
            raise FieldError("schema/bad-date", value=text)
    else:
        raise FieldError("schema/bad-date", value=str(value))
    if not 2000 <= parsed.year <= 2100:
        raise FieldError("schema/bad-date", value=str(value))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ctx_timezone)
    return parsed


class DateTime(Option):
    def normalize(self, value: Any, ctx: Context) -> datetime:
        return parse_datetime(value, ctx.config.timezone)


class ImagePath(Option):
    """A path to an image, relative to the file (or to content/ when it starts with /)."""

    def normalize(self, value: Any, ctx: Context) -> str:
        if not isinstance(value, str) or not value.strip():
            raise FieldError("schema/expected-text")
        target = value.strip()
        if urlsplit(target).scheme:
            raise FieldError("schema/image-not-local", value=target)
        if not target.lower().endswith(IMAGE_SUFFIXES):
            raise FieldError("schema/not-image", value=target)
        docs_path = ctx.resolve(target)
        if docs_path is None or not (ctx.docs_dir / docs_path).is_file():
            folder = (ctx.docs_dir / docs_path).parent if docs_path else ctx.source.path.parent
            nearby = [p.name for p in folder.glob("*") if p.suffix.lower() in IMAGE_SUFFIXES]
            match = did_you_mean(PurePosixPath(target).name, nearby)
            folder_as_written = target[: target.rfind("/") + 1]
            raise FieldError(
                "schema/image-missing",
                value=target,
                suggestion=f"{folder_as_written}{match}" if match else "",
            )
        return docs_path


class Slug(Option):
    def normalize(self, value: Any, ctx: Context) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise FieldError("schema/expected-text")
        slug = str(value).strip()
        if not is_valid_slug(slug):
            raise FieldError("schema/bad-slug", value=slug, suggestion=slugify(slug))
        return slug


@dataclass(frozen=True)
class SourceRef:
    """Where an industry item's news came from."""

    name: str
    url: str


class Source(Option):
    """``source: {name: ..., url: https://...}``; required where the section says so."""

    def is_required(self, ctx: Context) -> bool:
        return bool(ctx.section and ctx.section.source_required)

    def normalize(self, value: Any, ctx: Context) -> SourceRef:
        if not isinstance(value, dict):
            raise FieldError("schema/bad-source")
        unknown = [k for k in value if k not in ("name", "url")]
        if unknown:
            raise FieldError("schema/bad-source")
        name = value.get("name")
        url = value.get("url")
        if not isinstance(name, str) or not name.strip():
            raise FieldError("schema/bad-source")
        if not isinstance(url, str) or urlsplit(url.strip()).scheme not in ("http", "https"):
            raise FieldError("schema/bad-url", value=str(url))
        if not urlsplit(url.strip()).netloc:
            raise FieldError("schema/bad-url", value=str(url))
        return SourceRef(name.strip(), url.strip())


class AllowTerms(Option):
    """Content-guard exceptions: ``allow_terms: [{term: 第一, reason: 为什么可以}]``."""

    def normalize(self, value: Any, ctx: Context) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, list):
            raise FieldError("guard/bad-allow-terms")
        entries = []
        for index, entry in enumerate(value):
            term = entry.get("term") if isinstance(entry, dict) else None
            if not isinstance(term, str | int) or isinstance(term, bool) or not str(term).strip():
                raise FieldError("guard/bad-allow-terms", item=index)
            if set(entry) - {"term", "reason"}:
                raise FieldError("guard/bad-allow-terms", item=index)
            reason = entry.get("reason")
            if not isinstance(reason, str) or not reason.strip():
                raise FieldError("guard/exception-no-reason", item=index, term=str(term))
            entries.append((str(term).strip(), reason.strip()))
        return tuple(entries)


class HideList(TextList):
    def normalize(self, value: Any, ctx: Context) -> tuple[str, ...]:
        values = super().normalize(value, ctx)
        for index, entry in enumerate(values):
            if entry not in PAGE_HIDE_VALUES:
                raise FieldError(
                    "schema/bad-choice",
                    item=index,
                    value=entry,
                    suggestion=did_you_mean(entry, PAGE_HIDE_VALUES) or "",
                    allowed=", ".join(PAGE_HIDE_VALUES),
                )
        return values


# The home page (content/index.md, ``template: home.html``): its banner and highlight
# cards. Icons are names of the theme's set (pipeline/engine/theme/home.html).
PAGE_TEMPLATES = ("home.html",)
HIGHLIGHT_ICONS = ("gateway", "energy", "sensor", "chip", "service", "about", "news", "contact")
HOME_TEXT_MAX = 60


def _home_text(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        return None
    text = " ".join(str(value).split())
    return text if len(text) <= HOME_TEXT_MAX else None


def _home_link(value: Any, ctx: Context) -> dict[str, str] | None:
    """``{text: 了解更多, url: about.md}``: a page under content/ or an http(s) address."""
    if not isinstance(value, dict) or set(value) != {"text", "url"}:
        return None
    text, url = _home_text(value.get("text")), value.get("url")
    if text is None or not isinstance(url, str) or not url.strip():
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme:
        return {"text": text, "url": url} if parts.scheme in ("http", "https") else None
    docs_path = ctx.resolve(url)
    if docs_path is None or not docs_path.endswith(".md"):
        return None
    if not (ctx.docs_dir / docs_path).is_file():
        return None
    return {"text": text, "url": url}


class Template(Option):
    def normalize(self, value: Any, ctx: Context) -> str:
        if value not in PAGE_TEMPLATES:
            raise FieldError(
                "schema/bad-choice",
                value=str(value),
                suggestion=did_you_mean(str(value), PAGE_TEMPLATES) or "",
                allowed=", ".join(PAGE_TEMPLATES),
            )
        return value


class Banner(Option):
    """``banner: {image, title, text, link: {text, url}}``: the home page's banner."""

    def normalize(self, value: Any, ctx: Context) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise FieldError("home/bad-banner", field="banner")
        for key in value:
            if key not in ("image", "title", "text", "link"):
                raise FieldError("home/bad-banner", field=str(key))
        if value.get("image") is None:
            raise FieldError("home/bad-banner", field="image")
        result: dict[str, Any] = {"image": ImagePath().normalize(value["image"], ctx)}
        for key in ("title", "text"):
            result[key] = _home_text(value.get(key))
            if result[key] is None:
                raise FieldError("home/bad-banner", field=key)
        result["link"] = _home_link(value.get("link"), ctx)
        if result["link"] is None:
            raise FieldError("home/bad-banner", field="link")
        return result


class Highlights(Option):
    """``highlights: [{icon or image, title, text, link: {text, url}}, ...]``: 1 to 6 cards."""

    def normalize(self, value: Any, ctx: Context) -> tuple[dict[str, Any], ...]:
        icons = ", ".join(HIGHLIGHT_ICONS)
        if not isinstance(value, list) or not 1 <= len(value) <= 6:
            raise FieldError("home/bad-highlights", number=1, field="highlights", icons=icons)
        cards = []
        for index, entry in enumerate(value):

            def bad(field: str, index: int = index) -> FieldError:
                return FieldError(
                    "home/bad-highlights", item=index, number=index + 1, field=field, icons=icons
                )

            if not isinstance(entry, dict):
                raise bad("highlights")
            for key in entry:
                if key not in ("icon", "image", "title", "text", "link"):
                    raise bad(str(key))
            card: dict[str, Any] = {}
            if ("icon" in entry) == ("image" in entry):
                raise bad("icon")
            if "icon" in entry:
                if entry["icon"] not in HIGHLIGHT_ICONS:
                    raise bad("icon")
                card["icon"] = entry["icon"]
            else:
                try:
                    card["image"] = ImagePath().normalize(entry["image"], ctx)
                except FieldError:
                    raise bad("image") from None
            for key in ("title", "text"):
                card[key] = _home_text(entry.get(key))
                if card[key] is None:
                    raise bad(key)
            card["link"] = _home_link(entry.get("link"), ctx)
            if card["link"] is None:
                raise bad("link")
            cards.append(card)
        return tuple(cards)


ITEM_SCHEMA: dict[str, Option] = {
    "title": Text(required=True, bounds="title"),
    "summary": Text(required=True, bounds="summary"),
    "date": DateTime(required=True),
    "author": AuthorRef(required=True),
    "categories": CategoryList(required=True),
    "keywords": TextList(default=()),
    "tags": TextList(default=()),
    "cover": ImagePath(),
    "slug": Slug(),
    "draft": Flag(default=False),
    "pin": Flag(default=False),
    "publish": DateTime(),
    "expire": DateTime(),
    "updated": DateTime(),
    "source": Source(),
    "allow_terms": AllowTerms(default=()),
}

PAGE_SCHEMA: dict[str, Option] = {
    "title": Text(required=True, bounds="title"),
    "summary": Text(required=True, bounds="summary"),
    "keywords": TextList(default=()),
    "hide": HideList(default=()),
    "allow_terms": AllowTerms(default=()),
}

# content/index.md: a fixed page with the home page's own keys (pipeline/engine/theme/home.html)
HOME_PAGE = "index.md"
HOME_SCHEMA: dict[str, Option] = {
    **PAGE_SCHEMA,
    "template": Template(),
    "banner": Banner(),
    "highlights": Highlights(),
}


@dataclass
class Validated:
    """The normalized values of one file's front matter, and what was wrong."""

    values: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.blocks for f in self.findings)


def validate(schema: dict[str, Option], ctx: Context) -> Validated:
    """Normalize every key of ``ctx.source``'s front matter; report every problem."""
    meta = ctx.source.meta
    rel = ctx.source.rel_path
    result = Validated({})
    known = list(schema)
    for key, raw in meta.values.items():
        line = meta.line_of(key)
        if key not in schema:
            suggestion = KEY_ALIASES.get(key.lower()) or did_you_mean(key, known) or ""
            result.findings.append(
                error(
                    rel,
                    line,
                    "schema/unknown-key",
                    key=key,
                    suggestion=suggestion,
                    known=", ".join(known),
                )
            )
            continue
        option = schema[key]
        if raw is None:
            if option.is_required(ctx):
                result.findings.append(error(rel, line, "schema/required", key=key))
            continue
        try:
            result.values[key] = option.normalize(raw, ctx)
        except FieldError as exc:
            at = meta.line_of_item(key, exc.item) if exc.item is not None else line
            rule = "schema/required" if exc.rule == "schema/required" else exc.rule
            result.findings.append(error(rel, at, rule, key=key, **exc.params))
    for key, option in schema.items():
        if key in meta.values:
            continue
        if option.is_required(ctx):
            result.findings.append(
                error(
                    rel,
                    ctx.source.front_matter_last_line if ctx.source.has_front_matter else 1,
                    "schema/required",
                    key=key,
                )
            )
        elif option.default is not None:
            result.values[key] = option.default
    return result


def resolve_docs_path(file_path: Path, docs_dir: Path, target: str) -> str | None:
    """Resolve a link target written in ``file_path`` to a path relative to docs_dir.

    Returns None when the target climbs out of the docs folder.
    """
    target = target.split("#", 1)[0].split("?", 1)[0]
    base = PurePosixPath("/") if target.startswith("/") else _docs_parent(file_path, docs_dir)
    return _normalized((base / target.lstrip("/")).parts[1:])


def _docs_parent(file_path: Path, docs_dir: Path) -> PurePosixPath:
    rel = file_path.resolve().relative_to(docs_dir.resolve()).parent
    return PurePosixPath("/") / PurePosixPath(rel.as_posix())


def resolve_docs_target(from_docs_path: str, target: str) -> str | None:
    """``resolve_docs_path`` for a file known by its path relative to docs_dir (as
    ``load_site`` finds it: reached without any symlink), with string operations only.

    Returns None when the target climbs out of the docs folder.
    """
    target = target.split("#", 1)[0].split("?", 1)[0]
    if target.startswith("/"):
        segments = target.split("/")
    else:
        segments = [*from_docs_path.split("/")[:-1], *target.split("/")]
    return _normalized(segments)


def _normalized(segments) -> str | None:
    """The path of ``segments`` with "." and ".." taken away; None when ".." climbs out."""
    parts: list[str] = []
    for part in segments:
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def check_item_dates(values: dict[str, Any], ctx: Context) -> list[Finding]:
    """Cross-key rules: an item must not expire before it goes live."""
    goes_live = values.get("publish") or values.get("date")
    expire = values.get("expire")
    if goes_live and expire and expire <= goes_live:
        line = ctx.source.meta.line_of("expire")
        return [error(ctx.source.rel_path, line, "schema/expire-before-publish", key="expire")]
    return []


def parse_now(text: str | None, site_config: SiteConfig) -> datetime:
    """The moment the build publishes for: now, or a given time (to preview a schedule)."""
    if not text:
        return datetime.now(site_config.timezone)
    try:
        return parse_datetime(text, site_config.timezone)
    except FieldError:
        raise ConfigError("--now", None, "config/bad-now", value=text) from None
