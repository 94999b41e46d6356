"""The design registers over the REST API: read them; create risks and objective results."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from itsms.core.api.params import Day, Id
from itsms.core.api.schemas import READ_ERRORS, WRITE_ERRORS, StrictIn
from itsms.core.api_auth import OrgTokenAuth, api_membership
from itsms.core.errors import require
from itsms.core.models import Person

from . import selectors, services
from .models import ContextIssue, InterestedParty, Objective, ObjectiveResult, Risk, RiskKind
from .permissions import can_manage_design, can_record_result, can_view_design

router = Router(auth=OrgTokenAuth(), tags=["system design"])


class ContextIssueOut(Schema):
    id: int
    kind: str
    title: str
    description: str


class InterestedPartyOut(Schema):
    id: int
    name: str
    requirements: str


class RiskOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    likelihood: int
    impact: int
    score: int
    treatment: str
    owner_id: int
    review_date: dt.date


class RiskIn(StrictIn):
    kind: RiskKind = RiskKind.RISK
    title: str = Field(max_length=200)
    description: str = ""
    likelihood: int = Field(ge=1, le=5)
    impact: int = Field(ge=1, le=5)
    treatment: str
    owner_id: Id
    review_date: Day


class ResultOut(Schema):
    period_end: dt.date
    value: Decimal
    note: str


class ObjectiveOut(Schema):
    id: int
    title: str
    target: Decimal
    unit: str
    higher_is_better: bool
    owner_id: int
    method: str
    frequency: str
    results: list[ResultOut]

    @staticmethod
    def resolve_results(obj: Objective) -> list[ObjectiveResult]:
        return list(obj.results.all())


class ResultIn(StrictIn):
    period_end: Day
    # As the column stores it (12 digits, 2 after the point): a bigger value is a 422, not a database error.
    value: Decimal = Field(max_digits=12, decimal_places=2)
    note: str = Field("", max_length=300)


@router.get(
    "/context-issues", response={200: list[ContextIssueOut], **READ_ERRORS}, summary="Context issues (4.1)"
)
def context_issue_list(request: HttpRequest, org: Path[str]) -> list[ContextIssue]:
    m = api_membership(request, can_view_design)
    return list(selectors.context_issues(m.organization))


@router.get(
    "/interested-parties",
    response={200: list[InterestedPartyOut], **READ_ERRORS},
    summary="Interested parties (4.2)",
)
def interested_party_list(request: HttpRequest, org: Path[str]) -> list[InterestedParty]:
    m = api_membership(request, can_view_design)
    return list(selectors.interested_parties(m.organization))


@router.get("/risks", response={200: list[RiskOut], **READ_ERRORS}, summary="Risks and opportunities (6.1)")
def risk_list(request: HttpRequest, org: Path[str]) -> list[Risk]:
    m = api_membership(request, can_view_design)
    return list(selectors.risks(m.organization))


@router.post("/risks", response={201: RiskOut, **WRITE_ERRORS}, summary="Record a risk or opportunity")
def risk_create(request: HttpRequest, org: Path[str], payload: RiskIn) -> Status[Risk]:
    m = api_membership(request, can_manage_design)
    values = payload.model_dump()
    owner = Person.objects.filter(organization=m.organization, pk=values.pop("owner_id")).first()
    if owner is None:
        raise ValidationError({"owner_id": _("There is no such record in this organization.")})
    risk = services.record_create(
        actor=m.user, organization=m.organization, model=Risk, owner=owner, **values
    )
    return Status(201, risk)


@router.get("/objectives", response={200: list[ObjectiveOut], **READ_ERRORS}, summary="Objectives (6.2)")
def objective_list(request: HttpRequest, org: Path[str]) -> list[Objective]:
    m = api_membership(request, can_view_design)
    return list(selectors.objectives(m.organization))


@router.post(
    "/objectives/{id}/results",
    response={201: ResultOut, **WRITE_ERRORS},
    summary="Record a measured result of an objective",
)
def objective_result_create(
    request: HttpRequest, org: Path[str], id: Id, payload: ResultIn
) -> Status[ObjectiveResult]:
    # The owner of this objective may record its results, so the check needs the objective itself.
    m = api_membership(request, can_view_design)
    objective = selectors.record_get(m.organization, Objective, id)
    require(can_record_result(m, objective))
    result = services.objective_result_add(
        actor=m.user, organization=m.organization, objective=objective, **payload.model_dump()
    )
    return Status(201, result)
