"""The nonconformity register, each nonconformity's page with its steps, and the improvement register."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from itsms.core.access import OrgRequest, org_view

from . import forms, selectors, services
from .history import history
from .models import (
    Improvement,
    ImprovementStatus,
    Nonconformity,
    NonconformityGrade,
    NonconformitySource,
    NonconformityStatus,
)
from .permissions import (
    can_close_nonconformity,
    can_decide_improvement,
    can_propose_improvement,
    can_verify_nonconformity,
    can_view_improvements,
    can_view_nonconformities,
    can_work_nonconformity,
    independent_of_action,
)

PAGE_SIZE = 50


@org_view(can_view_nonconformities)
def nonconformity_list(request: OrgRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    source = request.GET.get("source", "")
    status = status if status in NonconformityStatus.values else ""
    source = source if source in NonconformitySource.values else ""
    # Where readiness links to exactly the nonconformities that block a clause.
    grade = request.GET.get("grade", "")
    grade = grade if grade in NonconformityGrade.values else ""
    open_only = request.GET.get("open") == "1"
    clause = request.GET.get("clause", "")[:50]
    overdue = request.GET.get("overdue") == "1"
    org = request.organization
    qs = selectors.nonconformities_for_org(
        org, status=status, source=source, grade=grade, open_only=open_only, clause=clause, overdue=overdue
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    extra = urlencode(
        {
            k: v
            for k, v in (
                ("grade", grade),
                ("open", "1" if open_only else ""),
                ("clause", clause),
                ("overdue", "1" if overdue else ""),
            )
            if v
        }
    )
    today = selectors.local_today(org)
    rows = [(nc, nc.action_is_open and nc.action_due is not None and nc.action_due < today) for nc in page]
    return render(
        request,
        "audits/nonconformity_list.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "source": source,
            "grade": grade,
            "open_only": open_only,
            "clause": clause,
            "extra_query": extra,
            "overdue": overdue,
            "overdue_count": selectors.overdue_actions(org).count(),
            "statuses": NonconformityStatus.choices,
            "sources": NonconformitySource.choices,
            "status_labels": dict(NonconformityStatus.choices),
        },
    )


def _detail_url(request: OrgRequest, pk: int) -> str:
    return reverse("audits:nonconformity_detail", kwargs={"org": request.organization.slug, "pk": pk})


def _step_forms(request: OrgRequest, nc: Nonconformity) -> dict[str, Any]:
    """The form of the next step, when this member may take it (templates only hide what is refused)."""
    m = request.membership
    status = nc.status
    found: dict[str, Any] = {}
    if can_work_nonconformity(m, nc):
        if status == NonconformityStatus.OPEN:
            found["correction_form"] = forms.CorrectionForm()
        elif status == NonconformityStatus.CORRECTION_RECORDED:
            found["cause_form"] = forms.CauseForm()
        elif status == NonconformityStatus.CAUSE_ANALYSED:
            found["plan_form"] = forms.PlanForm(organization=request.organization)
        elif status == NonconformityStatus.ACTION_PLANNED:
            found["implementation_form"] = forms.ImplementationForm()
    if status == NonconformityStatus.IMPLEMENTED and can_verify_nonconformity(m, nc):
        if independent_of_action(m, nc):
            found["verify_form"] = forms.VerifyForm()
        else:
            found["not_independent"] = True
    if status == NonconformityStatus.VERIFIED and can_close_nonconformity(m, nc):
        found["close_form"] = forms.CloseForm()
    return found


@org_view(can_view_nonconformities)
def nonconformity_detail(request: OrgRequest, pk: int) -> HttpResponse:
    nc = selectors.nonconformity_get(request.organization, pk)
    today = selectors.local_today(request.organization)
    context = {
        "nc": nc,
        "history": history(selectors.nonconformity_history(nc)),
        "overdue": nc.action_is_open and nc.action_due is not None and nc.action_due < today,
        **_step_forms(request, nc),
    }
    return render(request, "audits/nonconformity_detail.html", context)


def _run(
    request: OrgRequest,
    form: django_forms.Form,
    call: Callable[[dict[str, Any]], object],
    done: str,
    back: str,
) -> HttpResponse:
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(back)
    try:
        call(form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        messages.error(request, _("You may not make this change."))
    else:
        messages.success(request, done)
    return redirect(back)


def _nc_step(
    request: OrgRequest, pk: int, form: django_forms.Form, step: Callable[..., Nonconformity], **fixed: Any
) -> Callable[[Callable[[dict[str, Any]], dict[str, Any]]], HttpResponse]:
    org = request.organization
    nc = selectors.nonconformity_get(org, pk)

    def run(args: Callable[[dict[str, Any]], dict[str, Any]]) -> HttpResponse:
        return _run(
            request,
            form,
            lambda data: step(actor=request.user, organization=org, nonconformity=nc, **args(data), **fixed),
            _("Nonconformity %(number)s updated.") % {"number": nc.number},
            _detail_url(request, pk),
        )

    return run


@require_POST
@org_view(can_work_nonconformity)
def nonconformity_correction(request: OrgRequest, pk: int) -> HttpResponse:
    form = forms.CorrectionForm(request.POST)
    run = _nc_step(request, pk, form, services.nonconformity_record_correction)
    return run(lambda d: {"correction": d["correction"]})


@require_POST
@org_view(can_work_nonconformity)
def nonconformity_cause(request: OrgRequest, pk: int) -> HttpResponse:
    form = forms.CauseForm(request.POST)
    run = _nc_step(request, pk, form, services.nonconformity_analyse_cause)
    return run(
        lambda d: {
            "why_chain": form.chain(),
            "cause_category": d["cause_category"],
            "root_cause": d["root_cause"],
        }
    )


@require_POST
@org_view(can_work_nonconformity)
def nonconformity_plan(request: OrgRequest, pk: int) -> HttpResponse:
    form = forms.PlanForm(request.POST, organization=request.organization)
    run = _nc_step(request, pk, form, services.nonconformity_plan_action)
    return run(lambda d: {"plan": d["action_plan"], "owner": d["action_owner"], "due": d["action_due"]})


@require_POST
@org_view(can_work_nonconformity)
def nonconformity_implement(request: OrgRequest, pk: int) -> HttpResponse:
    form = forms.ImplementationForm(request.POST, request.FILES)
    run = _nc_step(request, pk, form, services.nonconformity_record_implementation)
    return run(lambda d: {"evidence": d["evidence"], "upload": d.get("file")})


@require_POST
@org_view(can_verify_nonconformity)
def nonconformity_verify(request: OrgRequest, pk: int) -> HttpResponse:
    form = forms.VerifyForm(request.POST)
    run = _nc_step(request, pk, form, services.nonconformity_verify)
    return run(lambda d: {"effective": d["effective"], "note": d["note"]})


@require_POST
@org_view(can_close_nonconformity)
def nonconformity_close(request: OrgRequest, pk: int) -> HttpResponse:
    form = forms.CloseForm(request.POST)
    run = _nc_step(request, pk, form, services.nonconformity_close)
    return run(lambda d: {"note": d.get("note", "")})


# --- opportunities for improvement (10.2) ---------------------------------------------------------------


@org_view(can_view_improvements)
def improvement_list(request: OrgRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in ImprovementStatus.values else ""
    page = Paginator(selectors.improvements_for_org(request.organization, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "audits/improvement_list.html",
        {
            "page": page,
            "status": status,
            "statuses": ImprovementStatus.choices,
            "form": forms.ImprovementForm() if can_propose_improvement(request.membership) else None,
        },
    )


@require_POST
@org_view(can_propose_improvement)
def improvement_create(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = forms.ImprovementForm(request.POST)
    back = reverse("audits:improvement_list", kwargs={"org": org.slug})
    return _run(
        request,
        form,
        lambda d: services.improvement_propose(
            actor=request.user,
            organization=org,
            title=d["title"],
            source=d["source"],
            description=d["description"],
        ),
        _("Opportunity for improvement recorded."),
        back,
    )


def _improvement_url(request: OrgRequest, ofi: Improvement) -> str:
    return reverse("audits:improvement_detail", kwargs={"org": request.organization.slug, "pk": ofi.pk})


@org_view(can_view_improvements)
def improvement_detail(request: OrgRequest, pk: int) -> HttpResponse:
    ofi = selectors.improvement_get(request.organization, pk)
    may_decide = can_decide_improvement(request.membership, ofi)
    return render(
        request,
        "audits/improvement_detail.html",
        {
            "ofi": ofi,
            "history": history(selectors.improvement_history(ofi)),
            "decision_form": forms.DecisionForm()
            if may_decide and ofi.status == ImprovementStatus.PROPOSED
            else None,
            "outcome_form": forms.OutcomeForm()
            if may_decide and ofi.status == ImprovementStatus.ACCEPTED
            else None,
        },
    )


@require_POST
@org_view(can_decide_improvement)
def improvement_decide(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    ofi = selectors.improvement_get(org, pk)
    return _run(
        request,
        forms.DecisionForm(request.POST),
        lambda d: services.improvement_decide(
            actor=request.user, organization=org, improvement=ofi, accept=d["accept"], reason=d["reason"]
        ),
        _("Decision recorded."),
        _improvement_url(request, ofi),
    )


@require_POST
@org_view(can_decide_improvement)
def improvement_outcome(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    ofi = selectors.improvement_get(org, pk)
    return _run(
        request,
        forms.OutcomeForm(request.POST),
        lambda d: services.improvement_record_outcome(
            actor=request.user, organization=org, improvement=ofi, outcome=d["outcome"]
        ),
        _("Outcome recorded."),
        _improvement_url(request, ofi),
    )
