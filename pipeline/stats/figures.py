"""One call from a loaded site to its figures: settings, periods, history, counts."""

from __future__ import annotations

from datetime import datetime

from pipeline.content.model import Site
from pipeline.stats.count import Figures, count_figures
from pipeline.stats.landed import Landings, read_landings
from pipeline.stats.periods import choose_periods, local_period
from pipeline.stats.settings import StatsConfig


def gather_figures(
    site: Site,
    now: datetime,
    kind: str | None = None,
    count: int | None = None,
    first: str | None = None,
    last: str | None = None,
    landings: Landings | None = None,
) -> Figures:
    stats = site.config.stats or StatsConfig()
    kind = kind or stats.period
    current = local_period(now, kind, site.config.timezone)
    periods = choose_periods(kind, current, count, stats.default_count(kind), first, last)
    if landings is None:
        landings = read_landings(site.config, site.layout)
    return count_figures(site, stats, kind, periods, now, landings)
