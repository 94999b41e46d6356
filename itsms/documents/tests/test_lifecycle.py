from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from itsms.core.models import AuditEntry, IssuedNumber
from itsms.core.timezones import org_today
from itsms.documents import services
from itsms.documents.models import DocStatus, DocType, Meaning, Receipt, Revision, RevStatus, TargetKind

from .conftest import release, submit


def test_numbers_follow_the_pattern_and_a_typed_number_is_reserved(org, admin):
    a = services.document_create(actor=admin, organization=org, title="P1", doc_type=DocType.PROCEDURE)
    b = services.document_create(
        actor=admin, organization=org, title="P2", doc_type=DocType.PROCEDURE, number="ITSMS-PR-08-01"
    )
    assert (a.number, a.level, b.number) == ("ITSMS-PR-01", "L2", "ITSMS-PR-08-01")
    assert IssuedNumber.objects.filter(organization=org, value="ITSMS-PR-08-01").exists()


def test_a_withdrawn_number_is_never_reused(org, admin):
    doc = services.document_create(
        actor=admin, organization=org, title="F", doc_type=DocType.FORM, number="F-01"
    )
    services.document_withdraw(actor=admin, organization=org, document=doc, reason="replaced")
    with pytest.raises(ValidationError) as exc:
        services.document_create(
            actor=admin, organization=org, title="F again", doc_type=DocType.FORM, number="F-01"
        )
    assert "number" in exc.value.error_dict


def test_the_whole_path_releases_with_signature_and_audit(org, admin, procedure):
    rev = release(org, procedure, admin)
    procedure.refresh_from_db()
    assert (rev.status, rev.label, procedure.status) == (RevStatus.RELEASED, "A/0", DocStatus.RELEASED)
    assert procedure.current_revision_id == rev.pk
    effective = rev.effective_date
    assert procedure.next_review_on == effective.replace(year=effective.year + 1)
    assert len(rev.sha256) == 64
    assert list(rev.signatures.values_list("meaning", "stage", "signer_name")) == [
        ("reviewed", "internal", "Reviewer"),
        ("reviewed", "external", "Reviewer"),
        ("approved", "", "Admin"),
    ]
    actions = set(AuditEntry.objects.filter(organization=org).values_list("action", flat=True))
    assert {
        "revision.internal_review",
        "revision.external_check",
        "revision.approval",
        "revision.released",
        "revision.sign",
        "document.released",
    } <= actions


def test_a_second_revision_supersedes_the_first(org, admin, procedure):
    first = release(org, procedure, admin)
    second = release(org, procedure, admin, text="# Scope\n\nAll services and customers.")
    first.refresh_from_db()
    assert (first.status, second.label, second.status) == (RevStatus.SUPERSEDED, "A/1", RevStatus.RELEASED)


def test_only_one_revision_in_the_making(org, admin, procedure):
    services.revision_start(actor=admin, organization=org, document=procedure)
    with pytest.raises(ValidationError):
        services.revision_start(actor=admin, organization=org, document=procedure)
    assert Revision.objects.filter(document=procedure).count() == 1


def test_a_stale_save_is_refused_and_keeps_the_newer_text(org, admin, procedure):
    rev = services.revision_start(actor=admin, organization=org, document=procedure)
    services.revision_save(actor=admin, organization=org, revision=rev, version=1, text="first")
    with pytest.raises(services.EditConflict) as exc:
        services.revision_save(actor=admin, organization=org, revision=rev, version=1, text="second")
    rev.refresh_from_db()
    assert (rev.text, rev.version, exc.value.current.text) == ("first", 2, "first")


def test_unresolved_comments_block_the_next_stage(org, admin, reader, procedure):
    rev = services.revision_start(actor=admin, organization=org, document=procedure)
    services.revision_save(actor=admin, organization=org, revision=rev, version=1, text="x")
    services.revision_move(actor=admin, organization=org, revision=rev, target=RevStatus.INTERNAL_REVIEW)
    # The reviewer's resolved round of comments is the independent review that lets the revision move on.
    comment = services.comment_add(actor=reader, organization=org, revision=rev, text="add the escalation")
    with pytest.raises(ValidationError):
        services.revision_move(actor=admin, organization=org, revision=rev, target=RevStatus.EXTERNAL_CHECK)
    rev.refresh_from_db()
    assert rev.status == RevStatus.INTERNAL_REVIEW
    services.comment_resolve(actor=admin, organization=org, comment=comment, resolution="added 4.2")
    services.revision_move(actor=admin, organization=org, revision=rev, target=RevStatus.EXTERNAL_CHECK)
    rev.refresh_from_db()
    assert rev.status == RevStatus.EXTERNAL_CHECK


def test_staff_cannot_approve(org, admin, staff, procedure):
    rev = services.revision_start(actor=admin, organization=org, document=procedure)
    services.revision_save(actor=admin, organization=org, revision=rev, version=1, text="x")
    rev = submit(org, rev, admin)
    signed = rev.signatures.count()
    with pytest.raises(PermissionDenied):
        services.revision_sign(actor=staff, organization=org, revision=rev, meaning=Meaning.APPROVED)
    rev.refresh_from_db()
    assert (rev.status, rev.signatures.count()) == (RevStatus.APPROVAL, signed)


def test_a_crash_during_approval_leaves_nothing(org, admin, approver, procedure, monkeypatch):
    rev = services.revision_start(actor=admin, organization=org, document=procedure)
    services.revision_save(actor=admin, organization=org, revision=rev, version=1, text="x")
    rev = submit(org, rev, admin)
    signed = rev.signatures.count()
    before = AuditEntry.objects.filter(organization=org).count()

    def boom(**kwargs):  # noqa: ANN003, ANN202
        raise RuntimeError("disk full")

    monkeypatch.setattr("itsms.documents.services.distribution.receipts_issue", boom)
    with pytest.raises(RuntimeError):
        services.revision_sign(actor=approver, organization=org, revision=rev, meaning=Meaning.APPROVED)
    rev.refresh_from_db()
    procedure.refresh_from_db()
    assert (rev.status, rev.signatures.count(), procedure.current_revision_id) == (
        RevStatus.APPROVAL,
        signed,
        None,
    )
    assert AuditEntry.objects.filter(organization=org).count() == before


def test_release_issues_copies_and_the_recipient_acknowledges(org, admin, reader, ops, procedure):
    target = services.distribution_add(
        actor=admin, organization=org, document=procedure, kind=TargetKind.DEPARTMENT, department=ops
    )
    rev = release(org, procedure, admin)
    receipt = Receipt.objects.get(revision=rev)
    assert (receipt.recipient, receipt.copy_number, target.copy_number) == (reader, 1, 1)
    services.document_acknowledge(actor=reader, organization=org, document=procedure)
    receipt.refresh_from_db()
    assert receipt.acknowledged_at is not None
    assert AuditEntry.objects.filter(organization=org, action="receipt.acknowledge").count() == 1


def test_someone_else_cannot_acknowledge_my_copy(org, admin, reader, staff, ops, procedure):
    services.distribution_add(
        actor=admin, organization=org, document=procedure, kind=TargetKind.DEPARTMENT, department=ops
    )
    rev = release(org, procedure, admin)
    receipt = Receipt.objects.get(revision=rev)
    with pytest.raises(PermissionDenied):
        services.receipt_acknowledge(actor=staff, organization=org, receipt=receipt)
    receipt.refresh_from_db()
    assert receipt.acknowledged_at is None


def test_withdrawal_keeps_the_revision_marked_withdrawn(org, admin, procedure):
    rev = release(org, procedure, admin)
    services.document_withdraw(actor=admin, organization=org, document=procedure, reason="merged into PR-02")
    rev.refresh_from_db()
    assert (rev.status, rev.withdrawn_reason) == (RevStatus.WITHDRAWN, "merged into PR-02")


def test_a_new_edition_of_a_set_released_together(org, admin, approver, procedure):
    release(org, procedure, admin)
    manual = services.document_create(actor=admin, organization=org, title="手册", doc_type=DocType.MANUAL)
    release(org, manual, admin)
    revs = services.edition_start(
        actor=admin,
        organization=org,
        documents=[manual, procedure],
        change_summary="after the first internal audit",
    )
    for rev in revs:
        services.revision_save(actor=admin, organization=org, revision=rev, version=rev.version, text="v2")
        submit(org, rev, admin)
        services.revision_sign(
            actor=approver, organization=org, revision=rev, meaning=Meaning.APPROVED, release=False
        )
    released = services.revisions_release(
        actor=admin,
        organization=org,
        revisions=revs,
        effective_date=org_today(org) + dt.timedelta(days=30),
    )
    assert sorted((r.label, r.status) for r in released) == [("B/0", "released"), ("B/0", "released")]


def test_writing_assignment_from_another_area_is_created_once(org, admin):
    a = services.writing_assignment_create(
        actor=admin,
        organization=org,
        title="变更管理程序",
        kind="new",
        source="diagnosis",
        source_ref="report-1:item-3",
    )
    b = services.writing_assignment_create(
        actor=admin,
        organization=org,
        title="变更管理程序",
        kind="new",
        source="diagnosis",
        source_ref="report-1:item-3",
    )
    assert a.pk == b.pk
