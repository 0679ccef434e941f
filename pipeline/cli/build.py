"""`pipeline build`: check, then build the site into site/ (site-preview/ for previews).

When nothing the build depends on changed since the last build of the same folder, and
the folder is still what that build wrote, the site is up to date (``pipeline.uptodate``):
nothing is built or touched, the last build's findings are reported again and the exit
status is theirs. ``--force``, ``--no-speedups`` and ``--now`` always build.

This module imports only what that verdict needs. The build itself (the checks, MkDocs and
Material: seconds of imports) is ``BUILD``, loaded by name when it runs, as the group
loads each command (``pipeline.cli.main``).
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from pipeline.cli.shared import (
    State,
    emit,
    format_option,
    load_named,
    now_option,
    summary_option,
)
from pipeline.config.base import ConfigError
from pipeline.core.i18n import ui
from pipeline.uptodate import BuildOptions, UpToDate, up_to_date

# "module:attribute" of the build itself: check, MkDocs, report (pipeline.cli.buildrun)
BUILD = "pipeline.cli.buildrun:build_and_report"


@click.command("build")
@format_option
@summary_option
@now_option
@click.option(
    "--drafts", is_flag=True, help="Include drafts (for a preview build, never to publish)."
)
@click.option(
    "--speedups/--no-speedups",
    default=True,
    show_default=True,
    help="Build-speed work inside MkDocs; --no-speedups builds as the plugins would alone "
    "(benchmarks compare the two).",
)
@click.option(
    "--force", is_flag=True, help="Build even when the site is up to date (nothing changed)."
)
@click.pass_obj
def build_command(
    state: State,
    fmt: str,
    summary: Path | None,
    now: str | None,
    drafts: bool,
    speedups: bool,
    force: bool,
) -> None:
    """Check the content, then build the site into site/ (kept as it was on failure).

    With --drafts or --now the build is a preview and goes to site-preview/ instead.
    Nothing is built when nothing changed since the last build (--force builds anyway).
    """
    if not force and speedups and now is None:
        current = _up_to_date(state, drafts)
        if current is not None:
            _report(state, current, fmt, summary, preview=drafts)
    load_named(BUILD)(state, fmt, summary, now, drafts, speedups)


def _up_to_date(state: State, drafts: bool) -> UpToDate | None:
    """The last build, when it is what a build now would make. A project that cannot be
    opened without the engine is left to the build, which reports why."""
    try:
        project = state.open_plain()
    except ConfigError:
        return None
    # as the build chooses: drafts make a preview, and a preview has the internal pages
    options = BuildOptions(drafts=drafts, preview=drafts, internal=drafts, speedups=True)
    current = up_to_date(project, options)
    if current is not None:
        current = UpToDate(
            Path(project.site_config.rel(current.site_dir)),
            current.findings,
            current.files,
            current.pages,
        )
    return current


def _report(state: State, current: UpToDate, fmt: str, summary: Path | None, preview: bool):
    """The last build's findings again, the verdict, and its exit status."""
    emit(state, current.findings, fmt, current.files, summary)
    site_rel = current.site_dir.as_posix()
    state.err.print(ui("build.up-to-date", state.lang, path=site_rel + "/", pages=current.pages))
    if preview:
        state.err.print(f"[yellow]{escape(ui('build.preview-only', state.lang, path=site_rel))}[/]")
    state.err.print(ui("build.preview", state.lang, path=site_rel))
    raise SystemExit(current.findings.exit_status())
