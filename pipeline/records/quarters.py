"""Quarters in the site's time zone: 2026Q3 runs from 1 July 00:00 to 1 October 00:00 local time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from pipeline.core.i18n import ui

_QUARTER = re.compile(r"^\s*(?P<year>\d{4})\s*-?\s*[Qq](?P<q>[1-4])\s*$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter | None:
        """2026Q3, 2026-Q3 or 2026q3; None when the text is none of these."""
        match = _QUARTER.match(text)
        # year 0 and 9999's end are outside what datetime can hold: not a quarter either
        if not match or not 1 <= int(match["year"]) <= 9998:
            return None
        return cls(int(match["year"]), int(match["q"]))

    @classmethod
    def of(cls, moment: datetime, timezone: ZoneInfo) -> Quarter:
        local = moment.astimezone(timezone)
        return cls(local.year, (local.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    def label(self, lang: str) -> str:
        return ui("log.quarter", lang, year=self.year, number=self.number)

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def start(self, timezone: ZoneInfo) -> datetime:
        return datetime(self.year, 3 * self.number - 2, 1, tzinfo=timezone)

    def end(self, timezone: ZoneInfo) -> datetime:
        """The first moment after the quarter (exclusive end)."""
        return self.next().start(timezone)

    def contains(self, moment: datetime, timezone: ZoneInfo) -> bool:
        return self.start(timezone) <= moment < self.end(timezone)


def last_completed(now: datetime, timezone: ZoneInfo) -> Quarter:
    return Quarter.of(now, timezone).previous()
