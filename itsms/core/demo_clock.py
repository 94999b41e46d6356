"""The demo's moving clock: the demo organization is built as a year of preparation, not in one instant.

Each area's `demo.py` adds dated steps to one `Timeline` (`steps(ctx, timeline)`); `seed_demo` runs all
steps of all areas in date order, each with the clock stopped at its own time (time-machine), so every
record and its audit entry carry the date it would have had in a real project, and the audit trail reads in
order. The year ends shortly before the day the demo is seeded, so the demo always reads as current.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field

import time_machine
from django.utils import timezone

# The project starts about eleven months before the seeding day (on a Monday).
PROJECT_MONTHS = 11


def project_start(today: dt.date) -> dt.date:
    start = today - dt.timedelta(days=PROJECT_MONTHS * 30)
    return start - dt.timedelta(days=start.weekday())


@dataclass(order=True)
class Step:
    at: dt.datetime
    seq: int
    name: str = field(compare=False)
    run: Callable[[], object] = field(compare=False)


class Timeline:
    """Dated steps in the organization's zone, run in order with the clock stopped at each."""

    def __init__(self, zone: str, today: dt.date | None = None) -> None:
        self.zone = zoneinfo.ZoneInfo(zone)
        self.today = today or timezone.localdate(timezone=self.zone)
        self.start = project_start(self.today)
        self._steps: list[Step] = []

    def day(self, offset: int) -> dt.date:
        """The date `offset` days after the project start."""
        return self.start + dt.timedelta(days=offset)

    def at(self, offset: int, hour: int = 9, minute: int = 0) -> dt.datetime:
        """A local time `offset` days after the project start, as an aware datetime."""
        return dt.datetime.combine(self.day(offset), dt.time(hour, minute), tzinfo=self.zone)

    def work(self, offset: int, hour: int = 9, minute: int = 0) -> dt.datetime:
        """Like `at`, moved on to the Monday when the day falls on a weekend: people work on working days."""
        day = self.day(offset)
        shift = (7 - day.weekday()) % 7 if day.weekday() >= 5 else 0
        return self.at(offset + shift, hour, minute)

    def workday(self, offset: int, after: int = 0) -> int:
        """The project day `after` working days from `offset` (itself moved on to a working day)."""
        day = self.work(offset).date()
        for _ in range(after):
            day += dt.timedelta(days=1)
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
        return (day - self.start).days

    def add(self, when: dt.datetime, name: str, run: Callable[[], object]) -> None:
        if when.date() > self.today:
            raise ValueError(f"demo step {name!r} is dated after the seeding day")
        self._steps.append(Step(when, len(self._steps), name, run))

    def steps(self) -> list[Step]:
        return sorted(self._steps)

    def run(self) -> int:
        for step in self.steps():
            with time_machine.travel(step.at, tick=False):
                step.run()
        return len(self._steps)
