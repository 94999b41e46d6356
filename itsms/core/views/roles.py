"""The role-model page: the role × capability table of itsms.core.roles, with its object rules."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..access import OrgRequest, org_view
from ..models import Role
from ..permissions import can_view_role_model
from ..roles import AREA_LABELS, CAPABILITIES, RULES


@require_safe
@org_view(can_view_role_model)
def role_model(request: OrgRequest) -> HttpResponse:
    roles = list(Role)
    areas: dict[str, list[dict[str, object]]] = {}
    for cap in CAPABILITIES.values():
        areas.setdefault(cap.area, []).append(
            {"cap": cap, "cells": [cap.role_cell(r) for r in roles], "rule": RULES.get(cap.rule or "")}
        )
    return render(
        request,
        "core/roles/model.html",
        {
            "roles": roles,
            "areas": [(AREA_LABELS[a], rows) for a, rows in areas.items()],
            "rules": list(RULES.values()),
            "count": len(CAPABILITIES),
        },
    )
