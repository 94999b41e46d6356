"""The nonconformity register in the REST API: the list, one nonconformity with its history, and each step
of its lifecycle (raising goes through the area that finds them); the opportunities for improvement."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from itsms.core.api.params import Day, Id, Limit
from itsms.core.api.schemas import READ_ERRORS, WRITE_ERRORS, FiltersIn, StrictIn
from itsms.core.api_auth import OrgTokenAuth, api_membership
from itsms.core.models import Person

from . import selectors, services
from .history import history
from .models import Improvement, Nonconformity
from .permissions import (
    can_close_nonconformity,
    can_decide_improvement,
    can_propose_improvement,
    can_verify_nonconformity,
    can_view_improvements,
    can_view_nonconformities,
    can_work_nonconformity,
)

TEXT = 5000


class NonconformityOut(Schema):
    id: int
    number: str
    source: str
    source_type: str
    source_id: str
    requirement_urn: str | None
    department_id: int | None
    statement: str
    grade: str
    status: str
    raised_at: datetime

    @staticmethod
    def resolve_requirement_urn(obj: Nonconformity) -> str | None:
        return obj.requirement.urn if obj.requirement else None


class NonconformityPageOut(Schema):
    items: list[NonconformityOut]
    next_after: int | None


class NonconformityFilters(FiltersIn):
    status: str = ""
    source: str = ""
    # Keyset pagination on the id, newest first.
    before: Id | None = None
    limit: Limit = 100


def nonconformity_page(qs: Any, filters: NonconformityFilters) -> dict[str, Any]:
    limit = filters.limit
    if filters.before is not None:
        qs = qs.filter(id__lt=filters.before)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_after": rows[-1].pk if more else None}


router = Router(auth=OrgTokenAuth(), tags=["nonconformities"])


@router.get(
    "o/{org}/nonconformities",
    response={200: NonconformityPageOut, **READ_ERRORS},
    summary="The nonconformity register, newest first",
)
def nonconformity_list(
    request: HttpRequest, org: Path[str], filters: Query[NonconformityFilters]
) -> dict[str, Any]:
    membership = api_membership(request, can_view_nonconformities)
    qs = selectors.nonconformities_for_org(
        membership.organization, status=filters.status, source=filters.source
    )
    return nonconformity_page(qs, filters)


class WhyStep(Schema):
    why: str
    because: str


class HistoryChangeOut(Schema):
    field: str
    label: str
    before: str
    after: str


class HistoryOut(Schema):
    seq: int
    at: datetime
    action: str
    label: str
    actor: str
    changes: list[HistoryChangeOut]


class NonconformityDetailOut(NonconformityOut):
    correction: str
    why_chain: list[WhyStep]
    cause_category: str
    root_cause: str
    action_plan: str
    action_owner_id: int | None
    action_due: date | None
    implementation_evidence: str
    implementation_file_id: str | None
    verification: str
    verified_by_id: int | None
    history: list[HistoryOut]

    @staticmethod
    def resolve_implementation_file_id(obj: Nonconformity) -> str | None:
        return str(obj.implementation_file_id) if obj.implementation_file_id else None

    @staticmethod
    def resolve_history(obj: Nonconformity) -> list[dict[str, Any]]:
        return _history(selectors.nonconformity_history(obj))


def _history(entries: Any) -> list[dict[str, Any]]:
    return [
        {
            "seq": item.entry.seq,
            "at": item.entry.created_at,
            "action": item.action,
            "label": item.label,
            "actor": item.actor,
            "changes": [c.__dict__ for c in item.changes],
        }
        for item in history(entries)
    ]


class CorrectionIn(StrictIn):
    correction: str = Field(max_length=TEXT)


class WhyStepIn(StrictIn):
    why: str = Field(max_length=TEXT)
    because: str = Field(max_length=TEXT)


class CauseIn(StrictIn):
    why_chain: list[WhyStepIn] = Field(max_length=services.nonconformities.WHY_STEPS_MAX)
    cause_category: str = Field(max_length=20)
    root_cause: str = Field(max_length=TEXT)


class PlanIn(StrictIn):
    plan: str = Field(max_length=TEXT)
    owner_id: Id
    due: Day


class ImplementationIn(StrictIn):
    evidence: str = Field(max_length=TEXT)


class VerificationIn(StrictIn):
    effective: bool
    note: str = Field(max_length=TEXT)


class CloseIn(StrictIn):
    note: str = Field("", max_length=TEXT)


def _detail(membership: Any, pk: int) -> Nonconformity:
    return selectors.nonconformity_get(membership.organization, pk)


@router.get(
    "o/{org}/nonconformities/{id}",
    response={200: NonconformityDetailOut, **READ_ERRORS},
    summary="One nonconformity with its whole history",
)
def nonconformity_detail(request: HttpRequest, org: Path[str], id: Path[Id]) -> Nonconformity:
    m = api_membership(request, can_view_nonconformities)
    return _detail(m, id)


@router.post(
    "o/{org}/nonconformities/{id}/correction",
    response={200: NonconformityDetailOut, **WRITE_ERRORS},
    summary="Record the correction (纠正)",
)
def nonconformity_correction(
    request: HttpRequest, org: Path[str], id: Path[Id], payload: CorrectionIn
) -> Nonconformity:
    m = api_membership(request, can_work_nonconformity)
    nc = services.nonconformity_record_correction(
        actor=m.user, organization=m.organization, nonconformity=_detail(m, id), correction=payload.correction
    )
    return _detail(m, nc.pk)


@router.post(
    "o/{org}/nonconformities/{id}/cause",
    response={200: NonconformityDetailOut, **WRITE_ERRORS},
    summary="Record the root-cause analysis (the why chain and the cause)",
)
def nonconformity_cause(
    request: HttpRequest, org: Path[str], id: Path[Id], payload: CauseIn
) -> Nonconformity:
    m = api_membership(request, can_work_nonconformity)
    nc = services.nonconformity_analyse_cause(
        actor=m.user,
        organization=m.organization,
        nonconformity=_detail(m, id),
        why_chain=[(s.why, s.because) for s in payload.why_chain],
        cause_category=payload.cause_category,
        root_cause=payload.root_cause,
    )
    return _detail(m, nc.pk)


@router.post(
    "o/{org}/nonconformities/{id}/plan",
    response={200: NonconformityDetailOut, **WRITE_ERRORS},
    summary="Plan the corrective action (owner and due date)",
)
def nonconformity_plan(request: HttpRequest, org: Path[str], id: Path[Id], payload: PlanIn) -> Nonconformity:
    m = api_membership(request, can_work_nonconformity)
    owner = Person.objects.filter(organization=m.organization, pk=payload.owner_id).first()
    if owner is None:
        raise ValidationError({"owner_id": _("There is no such record in this organization.")})
    nc = services.nonconformity_plan_action(
        actor=m.user,
        organization=m.organization,
        nonconformity=_detail(m, id),
        plan=payload.plan,
        owner=owner,
        due=payload.due,
    )
    return _detail(m, nc.pk)


@router.post(
    "o/{org}/nonconformities/{id}/implementation",
    response={200: NonconformityDetailOut, **WRITE_ERRORS},
    summary="Record the corrective action as implemented, with its evidence",
)
def nonconformity_implementation(
    request: HttpRequest, org: Path[str], id: Path[Id], payload: ImplementationIn
) -> Nonconformity:
    m = api_membership(request, can_work_nonconformity)
    nc = services.nonconformity_record_implementation(
        actor=m.user, organization=m.organization, nonconformity=_detail(m, id), evidence=payload.evidence
    )
    return _detail(m, nc.pk)


@router.post(
    "o/{org}/nonconformities/{id}/verification",
    response={200: NonconformityDetailOut, **WRITE_ERRORS},
    summary="Verify effectiveness (not effective sends it back to planning)",
)
def nonconformity_verification(
    request: HttpRequest, org: Path[str], id: Path[Id], payload: VerificationIn
) -> Nonconformity:
    m = api_membership(request, can_verify_nonconformity)
    nc = services.nonconformity_verify(
        actor=m.user,
        organization=m.organization,
        nonconformity=_detail(m, id),
        effective=payload.effective,
        note=payload.note,
    )
    return _detail(m, nc.pk)


@router.post(
    "o/{org}/nonconformities/{id}/close",
    response={200: NonconformityDetailOut, **WRITE_ERRORS},
    summary="Close a verified nonconformity",
)
def nonconformity_close(
    request: HttpRequest, org: Path[str], id: Path[Id], payload: CloseIn
) -> Nonconformity:
    m = api_membership(request, can_close_nonconformity)
    nc = services.nonconformity_close(
        actor=m.user, organization=m.organization, nonconformity=_detail(m, id), note=payload.note
    )
    return _detail(m, nc.pk)


# --- opportunities for improvement (10.2) ---------------------------------------------------------------


class ImprovementOut(Schema):
    id: int
    number: str
    title: str
    description: str
    source: str
    status: str
    decision_reason: str
    outcome: str
    proposed_at: datetime


class ImprovementIn(StrictIn):
    title: str = Field(max_length=200)
    source: str = Field(max_length=20)
    description: str = Field("", max_length=TEXT)


class DecisionIn(StrictIn):
    accept: bool
    reason: str = Field(max_length=TEXT)


class OutcomeIn(StrictIn):
    outcome: str = Field(max_length=TEXT)


@router.get(
    "o/{org}/improvements",
    response={200: list[ImprovementOut], **READ_ERRORS},
    summary="Opportunities for improvement, newest first (at most 500)",
)
def improvement_list(request: HttpRequest, org: Path[str]) -> list[Improvement]:
    m = api_membership(request, can_view_improvements)
    return list(selectors.improvements_for_org(m.organization)[:500])


@router.post(
    "o/{org}/improvements",
    response={201: ImprovementOut, **WRITE_ERRORS},
    summary="Record an opportunity for improvement",
)
def improvement_create(request: HttpRequest, org: Path[str], payload: ImprovementIn) -> Status[Improvement]:
    m = api_membership(request, can_propose_improvement)
    ofi = services.improvement_propose(actor=m.user, organization=m.organization, **payload.model_dump())
    return Status(201, ofi)


@router.post(
    "o/{org}/improvements/{id}/decision",
    response={200: ImprovementOut, **WRITE_ERRORS},
    summary="Accept or reject, with the reason",
)
def improvement_decision(
    request: HttpRequest, org: Path[str], id: Path[Id], payload: DecisionIn
) -> Improvement:
    m = api_membership(request, can_decide_improvement)
    return services.improvement_decide(
        actor=m.user,
        organization=m.organization,
        improvement=selectors.improvement_get(m.organization, id),
        accept=payload.accept,
        reason=payload.reason,
    )


@router.post(
    "o/{org}/improvements/{id}/outcome",
    response={200: ImprovementOut, **WRITE_ERRORS},
    summary="Record the outcome of an accepted improvement",
)
def improvement_outcome(
    request: HttpRequest, org: Path[str], id: Path[Id], payload: OutcomeIn
) -> Improvement:
    m = api_membership(request, can_decide_improvement)
    return services.improvement_record_outcome(
        actor=m.user,
        organization=m.organization,
        improvement=selectors.improvement_get(m.organization, id),
        outcome=payload.outcome,
    )
