"""Adding and removing the items of a project's lists, and the checklist (working papers)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from itsms.core.access import OrgRequest, org_view
from itsms.core.forms.base import add_service_errors

from .. import selectors, services
from ..forms import ITEM_FORMS, NEEDS_PROJECT, ChecklistItemForm
from ..models import ChecklistItem, DiagnosisProject, DiagnosisStatus
from ..permissions import can_edit_diagnosis, can_view_diagnosis
from .projects import project_url

KIND_TITLES = {
    "basis": gettext_lazy("Basis item"),
    "supplementary": gettext_lazy("Supplementary requirement"),
    "tailoring": gettext_lazy("Tailoring decision"),
    "team": gettext_lazy("Team member"),
    "session": gettext_lazy("Plan session"),
    "interview": gettext_lazy("Interview"),
    "record": gettext_lazy("Inspected document or record"),
    "observation": gettext_lazy("Observation"),
    "document": gettext_lazy("Existing document"),
    "checklist": gettext_lazy("Checklist question"),
}


def _form(kind: str, project: DiagnosisProject, data: Any = None, files: Any = None) -> Any:
    form_class = ITEM_FORMS[kind]
    kwargs: dict[str, Any] = {"project": project} if kind in NEEDS_PROJECT else {}
    return form_class(data, files, **kwargs)


@org_view(can_edit_diagnosis)
def item_add(request: OrgRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in ITEM_FORMS:
        raise Http404
    org = request.organization
    project = selectors.project_get(org, pk)
    form = _form(kind, project, request.POST or None, request.FILES or None)
    back = (
        project_url(request, "checklist", project.pk)
        if kind == "checklist"
        else project_url(request, "project_detail", project.pk)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("upload", None)
        try:
            services.diagnosis_item_create(
                actor=request.user, organization=org, project=project, section=kind, upload=upload, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{back}#{kind}")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "diagnosis/item_form.html",
        {
            "project": project,
            "form": form,
            "kind": kind,
            "heading": KIND_TITLES[kind],
            "back": back,
            "certifiable": kind == "tailoring" and any(s.certifiable for s in project.standards.all()),
        },
        status=status,
    )


@require_POST
@org_view(can_edit_diagnosis)
def item_delete(request: OrgRequest, pk: int, kind: str, item: int) -> HttpResponse:
    if kind not in services.ITEM_MODELS:
        raise Http404
    org = request.organization
    project = selectors.project_get(org, pk)
    model = services.ITEM_MODELS[kind][0]
    obj = get_object_or_404(model, organization=org, project=project, pk=item)
    try:
        services.diagnosis_item_delete(actor=request.user, organization=org, project=project, item=obj)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Removed."))
    target = "checklist" if kind == "checklist" else "project_detail"
    return redirect(f"{project_url(request, target, project.pk)}#{kind}")


@org_view(can_view_diagnosis)
def checklist(request: OrgRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(request.organization, pk)
    items = ChecklistItem.objects.filter(project=project).select_related("clause").order_by("order", "id")
    return render(
        request,
        "diagnosis/checklist.html",
        {
            "project": project,
            "items": items,
            "can_edit": can_edit_diagnosis(request.membership) and project.status != DiagnosisStatus.ISSUED,
        },
    )


@require_POST
@org_view(can_edit_diagnosis)
def checklist_generate(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    project = selectors.project_get(org, pk)
    try:
        added = services.checklist_generate(actor=request.user, organization=org, project=project)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(count)d questions added to the checklist.") % {"count": added})
    return redirect(project_url(request, "checklist", project.pk))


@org_view(can_edit_diagnosis)
def checklist_item_edit(request: OrgRequest, pk: int, item: int) -> HttpResponse:
    org = request.organization
    project = selectors.project_get(org, pk)
    obj = get_object_or_404(ChecklistItem, organization=org, project=project, pk=item)
    form = ChecklistItemForm(request.POST or None, project=project, initial={"question": obj.question})
    del form.fields["clause"]
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_item_update(
                actor=request.user,
                organization=org,
                project=project,
                item=obj,
                question=form.cleaned_data["question"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(project_url(request, "checklist", project.pk))
    return render(
        request,
        "diagnosis/item_form.html",
        {
            "project": project,
            "form": form,
            "kind": "checklist",
            "heading": _("Checklist question"),
            "back": project_url(request, "checklist", project.pk),
        },
        status=400 if request.method == "POST" else 200,
    )
