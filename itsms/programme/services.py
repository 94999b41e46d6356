"""Every write to the programme: start it from a template, plan tasks, move them, upload templates."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from itsms.core import audit
from itsms.core.errors import require
from itsms.core.files import checks_upload_first, file_store
from itsms.core.lifecycle import Transition, transition
from itsms.core.models import Membership, Organization, Person, User
from itsms.core.notify import reminder_schedule, reminders_cancel
from itsms.core.services.base import actor_membership, authorize

from . import template_data
from .models import Phase, Programme, ProgrammeTemplate, Task, TaskStatus
from .permissions import can_manage_programme, can_work_on_task
from .selectors import annotate_tasks, automatic_keys, today_for

S = TaskStatus
EVIDENCE_PURPOSE = "programme.task_evidence"
REMIND_DAYS_BEFORE = 3
REMIND_HOUR = 9
PLAN_FIELDS = ["operating_since", "preaudit_target", "stage1_target", "stage2_target"]
TASK_FIELDS = ["owner", "planned_start", "planned_end"]


def _manage(m: Membership, task: Task) -> bool:
    return can_manage_programme(m)


TRANSITIONS = [
    Transition(S.TODO, S.IN_PROGRESS, can_work_on_task),
    Transition(S.TODO, S.DONE, can_work_on_task),
    Transition(S.IN_PROGRESS, S.DONE, can_work_on_task),
    Transition(S.TODO, S.SKIPPED, _manage),
    Transition(S.IN_PROGRESS, S.SKIPPED, _manage),
    Transition(S.DONE, S.IN_PROGRESS, _manage),
    Transition(S.SKIPPED, S.TODO, _manage),
]


def _topic(task: Task) -> str:
    return f"programme.task.{task.pk}"


def _reschedule(organization: Organization, task: Task, recipient: User | None) -> None:
    """Replace the task's reminders: one a few days before the due date, one on it (09:00 local time)."""
    reminders_cancel(organization=organization, topic=_topic(task))
    if recipient is None or task.status in (S.DONE, S.SKIPPED):
        return
    zone = ZoneInfo(organization.time_zone)
    url = reverse("programme:task_detail", kwargs={"org": organization.slug, "pk": task.pk})
    today = today_for(organization)
    for days, subject in (
        (REMIND_DAYS_BEFORE, _("Programme task %(task)s is due on %(date)s")),
        (0, _("Programme task %(task)s is due today (%(date)s)")),
    ):
        day = task.planned_end - dt.timedelta(days=days)
        if day < today:
            continue
        reminder_schedule(
            organization=organization,
            recipient=recipient,
            due_at=dt.datetime.combine(day, dt.time(REMIND_HOUR), tzinfo=zone),
            topic=_topic(task),
            subject=subject % {"task": str(task), "date": task.planned_end.isoformat()},
            url=url,
        )


def _login_of(person: Person | None) -> User | None:
    if person is None:
        return None
    membership = Membership.objects.filter(person=person, is_active=True).select_related("user").first()
    return membership.user if membership is not None else None


def _owners_by_role(organization: Organization) -> dict[str, Person]:
    """The first active member holding each role who is linked to a person (one query)."""
    owners: dict[str, Person] = {}
    rows = (
        Membership.objects.filter(organization=organization, is_active=True, person__isnull=False)
        .select_related("person")
        .prefetch_related("roles")
        .order_by("pk")
    )
    for m in rows:
        for role in sorted(m.role_set):
            owners.setdefault(role, m.person)  # type: ignore[arg-type]
    return owners


@transaction.atomic
def programme_start(
    *,
    actor: User | None,
    organization: Organization,
    start_date: dt.date,
    template: template_data.TemplateData | None = None,
) -> Programme:
    authorize(actor, organization, can_manage_programme)
    if Programme.objects.select_for_update().filter(organization=organization).exists():
        raise ValidationError(_("This organization's programme has already been started."))
    data = template or template_data.builtin_template()
    programme = Programme.objects.create(
        organization=organization, name=data.name_zh or data.name, start_date=start_date
    )
    owners = _owners_by_role(organization)
    phases = Phase.objects.bulk_create(
        [
            Phase(
                organization=organization,
                programme=programme,
                code=p.code,
                title=p.title,
                title_zh=p.title_zh,
                order=i,
            )
            for i, p in enumerate(data.phases)
        ]
    )
    tasks: list[Task] = []
    for phase, pdata in zip(phases, data.phases, strict=True):
        for t in pdata.tasks:
            begin = start_date + dt.timedelta(days=t.offset_days)
            tasks.append(
                Task(
                    organization=organization,
                    programme=programme,
                    phase=phase,
                    code=t.code,
                    title=t.title,
                    title_zh=t.title_zh,
                    purpose=t.purpose,
                    purpose_zh=t.purpose_zh,
                    deliverables=t.deliverables,
                    deliverables_zh=t.deliverables_zh,
                    owner_role=t.owner_role,
                    owner=owners.get(t.owner_role),
                    planned_start=begin,
                    planned_end=begin + dt.timedelta(days=t.duration_days - 1),
                    milestones=t.milestones,
                    order=len(tasks),
                )
            )
    Task.objects.bulk_create(tasks)
    logins = {
        m.person_id: m.user
        for m in Membership.objects.filter(
            organization=organization, is_active=True, person__isnull=False
        ).select_related("user")
    }
    for task in Task.objects.filter(programme=programme, owner__isnull=False):
        _reschedule(organization, task, logins.get(task.owner_id))
    audit.record(
        organization=organization,
        actor=actor,
        action="programme.start",
        obj=programme,
        changes={
            "template": [None, data.name],
            "tasks": [None, len(tasks)],
            "start_date": [None, str(start_date)],
        },
    )
    return programme


@transaction.atomic
def task_update(*, actor: User | None, organization: Organization, task: Task, **values: Any) -> Task:
    authorize(actor, organization, can_manage_programme)
    require(task.organization_id == organization.pk)
    unknown = set(values) - set(TASK_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    owner = values.get("owner")
    require(owner is None or owner.organization_id == organization.pk)
    task = Task.objects.select_for_update().get(pk=task.pk)
    before = audit.snapshot(task, TASK_FIELDS)
    for name, value in values.items():
        setattr(task, name, value)
    if task.planned_end < task.planned_start:
        raise ValidationError({"planned_end": _("The planned end cannot be before the planned start.")})
    task.save()
    changes = audit.diff(before, audit.snapshot(task, TASK_FIELDS))
    if changes:
        _reschedule(organization, task, _login_of(task.owner))
        audit.record(organization=organization, actor=actor, action="task.update", obj=task, changes=changes)
    return task


@checks_upload_first
@transaction.atomic
def task_set_status(
    *,
    actor: User | None,
    organization: Organization,
    task: Task,
    status: str,
    note: str = "",
    upload: File | None = None,
) -> Task:
    require(task.organization_id == organization.pk)
    if actor is not None:
        membership = actor_membership(actor, organization)
        if membership is None:
            raise PermissionDenied
    task = Task.objects.select_for_update().get(pk=task.pk)
    if automatic_keys(task) and status in (S.DONE, S.IN_PROGRESS) and actor is not None:
        raise ValidationError(
            _("This task is done when its records exist (%(keys)s); it cannot be marked by hand.")
            % {"keys": ", ".join(automatic_keys(task))}
        )
    note = note.strip()
    if status == S.DONE and not note and upload is None:
        raise ValidationError({"note": _("Say what was done, or attach a file that shows it.")})
    today = today_for(organization)
    changes: dict[str, list[Any]] = {}
    if status == S.DONE:
        task.actual_end = today
        task.actual_start = task.actual_start or today
        if upload is not None:
            stored = file_store(
                actor=actor, organization=organization, upload=upload, purpose=EVIDENCE_PURPOSE
            )
            task.evidence_file = stored
            changes["file"] = [None, stored.original_name]
        task.note = note
    elif status == S.IN_PROGRESS:
        task.actual_start = task.actual_start or today
        task.actual_end = None
    task.save(update_fields=["actual_start", "actual_end", "evidence_file", "note"])
    transition(
        task, status, actor=actor, organization=organization, table=TRANSITIONS, note=note, changes=changes
    )
    if status in (S.DONE, S.SKIPPED):
        reminders_cancel(organization=organization, topic=_topic(task))
    else:
        _reschedule(organization, task, _login_of(task.owner))
    return task


@transaction.atomic
def programme_milestones_sync(*, organization: Organization) -> int:
    """Store what the milestones say (the system's own move): tasks whose records exist become done."""
    tasks = annotate_tasks(organization, list(Task.objects.filter(organization=organization)))
    moved = 0
    for t in tasks:
        target = t.effective_status  # type: ignore[attr-defined]
        if target == t.status or target != S.DONE:
            continue
        t.actual_end = t.effective_end  # type: ignore[attr-defined]
        t.actual_start = t.actual_start or t.actual_end
        t.save(update_fields=["actual_start", "actual_end"])
        if t.status == S.TODO:
            transition(t, S.IN_PROGRESS, actor=None, organization=organization, table=TRANSITIONS)
        transition(
            t, S.DONE, actor=None, organization=organization, table=TRANSITIONS, note="milestone reached"
        )
        reminders_cancel(organization=organization, topic=_topic(t))
        moved += 1
    return moved


@transaction.atomic
def plan_update(
    *, actor: User | None, organization: Organization, programme: Programme, **values: Any
) -> Programme:
    authorize(actor, organization, can_manage_programme)
    require(programme.organization_id == organization.pk)
    unknown = set(values) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    before = audit.snapshot(programme, PLAN_FIELDS)
    for name, value in values.items():
        setattr(programme, name, value)
    if (
        programme.stage1_target
        and programme.stage2_target
        and programme.stage2_target < programme.stage1_target
    ):
        raise ValidationError({"stage2_target": _("Stage 2 cannot come before stage 1.")})
    programme.save()
    changes = audit.diff(before, audit.snapshot(programme, PLAN_FIELDS))
    if changes:
        audit.record(
            organization=organization, actor=actor, action="programme.plan", obj=programme, changes=changes
        )
    return programme


def template_read(upload: File) -> tuple[str, template_data.TemplateData]:
    """The text and parsed template of an upload; ValidationError naming the line on any problem."""
    name = upload.name or "template.yaml"
    raw = upload.read(template_data.MAX_TEMPLATE_BYTES + 1)
    if len(raw) > template_data.MAX_TEMPLATE_BYTES:
        raise ValidationError(_("The template is larger than 1 MB."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The template is not UTF-8 text.")) from None
    try:
        return text, template_data.parse(text, name)
    except template_data.LoadError as exc:
        if exc.line is not None:
            message = _("Line %(line)s: %(reason)s") % {"line": exc.line, "reason": exc.reason}
        else:
            message = exc.reason
        raise ValidationError(message) from None


@transaction.atomic
def template_upload(*, actor: User | None, organization: Organization, upload: File) -> ProgrammeTemplate:
    authorize(actor, organization, can_manage_programme)
    # The template is data, kept as checked text in its row rather than as a downloadable file.
    text, data = template_read(upload)
    template = ProgrammeTemplate.objects.create(organization=organization, name=data.name, source=text)
    audit.record(
        organization=organization,
        actor=actor,
        action="programmetemplate.create",
        obj=template,
        changes={"name": [None, data.name], "tasks": [None, data.task_count]},
    )
    return template
