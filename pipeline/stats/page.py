"""The team's figures page (/stats/), generated at build time like the update log.

It is in the site's language and depends only on the content, the git history and the
build's publishing time (the same moment that decides which items are published), so
the same inputs give the same page byte for byte. Unless `page.in_nav` says so it is
not linked from the navigation and is kept out of search and the sitemap.
"""

from __future__ import annotations

import json
from datetime import datetime

from pipeline.content.homepage import escape_markdown
from pipeline.content.model import Site
from pipeline.core.i18n import ui
from pipeline.stats.count import Figures
from pipeline.stats.figures import gather_figures
from pipeline.stats.landed import read_landings
from pipeline.stats.settings import StatsConfig
from pipeline.stats.table import TIME, as_of, cell_text, target_text

WAITING_STATES = ("draft", "scheduled")


def page_title(stats: StatsConfig, lang: str) -> str:
    return stats.page.title or ui("stats.page-title", lang)


def stats_markdown(site: Site, now: datetime) -> str:
    config = site.config
    stats = config.stats or StatsConfig()
    lang = config.language
    title = page_title(stats, lang)
    landings = read_landings(config, site.layout)
    monthly = gather_figures(site, now, "month", landings=landings)
    weekly = gather_figures(site, now, "week", landings=landings)
    description = ui("stats.page-description", lang)
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", "hide: [navigation]"]
    lines.append(f"description: {json.dumps(description, ensure_ascii=False)}")
    if not stats.page.in_nav:
        # unlisted: kept out of search; the sitemap reads the same flag
        lines += ["search:", "  exclude: true", "pipeline_unlisted: true"]
    lines += ["---", "", f"# {escape_markdown(title)}", "", ui("stats.page-intro", lang), ""]
    lines += [as_of(monthly, lang, config.timezone_name, day_only=True), ""]
    for figures in (monthly, weekly):
        lines += _period_table(figures, lang)
    lines += _waiting(monthly, lang)
    lines += _late(monthly, weekly, lang)
    return "\n".join(lines) + "\n"


def _period_table(figures: Figures, lang: str) -> list[str]:
    kind = ui(f"stats.{figures.kind}", lang)
    header = [ui("stats.col-period", lang), ui("stats.col-days", lang)]
    header += [
        f"{escape_markdown(s.title)}<br>{target_text(s, figures.kind, lang)}"
        for s in figures.sections
    ]
    lines = ["", f"## {ui('stats.heading', lang, period=kind)}", ""]
    lines += ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for index, period in enumerate(reversed(figures.periods)):
        row = len(figures.periods) - 1 - index  # latest first, as on the update-log page
        cells = [cell_text(s.cells[row], lang) for s in figures.sections]
        lines.append("| " + " | ".join([period.label, period.days, *cells]) + " |")
    total = [ui("stats.total", lang), "", *(str(s.total) for s in figures.sections)]
    lines.append("| " + " | ".join(total) + " |")
    return lines


def _waiting(figures: Figures, lang: str) -> list[str]:
    """Counts only: the page is public (only unlisted), and what is not published yet must
    appear nowhere on the site, not even its title. `pipeline stats` lists them."""
    lines = ["", f"## {ui('stats.waiting-heading', lang)}", ""]
    if not figures.waiting:
        return [*lines, ui("stats.waiting-none", lang)]
    header = [ui("stats.col-section", lang)]
    header += [ui(f"stats.waiting.{state}", lang) for state in WAITING_STATES]
    lines += ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for section in figures.sections:
        counts = [
            sum(1 for w in figures.waiting if w.item.section == section.name and w.state == state)
            for state in WAITING_STATES
        ]
        lines.append("| " + " | ".join([escape_markdown(section.title), *map(str, counts)]) + " |")
    return [*lines, "", ui("stats.waiting-command", lang)]


def _late(monthly: Figures, weekly: Figures, lang: str) -> list[str]:
    landings = monthly.landings
    if not landings.available:
        reason = escape_markdown(landings.why_not(lang))
        return ["", ui("stats.no-history", lang, reason=reason)]
    days = f"{monthly.tolerance_days:g}"
    # both tables' periods: an item may be in the weeks shown but before the months shown
    # named only while on the site: an expired item's title is gone from it, like a draft's
    late = {
        p.item.rel_path: p
        for p in (*monthly.late, *weekly.late)
        if p.item.visibility(monthly.now) == "published"
    }
    if not late:
        return ["", ui("stats.late-none", lang, days=days)]
    lines = ["", f"## {ui('stats.late-heading', lang, days=days)}", ""]
    keys = ("title", "date", "landed", "file")
    lines += ["| " + " | ".join(ui(f"stats.col-{k}", lang) for k in keys) + " |"]
    lines.append("|" + " --- |" * len(keys))
    tz = monthly.now.tzinfo
    for published in sorted(late.values(), key=lambda p: (p.item.date, p.item.rel_path)):
        item = published.item
        cells = (
            escape_markdown(item.title),
            f"{item.date.astimezone(tz):{TIME}}",
            f"{published.landing.when:{TIME}}",
            f"`{item.rel_path}`",
        )
        lines.append("| " + " | ".join(cells) + " |")
    return lines
