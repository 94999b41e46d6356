"""Attendance: the attendee's own sign-in, the room link and QR code, and the organizer's record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from itsms.core.access import OrgRequest, org_view
from itsms.core.views.helpers import handle_form

from .. import selectors, services, signin_links
from ..forms import AttendanceForm
from ..models import SignInMethod
from ..permissions import can_manage_training, can_sign_in
from .sessions import url


@require_POST
@org_view(can_sign_in)
def session_sign_in(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    session = selectors.session_get(org, pk)
    try:
        services.attendance_sign_in(actor=request.user, organization=org, session=session)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You are signed in."))
    return redirect(url(request, "training:session_detail", pk=pk))


@org_view(can_manage_training)
def session_qr(request: OrgRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(request.organization, pk)
    link = request.build_absolute_uri(signin_links.sign_in_path(session))
    return render(
        request,
        "training/session_qr.html",
        {
            "session": session,
            "link": link,
            "svg": signin_links.qr_svg(link),
            "hours": signin_links.VALID_HOURS,
        },
    )


@org_view(can_sign_in)
def sign_in_link(request: OrgRequest, token: str) -> HttpResponse:
    """Opened from the QR code: the attendee is logged in (org_view saw to that) and confirms."""
    org = request.organization
    session_id = signin_links.session_id_from_token(token, org.pk)
    if session_id is None:
        raise Http404
    session = selectors.session_get(org, session_id)
    if request.method == "POST":
        try:
            services.attendance_sign_in(
                actor=request.user, organization=org, session=session, method=SignInMethod.LINK
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("You are signed in."))
            return redirect(url(request, "training:session_detail", pk=session.pk))
    return render(
        request,
        "training/sign_in_link.html",
        {
            "session": session,
            "mine": selectors.own_attendance(session, request.membership),
            "has_person": request.membership.person_id is not None,
        },
    )


@org_view(can_manage_training)
def session_attendance(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    session = selectors.session_get(org, pk)
    form = AttendanceForm(request.POST or None, organization=org)
    return handle_form(
        request,
        form,
        save=lambda data: services.attendance_record(
            actor=request.user,
            organization=org,
            session=session,
            person=data["person"],
            present=data["present"],
            score=data["score"],
        ),
        template="training/session_attendance.html",
        success_url=url(request, "training:session_attendance", pk=pk),
        success_message=_("Attendance recorded."),
        context={"session": session, "attendances": selectors.attendances_for_session(session)},
    )
