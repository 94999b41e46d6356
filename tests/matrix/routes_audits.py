from __future__ import annotations

from typing import Any

from itsms.audits import services
from itsms.audits.models import Nonconformity
from itsms.core.models import Organization

from .spec import RouteSpec


def populate(org: Organization) -> None:
    services.nonconformity_raise(actor=None, organization=org, source="other", statement="矩阵不符合项")


def _nc(org: Organization) -> dict[str, Any]:
    return {
        "pk": Nonconformity.objects.filter(organization=org).order_by("pk").values_list("pk", flat=True)[0]
    }


ROUTES: dict[str, RouteSpec] = {
    "audits:nonconformity_list": RouteSpec(capability="can_view_nonconformities"),
    "audits:nonconformity_transition": RouteSpec(
        capability="can_change_nonconformity_status",
        kwargs=_nc,
        post_only=True,
        post_data=lambda org: {"target": "action_planned", "note": "矩阵"},
    ),
}
