from itsms.core.models import Department, Membership, Organization
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

from .spec import RouteSpec, member, persona


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
    # A reader with a login in the campaign's department, whose receipt the matrix acknowledges.
    from itsms.core import services as core
    from itsms.core.models import Role

    reader = core.person_create(actor=None, organization=org, full_name="矩阵读者", department=dept)
    user = core.user_create(
        username=f"matrix-reader-{org.slug}", email=f"reader@{org.slug}.example", password="x" * 20
    )
    core.membership_add(actor=None, organization=org, user=user, roles=[Role.STAFF], person=reader)
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


def _reader(org: Organization) -> Membership:
    return member(f"matrix-reader-{org.slug}")(org)


def _reader_receipt(org: Organization) -> dict[str, int]:
    return _pk(Receipt, org, person__membership__user__username=f"matrix-reader-{org.slug}")


ROUTES: dict[str, RouteSpec] = {
    "documents:list": RouteSpec(capability="can_view_documents"),
    "documents:external_list": RouteSpec(capability="can_view_documents"),
    "documents:create": RouteSpec(capability="can_manage_documents"),
    "documents:coverage": RouteSpec(capability="can_view_documents"),
    "documents:detail": RouteSpec(capability="can_view_documents", kwargs=_doc),
    "documents:edit": RouteSpec(capability="can_manage_documents", kwargs=_doc),
    "documents:withdraw": RouteSpec(capability="can_manage_documents", kwargs=_doc),
    "documents:periodic_review": RouteSpec(
        capability="can_manage_documents", kwargs=_doc, post_only=True, post_data=lambda org: {}
    ),
    "documents:distribution_add": RouteSpec(
        capability="can_manage_documents",
        kwargs=_doc,
        post_only=True,
        post_data=lambda org: {"kind": "location", "location": "会议室"},
    ),
    "documents:distribution_remove": RouteSpec(
        capability="can_manage_documents",
        kwargs=lambda o: _pk(DistributionTarget, o),
        post_only=True,
        post_data=lambda org: {"reason": "更换"},
    ),
    "documents:copy_pdf": RouteSpec(
        capability="can_view_documents", kwargs=lambda o: _pk(DistributionTarget, o, document__title="手册")
    ),
    "documents:my_copies": RouteSpec(capability="can_acknowledge"),
    "documents:recall_close": RouteSpec(
        capability="can_manage_documents",
        kwargs=lambda o: _pk(CopyRecall, o),
        post_only=True,
        post_data=lambda org: {},
    ),
    "documents:record_add": RouteSpec(
        capability="can_manage_documents",
        kwargs=_doc,
        post_only=True,
        post_data=lambda org: {"name": "矩阵记录"},
    ),
    "documents:record_remove": RouteSpec(
        capability="can_manage_documents",
        kwargs=lambda o: _pk(DocumentRecord, o),
        post_only=True,
        post_data=lambda org: {},
    ),
    "documents:revision_start": RouteSpec(
        capability="can_write_drafts",
        kwargs=_doc,
        post_only=True,
        post_data=lambda org: {"change_summary": "矩阵"},
    ),
    "documents:revision": RouteSpec(capability="can_view_documents", kwargs=_rev),
    "documents:revision_edit": RouteSpec(capability="can_write_drafts", kwargs=_rev),
    "documents:revision_move": RouteSpec(
        capability="can_comment_documents", kwargs=_rev, post_only=True, post_data=lambda org: {}
    ),
    "documents:comment_add": RouteSpec(
        capability="can_comment_documents",
        kwargs=_rev,
        post_only=True,
        post_data=lambda org: {"text": "矩阵意见"},
    ),
    "documents:comment_resolve": RouteSpec(
        capability="can_write_drafts",
        kwargs=lambda o: _pk(ReviewComment, o),
        post_only=True,
        post_data=lambda org: {},
    ),
    "documents:revision_sign": RouteSpec(capability="can_sign_documents", kwargs=_rev),
    "documents:revision_pdf": RouteSpec(capability="can_view_documents", kwargs=_rev),
    "documents:revision_diff": RouteSpec(capability="can_view_documents", kwargs=_rev),
    "documents:revision_remind": RouteSpec(
        capability="can_manage_documents", kwargs=_rev, post_only=True, post_data=lambda org: {}
    ),
    "documents:edition": RouteSpec(capability="can_manage_documents"),
    "documents:control_settings": RouteSpec(capability="can_configure_document_control"),
    "documents:my_receipts": RouteSpec(capability="can_acknowledge"),
    "documents:receipt_acknowledge": RouteSpec(
        capability="can_acknowledge",
        kwargs=_reader_receipt,
        post_only=True,
        post_as=_reader,
        post_data=lambda org: {},
    ),
    "documents:assignments": RouteSpec(capability="can_view_documents"),
    "documents:assignment_create": RouteSpec(capability="can_manage_documents"),
    "documents:assignment_close": RouteSpec(
        capability="can_close_writing_tasks",
        kwargs=lambda o: _pk(WritingAssignment, o),
        post_only=True,
        post_as=persona("document_controller"),
        post_data=lambda org: {"status": "done"},
    ),
    "documents:assignment_assign": RouteSpec(
        capability="can_assign_writing", kwargs=lambda o: _pk(WritingAssignment, o)
    ),
    "documents:inventory": RouteSpec(capability="can_view_documents"),
    "documents:inventory_create": RouteSpec(capability="can_manage_documents"),
    "documents:inventory_decide": RouteSpec(
        capability="can_manage_documents",
        kwargs=lambda o: _pk(InventoryItem, o),
        post_only=True,
        post_data=lambda org: {},
    ),
    "documents:campaigns": RouteSpec(capability="can_view_documents"),
    "documents:campaign_create": RouteSpec(capability="can_manage_documents"),
    "documents:campaign": RouteSpec(
        capability="can_view_documents", kwargs=lambda o: _pk(BriefingCampaign, o)
    ),
    "documents:number_patterns": RouteSpec(capability="can_manage_documents"),
}
