"""The competence matrix: people × the trainings their positions require, from a constant number of queries.

One query reads the requirements, one the people (or a page of them), one the department tree when
filtering, and one aggregate the latest passed and failed training per person, kind and topic. Cells are
then worked out in memory, so the query count does not grow with people or trainings.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itsms.core.models import Department, Organization, Person
from itsms.core.timezones import org_today

from .models import Attendance, CompetenceRequirement, TrainingKind
from .models.sessions import TOOK_PLACE

DONE, MISSING, EXPIRED, FAILED, NOT_REQUIRED = "done", "missing", "expired", "failed", ""
STATE_LABELS = {
    DONE: _("done"),
    MISSING: _("missing"),
    EXPIRED: _("expired"),
    FAILED: _("failed"),
    NOT_REQUIRED: "",
}
_KIND_ORDER = {k: i for i, k in enumerate(TrainingKind.values)}


@dataclass(frozen=True)
class Column:
    kind: str
    topic: str

    @property
    def label(self) -> str:
        kind = str(TrainingKind(self.kind).label)
        return f"{kind} — {self.topic}" if self.topic else kind


@dataclass(frozen=True)
class Cell:
    state: str
    trained_on: dt.date | None = None
    expires_on: dt.date | None = None

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])


@dataclass
class Row:
    person: Person
    cells: list[Cell]


@dataclass
class Matrix:
    columns: list[Column]
    rows: list[Row]
    totals: dict[str, int] = field(default_factory=dict)


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def department_subtree_ids(org: Organization, department_id: int) -> list[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent in Department.objects.filter(organization=org).values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = [], [department_id]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.append(pk)
            todo.extend(children.get(pk, []))
    return found


def matrix_people(org: Organization, *, department_id: int | None = None) -> QuerySet[Person]:
    qs = Person.objects.filter(organization=org, is_active=True)
    if department_id is not None:
        qs = qs.filter(department_id__in=department_subtree_ids(org, department_id))
    return qs.select_related("department", "position").order_by("full_name", "id")


def _cell(
    validity: int | None, passed_at: dt.datetime | None, failed_at: dt.datetime | None, today: dt.date
) -> Cell:
    if passed_at is not None:
        trained_on = timezone.localdate(passed_at)
        expires_on = add_months(trained_on, validity) if validity else None
        if expires_on is not None and expires_on < today:
            return Cell(EXPIRED, trained_on, expires_on)
        return Cell(DONE, trained_on, expires_on)
    if failed_at is not None:
        return Cell(FAILED, timezone.localdate(failed_at))
    return Cell(MISSING)


def _latest(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def competence_matrix(
    org: Organization, people: Sequence[Person] | QuerySet[Person], *, today: dt.date | None = None
) -> Matrix:
    """The matrix for `people` (a page of `matrix_people` or all of it)."""
    today = today or org_today(org)
    requirements = list(
        CompetenceRequirement.objects.filter(organization=org).values_list(
            "position_id", "kind", "topic", "validity_months"
        )
    )
    by_position: dict[int, dict[Column, int | None]] = {}
    for position_id, kind, topic, validity in requirements:
        by_position.setdefault(position_id, {})[Column(kind, topic)] = validity
    columns = sorted(
        {c for needs in by_position.values() for c in needs},
        key=lambda c: (_KIND_ORDER.get(c.kind, 99), c.topic),
    )
    people = list(people)
    records = (
        Attendance.objects.filter(
            organization=org,
            present=True,
            session__status__in=TOOK_PLACE,
            person_id__in=[p.pk for p in people],
        )
        .values("person_id", "session__kind", "session__topic")
        .annotate(
            passed_at=Max(
                "session__starts_at",
                filter=Q(passed=True) | Q(passed__isnull=True, session__has_assessment=False),
            ),
            failed_at=Max("session__starts_at", filter=Q(passed=False)),
        )
        .order_by()
    )
    # (person, kind, topic) and (person, kind, "*"): a requirement without a topic takes any session.
    latest: dict[tuple[int, str, str], tuple[dt.datetime | None, dt.datetime | None]] = {}
    for r in records:
        key = (r["person_id"], r["session__kind"], r["session__topic"])
        latest[key] = (r["passed_at"], r["failed_at"])
        any_key = (r["person_id"], r["session__kind"], "*")
        p0, f0 = latest.get(any_key, (None, None))
        latest[any_key] = (_latest(p0, r["passed_at"]), _latest(f0, r["failed_at"]))
    totals = {DONE: 0, MISSING: 0, EXPIRED: 0, FAILED: 0}
    rows = []
    for person in people:
        needs = by_position.get(person.position_id or 0, {})
        cells = []
        for column in columns:
            if column not in needs:
                cells.append(Cell(NOT_REQUIRED))
                continue
            passed_at, failed_at = latest.get((person.pk, column.kind, column.topic or "*"), (None, None))
            cell = _cell(needs[column], passed_at, failed_at, today)
            totals[cell.state] += 1
            cells.append(cell)
        rows.append(Row(person=person, cells=cells))
    return Matrix(columns=columns, rows=rows, totals=totals)
