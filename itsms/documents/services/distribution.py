"""Controlled release: distribution lists with copy numbers, receipts (签收), reminders, briefing campaigns."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.core import audit
from itsms.core.models import Department, Membership, Organization, Person, User
from itsms.core.notify import notify, reminder_schedule, reminders_cancel
from itsms.core.services.base import authorize

from ..models import BriefingCampaign, DistributionTarget, DocStatus, Document, Receipt, Revision, TargetKind
from ..permissions import can_acknowledge, can_manage_documents
from .base import same_org

ACK_REMINDER_DAYS = 7


def _topic(receipt: Receipt) -> str:
    return f"documents.receipt.{receipt.pk}"


@transaction.atomic
def distribution_add(
    *,
    actor: User | None,
    organization: Organization,
    document: Document,
    kind: str,
    person: Person | None = None,
    department: Department | None = None,
    location: str = "",
) -> DistributionTarget:
    authorize(actor, organization, can_manage_documents)
    same_org(organization, document, person, department)
    if kind == TargetKind.PERSON and person is None:
        raise ValidationError({"person": _("Choose the person.")})
    if kind == TargetKind.DEPARTMENT and department is None:
        raise ValidationError({"department": _("Choose the department.")})
    if kind == TargetKind.LOCATION and not location.strip():
        raise ValidationError({"location": _("Name the location.")})
    # The document row is locked so two controllers never hand out the same copy number.
    document = Document.objects.select_for_update().get(pk=document.pk)
    last = DistributionTarget.objects.filter(document=document).aggregate(m=Max("copy_number"))["m"] or 0
    target = DistributionTarget.objects.create(
        organization=organization,
        document=document,
        kind=kind,
        copy_number=last + 1,
        person=person if kind == TargetKind.PERSON else None,
        department=department if kind == TargetKind.DEPARTMENT else None,
        location=location.strip() if kind == TargetKind.LOCATION else "",
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="document.distribution_add",
        obj=document,
        changes={"copy": [None, f"{target.copy_number}: {target}"]},
    )
    if document.current_revision_id is not None:
        _issue_to_target(actor, organization, document.current_revision, target)  # type: ignore[arg-type]
    return target


@transaction.atomic
def distribution_remove(
    *, actor: User | None, organization: Organization, target: DistributionTarget
) -> None:
    """The copy is recalled: the target stays in the record (its number is never reused), inactive."""
    authorize(actor, organization, can_manage_documents)
    same_org(organization, target)
    target.is_active = False
    target.save(update_fields=["is_active"])
    audit.record(
        organization=organization,
        actor=actor,
        action="document.distribution_remove",
        obj=target.document,
        changes={"copy": [f"{target.copy_number}: {target}", None]},
    )


def _recipients(target: DistributionTarget) -> list[tuple[User | None, str, int | None]]:
    """(user, name, department) of each recipient a target stands for."""
    if target.kind == TargetKind.LOCATION:
        return [(None, target.location, None)]
    people = (
        [target.person]
        if target.kind == TargetKind.PERSON
        else list(Person.objects.filter(department=target.department, is_active=True))
    )
    logins = {
        m.person_id: m.user
        for m in Membership.objects.filter(person__in=people, is_active=True).select_related("user")
    }
    return [(logins.get(p.pk), p.full_name, p.department_id) for p in people if p is not None]


def _issue(
    actor: User | None,
    organization: Organization,
    revision: Revision,
    recipients: list[tuple[Any, ...]],
    *,
    target: DistributionTarget | None = None,
    campaign: BriefingCampaign | None = None,
    remind_at: dt.datetime | None = None,
) -> list[Receipt]:
    now = timezone.now()
    rows = []
    seen: set[int] = set()
    for user, name, department_id in recipients:
        if user is not None:
            if (
                user.pk in seen
                or Receipt.objects.filter(revision=revision, recipient=user, campaign=campaign).exists()
            ):
                continue
            seen.add(user.pk)
        rows.append(
            Receipt.objects.create(
                organization=organization,
                revision=revision,
                target=target,
                campaign=campaign,
                copy_number=target.copy_number if target else None,
                recipient=user,
                recipient_name=name[:200],
                department_id=department_id,
                issued_at=now,
            )
        )
    url = reverse("documents:my_receipts", kwargs={"org": organization.slug})
    subject = _("Please read and acknowledge %(doc)s") % {"doc": revision}
    users = [r.recipient for r in rows if r.recipient is not None]
    notify(organization=organization, recipients=users, subject=subject, url=url)
    due = remind_at or now + dt.timedelta(days=ACK_REMINDER_DAYS)
    for r in rows:
        if r.recipient is not None:
            reminder_schedule(
                organization=organization,
                recipient=r.recipient,
                due_at=due,
                topic=_topic(r),
                subject=_("Reminder: acknowledge %(doc)s") % {"doc": revision},
                url=url,
            )
    return rows


def _issue_to_target(
    actor: User | None, organization: Organization, revision: Revision, target: DistributionTarget
) -> list[Receipt]:
    return _issue(actor, organization, revision, _recipients(target), target=target)


def receipts_issue(*, actor: User | None, organization: Organization, revision: Revision) -> list[Receipt]:
    """Hand the released revision to every active copy holder (called inside the release)."""
    issued: list[Receipt] = []
    for target in DistributionTarget.objects.filter(
        document_id=revision.document_id, is_active=True
    ).select_related("person", "department"):
        issued += _issue_to_target(actor, organization, revision, target)
    if issued:
        audit.record(
            organization=organization,
            actor=actor,
            action="revision.distribute",
            obj=revision,
            changes={"receipts": [None, len(issued)]},
        )
    return issued


@transaction.atomic
def receipt_acknowledge(*, actor: User, organization: Organization, receipt: Receipt) -> Receipt:
    """The recipient signs for the copy; a controller records the receipt of a copy held at a location."""
    same_org(organization, receipt)
    if receipt.recipient_id is not None:
        authorize(actor, organization, can_acknowledge)
        if receipt.recipient_id != actor.pk:
            raise PermissionDenied
    else:
        authorize(actor, organization, can_manage_documents)
    receipt = Receipt.objects.select_for_update().get(pk=receipt.pk)
    if receipt.acknowledged_at is not None:
        return receipt
    receipt.acknowledged_at = timezone.now()
    receipt.save(update_fields=["acknowledged_at"])
    reminders_cancel(organization=organization, topic=_topic(receipt))
    audit.record(
        organization=organization,
        actor=actor,
        action="receipt.acknowledge",
        obj=receipt,
        changes={"revision": [None, str(receipt.revision)], "copy_number": [None, receipt.copy_number]},
    )
    return receipt


@transaction.atomic
def document_acknowledge(*, actor: User, organization: Organization, document: Document) -> list[Receipt]:
    """Acknowledge every copy of the document's current revision waiting for this person."""
    same_org(organization, document)
    authorize(actor, organization, can_acknowledge)
    document = Document.objects.get(pk=document.pk)  # the current revision may have changed since it was read
    if document.current_revision_id is None:
        raise ValidationError(_("This document has no released revision."), code="nothing")
    pending = list(
        Receipt.objects.filter(
            organization=organization,
            recipient=actor,
            revision__document=document,
            acknowledged_at__isnull=True,
            revision_id=document.current_revision_id,
        )
    )
    if not pending:
        raise ValidationError(_("Nothing of this document waits for your acknowledgement."), code="nothing")
    return [receipt_acknowledge(actor=actor, organization=organization, receipt=r) for r in pending]


@transaction.atomic
def receipts_remind(*, actor: User | None, organization: Organization, revision: Revision) -> int:
    """Remind now everyone who has not acknowledged this revision."""
    authorize(actor, organization, can_manage_documents)
    same_org(organization, revision)
    users = list(
        User.objects.filter(
            pk__in=Receipt.objects.filter(revision=revision, acknowledged_at__isnull=True).values("recipient")
        )
    )
    notify(
        organization=organization,
        recipients=users,
        subject=_("Reminder: acknowledge %(doc)s") % {"doc": revision},
        url=reverse("documents:my_receipts", kwargs={"org": organization.slug}),
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="revision.remind",
        obj=revision,
        changes={"reminded": [None, len(users)]},
    )
    return len(users)


@transaction.atomic
def campaign_create(
    *,
    actor: User | None,
    organization: Organization,
    title: str,
    due_date: dt.date,
    documents: list[Document],
    departments: list[Department],
) -> BriefingCampaign:
    """A briefing (1.6.1): each person of the departments reads and acknowledges each released document."""
    authorize(actor, organization, can_manage_documents)
    same_org(organization, *documents, *departments)
    if not documents or not departments:
        raise ValidationError(_("Choose at least one document and one department."))
    # Read afresh: a release in the same transaction may have changed the callers' copies.
    documents = list(
        Document.objects.filter(pk__in=[d.pk for d in documents]).select_related("current_revision")
    )
    unreleased = [d.number for d in documents if d.status != DocStatus.RELEASED]
    if unreleased:
        raise ValidationError(
            _("Only released documents can be briefed: %(numbers)s") % {"numbers": ", ".join(unreleased)}
        )
    campaign = BriefingCampaign.objects.create(organization=organization, title=title, due_date=due_date)
    campaign.documents.set(documents)
    campaign.departments.set(departments)
    people = list(
        Person.objects.filter(organization=organization, department__in=departments, is_active=True)
    )
    logins = {
        m.person_id: m.user
        for m in Membership.objects.filter(person__in=people, is_active=True).select_related("user")
    }
    recipients = [(logins[p.pk], p.full_name, p.department_id) for p in people if p.pk in logins]
    remind_at = timezone.make_aware(dt.datetime.combine(due_date - dt.timedelta(days=1), dt.time(9)))
    for d in documents:
        if d.current_revision is None:  # checked above: released documents have one
            continue
        _issue(
            actor,
            organization,
            d.current_revision,
            recipients,
            campaign=campaign,
            remind_at=remind_at,
        )
    audit.record(
        organization=organization,
        actor=actor,
        action="briefingcampaign.create",
        obj=campaign,
        changes={
            "title": [None, title],
            "documents": [None, [d.number for d in documents]],
            "departments": [None, [str(d) for d in departments]],
        },
    )
    return campaign
