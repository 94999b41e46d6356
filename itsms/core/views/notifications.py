from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import notify
from ..access import OrgRequest, org_view
from ..models import Notification
from ..permissions import can_view_organization

PAGE = 50


@org_view(can_view_organization)
def notification_list(request: OrgRequest) -> HttpResponse:
    rows = Notification.objects.filter(recipient=request.user, organization=request.organization).order_by(
        "-created_at", "-pk"
    )[:PAGE]
    return render(request, "core/notifications.html", {"notifications": rows})


@require_POST
@org_view(can_view_organization)
def notification_mark_read(request: OrgRequest) -> HttpResponse:
    notify.mark_all_read(request.user, request.organization)
    return redirect("core:notification_list", org=request.organization.slug)
