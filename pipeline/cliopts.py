"""What every `pipeline` command shares: its exit statuses and the report options.

Kept apart from pipeline.cli so that the command modules of each stage (links,
records, ci, guard), which pipeline.cli imports, can use them without a cycle.
"""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.report import FORMATS

# 0: nothing blocks publishing; 1: something does (or a check failed); 2: usage or configuration
EXIT_OK, EXIT_BLOCKED, EXIT_USAGE = 0, 1, 2

summary_option = click.option(
    "--summary",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also append a Markdown report to FILE (e.g. $GITHUB_STEP_SUMMARY).",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format.",
)
