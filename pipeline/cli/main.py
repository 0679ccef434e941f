"""The `pipeline` command: a group that adds every command; each lives in its own module.

Exit status: 0 when nothing blocks publishing, 1 when something does, 2 for usage
or configuration errors.
"""

from __future__ import annotations

from pathlib import Path

import click

from pipeline import __version__
from pipeline.ci.commands import ci_group
from pipeline.cli.build import build_command
from pipeline.cli.check import check_command
from pipeline.cli.new import new_command
from pipeline.cli.serve import serve_command
from pipeline.cli.shared import State
from pipeline.deploy.commands import deploy_command
from pipeline.editor.commands import edit_command
from pipeline.guard.commands import terms_command
from pipeline.links.commands import links_command
from pipeline.records.commands import archive_command, log_command
from pipeline.roles.commands import roles_command
from pipeline.stats.commands import stats_command

COMMANDS = (
    check_command,
    build_command,
    serve_command,
    new_command,
    edit_command,
    log_command,
    archive_command,
    terms_command,
    ci_group,
    roles_command,
    links_command,
    stats_command,
    deploy_command,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="mkdocs.yml of the site (default: found from the current folder).",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    help="Language of messages (default: site_config/site.yml `language`).",
)
@click.version_option(__version__, prog_name="pipeline")
@click.pass_context
def cli(ctx: click.Context, config_file: Path | None, lang: str | None) -> None:
    """Content pipeline of the corporate website: check, build, preview, write."""
    ctx.obj = State(config_file, lang)


for command in COMMANDS:
    cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="pipeline")
