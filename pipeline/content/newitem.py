"""`pipeline new`: start an item with a filled-in front matter, never overwriting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import git

from pipeline.config.site import SiteConfig
from pipeline.content.model import Site
from pipeline.core.slugs import slugify

# Template text an editor must replace; a published item that still has it is an error.
PLACEHOLDERS = {
    "summary": {
        "zh": "请在这里用一两句话概括这篇文章，它会显示在列表页和搜索结果中。",
        "en": "Replace this with one or two sentences that sum up the item for lists and search.",
    },
    "body": {
        "zh": "请在这里写正文。第一段最好说清楚谁、在什么时候、做了什么。",
        "en": "Write the body here. The first paragraph should say who did what, and when.",
    },
    "source_name": {"zh": "请填写来源名称", "en": "Name of the source"},
    "source_url": {"zh": "https://www.example.com/", "en": "https://www.example.com/"},
}


class NewItemError(Exception):
    def __init__(self, key: str, **params) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass
class NewItem:
    path: Path
    slug: str


def author_from_git(root: Path) -> list[str]:
    """Names git knows the editor by (user.name and the local part of user.email)."""
    try:
        reader = git.Repo(root, search_parent_directories=True).config_reader()
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        reader = git.GitConfigParser(None, read_only=True)
    names = []
    for option in ("name", "email"):
        try:
            value = str(reader.get_value("user", option, default=""))
        except Exception:
            value = ""
        if value:
            names.append(value.split("@")[0] if option == "email" else value)
    return names


def choose_author(config: SiteConfig, given: str | None, git_names: list[str]) -> str:
    known = ", ".join(sorted(config.authors))
    if given:
        if given in config.authors:
            return given
        raise NewItemError("new.unknown-author", value=given, known=known)
    for name in git_names:
        for author in config.authors.values():
            if name.lower() in (author.id.lower(), author.name.lower()):
                return author.id
    raise NewItemError("new.no-author", known=known)


def create_item(
    site: Site,
    section: str,
    title: str,
    author: str,
    now: datetime,
    lang: str,
    slug: str | None = None,
) -> NewItem:
    config = site.config
    if section not in config.sections:
        raise NewItemError("new.unknown-section", value=section, known=", ".join(config.sections))
    length = len(" ".join(title.split()))
    bounds = config.title_bounds
    if not bounds.min <= length <= bounds.max:
        raise NewItemError("new.bad-title", length=length, min=bounds.min, max=bounds.max)
    base_slug = slugify(slug or title)  # a given slug too: it names the file
    if not base_slug:
        raise NewItemError("new.no-slug")
    taken = {i.slug for i in site.items if i.section == section}
    chosen, counter = base_slug, 2
    while chosen in taken:
        chosen, counter = f"{base_slug}-{counter}", counter + 1
    local = now.astimezone(config.timezone)
    folder = site.docs_dir / site.layout.posts_dirs[section] / f"{local:%Y}"
    path = folder / f"{local:%Y-%m-%d}-{chosen}.md"
    if path.exists():
        raise NewItemError("new.exists", path=config.rel(path))
    folder.mkdir(parents=True, exist_ok=True)
    text = render_template(config, section, title, author, local, chosen, lang)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return NewItem(path, chosen)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_template(
    config: SiteConfig, section: str, title: str, author: str, local: datetime, slug: str, lang: str
) -> str:
    spec = config.sections[section]
    allowed = "、".join(spec.categories)
    first = spec.categories[0] if spec.categories else ""
    lines = [
        "---",
        f"title: {_quote(title)}",
        f"summary: {PLACEHOLDERS['summary'][lang]}",
        f"date: {local:%Y-%m-%d %H:%M}",
        f"author: {author}",
        f"categories: [{first}]  # {allowed}",
        "keywords: []",
        "tags: []",
        f"slug: {slug}",
        "draft: true",
    ]
    if spec.source_required:
        lines += [
            "source:",
            f"  name: {PLACEHOLDERS['source_name'][lang]}",
            f"  url: {PLACEHOLDERS['source_url'][lang]}",
        ]
    lines += ["---", "", PLACEHOLDERS["body"][lang], ""]
    return "\n".join(lines)
