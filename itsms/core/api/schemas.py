"""Input and output schemas of the REST API: one per operation, so each can change on its own."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict, field_validator

from ..models import ApiToken, AuditEntry, Department, Membership, Person, Position
from ..permissions import can_view_contact_details
from .params import BoundedInput, Id, Limit
from .text import PlainTextInput
from .times import local_input


class FiltersIn(BoundedInput, PlainTextInput, Schema):
    """Query filters of a list: integers and dates within bounds (params.BoundedInput); unknown
    parameters are ignored, as a URL may carry other things."""


class StrictIn(BoundedInput, PlainTextInput, Schema):
    """Input: an unknown field is an error (422), not silently dropped; a date-time without an offset is
    the organization's local time; integers and dates within bounds (params.BoundedInput)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _local_times(cls, value: Any) -> Any:
        return local_input(value)


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class OrganizationOut(Schema):
    slug: str
    name_zh: str
    name_en: str
    language: str
    time_zone: str


class MeOut(Schema):
    user_id: int
    username: str
    display_name: str
    email: str
    organization: str
    roles: list[str]
    token_prefix: str

    @staticmethod
    def build(membership: Membership, token: ApiToken) -> MeOut:
        user = membership.user
        return MeOut(
            user_id=user.pk,
            username=user.username,
            display_name=user.display_name,
            email=user.email,
            organization=membership.organization.slug,
            roles=sorted(membership.role_set),
            token_prefix=token.prefix,
        )


class DepartmentOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    description: str
    parent: int | None
    created_at: datetime

    @staticmethod
    def resolve_parent(obj: Department) -> int | None:
        return obj.parent_id


class DepartmentCreateIn(StrictIn):
    name: str = Field(..., max_length=200)
    code: str = Field("", max_length=20)
    name_en: str = Field("", max_length=200)
    description: str = ""
    parent: Id | None = Field(None, description="Id of the parent department; omit for a top-level one.")


class DepartmentUpdateIn(StrictIn):
    """Only the fields sent change; `"parent": null` moves the department to the top level."""

    name: str | None = Field(None, max_length=200)
    code: str | None = Field(None, max_length=20)
    name_en: str | None = Field(None, max_length=200)
    description: str | None = None
    parent: Id | None = None


class PositionOut(Schema):
    id: int
    name: str
    department: int | None
    description: str

    @staticmethod
    def resolve_department(obj: Position) -> int | None:
        return obj.department_id


def _shows_contacts(context: dict[str, Any] | None) -> bool:
    request = (context or {}).get("request")
    membership = getattr(request, "membership", None)
    return membership is not None and can_view_contact_details(membership)


class PersonOut(Schema):
    id: int
    full_name: str
    email: str
    phone: str
    employee_no: str
    department: int | None
    position: int | None
    is_active: bool
    has_login: bool

    @staticmethod
    def resolve_department(obj: Person) -> int | None:
        return obj.department_id

    @staticmethod
    def resolve_position(obj: Person) -> int | None:
        return obj.position_id

    @staticmethod
    def resolve_has_login(obj: Person) -> bool:
        return hasattr(obj, "membership")

    # Contact details stay with internal roles: the external auditor reads the directory without them.
    @staticmethod
    def resolve_email(obj: Person, context: dict[str, Any]) -> str:
        return obj.email if _shows_contacts(context) else ""

    @staticmethod
    def resolve_phone(obj: Person, context: dict[str, Any]) -> str:
        return obj.phone if _shows_contacts(context) else ""


class PeopleFilters(FiltersIn):
    q: str = Field("", description="Part of the name or e-mail address.")
    department: Id | None = None
    include_inactive: bool = False
    limit: Limit = 50
    after: Id | None = Field(None, description="The `next_after` of the previous page.")


class PeoplePageOut(Schema):
    items: list[PersonOut]
    next_after: int | None


class PersonCreateIn(StrictIn):
    full_name: str = Field(..., max_length=150)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    employee_no: str = Field("", max_length=40)
    department: Id | None = None
    position: Id | None = None
    is_active: bool = True


class AuditEntryOut(Schema):
    seq: int
    created_at: datetime
    actor: int | None
    actor_label: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]
    ip: str | None
    prev_mac: str
    mac: str

    @staticmethod
    def resolve_actor(obj: AuditEntry) -> int | None:
        return obj.actor_id


class AuditFilters(FiltersIn):
    object_type: str = Field("", description="Such as `core.department`.")
    action: str = Field("", description="Such as `department.create`.")
    actor: Id | None = Field(None, description="User id of whoever made the change.")
    limit: Limit = 50
    before: Id | None = Field(None, description="The `next_before` of the previous page.")


class AuditPageOut(Schema):
    items: list[AuditEntryOut]
    next_before: int | None


# The error answers every route declares (the API object adds 413/429/500 to the document centrally).
READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 409: ErrorOut, **READ_ERRORS}
