"""Departments (a tree), positions and people."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..access import OrgRequest, org_view
from ..access import org_url as _url
from ..forms.directory import DepartmentForm, PeopleFilterForm, PersonForm, PositionForm
from ..permissions import can_manage_directory, can_view_contact_details, can_view_directory
from .helpers import handle_form

PEOPLE_PAGE_SIZE = 50


@org_view(can_view_directory)
def department_list(request: OrgRequest) -> HttpResponse:
    org = request.organization
    return render(
        request,
        "core/directory/department_list.html",
        {"tree": selectors.department_tree(org), "can_manage": can_manage_directory(request.membership)},
    )


@org_view(can_manage_directory)
def department_create(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = DepartmentForm(request.POST or None, organization=org)
    return handle_form(
        request,
        form,
        save=lambda data: services.department_create(actor=request.user, organization=org, **data),
        template="core/directory/department_form.html",
        success_url=_url(request, "core:department_list"),
        success_message=_("Department saved."),
    )


@org_view(can_manage_directory)
def department_edit(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    department = selectors.department_get(org, pk)
    form = DepartmentForm(request.POST or None, instance=selectors.department_get(org, pk), organization=org)
    return handle_form(
        request,
        form,
        save=lambda data: services.department_update(
            actor=request.user,
            organization=org,
            department=department,
            **data,
        ),
        template="core/directory/department_form.html",
        success_url=_url(request, "core:department_list"),
        success_message=_("Department saved."),
        context={"department": department},
    )


@require_POST
@org_view(can_manage_directory)
def department_delete(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    department = selectors.department_get(org, pk)
    try:
        services.department_delete(actor=request.user, organization=org, department=department)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Department deleted."))
    return redirect(_url(request, "core:department_list"))


@org_view(can_view_directory)
def position_list(request: OrgRequest) -> HttpResponse:
    org = request.organization
    return render(
        request,
        "core/directory/position_list.html",
        {
            "positions": selectors.positions_for_org(org),
            "can_manage": can_manage_directory(request.membership),
        },
    )


@org_view(can_manage_directory)
def position_create(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = PositionForm(request.POST or None, organization=org)
    return handle_form(
        request,
        form,
        save=lambda data: services.position_create(actor=request.user, organization=org, **data),
        template="core/directory/position_form.html",
        success_url=_url(request, "core:position_list"),
        success_message=_("Position saved."),
    )


@org_view(can_manage_directory)
def position_edit(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    position = selectors.position_get(org, pk)
    form = PositionForm(request.POST or None, instance=selectors.position_get(org, pk), organization=org)
    return handle_form(
        request,
        form,
        save=lambda data: services.position_update(
            actor=request.user,
            organization=org,
            position=position,
            **data,
        ),
        template="core/directory/position_form.html",
        success_url=_url(request, "core:position_list"),
        success_message=_("Position saved."),
        context={"position": position},
    )


@org_view(can_view_directory)
def person_list(request: OrgRequest) -> HttpResponse:
    org = request.organization
    filters = PeopleFilterForm(request.GET or None, organization=org)
    q, department = "", None
    if filters.is_valid():
        q = filters.cleaned_data["q"]
        department = filters.cleaned_data["department"].pk if filters.cleaned_data["department"] else None
    show_contacts = can_view_contact_details(request.membership)
    people = selectors.people_for_org(org, q=q, department=department, search_email=show_contacts)
    page = Paginator(people, PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "can_manage": can_manage_directory(request.membership),
        "show_contacts": show_contacts,
    }
    template = "core/directory/person_list.html"
    if getattr(request, "htmx", False):
        template += "#rows"
    return render(request, template, context)


@org_view(can_manage_directory)
def person_create(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = PersonForm(request.POST or None, organization=org, initial={"is_active": True})
    return handle_form(
        request,
        form,
        save=lambda data: services.person_create(actor=request.user, organization=org, **data),
        template="core/directory/person_form.html",
        success_url=_url(request, "core:person_list"),
        success_message=_("Person saved."),
    )


@org_view(can_manage_directory)
def person_edit(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    person = selectors.person_get(org, pk)
    form = PersonForm(request.POST or None, instance=selectors.person_get(org, pk), organization=org)
    return handle_form(
        request,
        form,
        save=lambda data: services.person_update(
            actor=request.user,
            organization=org,
            person=person,
            **data,
        ),
        template="core/directory/person_form.html",
        success_url=_url(request, "core:person_list"),
        success_message=_("Person saved."),
        context={"person": person},
    )
