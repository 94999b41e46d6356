"""Training sessions: plan, change, invite, attach materials, move through the lifecycle."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.core import audit
from itsms.core.errors import require
from itsms.core.files import checks_upload_first, file_store
from itsms.core.lifecycle import transition
from itsms.core.models import Department, Organization, Person, User
from itsms.core.notify import notify, reminder_schedule, reminders_cancel
from itsms.core.numbering import next_number
from itsms.core.services.base import authorize

from ..files_purposes import MATERIAL
from ..lifecycle import SESSION_TRANSITIONS
from ..models import Attendance, TrainingMaterial, TrainingSession, TrainingStatus
from ..permissions import can_manage_training

NUMBER_PATTERN = "TR-{year}-{seq:03}"
SESSION_FIELDS = [
    "kind",
    "title",
    "topic",
    "purpose",
    "content",
    "trainer",
    "starts_at",
    "duration_minutes",
    "place",
    "has_assessment",
    "max_score",
    "pass_mark",
]


def same_org(organization: Organization, *objs: models.Model | None) -> None:
    for obj in objs:
        if obj is not None:
            require(getattr(obj, "organization_id", None) == organization.pk)


def reminder_topic(session: TrainingSession) -> str:
    return f"training.session.{session.pk}"


def session_url(session: TrainingSession) -> str:
    return reverse("training:session_detail", kwargs={"org": session.organization.slug, "pk": session.pk})


def _check_assessment(session: TrainingSession) -> None:
    if session.has_assessment and session.pass_mark is None:
        raise ValidationError({"pass_mark": _("An assessed session needs a pass mark.")})


@transaction.atomic
def session_create(*, actor: User | None, organization: Organization, **values: Any) -> TrainingSession:
    authorize(actor, organization, can_manage_training)
    unknown = set(values) - set(SESSION_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    session = TrainingSession(organization=organization, **values)
    _check_assessment(session)
    session.number = next_number(organization, "training.session", NUMBER_PATTERN)
    session.full_clean()
    session.save()
    audit.record(
        organization=organization,
        actor=actor,
        action="trainingsession.create",
        obj=session,
        changes=audit.diff({}, audit.snapshot(session, ["number", *SESSION_FIELDS])),
    )
    return session


@transaction.atomic
def session_update(
    *, actor: User | None, organization: Organization, session: TrainingSession, **values: Any
) -> TrainingSession:
    authorize(actor, organization, can_manage_training)
    same_org(organization, session)
    unknown = set(values) - set(SESSION_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if locked.status in (TrainingStatus.CLOSED, TrainingStatus.CANCELLED):
        raise ValidationError(_("A closed or cancelled session can no longer be changed."))
    before = audit.snapshot(locked, SESSION_FIELDS)
    for name, value in values.items():
        setattr(locked, name, value)
    _check_assessment(locked)
    locked.full_clean()
    locked.save()
    changes = audit.diff(before, audit.snapshot(locked, SESSION_FIELDS))
    if changes:
        audit.record(
            organization=organization,
            actor=actor,
            action="trainingsession.update",
            obj=locked,
            changes=changes,
        )
    if "starts_at" in changes and locked.status == TrainingStatus.PLANNED:
        reminders_cancel(organization=organization, topic=reminder_topic(locked))
        invited = Person.objects.filter(
            training_attendances__session=locked, training_attendances__invited=True
        )
        _schedule_reminders(organization, locked, invited)
    return locked


def _department_subtree(organization: Organization, roots: Iterable[Department]) -> set[int]:
    """The departments and everything below them, from one query of the organization's tree."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Department.objects.filter(organization=organization).values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found: set[int] = set()
    todo = [d.pk for d in roots]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, []))
    return found


def _users_of(people: Iterable[Person]) -> list[User]:
    ids = [p.pk for p in people]
    return list(
        User.objects.filter(
            memberships__person_id__in=ids, memberships__is_active=True, is_active=True
        ).distinct()
    )


def _schedule_reminders(
    organization: Organization, session: TrainingSession, people: Iterable[Person]
) -> None:
    due = session.starts_at - dt.timedelta(days=1)
    if due <= timezone.now():
        return
    for user in _users_of(people):
        reminder_schedule(
            organization=organization,
            recipient=user,
            due_at=due,
            topic=reminder_topic(session),
            subject=_("Reminder: training “%(title)s” tomorrow") % {"title": session.title},
            body=session.place,
            url=session_url(session),
        )


@transaction.atomic
def session_invite(
    *,
    actor: User | None,
    organization: Organization,
    session: TrainingSession,
    people: Iterable[Person] = (),
    departments: Iterable[Department] = (),
) -> list[Person]:
    """Invite people and whole departments (with their sub-departments); returns the newly invited."""
    authorize(actor, organization, can_manage_training)
    people, departments = list(people), list(departments)
    same_org(organization, session, *people, *departments)
    if session.status != TrainingStatus.PLANNED:
        raise ValidationError(_("Only a planned session can take invitations."))
    dept_ids = _department_subtree(organization, departments)
    wanted = {p.pk: p for p in people}
    if dept_ids:
        for person in Person.objects.filter(
            organization=organization, is_active=True, department_id__in=dept_ids
        ):
            wanted.setdefault(person.pk, person)
    existing = dict(
        Attendance.objects.filter(session=session, person_id__in=list(wanted)).values_list(
            "person_id", "invited"
        )
    )
    new = [p for pk, p in wanted.items() if pk not in existing]
    Attendance.objects.bulk_create(
        [Attendance(organization=organization, session=session, person=p, invited=True) for p in new]
    )
    # Walk-ins recorded before the invitation become invited too.
    walk_ins = [pk for pk, invited in existing.items() if not invited]
    Attendance.objects.filter(session=session, person_id__in=walk_ins).update(invited=True)
    if departments:
        session.invited_departments.add(*departments)
    newly = [*new, *(wanted[pk] for pk in walk_ins)]
    if newly or departments:
        audit.record(
            organization=organization,
            actor=actor,
            action="trainingsession.invite",
            obj=session,
            changes={
                "invited": [None, sorted(p.pk for p in newly)],
                "departments": [None, sorted(d.pk for d in departments)],
            },
        )
    if newly:
        notify(
            organization=organization,
            recipients=_users_of(newly),
            subject=_("You are invited to the training “%(title)s”") % {"title": session.title},
            body=_("%(when)s, %(place)s")
            % {
                "when": timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M"),
                "place": session.place,
            },
            url=session_url(session),
        )
        _schedule_reminders(organization, session, newly)
    return newly


@transaction.atomic
def session_transition(
    *, actor: User | None, organization: Organization, session: TrainingSession, target: str, note: str = ""
) -> TrainingSession:
    same_org(organization, session)
    locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
    transition(locked, target, actor=actor, organization=organization, table=SESSION_TRANSITIONS, note=note)
    if target in (TrainingStatus.HELD, TrainingStatus.CANCELLED):
        # The day-before reminder has no purpose once the session took place or was called off.
        reminders_cancel(organization=organization, topic=reminder_topic(locked))
    return locked


@checks_upload_first
@transaction.atomic
def material_add(
    *, actor: User | None, organization: Organization, session: TrainingSession, upload: File
) -> TrainingMaterial:
    authorize(actor, organization, can_manage_training)
    same_org(organization, session)
    if session.status == TrainingStatus.CANCELLED:
        raise ValidationError(_("A cancelled session takes no materials."))
    stored = file_store(actor=actor, organization=organization, upload=upload, purpose=MATERIAL)
    material = TrainingMaterial.objects.create(organization=organization, session=session, file=stored)
    audit.record(
        organization=organization,
        actor=actor,
        action="trainingsession.material_add",
        obj=session,
        changes={"material": [None, stored.original_name]},
    )
    return material
