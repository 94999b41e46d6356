"""Awareness campaigns: who confirmed reading the current policy and objectives, and who has not."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from itsms.core.access import OrgRequest, org_view
from itsms.core.views.helpers import handle_form

from .. import selectors, services
from ..forms import CampaignForm
from ..models import AwarenessConfirmation
from ..permissions import can_confirm_awareness, can_manage_training, can_view_training
from .sessions import url


@org_view(can_view_training)
def campaign_list(request: OrgRequest) -> HttpResponse:
    org = request.organization
    return render(
        request,
        "training/campaign_list.html",
        {
            "campaigns": selectors.campaigns_for_org(org),
            "audience": selectors.campaign_audience(org).count(),
            "can_manage": can_manage_training(request.membership),
        },
    )


@org_view(can_manage_training)
def campaign_create(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = CampaignForm(request.POST or None, request.FILES or None)
    return handle_form(
        request,
        form,
        save=lambda data: services.campaign_create(
            actor=request.user,
            organization=org,
            title=data["title"],
            version=data["version"],
            message=data["message"],
            upload=data["document"],
        ),
        template="training/campaign_form.html",
        success_url=url(request, "training:campaign_list"),
        success_message=_("Awareness campaign started."),
    )


@org_view(can_view_training)
def campaign_detail(request: OrgRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.organization, pk)
    membership = request.membership
    mine = (
        AwarenessConfirmation.objects.filter(campaign=campaign, person_id=membership.person_id).first()
        if membership.person_id
        else None
    )
    return render(
        request,
        "training/campaign_detail.html",
        {
            "campaign": campaign,
            "confirmations": selectors.campaign_confirmations(campaign),
            "unconfirmed": selectors.campaign_unconfirmed(campaign),
            "mine": mine,
            "can_confirm": can_confirm_awareness(membership) and membership.person_id is not None,
            "can_manage": can_manage_training(membership),
        },
    )


@require_POST
@org_view(can_confirm_awareness)
def campaign_confirm(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    campaign = selectors.campaign_get(org, pk)
    try:
        services.awareness_confirm(actor=request.user, organization=org, campaign=campaign)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Thank you: your confirmation is recorded."))
    return redirect(url(request, "training:campaign_detail", pk=pk))


@require_POST
@org_view(can_manage_training)
def campaign_close(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    campaign = selectors.campaign_get(org, pk)
    services.campaign_close(actor=request.user, organization=org, campaign=campaign)
    messages.success(request, _("Campaign closed."))
    return redirect(url(request, "training:campaign_detail", pk=pk))
