"""`pipeline stats`: a thin click command over the figures."""

from __future__ import annotations

import click
from rich.markup import escape

from pipeline.cli.shared import EXIT_BLOCKED, EXIT_OK, EXIT_USAGE, config_errors
from pipeline.content.model import load_site
from pipeline.content.schema import parse_now
from pipeline.core.i18n import ui
from pipeline.stats.figures import gather_figures
from pipeline.stats.table import render_csv, render_json, render_terminal

FORMATS = ("table", "json", "csv")


@click.command("stats")
@click.option(
    "--period",
    type=click.Choice(("week", "month")),
    help="Count per ISO week or per month, in the site's time zone (default: stats.yml).",
)
@click.option(
    "--last",
    "count",
    type=click.IntRange(1, 520),
    help="How many periods, ending with the current one (default: stats.yml, 8 weeks/6 months).",
)
@click.option(
    "--from", "first", metavar="PERIOD", help="First period: 2026-W10, 2026-03 or a date."
)
@click.option("--to", "last", metavar="PERIOD", help="Last period (default: the current one).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--check", is_flag=True, help="Exit 1 when a finished period missed its target (for CI)."
)
@click.option("--now", metavar="TIME", help="Count as of this time, e.g. 2026-10-31 18:00.")
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    help="Language of the table (same as pipeline --lang).",
)
@click.pass_obj
def stats_command(
    state,
    period: str | None,
    count: int | None,
    first: str | None,
    last: str | None,
    fmt: str,
    check: bool,
    now: str | None,
    lang: str | None,
) -> None:
    """Items published per section and week or month, against the targets in
    site_config/stats.yml; drafts and scheduled items waiting; items that reached main late.
    """
    if lang:
        state.requested_lang = lang
    if count is not None and first is not None and last is not None:
        state.err.print(ui("stats.last-with-both", state.lang), markup=False)
        raise SystemExit(EXIT_USAGE)
    with config_errors(state):
        project = state.open()
        moment = parse_now(now, project.site_config)
        site = load_site(project.site_config, project.layout)
        figures = gather_figures(site, moment, period, count, first, last)
    config = project.site_config
    if fmt == "json":
        click.echo(render_json(figures))
    elif fmt == "csv":
        click.echo(render_csv(figures, state.lang), nl=False)
    else:
        render_terminal(figures, state.lang, state.out, config.timezone_name)
    if not check:
        raise SystemExit(EXIT_OK)
    missed = figures.missed
    console = state.err if fmt != "table" else state.out
    if missed:
        listed = ", ".join(f"{s.title} {c.period.label}" for s, c in missed)
        text = ui("stats.check-missed", state.lang, count=len(missed), periods=listed)
        console.print(f"[red]{escape(text)}[/]", highlight=False)
        raise SystemExit(EXIT_BLOCKED)
    console.print(f"[green]{ui('stats.check-ok', state.lang)}[/]")
    raise SystemExit(EXIT_OK)
