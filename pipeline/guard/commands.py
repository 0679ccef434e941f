"""`pipeline terms test`: run the term lists' self-tests."""

from __future__ import annotations

import click
from rich.markup import escape

from pipeline.cli.shared import EXIT_BLOCKED, EXIT_OK, config_errors
from pipeline.core.i18n import ui
from pipeline.guard.scan import matcher_for
from pipeline.guard.selftest import run_self_tests


@click.group("terms")
def terms_command() -> None:
    """Sensitive-term lists of the content guard (site_config/terms/)."""


@terms_command.command("test")
@click.pass_obj
def test_command(state) -> None:
    """Check every list against its sentences that must and must not match."""
    with config_errors(state):
        project = state.open()
        config = project.site_config.guard
        result = run_self_tests(config, matcher_for(config))
    for path, test in result.untested:
        state.err.print(
            f"[yellow]{escape(ui('terms.no-tests', state.lang, path=path, test=test))}[/]"
        )
    for failure in result.failures:
        params = dict(failure.params)
        if "found" in params and not params["found"]:
            params["found"] = ui("terms.nothing", state.lang)
        message = ui(failure.key, state.lang, **params)
        state.out.print(f"{escape(failure.path)}:{failure.line}: [red]{escape(message)}[/]")
    if result.failures:
        state.out.print(
            f"[bold red]{ui('terms.failed', state.lang, failures=len(result.failures))}[/]"
        )
        raise SystemExit(EXIT_BLOCKED)
    summary = ui("terms.ok", state.lang, categories=result.categories, cases=result.cases)
    state.out.print(f"[bold green]{escape(summary)}[/]")
    raise SystemExit(EXIT_OK)
