from __future__ import annotations

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
) -> Membership:
    authorize(actor, organization, can_manage_members)
    role_list = _clean_roles(roles)
    if person is not None:
        require(person.organization_id == organization.pk)
        if Membership.objects.filter(person=person).exists():
            raise ValidationError({"person": _("This person already has a login.")})
    membership, created = Membership.objects.get_or_create(organization=organization, user=user)
    if not created and membership.is_active:
        raise ValidationError({"user": _("This user is already a member of the organization.")})
    before = {"is_active": membership.is_active, "roles": sorted(membership.role_set)} if not created else {}
    membership.is_active = True
    membership.person = person
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
