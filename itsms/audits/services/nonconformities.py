"""Writes of the nonconformity register: raising one and moving it through its lifecycle, one service per
step (10.1). Each step locks the row, checks the permission and the order through the lifecycle table,
stores its fields and writes one audit entry (the transition's, carrying the step's fields)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.catalogue.models import Requirement
from itsms.core import audit
from itsms.core.errors import require
from itsms.core.files import CheckedUpload, checks_upload_first, file_store
from itsms.core.lifecycle import transition
from itsms.core.models import Department, Organization, Person, User
from itsms.core.notify import reminder_schedule, reminders_cancel
from itsms.core.numbering import next_number
from itsms.core.services.base import actor_membership, authorize
from itsms.core.timezones import org_today, org_zone

from ..lifecycle import NONCONFORMITY_TRANSITIONS
from ..models import CauseCategory, Nonconformity, NonconformityGrade, NonconformitySource
from ..models import NonconformityStatus as S
from ..permissions import can_raise_nonconformity, independent_of_action

FILE_PURPOSE = "audits.corrective_action"
WHY_STEPS_MAX = 10
TEXT_MAX = 5000
# Reminders to the action owner, in days from the due date (before, on the day, after).
REMINDER_DAYS = (-3, 0, 1, 7)
REMINDER_HOUR = 9

NUMBER_KEY = "NC"
NUMBER_PATTERN = "NC-{year}-{seq:04}"
AUDITED = [
    "number",
    "source",
    "source_type",
    "source_id",
    "requirement",
    "department",
    "statement",
    "grade",
    "status",
]


@transaction.atomic
def nonconformity_raise(
    *,
    actor: User | None,
    organization: Organization,
    source: str,
    statement: str,
    grade: str = NonconformityGrade.MINOR,
    requirement: Requirement | None = None,
    department: Department | None = None,
    source_type: str = "",
    source_id: str = "",
) -> Nonconformity:
    authorize(actor, organization, can_raise_nonconformity)
    if department is not None:
        require(department.organization_id == organization.pk)
    statement = statement.strip()
    if not statement:
        raise ValidationError({"statement": _("Describe the nonconformity.")})
    if source not in NonconformitySource.values:
        raise ValidationError({"source": _("Unknown source.")})
    if grade not in NonconformityGrade.values:
        raise ValidationError({"grade": _("Unknown grade.")})
    nc = Nonconformity.objects.create(
        organization=organization,
        number=next_number(organization, NUMBER_KEY, NUMBER_PATTERN),
        source=source,
        source_type=source_type,
        source_id=source_id,
        requirement=requirement,
        department=department,
        statement=statement,
        grade=grade,
        raised_by=actor if actor is not None and actor.is_authenticated else None,
        raised_at=timezone.now(),
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="nonconformity.raise",
        obj=nc,
        changes=audit.diff({}, audit.snapshot(nc, AUDITED)),
    )
    return nc


def nonconformity_url(nc: Nonconformity) -> str:
    return reverse("audits:nonconformity_detail", kwargs={"org": nc.organization.slug, "pk": nc.pk})


def reminder_topic(nc: Nonconformity) -> str:
    return f"audits.nonconformity.{nc.pk}.action"


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > TEXT_MAX:
        raise ValidationError({field: _("At most %(n)d characters.") % {"n": TEXT_MAX}})
    return value


def _step(
    *,
    actor: User | None,
    organization: Organization,
    nonconformity: Nonconformity,
    target: str,
    values: dict[str, Any],
    recorded: dict[str, Any],
    note: str = "",
    check: Callable[[Nonconformity], None] | None = None,
) -> Nonconformity:
    """Lock, check the move (order and permission) before anything is stored, then store and record."""
    require(nonconformity.organization_id == organization.pk)
    locked = Nonconformity.objects.select_for_update().get(pk=nonconformity.pk)
    if check is not None:
        check(locked)
    before = {name: recorded_value(getattr(locked, name)) for name in recorded}
    # transition() checks the order and the role first, and saves only the status; the step's fields are
    # saved after it, in the same transaction, so a refused step stores nothing.
    transition(
        locked,
        target,
        actor=actor,
        organization=organization,
        table=NONCONFORMITY_TRANSITIONS,
        note=note,
        changes={k: [before[k], v] for k, v in recorded.items() if before[k] != v},
    )
    for name, value in values.items():
        setattr(locked, name, value)
    if values:
        locked.save(update_fields=list(values))
    return locked


def recorded_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


@transaction.atomic
def nonconformity_record_correction(
    *, actor: User | None, organization: Organization, nonconformity: Nonconformity, correction: str
) -> Nonconformity:
    correction = _text(correction, "correction", _("Describe the correction made."))
    return _step(
        actor=actor,
        organization=organization,
        nonconformity=nonconformity,
        target=S.CORRECTION_RECORDED,
        values={"correction": correction, "correction_at": timezone.now()},
        recorded={"correction": correction},
    )


def clean_why_chain(steps: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    """The why/because pairs in order, blank pairs dropped; at least one, each with both halves."""
    chain = []
    for why, because in steps:
        why, because = (why or "").strip(), (because or "").strip()
        if not why and not because:
            continue
        if not why or not because:
            raise ValidationError({"why_chain": _("Each step needs both the why and the because.")})
        if len(why) > TEXT_MAX or len(because) > TEXT_MAX:
            raise ValidationError({"why_chain": _("At most %(n)d characters.") % {"n": TEXT_MAX}})
        chain.append({"why": why, "because": because})
    if not chain:
        raise ValidationError({"why_chain": _("Ask why at least once.")})
    if len(chain) > WHY_STEPS_MAX:
        raise ValidationError({"why_chain": _("At most %(n)d steps.") % {"n": WHY_STEPS_MAX}})
    return chain


@transaction.atomic
def nonconformity_analyse_cause(
    *,
    actor: User | None,
    organization: Organization,
    nonconformity: Nonconformity,
    why_chain: Sequence[tuple[str, str]],
    cause_category: str,
    root_cause: str,
) -> Nonconformity:
    chain = clean_why_chain(why_chain)
    if cause_category not in CauseCategory.values:
        raise ValidationError({"cause_category": _("Choose the category of the cause.")})
    root_cause = _text(root_cause, "root_cause", _("State the root cause."))
    values = {"why_chain": chain, "cause_category": cause_category, "root_cause": root_cause}
    return _step(
        actor=actor,
        organization=organization,
        nonconformity=nonconformity,
        target=S.CAUSE_ANALYSED,
        values=values,
        recorded=values,
    )


@transaction.atomic
def nonconformity_plan_action(
    *,
    actor: User | None,
    organization: Organization,
    nonconformity: Nonconformity,
    plan: str,
    owner: Person,
    due: dt.date,
) -> Nonconformity:
    plan = _text(plan, "action_plan", _("Describe the corrective action."))
    require(owner.organization_id == organization.pk)
    if not owner.is_active:
        raise ValidationError({"action_owner": _("The owner must be an active person.")})
    if due < org_today(organization):
        raise ValidationError({"action_due": _("The due date cannot be in the past.")})
    values = {"action_plan": plan, "action_owner": owner, "action_due": due}
    nc = _step(
        actor=actor,
        organization=organization,
        nonconformity=nonconformity,
        target=S.ACTION_PLANNED,
        values=values,
        recorded={"action_plan": plan, "action_owner": owner.pk, "action_due": due.isoformat()},
    )
    _schedule_reminders(organization, nc)
    return nc


def _schedule_reminders(organization: Organization, nc: Nonconformity) -> None:
    """Remind the action owner before, on and after the due date, at 09:00 in the organization's zone."""
    reminders_cancel(organization=organization, topic=reminder_topic(nc))
    assert nc.action_due is not None and nc.action_owner is not None
    users = list(
        User.objects.filter(
            memberships__person=nc.action_owner,
            memberships__organization=organization,
            memberships__is_active=True,
            is_active=True,
        )
    )
    zone = org_zone(organization)
    now = timezone.now()
    for days in REMINDER_DAYS:
        day = nc.action_due + dt.timedelta(days=days)
        due_at = dt.datetime.combine(day, dt.time(REMINDER_HOUR), tzinfo=zone)
        if due_at <= now:
            continue
        if days < 0:
            subject = _("Corrective action for %(number)s is due on %(date)s") % {
                "number": nc.number,
                "date": nc.action_due.isoformat(),
            }
        elif days == 0:
            subject = _("Corrective action for %(number)s is due today") % {"number": nc.number}
        else:
            subject = _("Corrective action for %(number)s is overdue (due %(date)s)") % {
                "number": nc.number,
                "date": nc.action_due.isoformat(),
            }
        for user in users:
            reminder_schedule(
                organization=organization,
                recipient=user,
                due_at=due_at,
                topic=reminder_topic(nc),
                subject=subject,
                body=nc.action_plan[:500],
                url=nonconformity_url(nc),
            )


@checks_upload_first
@transaction.atomic
def nonconformity_record_implementation(
    *,
    actor: User | None,
    organization: Organization,
    nonconformity: Nonconformity,
    evidence: str,
    upload: File | CheckedUpload | None = None,
) -> Nonconformity:
    evidence = _text(evidence, "implementation_evidence", _("Describe what shows the action was done."))
    values: dict[str, Any] = {"implementation_evidence": evidence, "implemented_at": timezone.now()}
    recorded: dict[str, Any] = {"implementation_evidence": evidence}
    # The move is checked before the file is stored: a refused step keeps no file.
    nc = _step(
        actor=actor,
        organization=organization,
        nonconformity=nonconformity,
        target=S.IMPLEMENTED,
        values=values,
        recorded=recorded,
    )
    if upload is not None:
        stored = file_store(actor=actor, organization=organization, upload=upload, purpose=FILE_PURPOSE)
        nc.implementation_file = stored
        nc.save(update_fields=["implementation_file"])
    reminders_cancel(organization=organization, topic=reminder_topic(nc))
    return nc


def _check_independence(actor: User | None, organization: Organization, nc: Nonconformity) -> None:
    if actor is None:
        return
    membership = actor_membership(actor, organization)
    if membership is None or not independent_of_action(membership, nc):
        raise PermissionDenied


@transaction.atomic
def nonconformity_verify(
    *,
    actor: User | None,
    organization: Organization,
    nonconformity: Nonconformity,
    effective: bool,
    note: str,
) -> Nonconformity:
    """The auditor's verification: effective moves on to closure; not effective reopens the plan, with
    the reason recorded. The auditor who owns the action cannot verify it."""
    note = _text(note, "verification", _("Record what was checked and what was found."))

    def independent(nc: Nonconformity) -> None:
        _check_independence(actor, organization, nc)

    if effective:
        return _step(
            actor=actor,
            organization=organization,
            nonconformity=nonconformity,
            target=S.VERIFIED,
            values={
                "verification": note,
                "verified_by": actor if actor is not None and actor.is_authenticated else None,
                "verified_at": timezone.now(),
            },
            recorded={"verification": note},
            check=independent,
        )
    nc = _step(
        actor=actor,
        organization=organization,
        nonconformity=nonconformity,
        target=S.ACTION_PLANNED,
        values={"verification": note, "implemented_at": None},
        recorded={"verification": note},
        note=note,
        check=independent,
    )
    if nc.action_due is not None and nc.action_owner is not None:
        _schedule_reminders(organization, nc)
    return nc


@transaction.atomic
def nonconformity_close(
    *, actor: User | None, organization: Organization, nonconformity: Nonconformity, note: str = ""
) -> Nonconformity:
    return _step(
        actor=actor,
        organization=organization,
        nonconformity=nonconformity,
        target=S.CLOSED,
        values={"closed_at": timezone.now()},
        recorded={},
        note=(note or "").strip()[:TEXT_MAX],
    )
