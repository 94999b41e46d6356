"""Input and output schemas of the document-control API, one per operation."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from itsms.core.api.params import Id, Limit
from itsms.core.api.schemas import FiltersIn

from ..models import Level


class RegisterFilters(FiltersIn):
    q: str = Field("", max_length=200, description="Words of the number, title or released text.")
    level: Level | None = None
    department: Id | None = Field(None, description="Owner department id.")
    status: str = Field("", description="preparing, released, withdrawn or review_due.")
    requirement: Id | None = Field(None, description="Catalogue requirement id the document answers.")
    external: bool = Field(False, description="The external documents (外来文件) instead of the register.")
    after: str | None = Field(None, description="`next_after` of the previous page.")
    limit: Limit = 50


class DocumentOut(Schema):
    id: int
    number: str
    title: str
    doc_type: str
    level: str
    status: str
    owner_department: int | None

    @staticmethod
    def resolve_owner_department(obj: object) -> int | None:
        return getattr(obj, "owner_department_id", None)

    owner_department_name: str
    author: str
    approver: str
    review_interval_months: int
    next_review_on: date | None
    current_revision: str | None = Field(None, description="Edition/revision label, e.g. A/1.")
    effective_date: date | None

    @staticmethod
    def resolve_owner_department_name(obj: object) -> str:
        dept = getattr(obj, "owner_department", None)
        return dept.name if dept is not None else ""

    @staticmethod
    def resolve_author(obj: object) -> str:
        person = getattr(obj, "author", None)
        return person.full_name if person is not None else ""

    @staticmethod
    def resolve_approver(obj: object) -> str:
        person = getattr(obj, "approver", None)
        return person.full_name if person is not None else ""

    @staticmethod
    def resolve_current_revision(obj: object) -> str | None:
        rev = getattr(obj, "current_revision", None)
        return rev.label if rev is not None else None

    @staticmethod
    def resolve_effective_date(obj: object) -> date | None:
        rev = getattr(obj, "current_revision", None)
        return rev.effective_date if rev is not None else None


class DocumentPageOut(Schema):
    items: list[DocumentOut]
    next_after: str | None = Field(None, description="Pass as `after` for the next page; null on the last.")


class SignatureOut(Schema):
    signer_name: str
    meaning: str
    signed_at: datetime
    sha256: str


class RevisionOut(Schema):
    id: int
    label: str
    status: str
    change_summary: str
    sha256: str
    effective_date: date | None
    released_at: datetime | None
    withdrawn_reason: str
    has_file: bool
    signatures: list[SignatureOut]

    @staticmethod
    def resolve_has_file(obj: object) -> bool:
        return getattr(obj, "file_id", None) is not None

    @staticmethod
    def resolve_signatures(obj: object) -> list[object]:
        return list(obj.signatures.all())  # type: ignore[attr-defined]


class DocumentDetailOut(DocumentOut):
    publisher: str
    external_version: str
    requirements: list[str] = Field(..., description="Urns of the catalogue requirements answered.")
    revisions: list[RevisionOut]

    @staticmethod
    def resolve_requirements(obj: object) -> list[str]:
        return [r.urn for r in obj.requirements.all()]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_revisions(obj: object) -> list[object]:
        return list(obj.revisions.all())  # type: ignore[attr-defined]


class ReceiptOut(Schema):
    id: int
    document: int
    number: str
    title: str
    revision: str
    copy_number: int | None
    campaign: str | None
    issued_at: datetime
    acknowledged_at: datetime | None

    @staticmethod
    def resolve_document(obj: object) -> int:
        return obj.revision.document_id  # type: ignore[attr-defined]

    @staticmethod
    def resolve_number(obj: object) -> str:
        return obj.revision.document.number  # type: ignore[attr-defined]

    @staticmethod
    def resolve_title(obj: object) -> str:
        return obj.revision.document.title  # type: ignore[attr-defined]

    @staticmethod
    def resolve_revision(obj: object) -> str:
        return obj.revision.label  # type: ignore[attr-defined]

    @staticmethod
    def resolve_campaign(obj: object) -> str | None:
        campaign = getattr(obj, "campaign", None)
        return campaign.title if campaign is not None else None
