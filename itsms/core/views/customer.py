"""The page a customer lands on: what the organization offers them, not the internal overview."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from .. import selectors
from ..access import OrgRequest, org_view
from ..permissions import can_view_customer_home


@org_view(can_view_customer_home)
def customer_home(request: OrgRequest) -> HttpResponse:
    org = request.organization
    return render(request, "core/customer_home.html", {"contacts": selectors.service_desk_contacts(org)})
