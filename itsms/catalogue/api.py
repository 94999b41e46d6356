"""The catalogue's REST API (read-only), mounted by config/api.py under /api/v1/o/{org}/."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Path, Router, Schema

from itsms.core.api.params import Id
from itsms.core.api.schemas import READ_ERRORS
from itsms.core.api_auth import OrgTokenAuth, api_membership

from . import selectors
from .models import Clause, Standard
from .permissions import can_view_catalogue

router = Router(auth=OrgTokenAuth(), tags=["catalogue"])


class StandardOut(Schema):
    id: int
    urn: str
    ref: str
    version: int
    name: str
    name_zh: str
    locale: str
    source_format: str
    certifiable: bool
    description: str
    description_zh: str
    loaded_at: datetime


class StandardDetailOut(StandardOut):
    clause_count: int
    requirement_count: int


class ClauseOut(Schema):
    id: int
    urn: str
    ref_id: str
    title: str
    title_zh: str
    parent_id: int | None
    depth: int
    order: int
    assessable: bool
    is_leaf: bool
    retired: bool


class RequirementOut(Schema):
    id: int
    urn: str
    ref: str
    text: str
    text_zh: str
    retired: bool


class DocumentedInfoOut(Schema):
    id: int
    urn: str
    kind: str
    title: str
    title_zh: str
    description: str
    description_zh: str


class QuestionOut(Schema):
    id: int
    urn: str
    text: str
    text_zh: str
    requirement_id: int | None


class EvidenceOut(Schema):
    id: int
    text: str
    text_zh: str


class ClauseDetailOut(ClauseOut):
    standard_id: int
    summary: str
    summary_zh: str
    requirements: list[RequirementOut]
    documented_info: list[DocumentedInfoOut]
    questions: list[QuestionOut]
    typical_evidence: list[EvidenceOut]


@router.get("/standards", response={200: list[StandardOut], **READ_ERRORS}, summary="Loaded libraries")
def standard_list(request: HttpRequest, org: Path[str]) -> list[Standard]:
    api_membership(request, can_view_catalogue)
    return list(selectors.standards_list())


@router.get("/standards/{id}", response={200: StandardDetailOut, **READ_ERRORS}, summary="One library")
def standard_detail(request: HttpRequest, org: Path[str], id: Id) -> Standard:
    api_membership(request, can_view_catalogue)
    return selectors.standard_with_counts(id)


@router.get(
    "/standards/{id}/clauses",
    response={200: list[ClauseOut], **READ_ERRORS},
    summary="A library's clause tree, flat in document order with parent ids",
)
def standard_clauses(request: HttpRequest, org: Path[str], id: Id) -> list[Clause]:
    api_membership(request, can_view_catalogue)
    return selectors.clause_tree(selectors.standard_get(id))


@router.get(
    "/clauses/{id}",
    response={200: ClauseDetailOut, **READ_ERRORS},
    summary="A clause with its requirements, documented information, questions and typical evidence",
)
def clause_detail(request: HttpRequest, org: Path[str], id: Id) -> dict[str, object]:
    api_membership(request, can_view_catalogue)
    clause = selectors.clause_detail(id)
    return {
        **{f: getattr(clause, f) for f in ClauseOut.model_fields if f != "is_leaf"},
        "is_leaf": clause.is_leaf,
        "standard_id": clause.standard_id,
        "summary": clause.summary,
        "summary_zh": clause.summary_zh,
        "requirements": list(clause.requirements.all()),
        "documented_info": list(clause.documented_info.all()),
        "questions": list(clause.questions.all()),
        "typical_evidence": list(clause.typical_evidence.all()),
    }
