"""Writing assignments (1.5.3): who writes or revises which document by when, with reminders."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from itsms.core import audit
from itsms.core.models import Organization, Person, User
from itsms.core.notify import notify, reminder_schedule, reminders_cancel
from itsms.core.services.base import actor_membership, authorize
from itsms.core.timezones import org_zone

from ..models import AssignmentKind, AssignmentStatus, Document, WritingAssignment
from ..permissions import (
    can_assign_writing,
    can_cancel_assignment,
    can_close_assignment,
    can_manage_documents,
)
from .base import same_org

REMIND_DAYS_BEFORE = 3


def _topic(a: WritingAssignment) -> str:
    return f"documents.assignment.{a.pk}"


def _login(person: Person | None) -> User | None:
    membership = getattr(person, "membership", None) if person is not None else None
    return membership.user if membership is not None and membership.is_active else None


@transaction.atomic
def writing_assignment_create(
    *,
    actor: User | None,
    organization: Organization,
    title: str,
    kind: str,
    assignee: Person | None = None,
    due_date: dt.date | None = None,
    source: str = "manual",
    source_ref: str = "",
    document: Document | None = None,
) -> WritingAssignment:
    """A task to write (kind "new") or revise ("revise") a document. Tasks from another area (the diagnosis'
    list of documents to write) name their source; asking twice for the same source item returns the first."""
    authorize(actor, organization, can_manage_documents)
    same_org(organization, assignee, document)
    if kind not in AssignmentKind.values:
        raise ValidationError({"kind": _("Choose new or revise.")})
    if not title.strip():
        raise ValidationError({"title": _("Name the document to write.")})
    if source != "manual" and source_ref:
        existing = WritingAssignment.objects.filter(
            organization=organization, source=source, source_ref=source_ref
        ).first()
        if existing is not None:
            return existing
    assignment = WritingAssignment.objects.create(
        organization=organization,
        title=title.strip()[:300],
        kind=kind,
        assignee=assignee,
        due_date=due_date,
        source=source[:30],
        source_ref=source_ref[:100],
        document=document,
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="writingassignment.create",
        obj=assignment,
        changes=audit.diff(
            {}, audit.snapshot(assignment, ["title", "kind", "assignee", "due_date", "source", "source_ref"])
        ),
    )
    _tell_writer(organization, assignment)
    return assignment


def _reminder_at(organization: Organization, due_date: dt.date) -> dt.datetime:
    """09:00 in the organization's zone, a few days before the due date."""
    day = due_date - dt.timedelta(days=REMIND_DAYS_BEFORE)
    return dt.datetime.combine(day, dt.time(9), tzinfo=org_zone(organization))


def _tell_writer(organization: Organization, assignment: WritingAssignment, *, moved: bool = False) -> None:
    """Tell the writer (that the task is theirs, or that its due date moved) and schedule the reminder
    before the due date. A writer without a login is told by whoever assigned them."""
    user = _login(assignment.assignee)
    if user is None:
        return
    url = reverse("documents:assignments", kwargs={"org": organization.slug})
    names = {
        "title": assignment.title,
        "date": assignment.due_date.isoformat() if assignment.due_date else "—",
    }
    with translation.override(user.language or organization.language):
        if moved:
            subject = _("New due date for: %(title)s") % names
        else:
            subject = _("You are asked to write: %(title)s") % names
        body = _("Due on %(date)s.") % names if assignment.due_date is not None else ""
        reminder = _("Due soon: %(title)s") % names
    notify(organization=organization, recipients=[user], subject=subject, body=body, url=url)
    if assignment.due_date is not None:
        reminder_schedule(
            organization=organization,
            recipient=user,
            due_at=_reminder_at(organization, assignment.due_date),
            topic=_topic(assignment),
            subject=reminder,
            url=url,
        )


def _locked_open(assignment: WritingAssignment) -> WritingAssignment:
    current = WritingAssignment.objects.select_for_update().get(pk=assignment.pk)
    if current.status != AssignmentStatus.OPEN:
        raise ValidationError(
            _("This writing task is already closed (%(status)s).") % {"status": current.get_status_display()},
            code="closed",
        )
    return current


@transaction.atomic
def writing_assignment_assign(
    *,
    actor: User | None,
    organization: Organization,
    assignment: WritingAssignment,
    assignee: Person,
    due_date: dt.date | None,
) -> WritingAssignment:
    """Give an open writing task its writer and due date, or hand it to someone else. The new writer is
    told; the reminders of the old assignment are dropped and scheduled again for the new one."""
    authorize(actor, organization, can_assign_writing)
    same_org(organization, assignment, assignee)
    if assignee is None:
        raise ValidationError({"assignee": _("Choose the writer.")})
    current = _locked_open(assignment)
    before = audit.snapshot(current, ["assignee", "due_date"])
    previous = current.assignee
    current.assignee, current.due_date = assignee, due_date
    changes = audit.diff(before, audit.snapshot(current, ["assignee", "due_date"]))
    if not changes:
        raise ValidationError(_("The writer and the due date are unchanged."), code="unchanged")
    current.save(update_fields=["assignee", "due_date"])
    reminders_cancel(organization=organization, topic=_topic(current))
    audit.record(
        organization=organization,
        actor=actor,
        action="writingassignment.reassign" if before["assignee"] is not None else "writingassignment.assign",
        obj=current,
        changes=changes,
    )
    _tell_writer(organization, current, moved="assignee" not in changes)
    old = _login(previous) if "assignee" in changes else None
    if old is not None:
        with translation.override(old.language or organization.language):
            subject = _("No longer yours to write: %(title)s") % {"title": current.title}
            body = _("The task was handed to %(name)s.") % {"name": assignee.full_name}
        notify(
            organization=organization,
            recipients=[old],
            subject=subject,
            body=body,
            url=reverse("documents:assignments", kwargs={"org": organization.slug}),
        )
    return current


@transaction.atomic
def writing_assignment_close(
    *,
    actor: User | None,
    organization: Organization,
    assignment: WritingAssignment,
    status: str,
    document: Document | None = None,
) -> WritingAssignment:
    """Mark done (optionally naming the register entry written) or cancelled; reminders stop. Only the
    writer, a document controller or an admin marks it done; only the latter two cancel it; a closed task
    stays closed."""
    same_org(organization, assignment, document)
    if status not in (AssignmentStatus.DONE, AssignmentStatus.CANCELLED):
        raise ValidationError(_("Choose done or cancelled."))
    locked = WritingAssignment.objects.select_for_update().get(pk=assignment.pk)
    if actor is not None:
        # Asked of the row as it is now: the caller's copy may predate a reassignment.
        m = actor_membership(actor, organization)
        allowed = m is not None and (
            can_cancel_assignment(m)
            if status == AssignmentStatus.CANCELLED
            else can_close_assignment(m, locked)
        )
        if not allowed:
            raise PermissionDenied
    current = _locked_open(locked)
    before = audit.snapshot(current, ["status", "document"])
    current.status = status
    current.done_at = timezone.now()
    if document is not None:
        current.document = document
    current.save(update_fields=["status", "done_at", "document"])
    reminders_cancel(organization=organization, topic=_topic(current))
    audit.record(
        organization=organization,
        actor=actor,
        action=f"writingassignment.{status}",
        obj=current,
        changes=audit.diff(before, audit.snapshot(current, ["status", "document"])),
    )
    return current
