from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import audit
from ..errors import require
from ..models import Membership, MembershipRole, Organization, Person, Role, User
from ..permissions import can_manage_members
from .base import authorize


def _clean_roles(roles: Iterable[str]) -> list[str]:
    cleaned = sorted(set(roles))
    unknown = [r for r in cleaned if r not in Role.values]
    if unknown:
        raise ValidationError({"roles": _("Unknown role: %(role)s") % {"role": ", ".join(unknown)}})
    if not cleaned:
        raise ValidationError({"roles": _("Choose at least one role.")})
    return cleaned


def _check_validity(
    roles: Iterable[str], valid_from: dt.datetime | None, valid_until: dt.datetime | None
) -> None:
    """An external auditor is engaged for a period: their access must say when it ends."""
    if Role.EXTERNAL_AUDITOR in roles and valid_until is None:
        raise ValidationError(
            {"valid_until": _("An external auditor's membership needs an end of validity.")}
        )
    if valid_from is not None and valid_until is not None and valid_until <= valid_from:
        raise ValidationError({"valid_until": _("The end of validity must come after its start.")})


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@transaction.atomic
def user_create(*, username: str, email: str, password: str, display_name: str = "") -> User:
    """Create a login (no organization yet). Passwords must pass the configured validators (12+ characters)."""
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is taken.")})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("A user with this e-mail already exists.")})
    user = User(username=username, email=email, display_name=display_name)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def membership_add(
    *,
    actor: User | None,
    organization: Organization,
    user: User,
    roles: Iterable[str],
    person: Person | None = None,
    valid_from: dt.datetime | None = None,
    valid_until: dt.datetime | None = None,
) -> Membership:
    authorize(actor, organization, can_manage_members)
    role_list = _clean_roles(roles)
    _check_validity(role_list, valid_from, valid_until)
    if person is not None:
        require(person.organization_id == organization.pk)
        if Membership.objects.filter(person=person).exists():
            raise ValidationError({"person": _("This person already has a login.")})
    membership, created = Membership.objects.get_or_create(organization=organization, user=user)
    if not created and membership.is_active:
        raise ValidationError({"user": _("This user is already a member of the organization.")})
    before = (
        {
            "is_active": membership.is_active,
            "roles": sorted(membership.role_set),
            "valid_from": _iso(membership.valid_from),
            "valid_until": _iso(membership.valid_until),
        }
        if not created
        else {}
    )
    membership.is_active = True
    membership.person = person
    membership.valid_from = valid_from
    membership.valid_until = valid_until
    membership.save()
    MembershipRole.objects.filter(membership=membership).delete()
    MembershipRole.objects.bulk_create([MembershipRole(membership=membership, role=r) for r in role_list])
    membership._role_set = frozenset(role_list)
    audit.record(
        organization=organization,
        actor=actor,
        action="membership.add",
        obj=membership,
        object_repr=str(user),
        changes=audit.diff(
            before,
            {
                "user": user.username,
                "is_active": True,
                "roles": role_list,
                "person": person.pk if person else None,
                "valid_from": _iso(valid_from),
                "valid_until": _iso(valid_until),
            },
        ),
    )
    return membership


@transaction.atomic
def membership_set_roles(
    *, actor: User | None, organization: Organization, membership: Membership, roles: Iterable[str]
) -> Membership:
    authorize(actor, organization, can_manage_members)
    require(membership.organization_id == organization.pk)
    role_list = _clean_roles(roles)
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    _check_validity(role_list, locked.valid_from, locked.valid_until)
    before = sorted(r.role for r in locked.roles.all())
    if Role.ORG_ADMIN in before and Role.ORG_ADMIN not in role_list:
        _ensure_other_admin(organization, locked)
    MembershipRole.objects.filter(membership=locked).delete()
    MembershipRole.objects.bulk_create([MembershipRole(membership=locked, role=r) for r in role_list])
    locked._role_set = frozenset(role_list)
    if before != role_list:
        audit.record(
            organization=organization,
            actor=actor,
            action="membership.set_roles",
            obj=locked,
            object_repr=str(locked.user),
            changes={"roles": [before, role_list]},
        )
    return locked


@transaction.atomic
def membership_set_validity(
    *,
    actor: User | None,
    organization: Organization,
    membership: Membership,
    valid_from: dt.datetime | None,
    valid_until: dt.datetime | None,
) -> Membership:
    """Set when a membership opens and ends; outside that period it answers as if it did not exist."""
    authorize(actor, organization, can_manage_members)
    require(membership.organization_id == organization.pk)
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    _check_validity([r.role for r in locked.roles.all()], valid_from, valid_until)
    before = {"valid_from": _iso(locked.valid_from), "valid_until": _iso(locked.valid_until)}
    locked.valid_from, locked.valid_until = valid_from, valid_until
    locked.save(update_fields=["valid_from", "valid_until"])
    changes = audit.diff(before, {"valid_from": _iso(valid_from), "valid_until": _iso(valid_until)})
    if changes:
        audit.record(
            organization=organization,
            actor=actor,
            action="membership.set_validity",
            obj=locked,
            object_repr=str(locked.user),
            changes=changes,
        )
    return locked


@transaction.atomic
def membership_update(
    *,
    actor: User | None,
    organization: Organization,
    membership: Membership,
    roles: Iterable[str],
    valid_from: dt.datetime | None,
    valid_until: dt.datetime | None,
) -> Membership:
    """Roles and validity together (the member page), checked as one: an external auditor needs an end."""
    authorize(actor, organization, can_manage_members)
    require(membership.organization_id == organization.pk)
    role_list = _clean_roles(roles)
    _check_validity(role_list, valid_from, valid_until)
    if valid_until is not None:
        # Dates first, so that the roles' check sees the new end of validity.
        membership = membership_set_validity(
            actor=actor,
            organization=organization,
            membership=membership,
            valid_from=valid_from,
            valid_until=valid_until,
        )
        return membership_set_roles(
            actor=actor, organization=organization, membership=membership, roles=role_list
        )
    membership = membership_set_roles(
        actor=actor, organization=organization, membership=membership, roles=role_list
    )
    return membership_set_validity(
        actor=actor, organization=organization, membership=membership, valid_from=valid_from, valid_until=None
    )


@transaction.atomic
def membership_deactivate(
    *, actor: User | None, organization: Organization, membership: Membership
) -> Membership:
    authorize(actor, organization, can_manage_members)
    require(membership.organization_id == organization.pk)
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if not locked.is_active:
        return locked
    if locked.roles.filter(role=Role.ORG_ADMIN).exists():
        _ensure_other_admin(organization, locked)
    locked.is_active = False
    locked.save(update_fields=["is_active"])
    locked.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=audit.timezone.now())
    audit.record(
        organization=organization,
        actor=actor,
        action="membership.deactivate",
        obj=locked,
        object_repr=str(locked.user),
        changes={"is_active": [True, False]},
    )
    return locked


def _ensure_other_admin(organization: Organization, membership: Membership) -> None:
    others = (
        MembershipRole.objects.filter(
            membership__organization=organization, membership__is_active=True, role=Role.ORG_ADMIN
        )
        .exclude(membership=membership)
        .exists()
    )
    if not others:
        raise ValidationError(_("An organization must keep at least one active admin."))
