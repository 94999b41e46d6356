"""Signing, release and new editions: the approver's electronic signature releases a revision (or keeps it
for a set released together), the previous one is superseded and the copies are issued for receipt."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.core import audit
from itsms.core.lifecycle import transition
from itsms.core.models import Organization, Role, User
from itsms.core.services.base import actor_membership, authorize
from itsms.core.timezones import org_today, org_zone_active

from ..models import (
    AssignmentStatus,
    DocStatus,
    Document,
    Meaning,
    Receipt,
    Revision,
    RevStatus,
    Signature,
    WritingAssignment,
)
from ..permissions import can_approve_documents, can_manage_documents, can_sign_documents
from .base import same_org
from .control import signature_check
from .register import DOCUMENT_TRANSITIONS, add_months, search_text_for
from .revisions import REVISION_TRANSITIONS, revision_start


def _check_effective_date(organization: Organization, revision: Revision, effective_date: dt.date) -> None:
    """A revision cannot be in force before it was approved: the effective date is on or after the day of
    the approval signature, in the organization's zone."""
    signed = (
        revision.signatures.filter(meaning=Meaning.APPROVED)
        .order_by("-signed_at")
        .values_list("signed_at", flat=True)
        .first()
    )
    if signed is None:
        return  # the transition's own check refuses a release without the approval signature
    with org_zone_active(organization):
        signed_on = timezone.localdate(signed)
    if effective_date < signed_on:
        raise ValidationError(
            {
                "effective_date": _(
                    "The effective date %(date)s is before the approval signature of %(signed)s."
                )
                % {"date": effective_date.isoformat(), "signed": signed_on.isoformat()}
            }
        )


def _check_approver(actor: User, organization: Organization, revision: Revision) -> None:
    m = actor_membership(actor, organization)
    if m is None or not can_approve_documents(m):
        raise PermissionDenied
    approver = revision.document.approver
    named = getattr(getattr(approver, "membership", None), "user_id", None) if approver else None
    if named is not None and named != actor.pk and not m.has_role(Role.ORG_ADMIN):
        raise ValidationError(_("This document is approved by %(name)s.") % {"name": approver})


@transaction.atomic
def revision_sign(
    *,
    actor: User,
    organization: Organization,
    revision: Revision,
    meaning: str,
    effective_date: dt.date | None = None,
    release: bool = True,
) -> Signature:
    """An electronic signature. The caller has checked the password (and code) with
    `verify_signature_credentials` before this transaction opened. 'approved' releases the revision unless
    `release` is False (a set released together later)."""
    authorize(actor, organization, can_sign_documents)
    same_org(organization, revision)
    revision = (
        Revision.objects.select_for_update(of=("self",))
        .select_related("document__approver")
        .get(pk=revision.pk)
    )
    if meaning == Meaning.APPROVED:
        if revision.status != RevStatus.APPROVAL:
            raise ValidationError(_("Only a revision awaiting approval can be approved."))
        _check_approver(actor, organization, revision)
    elif meaning == Meaning.REVIEWED:
        if revision.status not in (RevStatus.INTERNAL_REVIEW, RevStatus.EXTERNAL_CHECK, RevStatus.APPROVAL):
            raise ValidationError(_("A revision is signed as reviewed while it is under review."))
    else:
        raise ValidationError({"meaning": _("Choose what the signature means.")})
    # Separation of duties (control.py): never the author; one signature per meaning and review stage.
    stage = signature_check(actor, revision, meaning)
    signature = Signature.objects.create(
        organization=organization,
        revision=revision,
        signer=actor,
        signer_name=(getattr(actor, "display_name", "") or actor.get_username())[:150],
        meaning=meaning,
        stage=stage,
        signed_at=timezone.now(),
        sha256=revision.sha256,
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="revision.sign",
        obj=revision,
        changes={"meaning": [None, meaning], "stage": [None, stage], "sha256": [None, revision.sha256]},
    )
    if meaning == Meaning.APPROVED and release:
        revision_release(
            actor=actor,
            organization=organization,
            revision=revision,
            effective_date=effective_date or org_today(organization),
        )
    return signature


@transaction.atomic
def revision_release(
    *, actor: User | None, organization: Organization, revision: Revision, effective_date: dt.date
) -> Revision:
    """Release an approved revision: the previous one is superseded, the copies are issued for receipt."""
    from .distribution import receipts_end, receipts_issue

    same_org(organization, revision)
    document = Document.objects.select_for_update().get(pk=revision.document_id)
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    _check_effective_date(organization, revision, effective_date)
    previous = document.current_revision
    revision.effective_date, revision.released_at = effective_date, timezone.now()
    revision.save(update_fields=["effective_date", "released_at"])
    transition(
        revision,
        RevStatus.RELEASED,
        actor=actor,
        organization=organization,
        table=REVISION_TRANSITIONS,
        changes={"effective_date": [None, effective_date]},
    )
    if previous is not None and previous.status == RevStatus.RELEASED:
        transition(
            previous, RevStatus.SUPERSEDED, actor=actor, organization=organization, table=REVISION_TRANSITIONS
        )
        # The superseded revision is obsolete: whoever has not acknowledged it yet gets the new one instead.
        receipts_end(
            organization=organization,
            receipts=Receipt.objects.filter(
                revision=previous, acknowledged_at__isnull=True, ended_at__isnull=True
            ),
            now=timezone.now(),
        )
    if document.status == DocStatus.PREPARING:
        transition(
            document, DocStatus.RELEASED, actor=actor, organization=organization, table=DOCUMENT_TRANSITIONS
        )
    document.current_revision = revision
    document.next_review_on = add_months(effective_date, document.review_interval_months)
    document.search_text = search_text_for(document, "\n".join((revision.text, revision.extracted_text)))
    document.save(update_fields=["current_revision", "next_review_on", "search_text"])
    WritingAssignment.objects.filter(
        organization=organization, document=document, status=AssignmentStatus.OPEN
    ).update(status=AssignmentStatus.DONE, done_at=timezone.now())
    receipts_issue(actor=actor, organization=organization, revision=revision)
    return revision


@transaction.atomic
def revisions_release(
    *, actor: User | None, organization: Organization, revisions: list[Revision], effective_date: dt.date
) -> list[Revision]:
    """Release a set of approved revisions at once (the second edition, 2.2): all of them or none."""
    authorize(actor, organization, can_manage_documents)
    if not revisions:
        raise ValidationError(_("Choose the revisions to release."))
    return [
        revision_release(actor=actor, organization=organization, revision=r, effective_date=effective_date)
        for r in revisions
    ]


@transaction.atomic
def edition_start(
    *, actor: User | None, organization: Organization, documents: list[Document], change_summary: str
) -> list[Revision]:
    """Start the next edition (B/0, C/0…) of several documents together, e.g. after the first internal audit."""
    authorize(actor, organization, can_manage_documents)
    if not documents:
        raise ValidationError(_("Choose the documents of the new edition."))
    return [
        revision_start(
            actor=actor,
            organization=organization,
            document=d,
            change_summary=change_summary,
            new_edition=True,
        )
        for d in documents
    ]
