"""Where the live preview shows a Markdown file it refuses for its errors.

A preview leaves out every file with blocking findings, as a build refuses it; so that an
editor does not meet a bare 404, the preview serves a stand-in at the address the file
would have: its title and its findings, never its body. This module works out, from the
loaded site and the check's findings, which refused files get one and where: an item at
its post URL (from its typed front matter, or from the front matter as written when it did
not validate: date and slug or title), a fixed page at its own place. A file whose front
matter cannot be read, an item whose date cannot be read, or one the preview would not
show anyway (a draft without ``--drafts``, scheduled, expired) gets none: it is listed on
the preview's findings page only. Nothing here renders anything (``pipeline.engine.
previewfindings`` does).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

from pipeline.content.model import Invalid, Item, Page, Site
from pipeline.content.schema import FieldError, parse_datetime
from pipeline.core.findings import Finding
from pipeline.core.slugs import is_valid_slug, slugify

ITEM, PAGE = "item", "page"


@dataclass(frozen=True)
class StandIn:
    """A refused Markdown file shown in the preview by its findings."""

    docs_path: str  # the file under content/
    rel_path: str  # the file as findings name it
    kind: str  # ITEM (served at ``url``) or PAGE (served where MkDocs puts ``docs_path``)
    title: str  # its title, or its file name when an error is on the title's line
    findings: tuple[Finding, ...]  # its own findings, and those of a folder it is in
    url: str | None = None  # an item's post URL (section/yyyy/mm/dd/slug/)


def findings_of(rel_path: str, findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """The findings on the file ``rel_path`` and on any folder that holds it."""
    return tuple(f for f in findings if f.path == rel_path or rel_path.startswith(f"{f.path}/"))


def stand_ins(
    site: Site, findings: Iterable[Finding], left_out: Iterable[str], now: datetime, drafts: bool
) -> list[StandIn]:
    """The stand-ins of the Markdown files among ``left_out`` (docs paths) that are refused
    for blocking findings, in the order of ``left_out``."""
    findings = tuple(findings)
    owners: dict[str, Item | Page | Invalid] = {o.docs_path: o for o in site.invalid}
    owners.update((o.docs_path, o) for o in (*site.items, *site.pages))
    made = []
    for docs_path in dict.fromkeys(left_out):
        owner = owners.get(docs_path)
        if owner is None or docs_path in site.through_links:
            continue
        own = findings_of(owner.rel_path, findings)
        if not any(f.blocks for f in own):
            continue
        stand_in = _stand_in(site, owner, own, now, drafts)
        if stand_in is not None:
            made.append(stand_in)
    return made


def _stand_in(
    site: Site, owner: Item | Page | Invalid, own: tuple[Finding, ...], now: datetime, drafts: bool
) -> StandIn | None:
    meta = owner.source.meta
    title_line = meta.line_of("title")
    wrong_lines = {f.line for f in own if f.blocks}
    raw_title = meta.values.get("title")
    if isinstance(owner, Item | Page):
        raw_title = owner.title
    if not isinstance(raw_title, str) or not raw_title.strip() or title_line in wrong_lines:
        title = PurePosixPath(owner.docs_path).name  # the title may be what is wrong
    else:
        title = raw_title.strip()
    made = {"docs_path": owner.docs_path, "rel_path": owner.rel_path, "findings": own}
    if isinstance(owner, Page):
        return StandIn(kind=PAGE, title=title, **made)
    section = site.layout.section_of(owner.docs_path)
    if isinstance(owner, Invalid) and section is None:
        return StandIn(kind=PAGE, title=title, **made)
    if isinstance(owner, Item):
        state = owner.visibility(now)
        if state == "published" or (drafts and state == "draft"):
            return StandIn(kind=ITEM, title=title, url=owner.url(site.config.timezone), **made)
        return None
    url = _written_url(site, owner, section, now, drafts)
    return StandIn(kind=ITEM, title=title, url=url, **made) if url else None


def _written_url(
    site: Site, invalid: Invalid, section: str, now: datetime, drafts: bool
) -> str | None:
    """An item that did not validate: its post URL from its front matter as written (date,
    and slug or a slug made of its title), if the preview would show it; else None."""
    values = invalid.source.meta.values
    timezone = site.config.timezone
    try:
        date = parse_datetime(values.get("date"), timezone)
        publish = values.get("publish")
        live = parse_datetime(publish, timezone) if publish is not None else date
        expire = values.get("expire")
        expired = expire is not None and parse_datetime(expire, timezone) <= now
    except FieldError:
        return None
    draft = values.get("draft") is True
    shown = drafts if draft else not expired and live <= now  # as Item.visibility judges
    if not shown:
        return None
    slug = values.get("slug")
    if isinstance(slug, int) and not isinstance(slug, bool):
        slug = str(slug)
    if not (isinstance(slug, str) and is_valid_slug(slug.strip())):
        title = values.get("title")
        slug = slugify(title) if isinstance(title, str) else ""
    slug = slug.strip()
    if not slug:
        return None
    return f"{section}/{date.astimezone(timezone):%Y/%m/%d}/{slug}/"
