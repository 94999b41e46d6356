"""Objects the API matrix needs for the nonconformity steps and the improvement register.

Every allowed role posts the same step to the same nonconformity, so each body first puts that row back
at the status the step starts from (test set-up, straight to the table: no service undoes a step).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from itsms.audits import services
from itsms.audits.models import Improvement, ImprovementStatus, Nonconformity, NonconformityStatus
from itsms.core.models import Organization, Person

OWN = "api-own"


def _nc(org: Organization, step: str) -> Nonconformity:
    statement = f"API matrix {step}"
    found = Nonconformity.objects.filter(organization=org, statement=statement).first()
    return found or services.nonconformity_raise(
        actor=None, organization=org, source="self_reported", statement=statement
    )


def nc_kwargs(step: str) -> Callable[[Organization], dict[str, Any]]:
    return lambda org: {"id": _nc(org, step).pk}


def _at(step: str, status: str) -> None:
    Nonconformity.objects.filter(organization__slug=OWN, statement=f"API matrix {step}").update(
        status=status, action_owner=None
    )


def correction_body() -> dict[str, Any]:
    _at("correction", NonconformityStatus.OPEN)
    return {"correction": "已隔离"}


def cause_body() -> dict[str, Any]:
    _at("cause", NonconformityStatus.CORRECTION_RECORDED)
    return {
        "why_chain": [{"why": "为什么未记录?", "because": "没有模板"}],
        "cause_category": "process",
        "root_cause": "流程缺失",
    }


def plan_body() -> dict[str, Any]:
    _at("plan", NonconformityStatus.CAUSE_ANALYSED)
    owner = Person.objects.filter(organization__slug=OWN).order_by("pk").values_list("pk", flat=True)[0]
    due = (timezone.now() + dt.timedelta(days=30)).date().isoformat()
    return {"plan": "建立模板", "owner_id": owner, "due": due}


def implementation_body() -> dict[str, Any]:
    _at("implementation", NonconformityStatus.ACTION_PLANNED)
    return {"evidence": "模板已发布"}


def verification_body() -> dict[str, Any]:
    _at("verification", NonconformityStatus.IMPLEMENTED)
    return {"effective": True, "note": "抽查三份记录"}


def close_body() -> dict[str, Any]:
    _at("close", NonconformityStatus.VERIFIED)
    return {"note": "关闭"}


def _ofi(org: Organization) -> Improvement:
    found = Improvement.objects.filter(organization=org).order_by("pk").first()
    return found or services.improvement_propose(
        actor=None, organization=org, title="API matrix", source="self_reported"
    )


def improvement_kwargs(org: Organization) -> dict[str, Any]:
    return {"id": _ofi(org).pk}


def improvement_body() -> dict[str, Any]:
    return {"title": "自动化巡检", "source": "self_reported", "description": "d"}


def decision_body() -> dict[str, Any]:
    Improvement.objects.filter(organization__slug=OWN).update(status=ImprovementStatus.PROPOSED)
    return {"accept": True, "reason": "成本低"}


def outcome_body() -> dict[str, Any]:
    Improvement.objects.filter(organization__slug=OWN).update(status=ImprovementStatus.ACCEPTED)
    return {"outcome": "巡检时间减半"}
