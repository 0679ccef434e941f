"""`pipeline new`: start an item with a filled-in front matter, never overwriting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.config.base import did_you_mean
from pipeline.config.site import LANGUAGES, SiteConfig
from pipeline.content.model import Site
from pipeline.core.i18n import ui
from pipeline.core.lazyimport import lazy_module
from pipeline.core.slugs import slugify

# GitPython (about 45 ms to import) only for `pipeline new`'s author: every check imports
# this module (its placeholders), the editors' pre-commit hook among them
git = lazy_module("git")

# Template text an editor must replace; a published item that still has it is an error.
# kind -> language -> text; the texts are in the catalogue (new.placeholder.*).
_PLACEHOLDER_KEYS = {
    "summary": "new.placeholder.summary",
    "body": "new.placeholder.body",
    "source_name": "new.placeholder.source-name",
}
PLACEHOLDERS = {
    kind: {lang: ui(key, lang) for lang in LANGUAGES} for kind, key in _PLACEHOLDER_KEYS.items()
}
PLACEHOLDERS["source_url"] = dict.fromkeys(LANGUAGES, "https://www.example.com/")


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


def choose_author(
    config: SiteConfig, given: str | None, git_names: list[str], lang: str = "zh"
) -> str:
    """The author id for ``--author`` (an id or a display name of authors.yml), else for
    the editor's git identity."""
    if given:
        return _author_named(config, given, lang)
    for name in git_names:
        for author in config.authors.values():
            if name.lower() in (author.id.lower(), author.name.lower()):
                return author.id
    raise NewItemError("new.no-author", known=_author_choices(config, config.authors, lang))


def _author_named(config: SiteConfig, given: str, lang: str) -> str:
    wanted = " ".join(given.split())
    if wanted in config.authors:
        return wanted
    # an id in other letter case, or a display name (张伟): unambiguous ones are taken
    folded = wanted.casefold()
    matches = [
        a.id
        for a in config.authors.values()
        if folded in (a.id.casefold(), " ".join(a.name.split()).casefold())
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        known = _author_choices(config, matches, lang)
        raise NewItemError("new.ambiguous-author", value=given, known=known)
    names = {a.name: a.id for a in config.authors.values()}
    suggestion = did_you_mean(wanted, list(config.authors)) or names.get(
        did_you_mean(wanted, list(names)) or ""
    )
    raise NewItemError(
        "new.unknown-author",
        value=given,
        suggestion=suggestion or "",
        known=_author_choices(config, config.authors, lang),
    )


def _author_choices(config: SiteConfig, ids, lang: str) -> str:
    """zhangwei（张伟）、liuyang（刘洋）: what --author accepts, in the reader's language."""
    return ui("separator.list", lang).join(
        ui("new.author-choice", lang, id=author_id, name=config.authors[author_id].name)
        for author_id in sorted(ids)
    )


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
    allowed = ui("separator.list", lang).join(spec.categories)
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
