"""The daily work around the register: my copies to acknowledge, writing tasks, the inventory, briefings,
numbering patterns."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from itsms.core.access import OrgRequest, org_view
from itsms.core.access import org_url as url
from itsms.core.forms.base import BootstrapMixin
from itsms.core.views.helpers import handle_form

from .. import selectors, services
from ..forms import AssignmentForm, AssignWriterForm, CampaignForm, DecideForm, InventoryForm
from ..models import AssignmentStatus, DocType
from ..permissions import (
    can_acknowledge,
    can_assign_writing,
    can_cancel_assignment,
    can_close_assignment,
    can_close_writing_tasks,
    can_manage_documents,
    can_view_documents,
)
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
    m = request.membership
    rows = list(selectors.assignments_for_org(org)[:500])
    for a in rows:
        # Checked per row from loaded fields only (no query): who may close and who may reassign it.
        a.closable = a.status == AssignmentStatus.OPEN and can_close_assignment(m, a)  # type: ignore[attr-defined]
    return render(
        request,
        "documents/assignments.html",
        {
            "rows": rows,
            "can_manage": can_manage_documents(m),
            "can_assign": can_assign_writing(m),
            "can_cancel": can_cancel_assignment(m),
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


@org_view(can_assign_writing)
def assignment_assign(request: OrgRequest, pk: int) -> HttpResponse:
    """Assign the writer and due date of a task (e.g. one the diagnosis created), or reassign it."""
    org = request.organization
    assignment = selectors.assignment_get(org, pk)
    back = url(request, "documents:assignments")
    if assignment.status != AssignmentStatus.OPEN:
        messages.error(request, _("This writing task is already closed; it cannot be reassigned."))
        return redirect(back)
    form = AssignWriterForm(
        request.POST or None,
        organization=org,
        initial={"assignee": assignment.assignee_id, "due_date": assignment.due_date},
    )
    return handle_form(
        request,
        form,
        save=lambda d: services.writing_assignment_assign(
            actor=request.user, organization=org, assignment=assignment, **d
        ),
        template="documents/assignment_assign.html",
        success_url=back,
        success_message=_("Writer and due date saved."),
        context={"assignment": assignment},
    )


@require_POST
@org_view(can_close_writing_tasks)
def assignment_close(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    assignment = selectors.assignment_get(org, pk)
    status = request.POST.get("status", AssignmentStatus.DONE)
    allowed = (
        can_cancel_assignment(request.membership)
        if status == AssignmentStatus.CANCELLED
        else can_close_assignment(request.membership, assignment)
    )
    if not allowed:
        raise PermissionDenied
    return act(
        request,
        lambda: services.writing_assignment_close(
            actor=request.user, organization=org, assignment=assignment, status=status
        ),
        _("Writing task cancelled.") if status == AssignmentStatus.CANCELLED else _("Writing task closed."),
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
