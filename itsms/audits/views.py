"""The nonconformity register page and its status action."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from itsms.core.access import OrgRequest, org_view
from itsms.core.lifecycle import allowed_targets

from . import selectors, services
from .lifecycle import NONCONFORMITY_TRANSITIONS
from .models import NonconformityGrade, NonconformitySource, NonconformityStatus
from .permissions import can_change_nonconformity_status, can_view_nonconformities

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
    qs = selectors.nonconformities_for_org(
        request.organization, status=status, source=source, grade=grade, open_only=open_only, clause=clause
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    extra = urlencode(
        {k: v for k, v in (("grade", grade), ("open", "1" if open_only else ""), ("clause", clause)) if v}
    )
    rows = [(nc, allowed_targets(nc, NONCONFORMITY_TRANSITIONS, request.membership)) for nc in page]
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
            "statuses": NonconformityStatus.choices,
            "sources": NonconformitySource.choices,
            "status_labels": dict(NonconformityStatus.choices),
        },
    )


@require_POST
@org_view(can_change_nonconformity_status)
def nonconformity_transition(request: OrgRequest, pk: int) -> HttpResponse:
    org = request.organization
    nc = selectors.nonconformity_get(org, pk)
    try:
        services.nonconformity_transition(
            actor=request.user,
            organization=org,
            nonconformity=nc,
            target=request.POST.get("target", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        messages.error(request, _("You may not make this change."))
    else:
        messages.success(request, _("Nonconformity %(number)s updated.") % {"number": nc.number})
    return redirect(reverse("audits:nonconformity_list", kwargs={"org": org.slug}))
