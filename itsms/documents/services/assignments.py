"""Writing assignments (1.5.3): who writes or revises which document by when, with reminders."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.core import audit
from itsms.core.models import Organization, Person, User
from itsms.core.notify import notify, reminder_schedule, reminders_cancel
from itsms.core.services.base import authorize

from ..models import AssignmentKind, AssignmentStatus, Document, WritingAssignment
from ..permissions import can_manage_documents, can_write_drafts
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
    user = _login(assignee)
    if user is not None:
        url = reverse("documents:assignments", kwargs={"org": organization.slug})
        notify(
            organization=organization,
            recipients=[user],
            subject=_("You are asked to write: %(title)s") % {"title": assignment.title},
            url=url,
        )
        if due_date is not None:
            due_at = timezone.make_aware(
                dt.datetime.combine(due_date - dt.timedelta(days=REMIND_DAYS_BEFORE), dt.time(9))
            )
            reminder_schedule(
                organization=organization,
                recipient=user,
                due_at=due_at,
                topic=_topic(assignment),
                subject=_("Due soon: %(title)s") % {"title": assignment.title},
                url=url,
            )
    return assignment


@transaction.atomic
def writing_assignment_close(
    *,
    actor: User | None,
    organization: Organization,
    assignment: WritingAssignment,
    status: str,
    document: Document | None = None,
) -> WritingAssignment:
    """Mark done (optionally naming the register entry written) or cancelled; reminders stop."""
    authorize(actor, organization, can_write_drafts)
    same_org(organization, assignment, document)
    if status not in (AssignmentStatus.DONE, AssignmentStatus.CANCELLED):
        raise ValidationError(_("Choose done or cancelled."))
    if status == AssignmentStatus.CANCELLED:
        authorize(actor, organization, can_manage_documents)
    before = audit.snapshot(assignment, ["status", "document"])
    assignment.status = status
    assignment.done_at = timezone.now()
    if document is not None:
        assignment.document = document
    assignment.save()
    reminders_cancel(organization=organization, topic=_topic(assignment))
    audit.record(
        organization=organization,
        actor=actor,
        action=f"writingassignment.{status}",
        obj=assignment,
        changes=audit.diff(before, audit.snapshot(assignment, ["status", "document"])),
    )
    return assignment
