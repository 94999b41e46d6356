from __future__ import annotations

from typing import Any

from itsms.audits import services
from itsms.audits.models import Improvement, Nonconformity
from itsms.core.models import Organization, Person

from .spec import RouteSpec


def populate(org: Organization) -> None:
    services.nonconformity_raise(actor=None, organization=org, source="other", statement="矩阵不符合项")
    services.improvement_propose(actor=None, organization=org, title="矩阵改进", source="self_reported")


def _nc(org: Organization) -> dict[str, Any]:
    return {
        "pk": Nonconformity.objects.filter(organization=org).order_by("pk").values_list("pk", flat=True)[0]
    }


def _ofi(org: Organization) -> dict[str, Any]:
    return {"pk": Improvement.objects.filter(organization=org).order_by("pk").values_list("pk", flat=True)[0]}


def _owner(org: Organization) -> str:
    person = Person.objects.filter(organization=org).order_by("pk").first()
    return str(person.pk) if person else ""


def _step(capability: str, data: Any) -> RouteSpec:
    return RouteSpec(capability=capability, kwargs=_nc, post_only=True, post_data=data)


ROUTES: dict[str, RouteSpec] = {
    "audits:nonconformity_list": RouteSpec(capability="can_view_nonconformities"),
    "audits:nonconformity_detail": RouteSpec(capability="can_view_nonconformities", kwargs=_nc),
    "audits:nonconformity_correction": _step(
        "can_work_nonconformity", lambda org: {"correction": "矩阵纠正"}
    ),
    "audits:nonconformity_cause": _step(
        "can_work_nonconformity",
        lambda org: {
            "why_1": "为什么",
            "because_1": "因为",
            "cause_category": "process",
            "root_cause": "原因",
        },
    ),
    "audits:nonconformity_plan": _step(
        "can_work_nonconformity",
        lambda org: {"action_plan": "计划", "action_owner": _owner(org), "action_due": "2099-01-01"},
    ),
    "audits:nonconformity_implement": _step("can_work_nonconformity", lambda org: {"evidence": "证据"}),
    "audits:nonconformity_verify": _step(
        "can_verify_nonconformity", lambda org: {"effective": "1", "note": "有效"}
    ),
    "audits:nonconformity_close": _step("can_close_nonconformity", lambda org: {"note": "关闭"}),
    "audits:improvement_list": RouteSpec(capability="can_view_improvements"),
    "audits:improvement_create": RouteSpec(
        capability="can_propose_improvement",
        post_only=True,
        post_data=lambda org: {"title": "矩阵", "source": "self_reported", "description": ""},
    ),
    "audits:improvement_detail": RouteSpec(capability="can_view_improvements", kwargs=_ofi),
    "audits:improvement_decide": RouteSpec(
        capability="can_decide_improvement",
        kwargs=_ofi,
        post_only=True,
        post_data=lambda org: {"accept": "1", "reason": "理由"},
    ),
    "audits:improvement_outcome": RouteSpec(
        capability="can_decide_improvement",
        kwargs=_ofi,
        post_only=True,
        post_data=lambda org: {"outcome": "结果"},
    ),
}
