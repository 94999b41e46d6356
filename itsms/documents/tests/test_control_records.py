"""Controlled copies, withdrawal with its recall list, normalized numbers and the effective date: the records of
document control that a certification auditor samples."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from conftest import PASSWORD
from itsms.core import services as core
from itsms.core.models import AuditEntry, Role
from itsms.core.timezones import org_today
from itsms.documents import services
from itsms.documents.models import (
    CopyRecall,
    DistributionTarget,
    DocStatus,
    DocType,
    Document,
    Meaning,
    RecallOutcome,
    Receipt,
    RevStatus,
    TargetKind,
)

from .conftest import helper_member, independent_reviewer, release, submit
from .test_exports import pdf_text


def _person_copy(org, admin, document, full_name="李持有"):  # noqa: ANN001, ANN202
    person = core.person_create(actor=None, organization=org, full_name=full_name)
    target = services.distribution_add(
        actor=admin, organization=org, document=document, kind=TargetKind.PERSON, person=person
    )
    return person, target


def _holder_login(org, make_member, person, username):  # noqa: ANN001, ANN202
    m = make_member(org, [Role.STAFF], username)
    m.person = person
    m.save(update_fields=["person"])
    return m.user


def test_only_the_holder_or_a_controller_gets_the_controlled_copy(
    org, admin, procedure, make_member, client_for
):
    person, target = _person_copy(org, admin, procedure)
    holder = _holder_login(org, make_member, person, "holder")
    rev = release(org, procedure, admin)
    url = reverse("documents:copy_pdf", kwargs={"org": org.slug, "pk": target.pk}) + "?lang=en"
    for user in (holder, admin):
        text = pdf_text(client_for(user).get(url))
        assert "受控" in text and "李持有" in text and "uncontrolled" not in text
    internal_auditor = make_member(org, [Role.INTERNAL_AUDITOR], "ia").user
    external = make_member(org, [Role.EXTERNAL_AUDITOR], "ea").user
    for user in (internal_auditor, external):
        text = pdf_text(client_for(user).get(url))
        assert "uncontrolled when printed" in text and "受控" not in text
        by_number = reverse("documents:revision_pdf", kwargs={"org": org.slug, "pk": rev.pk})
        text = pdf_text(client_for(user).get(by_number + f"?lang=en&copy={target.copy_number}"))
        assert "受控" not in text


def test_a_copy_number_never_issued_prints_uncontrolled(org, admin, procedure, client_for):
    _person_copy(org, admin, procedure)
    rev = release(org, procedure, admin)
    url = reverse("documents:revision_pdf", kwargs={"org": org.slug, "pk": rev.pk})
    text = pdf_text(client_for(admin).get(url + "?lang=en&copy=99"))
    assert "uncontrolled when printed" in text
    assert "受控" not in text and "99" not in text.split("uncontrolled")[0][-20:]


def test_running_header_shows_the_number_as_typed(org, admin, procedure, client_for):
    rev = release(org, procedure, admin)
    url = reverse("documents:revision_pdf", kwargs={"org": org.slug, "pk": rev.pk})
    text = pdf_text(client_for(admin).get(url + "?lang=en"))
    assert "ITSMS-PR-01" in text
    assert "u002D" not in text


def test_withdrawal_recalls_every_copy_and_ends_open_acknowledgements(org, admin, procedure, reader):
    person, target = _person_copy(org, admin, procedure)
    location = services.distribution_add(
        actor=admin, organization=org, document=procedure, kind=TargetKind.LOCATION, location="机房"
    )
    release(org, procedure, admin)
    open_receipts = Receipt.objects.filter(revision__document=procedure, acknowledged_at__isnull=True)
    assert open_receipts.exists()
    services.document_withdraw(actor=admin, organization=org, document=procedure, reason="并入 PR-02")

    recalls = CopyRecall.objects.filter(document=procedure).order_by("copy_number")
    assert [(r.copy_number, r.outcome, r.reason) for r in recalls] == [
        (target.copy_number, RecallOutcome.PENDING, "并入 PR-02"),
        (location.copy_number, RecallOutcome.PENDING, "并入 PR-02"),
    ]
    assert recalls[0].holder == str(target) and recalls[0].recalled_by == admin
    assert not DistributionTarget.objects.filter(document=procedure, is_active=True).exists()
    assert not Receipt.objects.filter(revision__document=procedure, ended_at__isnull=True).exists()
    entry = AuditEntry.objects.filter(organization=org, action="document.withdraw").get()
    assert entry.changes["copies_recalled"] == [None, [target.copy_number, location.copy_number]]
    assert entry.changes["reason"] == [None, "并入 PR-02"]
    assert Document.objects.get(pk=procedure.pk).status == DocStatus.WITHDRAWN


def test_recalled_copy_is_recorded_returned_once(org, admin, procedure):
    _person, target = _person_copy(org, admin, procedure)
    release(org, procedure, admin)
    services.document_withdraw(actor=admin, organization=org, document=procedure, reason="replaced")
    recall = CopyRecall.objects.get(target=target)
    services.recall_close(actor=admin, organization=org, recall=recall, outcome=RecallOutcome.RETURNED)
    recall.refresh_from_db()
    assert (recall.outcome, recall.outcome_on, recall.outcome_by) == (
        RecallOutcome.RETURNED,
        org_today(org),
        admin,
    )
    assert AuditEntry.objects.filter(organization=org, action="copyrecall.close").count() == 1
    with pytest.raises(ValidationError):
        services.recall_close(actor=admin, organization=org, recall=recall, outcome=RecallOutcome.DESTROYED)
    recall.refresh_from_db()
    assert recall.outcome == RecallOutcome.RETURNED
    assert AuditEntry.objects.filter(organization=org, action="copyrecall.close").count() == 1


def test_withdrawal_page_needs_the_password_and_changes_nothing_without_it(org, admin, procedure, client_for):
    _person, target = _person_copy(org, admin, procedure)
    release(org, procedure, admin)
    client = client_for(admin)
    url = reverse("documents:withdraw", kwargs={"org": org.slug, "pk": procedure.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "1 controlled copy is recalled" in page.content.decode()
    refused = client.post(url, {"reason": "replaced", "password": "wrong password!"})
    assert refused.status_code == 400
    assert "nothing was withdrawn" in refused.content.decode()
    assert Document.objects.get(pk=procedure.pk).status == DocStatus.RELEASED
    assert not CopyRecall.objects.exists()
    assert not AuditEntry.objects.filter(organization=org, action="document.withdraw").exists()
    done = client.post(url, {"reason": "replaced", "password": PASSWORD})
    assert done.status_code == 302
    assert Document.objects.get(pk=procedure.pk).status == DocStatus.WITHDRAWN
    assert CopyRecall.objects.get().target == target


@pytest.mark.parametrize(
    "typed", ["itsms-pr-01", "ＩＴＳＭＳ－ＰＲ－０１", " ITSMS - PR - 01 ", "Itsms-Pr-01"]
)
def test_numbers_are_unique_after_normalization(org, admin, procedure, typed):
    assert procedure.number == "ITSMS-PR-01"
    with pytest.raises(ValidationError) as exc:
        services.document_create(
            actor=admin, organization=org, title="Copy", doc_type=DocType.PROCEDURE, number=typed
        )
    assert "ITSMS-PR-01" in str(exc.value)
    assert Document.objects.filter(organization=org).count() == 1


def test_a_withdrawn_number_is_refused_in_another_spelling_in_chinese(org, admin, procedure):
    services.document_withdraw(actor=admin, organization=org, document=procedure, reason="replaced")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.document_create(
            actor=admin, organization=org, title="Again", doc_type=DocType.PROCEDURE, number="itsms-pr-01"
        )
    assert "已被 ITSMS-PR-01" in str(exc.value) and "不区分大小写" in str(exc.value)


def test_effective_date_before_the_approval_is_refused_and_nothing_changes(org, admin, procedure):
    writer = helper_member(org, "writer", [Role.STAFF])
    rev = services.revision_start(actor=writer, organization=org, document=procedure)
    rev = services.revision_save(actor=writer, organization=org, revision=rev, version=rev.version, text="x")
    services.revision_move(actor=writer, organization=org, revision=rev, target=RevStatus.INTERNAL_REVIEW)
    rev = submit(org, rev, admin, (RevStatus.EXTERNAL_CHECK, RevStatus.APPROVAL))
    assert independent_reviewer(org) is not None
    before = org_today(org) - dt.timedelta(days=1)
    entries = AuditEntry.objects.filter(organization=org).count()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.revision_sign(
            actor=admin, organization=org, revision=rev, meaning=Meaning.APPROVED, effective_date=before
        )
    assert f"生效日期 {before.isoformat()} 早于批准签字日期" in str(exc.value)
    rev.refresh_from_db()
    assert rev.status == RevStatus.APPROVAL and rev.effective_date is None
    assert AuditEntry.objects.filter(organization=org).count() == entries


def _copies(org, admin, person, n):  # noqa: ANN001, ANN202
    for i in range(n):
        doc = services.document_create(
            actor=admin, organization=org, title=f"程序 {i}", doc_type=DocType.PROCEDURE
        )
        services.distribution_add(
            actor=admin, organization=org, document=doc, kind=TargetKind.PERSON, person=person
        )
        release(org, doc, admin)


def test_my_controlled_copies_lists_them_with_a_constant_query_count(
    org, admin, make_member, client_for, django_assert_max_num_queries
):
    person = core.person_create(actor=None, organization=org, full_name="李持有")
    holder = _holder_login(org, make_member, person, "holder")
    client = client_for(holder)
    url = reverse("documents:my_copies", kwargs={"org": org.slug})
    _copies(org, admin, person, 2)
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    _copies(org, admin, person, 6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url)
    rows = page.context["rows"]
    assert len(rows) == 8 and all(r.person == person for r in rows)
    assert page.content.decode().count("/pdf/") >= 8


def test_briefing_includes_people_without_login_and_one_receipt_per_person(
    org, admin, procedure, reader, ops, client_for
):
    # 李读者 (reader, with a login) holds a personal copy; 王无号 of the same department has no login.
    reader_person = core.person_create(actor=None, organization=org, full_name="王无号", department=ops)
    reader_membership_person = org.memberships.get(user=reader).person
    services.distribution_add(
        actor=admin,
        organization=org,
        document=procedure,
        kind=TargetKind.PERSON,
        person=reader_membership_person,
    )
    rev = release(org, procedure, admin)
    assert Receipt.objects.filter(revision=rev, person=reader_membership_person).count() == 1
    campaign = services.campaign_create(
        actor=admin,
        organization=org,
        title="新版程序宣贯",
        due_date=org_today(org) + dt.timedelta(days=7),
        documents=[procedure],
        departments=[ops],
    )
    # The copy holder keeps one receipt for the revision, counted by the briefing; the person without a login
    # gets one the organizer records.
    assert Receipt.objects.filter(revision=rev, person=reader_membership_person).count() == 1
    paper = Receipt.objects.get(revision=rev, person=reader_person)
    assert paper.recipient is None
    services.receipt_acknowledge(actor=admin, organization=org, receipt=paper)
    paper.refresh_from_db()
    assert paper.acknowledged_at is not None
    page = client_for(admin).get(reverse("documents:campaign", kwargs={"org": org.slug, "pk": campaign.pk}))
    html = page.content.decode()
    assert "王无号" in html and "李读者" in html
    assert org_today(org).isoformat() in html
