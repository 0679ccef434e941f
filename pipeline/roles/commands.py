"""`pipeline roles`: write .github/CODEOWNERS from site_config/roles.yml."""

from __future__ import annotations

import click

from pipeline.cli.shared import EXIT_USAGE, config_errors
from pipeline.core.i18n import ui
from pipeline.roles.settings import write_codeowners


@click.command("roles")
@click.pass_obj
def roles_command(state) -> None:
    """Write .github/CODEOWNERS from site_config/roles.yml (A and B owner of every area)."""
    with config_errors(state):
        project = state.open()
    roles = project.site_config.roles
    if roles is None:
        state.err.print(f"[red]{ui('roles.no-file', state.lang)}[/]")
        raise SystemExit(EXIT_USAGE)
    path = project.site_config.rel(roles.codeowners)
    written = write_codeowners(roles)
    state.out.print(
        ui("roles.written" if written else "roles.up-to-date", state.lang, path=path),
        markup=False,
    )
