from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import audit
from ..models import Organization, Role, StoredFile, User
from ..permissions import can_manage_organization
from .base import authorize
from .members import membership_add

ORG_FIELDS = ["slug", "name_zh", "name_en", "language", "time_zone", "require_2fa_for_admins"]


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
    """Create a tenant, start its audit chain, and make a signed-in creator its admin."""
    if actor is not None and not actor.is_staff:
        raise PermissionDenied
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
