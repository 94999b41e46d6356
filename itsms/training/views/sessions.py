"""Training sessions: list, plan, change, invite, materials, lifecycle, sign-in sheet."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from itsms.core.access import OrgRequest, org_view
from itsms.core.access import org_url as url
from itsms.core.exports import PDF, attachment, export_language
from itsms.core.lifecycle import allowed_targets
from itsms.core.views.helpers import handle_form

from .. import exports, selectors, services
from ..forms import InviteForm, MaterialForm, SessionForm, TrainingSettingsForm
from ..lifecycle import SESSION_TRANSITIONS
from ..models import TrainingKind, TrainingStatus
from ..permissions import (
    can_manage_training,
    can_manage_training_settings,
    can_sign_in,
    can_view_training,
)

PAGE_SIZE = 50
ACTION_LABELS: dict[str, object] = {
    TrainingStatus.HELD: gettext_lazy("Mark as held"),
    TrainingStatus.CLOSED: gettext_lazy("Close the session"),
    TrainingStatus.CANCELLED: gettext_lazy("Cancel the session"),
}


@org_view(can_view_training)
def session_list(request: OrgRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in TrainingKind.values else ""
    sessions = selectors.sessions_for_org(request.organization, kind=kind)
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/session_list.html",
        {
            "page": page,
            "kind": kind,
            "kinds": TrainingKind.choices,
            "can_manage": can_manage_training(request.membership),
            "can_manage_settings": can_manage_training_settings(request.membership),
        },
    )


@org_view(can_manage_training_settings)
def training_settings(request: OrgRequest) -> HttpResponse:
    org = request.organization
    current = services.training_settings(org)
    form = TrainingSettingsForm(
        request.POST or None,
        initial={
            "sign_in_opens_minutes": current.sign_in_opens_minutes,
            "sign_in_closes_minutes": current.sign_in_closes_minutes,
        },
    )
    return handle_form(
        request,
        form,
        save=lambda data: services.training_settings_update(actor=request.user, organization=org, **data),
        template="training/settings.html",
        success_url=url(request, "training:settings"),
        success_message=_("Training settings saved."),
    )


@org_view(can_manage_training)
def session_create(request: OrgRequest) -> HttpResponse:
    org = request.organization
    form = SessionForm(request.POST or None, organization=org, initial={"max_score": 100})
    created: list[int] = []

    def save(data: dict[str, object]) -> None:
        created.append(services.session_create(actor=request.user, organization=org, **data).pk)

    response = handle_form(
        request,
        form,
        save=save,
        template="training/session_form.html",
        success_url=url(request, "training:session_list"),
        success_message=_("Training session planned."),
    )
    if created:
        return redirect(url(request, "training:session_invite", pk=created[0]))
    return response


@org_view(can_manage_training)
def session_edit(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    session = selectors.session_get(org, pk)
    form = SessionForm(request.POST or None, instance=selectors.session_get(org, pk), organization=org)
    return handle_form(
        request,
        form,
        save=lambda data: services.session_update(
            actor=request.user, organization=org, session=session, **data
        ),
        template="training/session_form.html",
        success_url=url(request, "training:session_detail", pk=pk),
        success_message=_("Training session saved."),
        context={"session": session},
    )


@org_view(can_view_training)
def session_detail(request: OrgRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(request.organization, pk)
    attendances = list(selectors.attendances_for_session(session))
    membership = request.membership
    manage = can_manage_training(membership)
    absent = selectors.absent(session, attendances)
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "attendances": attendances,
            "invited_count": sum(1 for a in attendances if a.invited),
            "present_count": sum(1 for a in attendances if a.present),
            "absent": absent,
            "window": services.sign_in_window(session),
            "materials": selectors.materials_for_session(session),
            "departments": session.invited_departments.all(),
            "mine": selectors.own_attendance(session, membership),
            "can_sign_in": can_sign_in(membership) and membership.person_id is not None,
            "can_manage": manage,
            "targets": [
                (t, ACTION_LABELS[t]) for t in allowed_targets(session, SESSION_TRANSITIONS, membership)
            ]
            if manage
            else [],
            "material_form": MaterialForm(),
        },
    )


@org_view(can_manage_training)
def session_invite(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    session = selectors.session_get(org, pk)
    form = InviteForm(request.POST or None, organization=org)
    return handle_form(
        request,
        form,
        save=lambda data: services.session_invite(
            actor=request.user,
            organization=org,
            session=session,
            people=data["people"],
            departments=data["departments"],
        ),
        template="training/session_invite.html",
        success_url=url(request, "training:session_detail", pk=pk),
        success_message=_("Invitations sent."),
        context={"session": session},
    )


@require_POST
@org_view(can_manage_training)
def session_transition(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    session = selectors.session_get(org, pk)
    target = request.POST.get("to", "")
    try:
        services.session_transition(actor=request.user, organization=org, session=session, target=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Status changed."))
    return redirect(url(request, "training:session_detail", pk=pk))


@require_POST
@org_view(can_manage_training)
def material_upload(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    session = selectors.session_get(org, pk)
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
    else:
        try:
            services.material_add(
                actor=request.user, organization=org, session=session, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Material added."))
    return redirect(url(request, "training:session_detail", pk=pk))


@org_view(can_view_training)
def sign_in_sheet(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    session = selectors.session_get(org, pk)
    attendances = [a for a in selectors.attendances_for_session(session) if a.invited or a.present]
    language = export_language(org, request.GET.get("lang"))
    data = exports.sign_in_sheet_pdf(
        session,
        attendances,
        absent=selectors.absent(session, attendances),
        organization=org,
        language=language,
    )
    return attachment(data, f"{session.number}-sign-in.pdf", PDF)
