"""The figures: published items per section and period against targets, and what waits.

Everything comes from the loaded content (an item counts in the period of its
front-matter ``date``, what readers see) and, where there is one, git history (when
the item landed on main). Nothing is entered by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pipeline.content.model import Item, Site
from pipeline.stats.landed import Landing, Landings
from pipeline.stats.periods import Period, local_period
from pipeline.stats.settings import StatsConfig

# A period's state against its target
MET, MISSED, IN_PROGRESS, UPCOMING, NO_TARGET = "met", "missed", "in-progress", "upcoming", "none"


@dataclass(frozen=True)
class Published:
    item: Item
    landing: Landing | None  # None: not on main (yet), or no git history
    late: bool  # landed on main later than its date plus the tolerance


@dataclass(frozen=True)
class Cell:
    """One section in one period."""

    period: Period
    items: tuple[Published, ...]
    target: int | None
    state: str

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def late(self) -> int:
        return sum(1 for p in self.items if p.late)


@dataclass(frozen=True)
class SectionFigures:
    name: str
    title: str
    target: int | None  # per period of the report's kind
    cells: tuple[Cell, ...]

    @property
    def total(self) -> int:
        return sum(c.count for c in self.cells)


@dataclass(frozen=True)
class Waiting:
    item: Item
    state: str  # draft or scheduled


@dataclass(frozen=True)
class Figures:
    kind: str  # week or month
    now: datetime
    periods: tuple[Period, ...]
    sections: tuple[SectionFigures, ...]
    waiting: tuple[Waiting, ...]
    landings: Landings
    tolerance_days: float
    skipped: tuple[str, ...] = ()  # item files with errors: not counted until fixed

    @property
    def missed(self) -> list[tuple[SectionFigures, Cell]]:
        """Finished periods that missed their target: what `--check` fails on."""
        return [(s, c) for s in self.sections for c in s.cells if c.state == MISSED]

    @property
    def late(self) -> list[Published]:
        late = [p for s in self.sections for c in s.cells for p in c.items if p.late]
        return sorted(late, key=_order)


def state_of(period: Period, count: int, target: int | None, now: datetime, tz) -> str:
    if target is None:
        return NO_TARGET
    if period.begins(tz) > now:
        return UPCOMING
    if count >= target:
        return MET
    return IN_PROGRESS if period.ends(tz) > now else MISSED


def count_figures(
    site: Site,
    stats: StatsConfig,
    kind: str,
    periods: list[Period],
    now: datetime,
    landings: Landings,
) -> Figures:
    tz = site.config.timezone
    tolerance = timedelta(days=stats.late_tolerance_days)
    wanted = set(periods)
    by_cell: dict[tuple[str, Period], list[Published]] = {}
    waiting: list[Waiting] = []
    for item in site.items:
        state = item.visibility(now)
        if state in ("draft", "scheduled"):
            waiting.append(Waiting(item, state))
            continue
        period = local_period(item.date, kind, tz)
        if period not in wanted:
            continue
        landing = landings.by_path.get(item.rel_path)
        late = bool(landing and not landing.imported and landing.when > item.date + tolerance)
        by_cell.setdefault((item.section, period), []).append(Published(item, landing, late))
    sections = []
    for name, section in site.config.sections.items():
        target = stats.targets[name].of(kind) if name in stats.targets else None
        cells = []
        for period in periods:
            items = sorted(by_cell.get((name, period), []), key=_order)
            state = state_of(period, len(items), target, now, tz)
            cells.append(Cell(period, tuple(items), target, state))
        sections.append(SectionFigures(name, section.title, target, tuple(cells)))
    order = {name: index for index, name in enumerate(site.config.sections)}
    waiting.sort(key=lambda w: (order.get(w.item.section, 0), w.item.goes_live, w.item.rel_path))
    return Figures(
        kind=kind,
        now=now,
        periods=tuple(periods),
        sections=tuple(sections),
        waiting=tuple(waiting),
        landings=landings,
        tolerance_days=stats.late_tolerance_days,
        skipped=tuple(
            site.config.rel(site.docs_dir / p)
            for p in sorted(site.failed)
            if site.layout.section_of(p)
        ),
    )


def _order(published: Published) -> tuple:
    return (published.item.date, published.item.rel_path)
