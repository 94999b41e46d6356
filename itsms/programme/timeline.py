"""The timeline drawn on the server: bars for phases and tasks, a today line and the plan's markers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .selectors import Roadmap

DAY_PX = 4
LABEL_PX = 300
ROW_PX = 22


@dataclass
class Bar:
    y: int
    x: int
    width: int
    label: str
    css: str
    url_pk: int | None = None


@dataclass
class Marker:
    x: int
    label: str | Promise
    day: dt.date
    css: str


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar]
    markers: list[Marker]
    months: list[tuple[int, str]]


def build(roadmap: Roadmap) -> Chart:
    programme = roadmap.programme
    tasks = roadmap.tasks
    targets = [
        (programme.preaudit_target, _("Pre-audit"), "preaudit"),
        (programme.stage1_target, _("Stage 1"), "stage1"),
        (programme.stage2_target, _("Stage 2"), "stage2"),
        (programme.operating_since, _("Operating since"), "operating"),
    ]
    days = [t.planned_start for t in tasks] + [t.planned_end for t in tasks] + [programme.start_date]
    days += [d for d, _l, _c in targets if d is not None] + [roadmap.today]
    first, last = min(days), max(days) + dt.timedelta(days=7)

    def x(day: dt.date) -> int:
        return LABEL_PX + (day - first).days * DAY_PX

    bars: list[Bar] = []
    y = ROW_PX
    for row in roadmap.phases:
        if row.start and row.end:
            bars.append(
                Bar(y, x(row.start), (row.end - row.start).days * DAY_PX + DAY_PX, str(row.phase), "phase")
            )
        y += ROW_PX
        for t in row.tasks:
            css = f"task {t.effective_status}" + (" overdue" if t.overdue else "")  # type: ignore[attr-defined]
            width = (t.planned_end - t.planned_start).days * DAY_PX + DAY_PX
            bars.append(Bar(y, x(t.planned_start), width, str(t), css, t.pk))
            y += ROW_PX
    markers = [Marker(x(d), label, d, css) for d, label, css in targets if d is not None]
    markers.append(Marker(x(roadmap.today), _("Today"), roadmap.today, "today"))
    months = []
    month = first.replace(day=1)
    while month <= last:
        if month >= first:
            months.append((x(month), month.strftime("%Y-%m")))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return Chart(x(last), y + ROW_PX, bars, markers, months)
