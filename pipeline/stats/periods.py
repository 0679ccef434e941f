"""Weeks and months in the site's time zone.

A week is an ISO week (Monday 00:00 to the next Monday 00:00, local time), named
2026-W47 after its ISO year; a month is named 2026-11.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pipeline.config.base import ConfigError
from pipeline.content.schema import FieldError, parse_datetime

_WEEK = re.compile(r"^\s*(?P<year>\d{4})-?W(?P<week>\d{1,2})\s*$", re.I)
_MONTH = re.compile(r"^\s*(?P<year>\d{4})-(?P<month>\d{1,2})\s*$")


@dataclass(frozen=True, order=True)
class Period:
    kind: str  # week or month
    start: date  # first local day
    end: date  # first local day after it

    @property
    def label(self) -> str:
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.start:%Y-%m}"

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def days(self) -> str:
        """The local days it covers, e.g. 11-16–11-22, for weeks that cross months."""
        return f"{self.start:%m-%d}–{self.last_day:%m-%d}"

    def begins(self, timezone: ZoneInfo) -> datetime:
        return datetime.combine(self.start, datetime.min.time(), tzinfo=timezone)

    def ends(self, timezone: ZoneInfo) -> datetime:
        return datetime.combine(self.end, datetime.min.time(), tzinfo=timezone)

    def next(self) -> Period:
        return period_of(self.end, self.kind)

    def shifted(self, count: int) -> Period:
        period = self
        for _ in range(count):
            period = period.next()
        return period

    def previous(self) -> Period:
        return period_of(self.start - timedelta(days=1), self.kind)


def period_of(day: date, kind: str) -> Period:
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        return Period(kind, start, start + timedelta(days=7))
    start = day.replace(day=1)
    end = date(start.year + 1, 1, 1) if start.month == 12 else start.replace(month=start.month + 1)
    return Period(kind, start, end)


def local_period(moment: datetime, kind: str, timezone: ZoneInfo) -> Period:
    return period_of(moment.astimezone(timezone).date(), kind)


def parse_period(text: str, kind: str) -> Period | None:
    """2026-W47 or 2026-11 (of the requested kind), or any date inside the period."""
    week, month = _WEEK.match(text), _MONTH.match(text)
    try:
        if week and kind == "week":
            return period_of(date.fromisocalendar(int(week["year"]), int(week["week"]), 1), kind)
        if month and kind == "month":
            return period_of(date(int(month["year"]), int(month["month"]), 1), kind)
        if week or month:
            return None
        return period_of(parse_datetime(text, ZoneInfo("UTC")).date(), kind)
    except (ValueError, FieldError):  # week 54, month 13, a day that does not exist, not a date
        return None


def periods_between(first: Period, last: Period) -> list[Period]:
    periods = [first]
    while periods[-1] < last:
        periods.append(periods[-1].next())
    return periods


def last_periods(current: Period, count: int) -> list[Period]:
    periods = [current]
    while len(periods) < count:
        periods.insert(0, periods[0].previous())
    return periods


def choose_periods(
    kind: str,
    current: Period,
    count: int | None,
    default_count: int,
    first_text: str | None = None,
    last_text: str | None = None,
) -> list[Period]:
    """The periods to report: --from/--to, either with --last N, or else the last N ending
    with the current one. A bad bound is a usage error naming the option."""
    bounds = []
    for option, text in (("--from", first_text), ("--to", last_text)):
        chosen = None
        if text is not None:
            chosen = parse_period(text, kind)
            if chosen is None:
                example = "2026-W47" if kind == "week" else "2026-11"
                raise ConfigError(option, None, "stats/bad-range", value=text, example=example)
        bounds.append(chosen)
    first, last = bounds
    if first is None:
        return last_periods(last or current, count or default_count)
    if last is None:
        if count:
            return periods_between(first, first.shifted(count - 1))
        last = max(first, current)
    if first > last:
        raise ConfigError("--from", None, "stats/range-order", first=first.label, last=last.label)
    return periods_between(first, last)
