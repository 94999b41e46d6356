"""Competence requirements per position, the competence matrix, training records and retraining."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from itsms.core.access import OrgRequest, org_view
from itsms.core.exports import PDF, XLSX, attachment, export_language
from itsms.core.views.helpers import handle_form

from .. import exports, selectors, services
from ..forms import MatrixFilterForm, RequirementForm
from ..matrix import competence_matrix, matrix_people
from ..models import TrainingKind
from ..permissions import can_manage_training, can_view_training
from .sessions import url

MATRIX_PAGE_SIZE = 100
RECORDS_PAGE_SIZE = 100


@org_view(can_view_training)
def requirement_list(request: OrgRequest) -> HttpResponse:
    return render(
        request,
        "training/requirement_list.html",
        {
            "requirements": selectors.requirements_for_org(request.organization),
            "can_manage": can_manage_training(request.membership),
        },
    )


@org_view(can_manage_training)
def requirement_create(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = RequirementForm(request.POST or None, organization=org)
    return handle_form(
        request,
        form,
        save=lambda data: services.requirement_create(actor=request.user, organization=org, **data),
        template="training/requirement_form.html",
        success_url=url(request, "training:requirement_list"),
        success_message=_("Competence requirement saved."),
    )


@require_POST
@org_view(can_manage_training)
def requirement_delete(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    requirement = selectors.requirement_get(org, pk)
    services.requirement_delete(actor=request.user, organization=org, requirement=requirement)
    messages.success(request, _("Competence requirement removed."))
    return redirect(url(request, "training:requirement_list"))


def _department_filter(request: OrgRequest) -> tuple[MatrixFilterForm, int | None]:
    filters = MatrixFilterForm(request.GET or None, organization=request.organization)
    department = None
    if filters.is_valid() and filters.cleaned_data["department"] is not None:
        department = filters.cleaned_data["department"].pk
    return filters, department


@org_view(can_view_training)
def matrix(request: OrgRequest) -> HttpResponse:
    org = request.organization
    filters, department = _department_filter(request)
    page = Paginator(matrix_people(org, department_id=department), MATRIX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "training/matrix.html",
        {
            "filters": filters,
            "page": page,
            "matrix": competence_matrix(org, list(page.object_list)),
            "department": department or "",
        },
    )


@org_view(can_view_training)
def records(request: OrgRequest) -> HttpResponse:
    kinds = [k for k in request.GET.getlist("kind") if k in TrainingKind.values]
    page = Paginator(selectors.training_records(request.organization, kinds), RECORDS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "training/records.html",
        {"page": page, "retraining": selectors.retraining_list(request.organization)},
    )


@org_view(can_view_training)
def records_export(request: OrgRequest, fmt: str) -> HttpResponse:
    org = request.organization
    rows = selectors.attendance_records(org).iterator(chunk_size=500)
    language = export_language(org, request.GET.get("lang"))
    if fmt == "pdf":
        return attachment(
            exports.records_pdf(rows, organization=org, language=language), "training-records.pdf", PDF
        )
    sessions = selectors.sessions_held_with_counts(org).iterator(chunk_size=500)
    return attachment(
        exports.records_xlsx(rows, language=language, sessions=sessions), "training-records.xlsx", XLSX
    )
