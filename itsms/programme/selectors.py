"""Reads of the programme, scoped to the organization, in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from itsms.core.evidence import Evidence
from itsms.core.milestones import milestone, reached
from itsms.core.models import Organization

from .models import Phase, Programme, ProgrammeTemplate, Task, TaskStatus

CLOSED = (TaskStatus.DONE, TaskStatus.SKIPPED)


def programme_for_org(org: Organization) -> Programme | None:
    return Programme.objects.filter(organization=org).first()


def tasks_for_org(org: Organization) -> QuerySet[Task]:
    return (
        Task.objects.filter(organization=org)
        .select_related("phase", "owner", "evidence_file")
        .order_by("order", "pk")
    )


def task_get(org: Organization, pk: int) -> Task:
    return get_object_or_404(tasks_for_org(org), pk=pk)


def template_get(org: Organization, pk: int) -> ProgrammeTemplate:
    return get_object_or_404(ProgrammeTemplate, organization=org, pk=pk)


def templates_for_org(org: Organization) -> QuerySet[ProgrammeTemplate]:
    return ProgrammeTemplate.objects.filter(organization=org).defer("source").order_by("-created_at")


def automatic_keys(task: Task) -> list[str]:
    """The task's milestones that an installed area answers; with any, the records decide its status."""
    return [k for k in task.milestones if milestone(k) is not None]


def today_for(org: Organization) -> dt.date:
    return timezone.localdate(timezone=_zone(org))


def _zone(org: Organization) -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(org.time_zone)


def annotate_tasks(org: Organization, tasks: list[Task], today: dt.date | None = None) -> list[Task]:
    """Give each task its effective status from the milestones (one aggregate query per milestone key,
    never per task), whether it is overdue, and the records that prove it."""
    today = today or today_for(org)
    keys = sorted({k for t in tasks for k in automatic_keys(t)})
    found = reached(org, keys)
    for t in tasks:
        auto = automatic_keys(t)
        t.auto = bool(auto)  # type: ignore[attr-defined]
        t.proofs = [(milestone(k), found[k]) for k in auto if k in found]  # type: ignore[attr-defined]
        t.effective_status = t.status  # type: ignore[attr-defined]
        t.effective_end = t.actual_end  # type: ignore[attr-defined]
        if auto and t.status != TaskStatus.SKIPPED:
            if all(k in found and found[k].count > 0 for k in auto):
                t.effective_status = TaskStatus.DONE  # type: ignore[attr-defined]
                t.effective_end = _latest_date(found[k] for k in auto) or t.actual_end  # type: ignore[attr-defined]
            elif t.status == TaskStatus.DONE:
                # A record that proved the task was withdrawn: the task is open again.
                t.effective_status = TaskStatus.IN_PROGRESS  # type: ignore[attr-defined]
        t.overdue = t.effective_status not in CLOSED and t.planned_end < today  # type: ignore[attr-defined]
    return tasks


def _latest_date(evidences: object) -> dt.date | None:
    dates = []
    for e in evidences:  # type: ignore[attr-defined]
        assert isinstance(e, Evidence)
        if e.latest is None:
            continue
        dates.append(e.latest.date() if isinstance(e.latest, dt.datetime) else e.latest)
    return max(dates) if dates else None


@dataclass
class PhaseRow:
    phase: Phase
    tasks: list[Task] = field(default_factory=list)
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def done(self) -> int:
        return len([t for t in self.tasks if getattr(t, "effective_status", t.status) in CLOSED])

    @property
    def percent(self) -> int:
        return round(100 * self.done / len(self.tasks)) if self.tasks else 0


@dataclass
class Roadmap:
    programme: Programme
    phases: list[PhaseRow]
    today: dt.date

    @property
    def tasks(self) -> list[Task]:
        return [t for p in self.phases for t in p.tasks]

    @property
    def overdue(self) -> list[Task]:
        return [t for t in self.tasks if t.overdue]  # type: ignore[attr-defined]

    @property
    def percent(self) -> int:
        tasks = self.tasks
        done = len([t for t in tasks if getattr(t, "effective_status", t.status) in CLOSED])
        return round(100 * done / len(tasks)) if tasks else 0


def roadmap(org: Organization) -> Roadmap | None:
    """The programme with its phases and annotated tasks: three queries plus one per milestone key."""
    programme = programme_for_org(org)
    if programme is None:
        return None
    today = today_for(org)
    rows = {p.pk: PhaseRow(p) for p in Phase.objects.filter(programme=programme).order_by("order")}
    for t in annotate_tasks(org, list(tasks_for_org(org).filter(programme=programme)), today):
        row = rows[t.phase_id]
        row.tasks.append(t)
        row.start = min(row.start or t.planned_start, t.planned_start)
        row.end = max(row.end or t.planned_end, t.planned_end)
    return Roadmap(programme=programme, phases=list(rows.values()), today=today)


def my_tasks(org: Organization, person_id: int | None) -> list[Task]:
    if person_id is None:
        return []
    return annotate_tasks(org, list(tasks_for_org(org).filter(owner_id=person_id)))
