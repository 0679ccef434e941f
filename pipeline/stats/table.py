"""The figures as people read them: a rich table on the terminal, JSON, CSV."""

from __future__ import annotations

import csv
import io
import json

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.core.i18n import ui
from pipeline.stats.count import MET, MISSED, NO_TARGET, Cell, Figures, SectionFigures

STATE_STYLES = {MET: "green", MISSED: "red", "in-progress": "yellow", "upcoming": "dim"}
STATE_MARKS = {MET: "✓", MISSED: "✗", "in-progress": "…", "upcoming": "·", NO_TARGET: ""}
TIME = "%Y-%m-%d %H:%M"


def target_text(section: SectionFigures, kind: str, lang: str) -> str:
    if section.target is None:
        return ui("stats.no-target", lang)
    return ui("stats.target", lang, count=section.target, period=ui(f"stats.{kind}", lang))


def cell_text(cell: Cell, lang: str) -> str:
    """'3 ✓ 达标' or '1 ✗ missed', with the late count when there is one."""
    parts = [str(cell.count)]
    if cell.state != NO_TARGET:
        parts.append(f"{STATE_MARKS[cell.state]} {ui(f'stats.state.{cell.state}', lang)}")
    if cell.late:
        parts.append(f"({ui('stats.late-count', lang, count=cell.late)})")
    return " ".join(parts)


def as_of(figures: Figures, lang: str, timezone: str, *, day_only: bool = False) -> str:
    # the site's page says the day only: a rebuild in another minute gives the same bytes
    moment = f"{figures.now:%Y-%m-%d}" if day_only else f"{figures.now:{TIME}}"
    return ui("stats.as-of", lang, now=moment, timezone=timezone)


def render_terminal(figures: Figures, lang: str, console: Console, timezone: str) -> None:
    kind = ui(f"stats.{figures.kind}", lang)
    table = Table(title=ui("stats.heading", lang, period=kind), title_justify="left")
    table.add_column(ui("stats.col-period", lang), no_wrap=True)
    table.add_column(ui("stats.col-days", lang), no_wrap=True, style="dim")
    for section in figures.sections:
        header = f"{section.title}\n[dim]{target_text(section, figures.kind, lang)}[/]"
        table.add_column(header, no_wrap=True)
    for index, period in enumerate(figures.periods):
        cells = []
        for section in figures.sections:
            cell = section.cells[index]
            style = STATE_STYLES.get(cell.state)
            text = cell_text(cell, lang)
            cells.append(f"[{style}]{text}[/]" if style else text)
        table.add_row(period.label, period.days, *cells)
    table.add_section()
    table.add_row(ui("stats.total", lang), "", *(str(s.total) for s in figures.sections))
    console.print(table)
    console.print(f"[dim]{as_of(figures, lang, timezone)}[/]")
    if figures.skipped:
        files = ", ".join(figures.skipped)
        console.print(
            f"[red]{escape(ui('stats.skipped', lang, count=len(figures.skipped), files=files))}[/]"
        )
    _print_waiting(figures, lang, console)
    _print_history(figures, lang, console)


def _print_waiting(figures: Figures, lang: str, console: Console) -> None:
    """One line per item (titles and paths are long; a boxed table would wrap them)."""
    console.print()
    if not figures.waiting:
        console.print(ui("stats.waiting-none", lang))
        return
    titles = {s.name: s.title for s in figures.sections}
    console.print(f"[bold]{ui('stats.waiting-heading', lang)}[/]")
    tz = figures.now.tzinfo
    for waiting in figures.waiting:
        item = waiting.item
        when = item.goes_live if waiting.state == "scheduled" else item.date
        state = f"{ui(f'stats.waiting.{waiting.state}', lang)} {when.astimezone(tz):{TIME}}"
        console.print(
            f"  {escape(titles.get(item.section, item.section))}  [yellow]{escape(state)}[/]  "
            f"{escape(item.title)}  [dim]{escape(item.rel_path)}[/]",
            highlight=False,
        )


def _print_history(figures: Figures, lang: str, console: Console) -> None:
    landings = figures.landings
    if not landings.available:
        reason = landings.why_not(lang)
        console.print(f"[dim]{escape(ui('stats.no-history', lang, reason=reason))}[/]")
        return
    console.print()
    days = f"{figures.tolerance_days:g}"
    late = figures.late
    if not late:
        console.print(ui("stats.late-none", lang, days=days))
    else:
        console.print(f"[red]{ui('stats.late-heading', lang, days=days)}[/]")
        for published in late:
            item = published.item
            console.print(
                f"  {item.date.astimezone(figures.now.tzinfo):{TIME}} → "
                f"{published.landing.when:{TIME}}  {escape(item.title)}  "
                f"[dim]{escape(item.rel_path)}[/]",
                highlight=False,
            )
    counted = [p for s in figures.sections for c in s.cells for p in c.items]
    imported = sum(1 for p in counted if p.landing and p.landing.imported)
    unlanded = sum(1 for p in counted if p.landing is None)
    if imported:
        console.print(f"[dim]{ui('stats.imported', lang, count=imported)}[/]")
    if unlanded:
        console.print(f"[dim]{ui('stats.unlanded', lang, count=unlanded)}[/]")


def to_data(figures: Figures) -> dict:
    """The figures as plain data: the JSON output, in a stable order."""
    tz = figures.now.tzinfo

    def when(moment):
        return moment.astimezone(tz).isoformat() if moment else None

    def published(p) -> dict:
        return {
            "title": p.item.title,
            "path": p.item.rel_path,
            "date": when(p.item.date),
            "url": p.item.url(tz),
            "landed": when(p.landing.when) if p.landing else None,
            "commit": p.landing.commit if p.landing else None,
            "imported": p.landing.imported if p.landing else None,
            "late": p.late,
        }

    return {
        "period": figures.kind,
        "now": when(figures.now.replace(microsecond=0)),
        "history": figures.landings.available,
        "late_tolerance_days": figures.tolerance_days,
        "periods": [
            {"label": p.label, "first_day": p.start.isoformat(), "last_day": p.last_day.isoformat()}
            for p in figures.periods
        ],
        "sections": [
            {
                "name": s.name,
                "title": s.title,
                "target": s.target,
                "total": s.total,
                "periods": [
                    {
                        "period": c.period.label,
                        "published": c.count,
                        "target": c.target,
                        "state": c.state,
                        "late": c.late,
                        "items": [published(p) for p in c.items],
                    }
                    for c in s.cells
                ],
            }
            for s in figures.sections
        ],
        "waiting": [
            {
                "section": w.item.section,
                "state": w.state,
                "title": w.item.title,
                "path": w.item.rel_path,
                "date": when(w.item.date),
                "goes_live": when(w.item.goes_live),
            }
            for w in figures.waiting
        ],
        "missed": [{"section": s.name, "period": c.period.label} for s, c in figures.missed],
        "skipped": list(figures.skipped),
    }


def render_json(figures: Figures) -> str:
    return json.dumps(to_data(figures), ensure_ascii=False, indent=2)


CSV_COLUMNS = ("section", "title", "period", "start", "end", "published", "target", "state", "late")


def render_csv(figures: Figures, lang: str) -> str:
    """One row per section and period; UTF-8 with BOM, as Excel expects (like the update log)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([ui(f"stats.csv.{column}", lang) for column in CSV_COLUMNS])
    for section in figures.sections:
        for cell in section.cells:
            writer.writerow(
                (
                    section.name,
                    section.title,
                    cell.period.label,
                    cell.period.start.isoformat(),
                    cell.period.last_day.isoformat(),
                    cell.count,
                    "" if cell.target is None else cell.target,
                    ui(f"stats.state.{cell.state}", lang),
                    cell.late,
                )
            )
    return "\ufeff" + out.getvalue()
