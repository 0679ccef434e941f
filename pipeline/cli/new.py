"""`pipeline new`: start an item from the template, as a draft."""

from __future__ import annotations

import click

from pipeline.cli.shared import EXIT_BLOCKED, EXIT_USAGE, State, config_errors
from pipeline.content.model import load_site
from pipeline.content.newitem import NewItemError, author_from_git, choose_author, create_item
from pipeline.content.schema import parse_now
from pipeline.core.i18n import ui


@click.command("new")
@click.argument("section")
@click.argument("title")
@click.option(
    "--author",
    help="Author: the id or the name in site_config/authors.yml (default: from git config).",
)
@click.option("--slug", help="URL slug (default: the title in pinyin).")
@click.pass_obj
def new_command(
    state: State, section: str, title: str, author: str | None, slug: str | None
) -> None:
    """Start a new item: pipeline new news|industry "标题"."""
    with config_errors(state):
        project = state.open()
        now = parse_now(None, project.site_config)
    site = load_site(project.site_config, project.layout)
    try:
        git_names = author_from_git(project.root)
        chosen = choose_author(project.site_config, author, git_names, state.lang)
        item = create_item(site, section, title, chosen, now, state.lang, slug)
    except NewItemError as exc:
        status = EXIT_BLOCKED if exc.key == "new.exists" else EXIT_USAGE
        state.fail(ui(exc.key, state.lang, **exc.params), status)
    state.out.print(ui("new.created", state.lang, path=project.site_config.rel(item.path)))
