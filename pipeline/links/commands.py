"""`pipeline links`: a thin click command over `check_links`."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli.shared import config_errors, emit, format_option, summary_option
from pipeline.core.i18n import ui
from pipeline.links.check import check_links
from pipeline.links.driver import LinkcheckerFailed
from pipeline.links.scope import GitError, changed_since, scope_of
from pipeline.links.settings import load_link_settings


@click.command("links")
@click.argument("paths", nargs=-1, metavar="[PATHS]...")
@click.option(
    "--changed",
    is_flag=True,
    help="Check only the pages built from PATHS (content files, relative to the project) "
    "and the pages that link them.",
)
@click.option("--since", metavar="REV", help="Check only the pages of files changed since REV.")
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The built site to check (default: site_dir of mkdocs.yml, i.e. site/).",
)
@click.option(
    "--external", is_flag=True, help="Also check links to other sites (needs the network)."
)
@format_option
@summary_option
@click.pass_obj
def links_command(
    state,
    paths: tuple[str, ...],
    changed: bool,
    since: str | None,
    site_dir: Path | None,
    external: bool,
    fmt: str,
    summary: Path | None,
) -> None:
    """Check the links and anchors of the built site (offline; --external for other sites).

    pipeline links checks every page; pipeline links --changed PATHS... (or --since REV)
    checks the pages built from those files and the pages that link them.
    """
    if paths and not changed:
        state.fail(ui("links.paths-need-changed", state.lang))
    with config_errors(state):
        project = state.open()
        settings = load_link_settings(project.root, project.site_config.config_dir)
    folder = (site_dir if site_dir is not None else project.site_dir).resolve()
    if not (folder / "index.html").is_file():
        state.fail(ui("links.no-site", state.lang, path=project.site_config.rel(folder)))
    scope = None
    if changed or since:
        listed = list(paths)
        if since:
            try:
                listed += changed_since(project, since)
            except GitError as exc:
                state.fail(ui("links.git-failed", state.lang, rev=since, problem=str(exc)))
        scope = scope_of(listed, project)
        if scope.whole_site:
            state.err.print(ui("links.whole-site", state.lang), markup=False)
    try:
        report = check_links(project, folder, scope, external, settings)
    except LinkcheckerFailed as exc:
        state.fail(ui("links.failed", state.lang, problem=str(exc)))
    emit(state, report.findings, fmt, report.pages, summary)
    done = ui(
        "links.done",
        state.lang,
        pages=report.pages,
        external=report.external if external else None,
        skipped=report.skipped,
        seconds=report.seconds,
    )
    state.err.print(done, markup=False)
    raise SystemExit(report.findings.exit_status())
