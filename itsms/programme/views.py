"""Programme pages: overview and readiness, timeline, my tasks, a task, the certification plan, templates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from itsms.core.access import OrgRequest, org_view
from itsms.core.access import org_url as _url
from itsms.core.evidence import RECENT_MONTHS
from itsms.core.lifecycle import allowed_targets
from itsms.core.views.helpers import handle_form

from . import readiness, selectors, services, template_data, timeline
from .forms import PlanForm, StartForm, TaskDoneForm, TaskForm, TemplateUploadForm
from .models import TaskStatus
from .permissions import can_manage_programme, can_view_programme, can_work_on_task


@org_view(can_view_programme)
def overview(request: OrgRequest) -> HttpResponse:
    org = request.organization
    roadmap = selectors.roadmap(org)
    context: dict[str, object] = {"roadmap": roadmap, "can_manage": can_manage_programme(request.membership)}
    if roadmap is None:
        context["start_form"] = StartForm(organization=org)
    else:
        context["warnings"] = readiness.plan_warnings(org, roadmap.programme)
        rows = [r for r in readiness.clause_readiness(org) if r.leaf]
        context["clauses_total"] = len(rows)
        context["clauses_covered"] = sum(1 for r in rows if r.covered)
    return render(request, "programme/overview.html", context)


@require_POST
@org_view(can_manage_programme)
def start(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = StartForm(request.POST, organization=org)
    if form.is_valid():
        chosen = form.cleaned_data["template"]
        try:
            data = template_data.parse(chosen.source, chosen.name) if chosen else None
            services.programme_start(
                actor=request.user,
                organization=org,
                start_date=form.cleaned_data["start_date"],
                template=data,
            )
        except (ValidationError, template_data.LoadError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("The programme has started; its roadmap is ready."))
            return redirect(_url(request, "programme:timeline"))
    else:
        messages.error(request, _("Give the start date."))
    return redirect(_url(request, "programme:overview"))


@org_view(can_view_programme)
def timeline_view(request: OrgRequest) -> HttpResponse:
    roadmap = selectors.roadmap(request.organization)
    if roadmap is None:
        return redirect(_url(request, "programme:overview"))
    chart = timeline.build(roadmap)
    return render(request, "programme/timeline.html", {"roadmap": roadmap, "chart": chart})


@org_view(can_view_programme)
def my_tasks(request: OrgRequest) -> HttpResponse:
    tasks = selectors.my_tasks(request.organization, request.membership.person_id)
    return render(request, "programme/my_tasks.html", {"tasks": tasks})


@org_view(can_view_programme)
def task_detail(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    task = selectors.annotate_tasks(org, [selectors.task_get(org, pk)])[0]
    targets = allowed_targets(task, services.TRANSITIONS, request.membership)
    if task.auto:  # type: ignore[attr-defined]
        targets = [t for t in targets if t not in (TaskStatus.DONE, TaskStatus.IN_PROGRESS)]
    return render(
        request,
        "programme/task_detail.html",
        {
            "task": task,
            "targets": targets,
            "done_form": TaskDoneForm(),
            "can_manage": can_manage_programme(request.membership),
            "status_labels": dict(TaskStatus.choices),
        },
    )


@org_view(can_manage_programme)
def task_edit(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    task = selectors.task_get(org, pk)
    form = TaskForm(request.POST or None, instance=selectors.task_get(org, pk), organization=org)
    return handle_form(
        request,
        form,
        save=lambda data: services.task_update(actor=request.user, organization=org, task=task, **data),
        template="programme/task_form.html",
        success_url=_url(request, "programme:task_detail", pk=task.pk),
        success_message=_("Task saved."),
        context={"task": task},
    )


@require_POST
@org_view(can_view_programme)
def task_status(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    task = selectors.task_get(org, pk)
    if not can_work_on_task(request.membership, task):
        raise PermissionDenied
    form = TaskDoneForm(request.POST, request.FILES)
    status = request.POST.get("status", "")
    if status not in TaskStatus.values or not form.is_valid():
        messages.error(request, _("Choose a valid status."))
    else:
        try:
            services.task_set_status(
                actor=request.user,
                organization=org,
                task=task,
                status=status,
                note=form.cleaned_data["note"] or "",
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Task status changed."))
    return redirect(_url(request, "programme:task_detail", pk=task.pk))


@org_view(can_manage_programme)
def plan_edit(request: OrgRequest) -> HttpResponse:
    org = request.organization
    programme = selectors.programme_for_org(org)
    if programme is None:
        return redirect(_url(request, "programme:overview"))
    form = PlanForm(request.POST or None, instance=selectors.programme_for_org(org))
    return handle_form(
        request,
        form,
        save=lambda data: services.plan_update(
            actor=request.user, organization=org, programme=programme, **data
        ),
        template="programme/plan_form.html",
        success_url=_url(request, "programme:timeline"),
        success_message=_("Certification plan saved."),
    )


@org_view(can_view_programme)
def readiness_view(request: OrgRequest) -> HttpResponse:
    rows = readiness.clause_readiness(request.organization)
    leaves = [r for r in rows if r.leaf]
    return render(
        request,
        "programme/readiness.html",
        {
            "rows": rows,
            "ready": sum(1 for r in leaves if r.status == readiness.READY),
            "partial": sum(1 for r in leaves if r.status == readiness.PARTIAL),
            "missing": sum(1 for r in leaves if r.status == readiness.MISSING),
            "total": len(leaves),
            "overall_percent": round(100 * readiness.overall(rows)),
            "months": RECENT_MONTHS,
        },
    )


@org_view(can_manage_programme)
def template_list(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.template_upload(actor=request.user, organization=org, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("Template uploaded."))
            return redirect(_url(request, "programme:template_list"))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "programme/templates.html",
        {"form": form, "templates": selectors.templates_for_org(org)},
        status=status,
    )
