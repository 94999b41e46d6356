"""The two records top management signs: the appointment letter (任命书) and the policy (方针).

One mechanism for both: the author drafts and names a top manager with a login; that person is told
(in-app and by e-mail) and signs with their password (re-checked by the view, `SignForm`, before the
transaction opens). The record is dated by the signature itself, in the organization's zone, so it
cannot show a day before it was signed.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.core.lifecycle import Transition, transition
from itsms.core.models import Organization, Person, Role, User
from itsms.core.notify import notify
from itsms.core.numbering import next_number
from itsms.core.services.base import authorize
from itsms.core.timezones import org_zone_active, zoned

from ..models import Appointment, AppointmentStatus, Policy, PolicyStatus
from ..permissions import can_manage_design, can_sign_appointment, can_sign_policy
from .design import _next_version, _same_org, _save

APPOINTMENT_TRANSITIONS = [
    Transition(AppointmentStatus.DRAFT, AppointmentStatus.SIGNED, can_sign_appointment),
]
POLICY_TRANSITIONS = [
    Transition(PolicyStatus.DRAFT, PolicyStatus.SIGNED, can_sign_policy),
]


def signer_logins(organization: Organization, person: Person) -> list[User]:
    """The active logins through which `person` acts as top management (one at most)."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organization=organization,
            memberships__person=person,
            memberships__is_active=True,
            memberships__roles__role=Role.TOP_MANAGEMENT,
        ).distinct()
    )


def _require_top_manager(organization: Organization, person: Person, field: str) -> list[User]:
    users = signer_logins(organization, person)
    if not users:
        raise ValidationError(
            {field: _("Choose a member of top management with a login: only they can sign it.")}
        )
    return users


def _sign(
    obj: models.Model,
    *,
    actor: User | None,
    organization: Organization,
    table: list[Transition],
    date_field: str,
) -> None:
    """Move a locked draft to signed, dated by the signature (one timestamp for time, day and trail)."""
    signed_at = timezone.now()
    with org_zone_active(organization):
        day: dt.date = timezone.localdate(signed_at)
        shown = zoned(signed_at)
    setattr(obj, date_field, day)
    obj.save(update_fields=[date_field])
    transition(
        obj,
        "signed",
        actor=actor,
        organization=organization,
        table=table,
        changes={date_field: [None, day.isoformat()], "signed_at": [None, shown]},
    )
    # transition() stamps its own now(); keep the instant the day was taken from, so they agree.
    obj.status_changed_at = signed_at  # type: ignore[attr-defined]
    obj.save(update_fields=["status_changed_at"])


@transaction.atomic
def appointment_create(
    *,
    actor: User | None,
    organization: Organization,
    appointee: Person,
    appointed_by: Person,
    duties: str,
) -> Appointment:
    """Draft the letter; the appointing top manager is told it awaits their signature."""
    authorize(actor, organization, can_manage_design)
    _same_org(organization, appointee, appointed_by)
    signers = _require_top_manager(organization, appointed_by, "appointed_by")
    number = next_number(organization, "organization.appointment", "RM-{year}-{seq:02}")
    appointment = Appointment(
        organization=organization,
        number=number,
        appointee=appointee,
        appointed_by=appointed_by,
        duties=duties,
    )
    _save(
        actor=actor,
        organization=organization,
        obj=appointment,
        fields=["number", "appointee", "appointed_by", "duties"],
        values={},
        verb="create",
    )
    notify(
        organization=organization,
        recipients=signers,
        subject=_("Letter of appointment %(number)s awaits your signature") % {"number": number},
        body=_("%(person)s is to be appointed management representative. Please review and sign the letter.")
        % {"person": appointee.full_name},
        url=reverse(
            "organization:appointment_detail", kwargs={"org": organization.slug, "pk": appointment.pk}
        ),
    )
    return appointment


@transaction.atomic
def appointment_sign(
    *, actor: User | None, organization: Organization, appointment: Appointment
) -> Appointment:
    """The appointing top manager signs; the caller verified the password (and code) before this runs."""
    _same_org(organization, appointment)
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    _sign(
        locked,
        actor=actor,
        organization=organization,
        table=APPOINTMENT_TRANSITIONS,
        date_field="effective_date",
    )
    return locked


@transaction.atomic
def policy_create(
    *,
    actor: User | None,
    organization: Organization,
    text: str,
    signer: Person,
    manual_title: str = "",
) -> Policy:
    """Draft a new version; it is approved and released only when the named top manager signs it."""
    authorize(actor, organization, can_manage_design)
    _same_org(organization, signer)
    signers = _require_top_manager(organization, signer, "signer")
    policy = Policy(organization=organization, version=_next_version(Policy, organization))
    _save(
        actor=actor,
        organization=organization,
        obj=policy,
        fields=["version", "text", "signer", "manual_title"],
        values={"text": text, "signer": signer, "manual_title": manual_title},
        verb="create",
    )
    notify(
        organization=organization,
        recipients=signers,
        subject=_("Service management policy v%(version)s awaits your signature")
        % {"version": policy.version},
        body=_("Please review the policy and sign it; it is released on the day you sign."),
        url=reverse("organization:policy_detail", kwargs={"org": organization.slug, "pk": policy.pk}),
    )
    return policy


@transaction.atomic
def policy_sign(*, actor: User | None, organization: Organization, policy: Policy) -> Policy:
    """The named top manager signs; the caller verified the password (and code) before this runs."""
    _same_org(organization, policy)
    locked = Policy.objects.select_for_update().get(pk=policy.pk)
    _sign(locked, actor=actor, organization=organization, table=POLICY_TRANSITIONS, date_field="released_on")
    return locked
