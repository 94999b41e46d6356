"""The daily work around the register: my copies to acknowledge, writing tasks, the inventory, briefings,
numbering patterns."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from itsms.core.access import OrgRequest, org_view
from itsms.core.access import org_url as url
from itsms.core.forms.base import BootstrapMixin
from itsms.core.views.helpers import handle_form

from .. import selectors, services
from ..forms import AssignmentForm, CampaignForm, DecideForm, InventoryForm
from ..models import AssignmentStatus, DocType
from ..permissions import can_acknowledge, can_manage_documents, can_view_documents, can_write_drafts
from ..services.register import pattern_for
from .common import act, refuse


@org_view(can_acknowledge)
def my_receipts(request: OrgRequest) -> HttpResponse:
    pending = list(selectors.receipts_pending_for(request.organization, request.user)[:200])
    return render(request, "documents/my_receipts.html", {"pending": pending})


@require_POST
@org_view(can_acknowledge)
def receipt_acknowledge(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    receipt = selectors.receipt_get(org, pk)
    back = request.POST.get("next") or url(request, "documents:my_receipts")
    if not back.startswith(f"/o/{org.slug}/"):
        back = url(request, "documents:my_receipts")
    return act(
        request,
        lambda: services.receipt_acknowledge(actor=request.user, organization=org, receipt=receipt),
        _("Receipt acknowledged."),
        back,
    )


@org_view(can_view_documents)
def assignments(request: OrgRequest) -> HttpResponse:
    org = request.organization
    rows = list(selectors.assignments_for_org(org)[:500])
    return render(
        request,
        "documents/assignments.html",
        {
            "rows": rows,
            "can_manage": can_manage_documents(request.membership),
            "can_write": can_write_drafts(request.membership),
            "form": AssignmentForm(organization=org),
        },
    )


@org_view(can_manage_documents)
def assignment_create(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = AssignmentForm(request.POST or None, organization=org)
    return handle_form(
        request,
        form,
        save=lambda d: services.writing_assignment_create(actor=request.user, organization=org, **d),
        template="documents/simple_form.html",
        success_url=url(request, "documents:assignments"),
        success_message=_("Writing task assigned."),
        context={"heading": _("New writing task")},
    )


@require_POST
@org_view(can_write_drafts)
def assignment_close(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    assignment = selectors.assignment_get(org, pk)
    status = request.POST.get("status", AssignmentStatus.DONE)
    return act(
        request,
        lambda: services.writing_assignment_close(
            actor=request.user, organization=org, assignment=assignment, status=status
        ),
        _("Writing task closed."),
        url(request, "documents:assignments"),
    )


@org_view(can_view_documents)
def inventory(request: OrgRequest) -> HttpResponse:
    org = request.organization
    return render(
        request,
        "documents/inventory.html",
        {
            "rows": list(selectors.inventory_for_org(org)[:1000]),
            "can_manage": can_manage_documents(request.membership),
            "decide_form": DecideForm(),
        },
    )


@org_view(can_manage_documents)
def inventory_create(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = InventoryForm(request.POST or None, organization=org)
    return handle_form(
        request,
        form,
        save=lambda d: services.inventory_item_create(actor=request.user, organization=org, **d),
        template="documents/simple_form.html",
        success_url=url(request, "documents:inventory"),
        success_message=_("Existing document recorded."),
        context={"heading": _("Existing document")},
    )


@require_POST
@org_view(can_manage_documents)
def inventory_decide(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    item = selectors.inventory_item_get(org, pk)
    form = DecideForm(request.POST)
    back = url(request, "documents:inventory")
    if not form.is_valid():
        return refuse(request, form, back)
    return act(
        request,
        lambda: services.inventory_item_decide(
            actor=request.user, organization=org, item=item, **form.cleaned_data
        ),
        _("Decision recorded."),
        back,
    )


@org_view(can_view_documents)
def campaigns(request: OrgRequest) -> HttpResponse:
    org = request.organization
    return render(
        request,
        "documents/campaigns.html",
        {
            "rows": list(selectors.campaigns_for_org(org)[:200]),
            "can_manage": can_manage_documents(request.membership),
        },
    )


@org_view(can_manage_documents)
def campaign_create(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = CampaignForm(request.POST or None, organization=org)
    return handle_form(
        request,
        form,
        save=lambda d: services.campaign_create(
            actor=request.user,
            organization=org,
            title=d["title"],
            due_date=d["due_date"],
            documents=list(d["documents"]),
            departments=list(d["departments"]),
        ),
        template="documents/simple_form.html",
        success_url=url(request, "documents:campaigns"),
        success_message=_("Briefing started."),
        context={"heading": _("New briefing")},
    )


@org_view(can_view_documents)
def campaign_detail(request: OrgRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.organization, pk)
    return render(
        request,
        "documents/campaign_detail.html",
        {
            "campaign": campaign,
            "progress": selectors.campaign_progress(campaign),
            "entries": list(selectors.campaign_entries(campaign)[:2000]),
            "can_manage": can_manage_documents(request.membership),
        },
    )


class PatternForm(BootstrapMixin, forms.Form):
    def __init__(self, *args: object, initial_patterns: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for value, label in DocType.choices:
            self.fields[value] = forms.CharField(label=label, max_length=60, initial=initial_patterns[value])


@org_view(can_manage_documents)
def number_patterns(request: OrgRequest) -> HttpResponse:
    org = request.organization
    current = {t: pattern_for(org, t) for t in DocType.values}
    form = PatternForm(request.POST or None, initial_patterns=current)

    def save(data: dict[str, str]) -> None:
        for doc_type, pattern in data.items():
            if pattern != current[doc_type]:
                services.number_pattern_set(
                    actor=request.user, organization=org, doc_type=doc_type, pattern=pattern
                )

    return handle_form(
        request,
        form,
        save=save,
        template="documents/simple_form.html",
        success_url=url(request, "documents:number_patterns"),
        success_message=_("Numbering saved."),
        context={
            "heading": _("Document numbering"),
            "help": _("Patterns use {seq} (e.g. {seq:02}), {year} and {month}."),
        },
    )
