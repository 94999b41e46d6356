"""Attendance: attendees sign themselves in; the organizer records presence and assessment scores."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.core import audit
from itsms.core.errors import require
from itsms.core.models import Organization, Person, User
from itsms.core.services.base import actor_membership, authorize

from ..models import Attendance, SignInMethod, TrainingSession, TrainingStatus
from ..permissions import can_manage_training, can_sign_in
from .sessions import same_org
from .window import require_in_window, require_started

FIELDS = ["invited", "present", "method", "score", "passed"]


def _passed(session: TrainingSession, score: int | None) -> bool | None:
    if not session.has_assessment or score is None or session.pass_mark is None:
        return None
    return score >= session.pass_mark


@transaction.atomic
def attendance_sign_in(
    *, actor: User, organization: Organization, session: TrainingSession, method: str = SignInMethod.SELF
) -> Attendance:
    """The signed-in user marks themself present (from the session page or the room link)."""
    authorize(actor, organization, can_sign_in)
    same_org(organization, session)
    require(method in (SignInMethod.SELF, SignInMethod.LINK))
    membership = actor_membership(actor, organization)
    person = membership.person if membership is not None else None
    if person is None:
        raise ValidationError(
            _("Your login is not linked to a person of this organization; ask the organizer to record you.")
        )
    locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if not locked.is_open_for_sign_in:
        raise ValidationError(_("This session is no longer open for sign-in."))
    now = timezone.now()
    existing = Attendance.objects.filter(session=locked, person=person, present=True).first()
    if existing is not None:
        return existing
    require_in_window(locked, now)
    attendance, _created = Attendance.objects.get_or_create(
        organization=organization, session=locked, person=person
    )
    if attendance.present:
        return attendance
    before = audit.snapshot(attendance, FIELDS)
    attendance.present = True
    attendance.signed_at = now
    attendance.method = method
    attendance.recorded_by = actor
    attendance.save()
    audit.record(
        organization=organization,
        actor=actor,
        action="attendance.sign_in",
        obj=attendance,
        changes=audit.diff(before, audit.snapshot(attendance, FIELDS)),
    )
    return attendance


@transaction.atomic
def attendance_record(
    *,
    actor: User | None,
    organization: Organization,
    session: TrainingSession,
    person: Person,
    present: bool,
    score: int | None = None,
) -> Attendance:
    """The organizer records a person (with or without a login) as present or absent, with a score."""
    authorize(actor, organization, can_manage_training)
    same_org(organization, session, person)
    locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if locked.status in (TrainingStatus.CLOSED, TrainingStatus.CANCELLED):
        raise ValidationError(_("The attendance of a closed or cancelled session can no longer be changed."))
    require_started(
        locked, _("The session starts at %(start)s; attendance can be recorded once it has started.")
    )
    if score is not None:
        if not locked.has_assessment:
            raise ValidationError({"score": _("This session has no assessment.")})
        if not present:
            raise ValidationError({"score": _("Only people present can have a score.")})
        if score > locked.max_score:
            raise ValidationError(
                {"score": _("The score cannot be above %(max)s.") % {"max": locked.max_score}}
            )
    attendance, _created = Attendance.objects.get_or_create(
        organization=organization, session=locked, person=person
    )
    before = audit.snapshot(attendance, FIELDS)
    if present and not attendance.present:
        attendance.signed_at = timezone.now()
        attendance.method = SignInMethod.ORGANIZER
    if not present:
        attendance.signed_at = None
        attendance.method = ""
    attendance.present = present
    attendance.score = score
    attendance.passed = _passed(locked, score)
    attendance.recorded_by = actor if actor is not None and actor.is_authenticated else None
    attendance.save()
    changes = audit.diff(before, audit.snapshot(attendance, FIELDS))
    if changes:
        audit.record(
            organization=organization,
            actor=actor,
            action="attendance.record",
            obj=attendance,
            changes=changes,
        )
    return attendance
