"""Programme tasks over the REST API: list them, change a task's status."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Path, Router, Schema

from itsms.core.api.params import Id
from itsms.core.api.schemas import READ_ERRORS, WRITE_ERRORS, StrictIn
from itsms.core.api_auth import OrgTokenAuth, api_membership

from . import selectors, services
from .models import Task, TaskStatus
from .permissions import can_view_programme, can_work_on_task

router = Router(auth=OrgTokenAuth(), tags=["programme"])


class TaskOut(Schema):
    id: int
    code: str
    phase: str
    title: str
    owner_id: int | None
    owner: str | None
    planned_start: dt.date
    planned_end: dt.date
    actual_start: dt.date | None
    actual_end: dt.date | None
    status: str
    follows_records: bool
    overdue: bool
    milestones: list[str]


class TaskStatusIn(StrictIn):
    status: TaskStatus
    note: str = ""


def _out(t: Task) -> dict[str, object]:
    return {
        "id": t.pk,
        "code": t.code,
        "phase": t.phase.code,
        "title": t.display_title,
        "owner_id": t.owner_id,
        "owner": t.owner.full_name if t.owner else None,
        "planned_start": t.planned_start,
        "planned_end": t.planned_end,
        "actual_start": t.actual_start,
        "actual_end": t.effective_end,  # type: ignore[attr-defined]
        "status": t.effective_status,  # type: ignore[attr-defined]
        "follows_records": t.auto,  # type: ignore[attr-defined]
        "overdue": t.overdue,  # type: ignore[attr-defined]
        "milestones": t.milestones,
    }


@router.get("/tasks", response={200: list[TaskOut], **READ_ERRORS}, summary="List the programme's tasks")
def task_list(request: HttpRequest, org: Path[str]) -> list[dict[str, object]]:
    membership = api_membership(request, can_view_programme)
    org_ = membership.organization
    return [_out(t) for t in selectors.annotate_tasks(org_, list(selectors.tasks_for_org(org_)))]


@router.patch("/tasks/{id}", response={200: TaskOut, **WRITE_ERRORS}, summary="Change a task's status")
def task_update_status(
    request: HttpRequest, org: Path[str], id: Id, payload: TaskStatusIn
) -> dict[str, object]:
    membership = api_membership(request, can_view_programme)
    org_ = membership.organization
    task = selectors.task_get(org_, id)
    if not can_work_on_task(membership, task):
        raise PermissionDenied
    if payload.status == task.status:
        # Asking for the status the task already has changes nothing (PATCH is idempotent).
        return _out(selectors.annotate_tasks(org_, [task])[0])
    services.task_set_status(
        actor=membership.user, organization=org_, task=task, status=payload.status, note=payload.note
    )
    return _out(selectors.annotate_tasks(org_, [selectors.task_get(org_, id)])[0])
