"""Objects the API matrix needs for the document-control operations (made on first use, through the
services): a released document with a copy for every member, so that each role has one to acknowledge."""

from __future__ import annotations

from typing import Any

from itsms.core import services as core
from itsms.core.models import Membership, Organization
from itsms.core.timezones import org_today
from itsms.documents import services
from itsms.documents.models import DocType, Document, Meaning, RevStatus, TargetKind
from itsms.documents.permissions import can_approve_documents

TITLE = "API matrix manual"


def released_document(org: Organization) -> dict[str, Any]:
    document = Document.objects.filter(organization=org, title=TITLE).first()
    if document is not None:
        return {"id": document.pk}
    memberships = list(Membership.objects.filter(organization=org, is_active=True).select_related("user"))
    for m in memberships:
        if m.person_id is None:
            # No service links an existing login to a person yet; test set-up does it directly.
            m.person = core.person_create(actor=None, organization=org, full_name=f"API {m.user.username}")
            m.save(update_fields=["person"])
    document = services.document_create(actor=None, organization=org, title=TITLE, doc_type=DocType.MANUAL)
    for m in memberships:
        services.distribution_add(
            actor=None, organization=org, document=document, kind=TargetKind.PERSON, person=m.person
        )
    rev = services.revision_start(actor=None, organization=org, document=document)
    services.revision_save(actor=None, organization=org, revision=rev, version=rev.version, text="# Scope")
    signer = next(m.user for m in memberships if can_approve_documents(m))
    for target in (RevStatus.INTERNAL_REVIEW, RevStatus.EXTERNAL_CHECK, RevStatus.APPROVAL):
        if target != RevStatus.INTERNAL_REVIEW:
            # Leaving a review stage needs an independent review; the system wrote this revision.
            services.revision_sign(actor=signer, organization=org, revision=rev, meaning=Meaning.REVIEWED)
        services.revision_move(actor=None, organization=org, revision=rev, target=target)
    services.revision_sign(
        actor=signer,
        organization=org,
        revision=rev,
        meaning=Meaning.APPROVED,
        effective_date=org_today(org),
    )
    return {"id": document.pk}
