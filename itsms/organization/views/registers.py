"""The registers: context issues, interested parties, risks and opportunities, objectives with results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from itsms.core.access import OrgRequest, org_view
from itsms.core.access import org_url as _url
from itsms.core.views.helpers import handle_form

from .. import selectors, services
from ..forms import ContextIssueForm, InterestedPartyForm, ObjectiveForm, ResultForm, RiskForm
from ..models import ContextIssue, InterestedParty, Objective, Risk
from ..permissions import can_manage_design, can_record_result, can_view_design

REGISTERS: dict[str, tuple[type[models.Model], type[Any], Any, Callable[..., Any]]] = {
    "contextissue": (
        ContextIssue,
        ContextIssueForm,
        gettext_lazy("Context: internal and external issues"),
        selectors.context_issues,
    ),
    "interestedparty": (
        InterestedParty,
        InterestedPartyForm,
        gettext_lazy("Interested parties"),
        selectors.interested_parties,
    ),
    "risk": (Risk, RiskForm, gettext_lazy("Risks and opportunities"), selectors.risks),
    "objective": (
        Objective,
        ObjectiveForm,
        gettext_lazy("Service management objectives"),
        selectors.objectives,
    ),
}


def _list_view(key: str) -> Callable[..., HttpResponse]:
    model, _form, title, rows = REGISTERS[key]

    @org_view(can_view_design)
    def view(request: OrgRequest) -> HttpResponse:
        return render(
            request,
            f"organization/{key}_list.html",
            {
                "rows": rows(request.organization),
                "title": title,
                "key": key,
                "can_manage": can_manage_design(request.membership),
            },
        )

    return view


def _form_view(key: str, *, edit: bool) -> Callable[..., HttpResponse]:
    model, form_class, title, _rows = REGISTERS[key]

    @org_view(can_manage_design)
    def view(request: OrgRequest, pk: int | None = None) -> HttpResponse:
        org = request.organization
        obj = selectors.record_get(org, model, pk) if edit and pk is not None else None
        form = form_class(request.POST or None, instance=obj, organization=org)

        def save(data: dict[str, Any]) -> object:
            if obj is not None:
                return services.record_update(actor=request.user, organization=org, obj=obj, **data)
            return services.record_create(actor=request.user, organization=org, model=model, **data)

        return handle_form(
            request,
            form,
            save=save,
            template="organization/record_form.html",
            success_url=_url(request, f"organization:{key}_list"),
            success_message=_("Saved."),
            context={"title": title, "obj": obj, "key": key},
        )

    return view


contextissue_list = _list_view("contextissue")
contextissue_create = _form_view("contextissue", edit=False)
contextissue_edit = _form_view("contextissue", edit=True)
interestedparty_list = _list_view("interestedparty")
interestedparty_create = _form_view("interestedparty", edit=False)
interestedparty_edit = _form_view("interestedparty", edit=True)
risk_list = _list_view("risk")
risk_create = _form_view("risk", edit=False)
risk_edit = _form_view("risk", edit=True)
objective_list = _list_view("objective")
objective_create = _form_view("objective", edit=False)
objective_edit = _form_view("objective", edit=True)


@org_view(can_view_design)
def objective_detail(request: OrgRequest, pk: int) -> HttpResponse:
    objective = selectors.objectives(request.organization).filter(pk=pk).first()
    if objective is None:
        selectors.record_get(request.organization, Objective, pk)  # answers 404
    results = list(objective.results.all())  # type: ignore[union-attr]
    chart = {
        "labels": [r.period_end.isoformat() for r in results],
        "values": [float(r.value) for r in results],
        "target": float(objective.target),  # type: ignore[union-attr]
    }
    return render(
        request,
        "organization/objective_detail.html",
        {
            "objective": objective,
            "results": results,
            "chart": chart,
            "form": ResultForm(),
            "can_record": can_record_result(request.membership, objective),
        },
    )


@require_POST
@org_view(can_view_design)
def objective_result_add(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    objective = selectors.record_get(org, Objective, pk)
    if not can_record_result(request.membership, objective):
        raise PermissionDenied
    form = ResultForm(request.POST)
    if form.is_valid():
        try:
            services.objective_result_add(
                actor=request.user, organization=org, objective=objective, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Result recorded."))
    else:
        messages.error(request, _("Give the period end and a number."))
    return redirect(_url(request, "organization:objective_detail", pk=objective.pk))
