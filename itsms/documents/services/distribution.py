"""Controlled release: distribution lists with copy numbers, receipts (签收), reminders, briefing campaigns."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.core import audit
from itsms.core.models import Department, Membership, Organization, Person, User
from itsms.core.notify import notify, reminder_schedule, reminders_cancel
from itsms.core.services.base import authorize
from itsms.core.timezones import org_today

from ..models import (
    BriefingCampaign,
    CopyRecall,
    DistributionTarget,
    DocStatus,
    Document,
    RecallOutcome,
    Receipt,
    Revision,
    TargetKind,
)
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
    *, actor: User | None, organization: Organization, target: DistributionTarget, reason: str = ""
) -> CopyRecall:
    """The copy is recalled (回收): the target stays in the record (its number is never reused), inactive,
    and goes on the recall list until the controller records it returned or destroyed."""
    authorize(actor, organization, can_manage_documents)
    same_org(organization, target)
    target = DistributionTarget.objects.select_for_update().select_related("document").get(pk=target.pk)
    if not target.is_active:
        raise ValidationError(_("Copy %(n)s has already been recalled.") % {"n": target.copy_number})
    return _recall(actor, organization, target, reason, timezone.now())


def _recall(
    actor: User | None, organization: Organization, target: DistributionTarget, reason: str, now: dt.datetime
) -> CopyRecall:
    target.is_active = False
    target.save(update_fields=["is_active"])
    recall = CopyRecall.objects.create(
        organization=organization,
        document_id=target.document_id,
        target=target,
        copy_number=target.copy_number,
        holder=str(target)[:200],
        reason=reason.strip()[:300],
        recalled_at=now,
        recalled_by=actor,
    )
    receipts_end(
        organization=organization,
        receipts=Receipt.objects.filter(target=target, acknowledged_at__isnull=True, ended_at__isnull=True),
        now=now,
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="document.distribution_remove",
        obj=target.document,
        changes={"copy": [f"{target.copy_number}: {target}", None], "reason": [None, recall.reason]},
    )
    return recall


def copies_recall(
    *, actor: User | None, organization: Organization, document: Document, reason: str
) -> list[CopyRecall]:
    """Recall every active copy of a document (its withdrawal); runs inside the caller's transaction."""
    now = timezone.now()
    # Lock only the copies themselves: PostgreSQL refuses FOR UPDATE on the nullable side of the outer joins
    # that select_related("person", "department") adds.
    targets = (
        DistributionTarget.objects.select_for_update(of=("self",))
        .filter(document=document, is_active=True)
        .select_related("person", "department")
    )
    return [_recall(actor, organization, t, reason, now) for t in targets]


def receipts_end(*, organization: Organization, receipts: QuerySet[Receipt], now: dt.datetime) -> int:
    """Stop asking for acknowledgements of a revision that became obsolete: the receipts stay in the record
    with their end time, their reminders are cancelled."""
    pks = list(receipts.values_list("pk", flat=True))
    if not pks:
        return 0
    Receipt.objects.filter(pk__in=pks).update(ended_at=now)
    for pk in pks:
        reminders_cancel(organization=organization, topic=f"documents.receipt.{pk}")
    return len(pks)


@transaction.atomic
def recall_close(
    *,
    actor: User | None,
    organization: Organization,
    recall: CopyRecall,
    outcome: str,
    on: dt.date | None = None,
) -> CopyRecall:
    """The document controller records what became of a recalled copy: returned or destroyed, on a date."""
    authorize(actor, organization, can_manage_documents)
    same_org(organization, recall)
    if outcome not in (RecallOutcome.RETURNED, RecallOutcome.DESTROYED):
        raise ValidationError({"outcome": _("Choose returned or destroyed.")})
    recall = CopyRecall.objects.select_for_update().get(pk=recall.pk)
    if recall.outcome != RecallOutcome.PENDING:
        raise ValidationError(
            _("Copy %(n)s is already recorded as %(outcome)s.")
            % {"n": recall.copy_number, "outcome": recall.get_outcome_display()}
        )
    today = org_today(organization)
    on = on or today
    if on > today:
        raise ValidationError({"on": _("The date cannot be in the future.")})
    if on < timezone.localdate(recall.recalled_at):
        raise ValidationError({"on": _("The date cannot be before the copy was recalled.")})
    recall.outcome, recall.outcome_on, recall.outcome_by, recall.outcome_at = (
        outcome,
        on,
        actor,
        timezone.now(),
    )
    recall.save(update_fields=["outcome", "outcome_on", "outcome_by", "outcome_at"])
    audit.record(
        organization=organization,
        actor=actor,
        action="copyrecall.close",
        obj=recall,
        changes={
            "copy": [None, recall.copy_number],
            "outcome": [RecallOutcome.PENDING, outcome],
            "on": [None, on],
        },
    )
    return recall


Recipient = tuple[Person | None, User | None, str, int | None]


def _recipients(target: DistributionTarget) -> list[Recipient]:
    """(person, login, name, department) of each recipient a target stands for."""
    if target.kind == TargetKind.LOCATION:
        return [(None, None, target.location, None)]
    people = (
        [target.person]
        if target.kind == TargetKind.PERSON and target.person is not None
        else list(Person.objects.filter(department=target.department, is_active=True))
    )
    return _with_logins(people)


def _with_logins(people: list[Person]) -> list[Recipient]:
    logins = {
        m.person_id: m.user
        for m in Membership.objects.filter(person__in=people, is_active=True).select_related("user")
    }
    return [(p, logins.get(p.pk), p.full_name, p.department_id) for p in people]


def _issue(
    actor: User | None,
    organization: Organization,
    revision: Revision,
    recipients: list[Recipient],
    *,
    target: DistributionTarget | None = None,
    campaign: BriefingCampaign | None = None,
    remind_at: dt.datetime | None = None,
) -> list[Receipt]:
    """One receipt per person and revision: someone who already has one (through another copy or a
    briefing) is not asked twice; a briefing then counts the receipt they have."""
    now = timezone.now()
    people = [p.pk for p, *_rest in recipients if p is not None]
    existing = {r.person_id: r for r in Receipt.objects.filter(revision=revision, person_id__in=people)}
    rows: list[Receipt] = []
    covered: list[Receipt] = []
    for person, user, name, department_id in recipients:
        if person is not None and person.pk in existing:
            covered.append(existing[person.pk])
            continue
        receipt = Receipt.objects.create(
            organization=organization,
            revision=revision,
            target=target,
            campaign=campaign,
            copy_number=target.copy_number if target else None,
            person=person,
            recipient=user,
            recipient_name=name[:200],
            department_id=department_id,
            issued_at=now,
        )
        rows.append(receipt)
        if person is not None:
            existing[person.pk] = receipt
    if campaign is not None:
        campaign.entries.add(*rows, *covered)
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
    """The recipient signs for the copy with their own login; for a person without a login, or a copy held
    at a location, the document controller (the briefing's organizer) records it and is named for it."""
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
    if receipt.ended_at is not None:
        raise ValidationError(
            _("This revision is no longer in force; it is not acknowledged any more."), code="ended"
        )
    receipt.acknowledged_at = timezone.now()
    receipt.recorded_by = actor if receipt.recipient_id != actor.pk else None
    receipt.save(update_fields=["acknowledged_at", "recorded_by"])
    reminders_cancel(organization=organization, topic=_topic(receipt))
    changes: dict[str, list[Any]] = {
        "revision": [None, str(receipt.revision)],
        "copy_number": [None, receipt.copy_number],
    }
    if receipt.recorded_by_id is not None:
        changes["recorded_for"] = [None, receipt.recipient_name]
    audit.record(
        organization=organization,
        actor=actor,
        action="receipt.acknowledge",
        obj=receipt,
        changes=changes,
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
            ended_at__isnull=True,
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
            pk__in=Receipt.objects.filter(
                revision=revision,
                acknowledged_at__isnull=True,
                ended_at__isnull=True,
                recipient__isnull=False,
            ).values("recipient")
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
    campaign = BriefingCampaign.objects.create(
        organization=organization, title=title, due_date=due_date, created_by=actor
    )
    campaign.documents.set(documents)
    campaign.departments.set(departments)
    # Everyone of the departments, with a login or not: those without one sign on paper at the briefing
    # and the organizer records it.
    people = list(
        Person.objects.filter(organization=organization, department__in=departments, is_active=True).order_by(
            "full_name", "pk"
        )
    )
    recipients = _with_logins(people)
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
