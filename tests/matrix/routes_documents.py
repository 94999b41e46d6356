from itsms.core.models import Department, Organization
from itsms.documents import services
from itsms.documents.models import (
    BriefingCampaign,
    CopyRecall,
    DistributionTarget,
    DocType,
    Document,
    DocumentRecord,
    InventoryItem,
    Receipt,
    ReviewComment,
    Revision,
    RevStatus,
    TargetKind,
    WritingAssignment,
)

from .spec import RouteSpec


def populate(org: Organization) -> None:
    dept = Department.objects.get(organization=org, code="OPS")
    doc = services.document_create(
        actor=None, organization=org, title="事件管理程序", doc_type=DocType.PROCEDURE, owner_department=dept
    )
    services.distribution_add(
        actor=None, organization=org, document=doc, kind=TargetKind.LOCATION, location="机房"
    )
    services.record_add(actor=None, organization=org, document=doc, name="事件记录")
    rev = services.revision_start(actor=None, organization=org, document=doc)
    services.revision_save(actor=None, organization=org, revision=rev, version=1, text="# 目的\n\n正文")
    services.revision_move(actor=None, organization=org, revision=rev, target=RevStatus.INTERNAL_REVIEW)
    services.comment_add(actor=None, organization=org, revision=rev, text="补充升级路径")
    services.inventory_item_create(actor=None, organization=org, title="旧运维手册")
    services.writing_assignment_create(actor=None, organization=org, title="变更管理程序", kind="new")
    rev.refresh_from_db()
    # A released document for the briefing and the receipts.
    released = services.document_create(actor=None, organization=org, title="手册", doc_type=DocType.MANUAL)
    r2 = services.revision_start(actor=None, organization=org, document=released)
    services.revision_save(actor=None, organization=org, revision=r2, version=1, text="手册")
    import datetime as dt

    from itsms.documents.models import Meaning, Signature, Stage

    # Leaving each review stage needs an independent review (separation of duties): set up directly.
    for stage in (Stage.INTERNAL, Stage.EXTERNAL):
        Signature.objects.create(
            organization=org,
            revision=r2,
            signer_id=_any_user(org),
            signer_name="x",
            meaning=Meaning.REVIEWED,
            stage=stage,
            signed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            sha256="",
        )
    for target in (RevStatus.INTERNAL_REVIEW, RevStatus.EXTERNAL_CHECK, RevStatus.APPROVAL):
        services.revision_move(actor=None, organization=org, revision=r2, target=target)

    Signature.objects.create(
        organization=org,
        revision=r2,
        signer_id=_any_user(org),
        signer_name="x",
        meaning=Meaning.APPROVED,
        signed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        sha256="",
    )
    services.revision_release(actor=None, organization=org, revision=r2, effective_date=dt.date(2026, 1, 1))
    services.distribution_add(
        actor=None, organization=org, document=released, kind=TargetKind.LOCATION, location="前台"
    )
    # A copy recalled and waiting on the recall list (returned or destroyed).
    services.distribution_remove(
        actor=None,
        organization=org,
        target=services.distribution_add(
            actor=None, organization=org, document=released, kind=TargetKind.LOCATION, location="档案室"
        ),
        reason="更换",
    )
    services.campaign_create(
        actor=None,
        organization=org,
        title="试运行宣贯",
        due_date=dt.date(2026, 12, 1),
        documents=[released],
        departments=[dept],
    )


def _any_user(org: Organization) -> int:
    from itsms.core.models import User

    user = User.objects.filter(username="matrix-signer").first()
    if user is None:
        from itsms.core import services as core

        user = core.user_create(
            username="matrix-signer", email="s@example.com", password="x" * 20, display_name="Signer"
        )
    return user.pk


def _pk(model, org: Organization, **filters) -> dict[str, int]:  # noqa: ANN001, ANN003
    return {
        "pk": model.objects.filter(organization=org, **filters).order_by("pk").values_list("pk", flat=True)[0]
    }


def _doc(org: Organization) -> dict[str, int]:
    return _pk(Document, org)


def _rev(org: Organization) -> dict[str, int]:
    return _pk(Revision, org)


ROUTES: dict[str, RouteSpec] = {
    "documents:list": RouteSpec(),
    "documents:external_list": RouteSpec(),
    "documents:create": RouteSpec(),
    "documents:coverage": RouteSpec(),
    "documents:detail": RouteSpec(kwargs=_doc),
    "documents:edit": RouteSpec(kwargs=_doc),
    "documents:withdraw": RouteSpec(kwargs=_doc),
    "documents:periodic_review": RouteSpec(kwargs=_doc, post_only=True),
    "documents:distribution_add": RouteSpec(kwargs=_doc, post_only=True),
    "documents:distribution_remove": RouteSpec(kwargs=lambda o: _pk(DistributionTarget, o), post_only=True),
    "documents:copy_pdf": RouteSpec(kwargs=lambda o: _pk(DistributionTarget, o, document__title="手册")),
    "documents:my_copies": RouteSpec(),
    "documents:recall_close": RouteSpec(kwargs=lambda o: _pk(CopyRecall, o), post_only=True),
    "documents:record_add": RouteSpec(kwargs=_doc, post_only=True),
    "documents:record_remove": RouteSpec(kwargs=lambda o: _pk(DocumentRecord, o), post_only=True),
    "documents:revision_start": RouteSpec(kwargs=_doc, post_only=True),
    "documents:revision": RouteSpec(kwargs=_rev),
    "documents:revision_edit": RouteSpec(kwargs=_rev),
    "documents:revision_move": RouteSpec(kwargs=_rev, post_only=True),
    "documents:comment_add": RouteSpec(kwargs=_rev, post_only=True),
    "documents:comment_resolve": RouteSpec(kwargs=lambda o: _pk(ReviewComment, o), post_only=True),
    "documents:revision_sign": RouteSpec(kwargs=_rev),
    "documents:revision_pdf": RouteSpec(kwargs=_rev),
    "documents:revision_diff": RouteSpec(kwargs=_rev),
    "documents:revision_remind": RouteSpec(kwargs=_rev, post_only=True),
    "documents:edition": RouteSpec(),
    "documents:control_settings": RouteSpec(),
    "documents:my_receipts": RouteSpec(),
    "documents:receipt_acknowledge": RouteSpec(kwargs=lambda o: _pk(Receipt, o), post_only=True),
    "documents:assignments": RouteSpec(),
    "documents:assignment_create": RouteSpec(),
    "documents:assignment_close": RouteSpec(kwargs=lambda o: _pk(WritingAssignment, o), post_only=True),
    "documents:assignment_assign": RouteSpec(kwargs=lambda o: _pk(WritingAssignment, o)),
    "documents:inventory": RouteSpec(),
    "documents:inventory_create": RouteSpec(),
    "documents:inventory_decide": RouteSpec(kwargs=lambda o: _pk(InventoryItem, o), post_only=True),
    "documents:campaigns": RouteSpec(),
    "documents:campaign_create": RouteSpec(),
    "documents:campaign": RouteSpec(kwargs=lambda o: _pk(BriefingCampaign, o)),
    "documents:number_patterns": RouteSpec(),
}
