"""The register: entries, numbers, mappings, a procedure's records, the inventory, periodic reviews."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.core import audit
from itsms.core.lifecycle import Transition, transition
from itsms.core.models import Organization, User
from itsms.core.numbering import next_number, number_reserve
from itsms.core.services.base import authorize
from itsms.core.timezones import org_today

from ..models import (
    LEVEL_OF_TYPE,
    Decision,
    DocStatus,
    Document,
    DocumentRecord,
    InventoryItem,
    NumberPattern,
    PeriodicReview,
    Receipt,
    ReviewOutcome,
    RevStatus,
)
from ..models.enums import DEFAULT_PATTERNS
from ..models.register import number_key
from ..permissions import can_approve_documents, can_manage_documents
from .base import same_org

DOCUMENT_FIELDS = [
    "title",
    "doc_type",
    "owner_department",
    "author",
    "approver",
    "parent",
    "review_interval_months",
    "publisher",
    "external_version",
]

DOCUMENT_TRANSITIONS = [
    Transition(
        DocStatus.PREPARING,
        DocStatus.RELEASED,
        lambda m, d: can_approve_documents(m) or can_manage_documents(m),
    ),
    Transition(DocStatus.PREPARING, DocStatus.WITHDRAWN, lambda m, d: can_manage_documents(m)),
    Transition(DocStatus.RELEASED, DocStatus.WITHDRAWN, lambda m, d: can_manage_documents(m)),
]


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def pattern_for(organization: Organization, doc_type: str) -> str:
    row = NumberPattern.objects.filter(organization=organization, doc_type=doc_type).first()
    return row.pattern if row else DEFAULT_PATTERNS[doc_type]


@transaction.atomic
def number_pattern_set(
    *, actor: User | None, organization: Organization, doc_type: str, pattern: str
) -> None:
    authorize(actor, organization, can_manage_documents)
    if "{seq" not in pattern:
        raise ValidationError({"pattern": _("A pattern needs {seq}, e.g. ITSMS-PR-{seq:02}.")})
    try:
        pattern.format(seq=1, year=2026, month="01")
    except (KeyError, ValueError, IndexError):
        raise ValidationError(
            {"pattern": _("This pattern may use only {seq}, {year} and {month}.")}
        ) from None
    NumberPattern.objects.update_or_create(
        organization=organization, doc_type=doc_type, defaults={"pattern": pattern}
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="document.number_pattern",
        object_type="documents.numberpattern",
        object_id=doc_type,
        changes={"pattern": [None, pattern]},
    )


def _refuse_taken(organization: Organization, number: str) -> None:
    """Numbers are compared without case, character width or spaces; a withdrawn entry keeps its number."""
    taken = Document.objects.filter(organization=organization, number_key=number_key(number)).first()
    if taken is not None:
        raise ValidationError(
            {
                "number": _(
                    "The number %(value)s is already taken by %(existing)s (%(status)s); numbers are compared "
                    "without case, character width or spaces."
                )
                % {"value": number, "existing": taken.number, "status": taken.get_status_display()}
            }
        )


def search_text_for(document: Document, text: str = "") -> str:
    return "\n".join(x for x in (document.number, document.title, text) if x)


@transaction.atomic
def document_create(
    *, actor: User | None, organization: Organization, number: str = "", **values: Any
) -> Document:
    """A register entry. `number` typed by a person is reserved (refused if ever used); empty means the
    organization's pattern for the type hands out the next one."""
    authorize(actor, organization, can_manage_documents)
    unknown = set(values) - set(DOCUMENT_FIELDS) - {"requirements", "documented_info"}
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    requirements = values.pop("requirements", None)
    documented_info = values.pop("documented_info", None)
    same_org(organization, *(values.get(k) for k in ("owner_department", "author", "approver", "parent")))
    doc_type = values.get("doc_type")
    if doc_type not in LEVEL_OF_TYPE:
        raise ValidationError({"doc_type": _("Choose a document type.")})
    if number.strip():
        number = number.strip()
        _refuse_taken(organization, number)
        try:
            number = number_reserve(organization, number)
        except ValidationError as exc:
            raise ValidationError({"number": exc.messages}) from None
    else:
        # A number typed by hand may hold the next value in another spelling (`itsms-pr-03`): skip it.
        while True:
            number = next_number(organization, f"documents.{doc_type}", pattern_for(organization, doc_type))
            if not Document.objects.filter(organization=organization, number_key=number_key(number)).exists():
                break
    document = Document(organization=organization, number=number, level=LEVEL_OF_TYPE[doc_type], **values)
    document.number_key = number_key(number)
    document.search_text = search_text_for(document)
    document.full_clean(exclude=["requirements", "documented_info", "current_revision", "number_key"])
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        # Someone registered the same number (in some spelling) at the same moment.
        _refuse_taken(organization, number)
        raise
    if requirements is not None:
        document.requirements.set(requirements)
    if documented_info is not None:
        document.documented_info.set(documented_info)
    audit.record(
        organization=organization,
        actor=actor,
        action="document.create",
        obj=document,
        changes=audit.diff({}, audit.snapshot(document, ["number", "level", *DOCUMENT_FIELDS])),
    )
    return document


@transaction.atomic
def document_update(
    *, actor: User | None, organization: Organization, document: Document, **values: Any
) -> Document:
    authorize(actor, organization, can_manage_documents)
    same_org(organization, document)
    same_org(organization, *(values.get(k) for k in ("owner_department", "author", "approver", "parent")))
    requirements = values.pop("requirements", None)
    documented_info = values.pop("documented_info", None)
    unknown = set(values) - set(DOCUMENT_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    if "doc_type" in values and values["doc_type"] != document.doc_type:
        if LEVEL_OF_TYPE[values["doc_type"]] != document.level:
            raise ValidationError({"doc_type": _("The type cannot move the document to another level.")})
    before = audit.snapshot(document, DOCUMENT_FIELDS)
    before_reqs = sorted(document.requirements.values_list("urn", flat=True))
    for k, v in values.items():
        setattr(document, k, v)
    document.search_text = search_text_for(
        document, document.current_revision.text if document.current_revision else ""
    )
    document.full_clean(exclude=["requirements", "documented_info", "current_revision"])
    document.save()
    changes = audit.diff(before, audit.snapshot(document, DOCUMENT_FIELDS))
    if requirements is not None:
        document.requirements.set(requirements)
        after_reqs = sorted(document.requirements.values_list("urn", flat=True))
        if after_reqs != before_reqs:
            changes["requirements"] = [before_reqs, after_reqs]
    if documented_info is not None:
        document.documented_info.set(documented_info)
    audit.record(
        organization=organization, actor=actor, action="document.update", obj=document, changes=changes
    )
    return document


@transaction.atomic
def document_withdraw(
    *, actor: User | None, organization: Organization, document: Document, reason: str
) -> Document:
    """Withdraw (作废) the whole document: its released revision is marked withdrawn and kept; the number
    stays issued, so it is never handed out again. Every copy is recalled (the recall list), and every
    acknowledgement still waiting ends: nobody is asked to acknowledge an obsolete document.

    A withdrawal is signed like an approval: the caller has checked the password (and code) with
    `verify_signature_credentials` before this transaction opened."""
    from .distribution import copies_recall, receipts_end
    from .revisions import REVISION_TRANSITIONS

    same_org(organization, document)
    authorize(actor, organization, can_manage_documents)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the document is withdrawn.")})
    document = Document.objects.select_for_update().get(pk=document.pk)
    transition(
        document,
        DocStatus.WITHDRAWN,
        actor=actor,
        organization=organization,
        table=DOCUMENT_TRANSITIONS,
        note=reason,
    )
    for rev in document.revisions.filter(status=RevStatus.RELEASED):
        rev.withdrawn_reason = reason[:300]
        rev.save(update_fields=["withdrawn_reason"])
        transition(
            rev,
            RevStatus.WITHDRAWN,
            actor=actor,
            organization=organization,
            table=REVISION_TRANSITIONS,
            note=reason,
        )
    now = timezone.now()
    recalls = copies_recall(actor=actor, organization=organization, document=document, reason=reason)
    ended = receipts_end(
        organization=organization,
        receipts=Receipt.objects.filter(
            revision__document=document, acknowledged_at__isnull=True, ended_at__isnull=True
        ),
        now=now,
    )
    document.next_review_on = None
    document.save(update_fields=["next_review_on"])
    audit.record(
        organization=organization,
        actor=actor,
        action="document.withdraw",
        obj=document,
        changes={
            "reason": [None, reason],
            "copies_recalled": [None, [r.copy_number for r in recalls]],
            "acknowledgements_ended": [None, ended],
        },
    )
    return document


@transaction.atomic
def record_add(
    *, actor: User | None, organization: Organization, document: Document, **values: Any
) -> DocumentRecord:
    authorize(actor, organization, can_manage_documents)
    same_org(
        organization, document, values.get("record_type"), values.get("form"), values.get("owner_department")
    )
    record = DocumentRecord(organization=organization, document=document, **values)
    record.full_clean()
    record.save()
    audit.record(
        organization=organization,
        actor=actor,
        action="document.record_add",
        obj=document,
        changes={"record": [None, record.name]},
    )
    return record


@transaction.atomic
def record_remove(*, actor: User | None, organization: Organization, record: DocumentRecord) -> None:
    authorize(actor, organization, can_manage_documents)
    same_org(organization, record)
    name, document = record.name, record.document
    record.delete()
    audit.record(
        organization=organization,
        actor=actor,
        action="document.record_remove",
        obj=document,
        changes={"record": [name, None]},
    )


@transaction.atomic
def inventory_item_create(*, actor: User | None, organization: Organization, **values: Any) -> InventoryItem:
    authorize(actor, organization, can_manage_documents)
    same_org(organization, values.get("holder"))
    item = InventoryItem(organization=organization, **values)
    item.full_clean()
    item.save()
    audit.record(
        organization=organization,
        actor=actor,
        action="inventoryitem.create",
        obj=item,
        changes=audit.diff({}, audit.snapshot(item, ["title", "reference", "holder"])),
    )
    return item


@transaction.atomic
def inventory_item_decide(
    *,
    actor: User | None,
    organization: Organization,
    item: InventoryItem,
    decision: str,
    note: str = "",
    document: Document | None = None,
) -> InventoryItem:
    authorize(actor, organization, can_manage_documents)
    same_org(organization, item, document)
    if decision not in (Decision.KEEP, Decision.REVISE, Decision.WITHDRAW):
        raise ValidationError({"decision": _("Choose keep, revise or withdraw.")})
    before = audit.snapshot(item, ["decision", "note", "document"])
    item.decision, item.note, item.document = decision, note, document
    item.decided_at, item.decided_by = timezone.now(), actor
    item.save()
    audit.record(
        organization=organization,
        actor=actor,
        action="inventoryitem.decide",
        obj=item,
        changes=audit.diff(before, audit.snapshot(item, ["decision", "note", "document"])),
    )
    return item


@transaction.atomic
def periodic_review_record(
    *, actor: User | None, organization: Organization, document: Document, outcome: str, note: str = ""
) -> PeriodicReview:
    """Record the review of a released document; 'revise' also starts a new draft from the current text."""
    authorize(actor, organization, can_manage_documents)
    same_org(organization, document)
    if document.status != DocStatus.RELEASED:
        raise ValidationError(_("Only a released document is reviewed periodically."))
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    review = PeriodicReview.objects.create(
        organization=organization,
        document=document,
        reviewed_at=timezone.now(),
        reviewed_by=actor if actor is not None else None,
        outcome=outcome,
        note=note,
    )
    document.next_review_on = add_months(org_today(organization), document.review_interval_months)
    document.save(update_fields=["next_review_on"])
    audit.record(
        organization=organization,
        actor=actor,
        action="document.periodic_review",
        obj=document,
        changes={"outcome": [None, outcome], "next_review_on": [None, document.next_review_on]},
    )
    if outcome == ReviewOutcome.REVISE:
        from .revisions import revision_start

        revision_start(
            actor=actor,
            organization=organization,
            document=document,
            change_summary=note[:500] or _("Periodic review"),
        )
    return review
