"""The access log page: what external auditors opened, newest first, a bounded page at a time."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from .. import selectors
from ..access import OrgRequest, org_view
from ..bounds import query_int
from ..permissions import can_view_access_log

PAGE_SIZE = 100


@org_view(can_view_access_log)
def access_log(request: OrgRequest) -> HttpResponse:
    org = request.organization
    watched = list(selectors.watched_memberships(org))
    member = query_int(request.GET.get("member"))
    if member not in {m.pk for m in watched}:
        member = None
    before = query_int(request.GET.get("before"))
    # One row more than shown says whether an older page exists, without a count.
    rows = list(selectors.access_log_for_org(org, membership=member, before=before)[: PAGE_SIZE + 1])
    older = rows[PAGE_SIZE - 1].pk if len(rows) > PAGE_SIZE else None
    return render(
        request,
        "core/access_log.html",
        {"entries": rows[:PAGE_SIZE], "watched": watched, "member": member, "older": older},
    )
