"""Awareness campaigns: everybody confirms they read the current policy and objectives."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from itsms.core import audit
from itsms.core.files import checks_upload_first, file_store
from itsms.core.models import Membership, Organization, User
from itsms.core.notify import notify
from itsms.core.services.base import actor_membership, authorize

from ..files_purposes import AWARENESS_DOCUMENT
from ..models import AwarenessCampaign, AwarenessConfirmation
from ..permissions import can_confirm_awareness, can_manage_training
from .sessions import same_org

FIELDS = ["title", "version", "message", "is_open"]


@checks_upload_first
@transaction.atomic
def campaign_create(
    *,
    actor: User | None,
    organization: Organization,
    title: str,
    version: str,
    message: str = "",
    upload: File | None = None,
) -> AwarenessCampaign:
    authorize(actor, organization, can_manage_training)
    title, version = title.strip(), version.strip()
    if AwarenessCampaign.objects.filter(organization=organization, title=title, version=version).exists():
        raise ValidationError(_("A campaign for this title and version exists already."))
    document = (
        file_store(actor=actor, organization=organization, upload=upload, purpose=AWARENESS_DOCUMENT)
        if upload is not None
        else None
    )
    campaign = AwarenessCampaign(
        organization=organization, title=title, version=version, message=message, document=document
    )
    campaign.full_clean(validate_constraints=False)
    campaign.save()
    audit.record(
        organization=organization,
        actor=actor,
        action="awarenesscampaign.create",
        obj=campaign,
        changes=audit.diff({}, audit.snapshot(campaign, FIELDS)),
    )
    members = Membership.objects.filter(organization=organization, is_active=True, person__isnull=False)
    notify(
        organization=organization,
        recipients=[m.user for m in members.select_related("user")],
        subject=_("Please read and confirm: %(title)s (%(version)s)") % {"title": title, "version": version},
        body=message,
        url=reverse("training:campaign_detail", kwargs={"org": organization.slug, "pk": campaign.pk}),
    )
    return campaign


@transaction.atomic
def campaign_close(*, actor: User | None, organization: Organization, campaign: AwarenessCampaign) -> None:
    authorize(actor, organization, can_manage_training)
    same_org(organization, campaign)
    if not campaign.is_open:
        return
    campaign.is_open = False
    campaign.save(update_fields=["is_open"])
    audit.record(
        organization=organization,
        actor=actor,
        action="awarenesscampaign.close",
        obj=campaign,
        changes={"is_open": [True, False]},
    )


@transaction.atomic
def awareness_confirm(
    *, actor: User, organization: Organization, campaign: AwarenessCampaign
) -> AwarenessConfirmation:
    authorize(actor, organization, can_confirm_awareness)
    same_org(organization, campaign)
    membership = actor_membership(actor, organization)
    person = membership.person if membership is not None else None
    if person is None:
        raise ValidationError(_("Your login is not linked to a person of this organization."))
    if not campaign.is_open:
        raise ValidationError(_("This campaign is closed."))
    existing = AwarenessConfirmation.objects.filter(campaign=campaign, person=person).first()
    if existing is not None:
        return existing
    confirmation = AwarenessConfirmation.objects.create(
        organization=organization, campaign=campaign, person=person, confirmed_at=timezone.now(), user=actor
    )
    audit.record(
        organization=organization,
        actor=actor,
        action="awareness.confirm",
        obj=campaign,
        changes={"confirmed_by": [None, person.full_name]},
    )
    return confirmation
