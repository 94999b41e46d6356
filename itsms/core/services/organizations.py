from __future__ import annotations

import zoneinfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import audit, org_setup
from ..errors import require
from ..models import Organization, Role, StoredFile, User
from ..permissions import can_create_organization, can_manage_organization
from .base import authorize
from .members import membership_add

ORG_FIELDS = ["slug", "name_zh", "name_en", "language", "time_zone", "require_2fa_for_admins"]


def _check_time_zone(name: str) -> None:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise ValidationError(
            {
                "time_zone": _("“%(value)s” is not a known time zone. Use a name such as Asia/Shanghai.")
                % {"value": name}
            }
        ) from None


@transaction.atomic
def organization_create(
    *,
    actor: User | None,
    slug: str,
    name_zh: str,
    name_en: str = "",
    language: str = "zh-hans",
    time_zone: str = "Asia/Shanghai",
) -> Organization:
    """Create a tenant, start its audit chain, and make a signed-in creator its admin.

    Who may: see permissions.can_create_organization (site staff and consultants); actor=None is a command.
    """
    if actor is not None:
        require(can_create_organization(actor))
    _check_time_zone(time_zone)
    if Organization.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("An organization with this short name already exists.")})
    org = Organization(slug=slug, name_zh=name_zh, name_en=name_en, language=language, time_zone=time_zone)
    org.full_clean()
    org.save()
    audit.chain_start(org)
    audit.record(
        organization=org,
        actor=actor,
        action="organization.create",
        obj=org,
        changes=audit.diff({}, audit.snapshot(org, ORG_FIELDS)),
    )
    if actor is not None:
        membership_add(actor=None, organization=org, user=actor, roles=[Role.ORG_ADMIN])
    return org


@transaction.atomic
def organization_open(
    *,
    actor: User,
    slug: str,
    name_zh: str,
    name_en: str = "",
    language: str = "zh-hans",
    time_zone: str = "Asia/Shanghai",
    starts: dict[str, str] | None = None,
) -> Organization:
    """A consultant's new client from the web: the organization, its creator as admin, and what it starts with
    (the registered starters' choices, e.g. the programme template), all or nothing."""
    org = organization_create(
        actor=actor, slug=slug, name_zh=name_zh, name_en=name_en, language=language, time_zone=time_zone
    )
    # The programme starts today as the new organization counts days.
    today = timezone.localdate(timezone.now(), zoneinfo.ZoneInfo(org.time_zone))
    for starter in org_setup.starters():
        choice = (starts or {}).get(starter.key)
        if choice:
            starter.start(actor, org, choice, today)
    return org


@transaction.atomic
def organization_update(*, actor: User | None, organization: Organization, **values: object) -> Organization:
    authorize(actor, organization, can_manage_organization)
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    before = audit.snapshot(org, ORG_FIELDS)
    for name, value in values.items():
        if name not in ORG_FIELDS or name == "slug":
            raise ValueError(f"organization_update cannot change {name}")
        setattr(org, name, value)
    org.full_clean()
    org.save()
    changes = audit.diff(before, audit.snapshot(org, ORG_FIELDS))
    if changes:
        audit.record(organization=org, actor=actor, action="organization.update", obj=org, changes=changes)
    return org


@transaction.atomic
def organization_set_logo(
    *, actor: User | None, organization: Organization, logo: StoredFile | None
) -> Organization:
    authorize(actor, organization, can_manage_organization)
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    if logo is not None and logo.organization_id != org.pk:
        raise PermissionDenied
    before = str(org.logo_id) if org.logo_id else None
    org.logo = logo
    org.save(update_fields=["logo"])
    audit.record(
        organization=org,
        actor=actor,
        action="organization.set_logo",
        obj=org,
        changes={"logo": [before, str(logo.pk) if logo else None]},
    )
    return org
