"""Groups, the appointment, scope, policy, the responsibility matrix and the organization chart."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from itsms.core.access import OrgRequest, org_view
from itsms.core.access import org_url as _url
from itsms.core.exports import DOCX, PDF, attachment, export_language
from itsms.core.models import Membership
from itsms.core.views.helpers import handle_form

from .. import exports, selectors, services
from ..forms import AppointmentForm, GroupForm, MemberForm, PolicyForm, ScopeForm, SignForm
from ..models import AppointmentStatus, GroupKind, PolicyStatus, RaciLetter
from ..permissions import can_manage_design, can_sign_appointment, can_sign_policy, can_view_design


@org_view(can_view_design)
def home(request: OrgRequest) -> HttpResponse:
    return render(request, "organization/home.html", {"kinds": GroupKind.choices})


@org_view(can_view_design)
def group(request: OrgRequest, kind: str) -> HttpResponse:
    if kind not in GroupKind.values:
        raise Http404
    org = request.organization
    grp, members = selectors.group_with_members(org, kind)
    can_manage = can_manage_design(request.membership)
    group_form = GroupForm(
        request.POST if request.method == "POST" and "terms_of_reference" in request.POST else None,
        initial={
            "terms_of_reference": grp.terms_of_reference if grp else "",
            "formed_on": grp.formed_on if grp else None,
        },
    )
    member_form = MemberForm(
        request.POST if request.method == "POST" and "person" in request.POST else None, organization=org
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        try:
            if group_form.is_bound and group_form.is_valid():
                services.group_update(
                    actor=request.user, organization=org, kind=kind, **group_form.cleaned_data
                )
                messages.success(request, _("Saved."))
                return redirect(_url(request, "organization:group", kind=kind))
            if member_form.is_bound and member_form.is_valid():
                services.group_member_add(
                    actor=request.user, organization=org, kind=kind, **member_form.cleaned_data
                )
                messages.success(request, _("Member added."))
                return redirect(_url(request, "organization:group", kind=kind))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return render(
        request,
        "organization/group.html",
        {
            "kind": kind,
            "label": GroupKind(kind).label,
            "group": grp,
            "members": members,
            "can_manage": can_manage,
            "group_form": group_form,
            "member_form": member_form,
        },
    )


@require_POST
@org_view(can_manage_design)
def group_member_remove(request: OrgRequest, pk: int) -> HttpResponse:
    member = selectors.group_member_get(request.organization, pk)
    kind = member.group.kind
    services.group_member_remove(actor=request.user, organization=request.organization, member=member)
    messages.success(request, _("Member removed."))
    return redirect(_url(request, "organization:group", kind=kind))


def default_duties() -> str:
    return "\n".join(
        [
            _(
                "Ensure the service management system is established, implemented and maintained to ISO/IEC 20000-1."
            ),
            _("Report the performance of the system to top management for review and improvement."),
            _("Liaise with external parties on matters of the service management system."),
            _("Organize internal audits."),
        ]
    )


@org_view(can_view_design)
def appointment_list(request: OrgRequest) -> HttpResponse:
    rows = selectors.appointments_for_org(request.organization)
    # Readiness links here with ?status=signed: the list then shows exactly the letters it counted.
    status = request.GET.get("status", "")
    if status in AppointmentStatus.values:
        rows = rows.filter(status=status)
    return render(
        request,
        "organization/appointment_list.html",
        {
            "rows": rows,
            "can_manage": can_manage_design(request.membership),
        },
    )


@org_view(can_manage_design)
def appointment_create(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = AppointmentForm(request.POST or None, organization=org, initial={"duties": default_duties()})
    return handle_form(
        request,
        form,
        save=lambda data: services.appointment_create(actor=request.user, organization=org, **data),
        template="organization/record_form.html",
        success_url=_url(request, "organization:appointment_list"),
        success_message=_("Appointment drafted; the appointing top manager signs it."),
        context={"title": _("Appoint the management representative")},
    )


def _sign(
    request: OrgRequest,
    obj: Any,
    *,
    allowed: Callable[[Membership, Any], bool],
    sign: Callable[..., Any],
    done: str,
    detail: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The one signing step for the letter and the policy: password (and code) re-checked, then sign."""
    if not allowed(request.membership, obj):
        raise PermissionDenied
    form = SignForm(request.POST, user=request.user, request=request)
    if form.is_valid():
        try:
            sign(actor=request.user, organization=request.organization)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done)
            return redirect(_url(request, detail, pk=obj.pk))
    return render(request, template, {**context, "can_sign": True, "form": form}, status=400)


@org_view(can_view_design)
def appointment_detail(request: OrgRequest, pk: int) -> HttpResponse:
    appointment = selectors.appointment_get(request.organization, pk)
    can_sign = appointment.status == AppointmentStatus.DRAFT and can_sign_appointment(
        request.membership, appointment
    )
    return render(
        request,
        "organization/appointment_detail.html",
        {"a": appointment, "can_sign": can_sign, "form": SignForm(user=request.user)},
    )


@require_POST
@org_view(can_view_design)
def appointment_sign(request: OrgRequest, pk: int) -> HttpResponse:
    appointment = selectors.appointment_get(request.organization, pk)
    return _sign(
        request,
        appointment,
        allowed=can_sign_appointment,
        sign=lambda **kw: services.appointment_sign(appointment=appointment, **kw),
        done=_("The letter of appointment is signed."),
        detail="organization:appointment_detail",
        template="organization/appointment_detail.html",
        context={"a": appointment},
    )


@org_view(can_view_design)
def appointment_export(request: OrgRequest, pk: int, fmt: str) -> HttpResponse:
    org = request.organization
    appointment = selectors.appointment_get(org, pk)
    language = export_language(org, request.GET.get("lang"))
    if fmt == "pdf":
        return attachment(
            exports.appointment_pdf(org, appointment, language), f"{appointment.number}.pdf", PDF
        )
    if fmt == "docx":
        return attachment(
            exports.appointment_docx(org, appointment, language), f"{appointment.number}.docx", DOCX
        )
    raise Http404


@org_view(can_view_design)
def scope(request: OrgRequest) -> HttpResponse:
    return render(
        request,
        "organization/scope.html",
        {
            "versions": selectors.scopes(request.organization),
            "can_manage": can_manage_design(request.membership),
        },
    )


@org_view(can_manage_design)
def scope_new(request: OrgRequest) -> HttpResponse:
    org = request.organization
    current = selectors.scopes(org).first()
    initial = (
        {
            "services": current.services,
            "locations": current.locations,
            "statement": current.statement,
            "units": list(current.units.all()),
        }
        if current
        else {}
    )
    form = ScopeForm(request.POST or None, organization=org, initial=initial)
    return handle_form(
        request,
        form,
        save=lambda data: services.scope_create(
            actor=request.user, organization=org, **{**data, "units": list(data["units"])}
        ),
        template="organization/record_form.html",
        success_url=_url(request, "organization:scope"),
        success_message=_("New scope version saved."),
        context={"title": _("Scope of the service management system")},
    )


@org_view(can_view_design)
def policy(request: OrgRequest) -> HttpResponse:
    return render(
        request,
        "organization/policy.html",
        {
            "versions": selectors.policies(request.organization),
            "can_manage": can_manage_design(request.membership),
        },
    )


@org_view(can_manage_design)
def policy_new(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = PolicyForm(request.POST or None, organization=org)
    return handle_form(
        request,
        form,
        save=lambda data: services.policy_create(actor=request.user, organization=org, **data),
        template="organization/record_form.html",
        success_url=_url(request, "organization:policy"),
        success_message=_("Policy drafted; the named top manager signs it."),
        context={"title": _("Service management policy")},
    )


@org_view(can_view_design)
def policy_detail(request: OrgRequest, pk: int) -> HttpResponse:
    pol = selectors.policy_get(request.organization, pk)
    can_sign = pol.status == PolicyStatus.DRAFT and can_sign_policy(request.membership, pol)
    return render(
        request,
        "organization/policy_detail.html",
        {"p": pol, "can_sign": can_sign, "form": SignForm(user=request.user)},
    )


@require_POST
@org_view(can_view_design)
def policy_sign(request: OrgRequest, pk: int) -> HttpResponse:
    pol = selectors.policy_get(request.organization, pk)
    return _sign(
        request,
        pol,
        allowed=can_sign_policy,
        sign=lambda **kw: services.policy_sign(policy=pol, **kw),
        done=_("The policy is signed and released."),
        detail="organization:policy_detail",
        template="organization/policy_detail.html",
        context={"p": pol},
    )


@org_view(can_view_design)
def policy_release_order(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    pol = selectors.policy_get(org, pk)
    language = export_language(org, request.GET.get("lang"))
    return attachment(exports.release_order_pdf(org, pol, language), f"release-order-v{pol.version}.pdf", PDF)


@org_view(can_view_design)
def raci(request: OrgRequest) -> HttpResponse:
    """The matrix for one clause at a time (the whole standard is several hundred rows)."""
    org = request.organization
    clause_ref = request.GET.get("clause", "4")
    reqs = selectors.iso_requirements(clause_ref)
    departments = [d for d, _depth in selectors.department_tree(org)]
    if request.method == "POST":
        if not can_manage_design(request.membership):
            raise PermissionDenied
        cells = {}
        for r in reqs:
            for d in departments:
                value = request.POST.get(f"c-{d.pk}-{r.pk}", "")
                cells[(d.pk, r.pk)] = value if value in RaciLetter.values else ""
        changed = services.raci_set(actor=request.user, organization=org, cells=cells)
        messages.success(request, _("%(n)s cells changed.") % {"n": changed})
        return redirect(f"{_url(request, 'organization:raci')}?clause={clause_ref}")
    cells = selectors.raci_cells(org, [r.pk for r in reqs])
    rows = [(r, [(d, cells.get((d.pk, r.pk), "")) for d in departments]) for r in reqs]
    return render(
        request,
        "organization/raci.html",
        {
            "rows": rows,
            "departments": departments,
            "clause_ref": clause_ref,
            "letters": RaciLetter.values,
            "clauses": ["4", "5", "6", "7", "8", "9", "10"],
            "can_manage": can_manage_design(request.membership),
        },
    )


@org_view(can_view_design)
def raci_coverage(request: OrgRequest) -> HttpResponse:
    return render(request, "organization/raci_coverage.html", {"c": selectors.coverage(request.organization)})


@org_view(can_view_design)
def org_chart(request: OrgRequest) -> HttpResponse:
    return render(request, "organization/org_chart.html", {"rows": selectors.org_chart(request.organization)})
