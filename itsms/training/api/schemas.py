"""Input and output schemas of the training API, one per operation."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from itsms.core.api.params import Id, Limit, Moment, Offset
from itsms.core.api.schemas import FiltersIn, StrictIn

from ..models import TrainingKind


class SessionOut(Schema):
    id: int
    number: str
    kind: str
    title: str
    topic: str
    purpose: str
    content: str
    trainer: str
    starts_at: Moment
    duration_minutes: int
    ends_at: datetime
    place: str
    has_assessment: bool
    max_score: int
    pass_mark: int | None
    status: str


class SessionListItemOut(SessionOut):
    invited_count: int
    present_count: int


class SessionPageOut(Schema):
    items: list[SessionListItemOut]
    next_after: int | None = Field(None, description="Pass as `after` for the next page; null on the last.")


class SessionFilters(FiltersIn):
    kind: TrainingKind | None = None
    after: Id | None = Field(None, description="Id of the last session of the previous page.")
    limit: Limit = 50


class SessionCreateIn(StrictIn):
    kind: TrainingKind
    title: str = Field(..., max_length=200)
    starts_at: Moment
    duration_minutes: int = Field(120, ge=1, le=1440)
    topic: str = Field("", max_length=100)
    purpose: str = ""
    content: str = ""
    trainer: str = Field("", max_length=150)
    place: str = Field("", max_length=200)
    has_assessment: bool = False
    max_score: int = Field(100, ge=1, le=1000)
    pass_mark: int | None = Field(None, ge=0, le=1000)


class AttendanceOut(Schema):
    person: int
    person_name: str
    invited: bool
    present: bool
    signed_at: datetime | None
    method: str
    score: int | None
    passed: bool | None

    @staticmethod
    def resolve_person(obj: object) -> int:
        return obj.person_id  # type: ignore[attr-defined]

    @staticmethod
    def resolve_person_name(obj: object) -> str:
        return obj.person.full_name  # type: ignore[attr-defined]


class AttendanceRecordIn(StrictIn):
    person: Id
    present: bool = True
    score: int | None = Field(None, ge=0, le=1000)


class MatrixFilters(FiltersIn):
    department: Id | None = None
    offset: Offset = 0
    limit: Limit = 100


class MatrixCellOut(Schema):
    state: str = Field(..., description="done, missing, expired, failed, or empty when not required")
    trained_on: date | None
    expires_on: date | None


class MatrixRowOut(Schema):
    person: int
    full_name: str
    department: int | None
    position: int | None
    cells: list[MatrixCellOut]


class MatrixColumnOut(Schema):
    kind: str
    topic: str
    label: str


class MatrixOut(Schema):
    columns: list[MatrixColumnOut]
    rows: list[MatrixRowOut]
    total_people: int
