import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from itsms.catalogue.models import DocumentedInfo, Requirement
from itsms.core.milestones import milestone, reached
from itsms.core.models import Role
from itsms.documents import services
from itsms.documents.coverage import coverage
from itsms.documents.evidence import released_documents
from itsms.documents.models import Decision, DocType, Meaning, RevStatus

from .conftest import helper_member, release, submit


def _reqs(ref: str) -> list[Requirement]:
    return list(Requirement.objects.filter(clause__ref_id=ref, retired=False).order_by("pk"))


def test_coverage_lists_omissions_duplicates_and_missing_documented_info(org, admin, iso20000):
    incident, request_ = _reqs("8.6.1"), _reqs("8.6.2")
    scope_info = DocumentedInfo.objects.get(clause__ref_id="4.3", retired=False)
    a = services.document_create(
        actor=admin,
        organization=org,
        title="事件管理程序",
        doc_type=DocType.PROCEDURE,
        requirements=incident,
        documented_info=[scope_info],
    )
    b = services.document_create(
        actor=admin,
        organization=org,
        title="服务请求管理程序",
        doc_type=DocType.PROCEDURE,
        requirements=[incident[0], *request_],
    )
    withdrawn = services.document_create(
        actor=admin, organization=org, title="旧程序", doc_type=DocType.PROCEDURE, requirements=_reqs("8.6.3")
    )
    services.document_withdraw(actor=admin, organization=org, document=withdrawn, reason="merged")
    # A form mapped to a requirement does not make it answered by a procedure.
    services.document_create(
        actor=admin, organization=org, title="表单", doc_type=DocType.FORM, requirements=_reqs("9.2")
    )

    report = coverage(org)
    answered = {r.pk for r in incident + request_}
    every = set(
        Requirement.objects.filter(clause__standard=iso20000, retired=False).values_list("pk", flat=True)
    )
    assert (report.total, report.answered) == (len(every), len(answered))
    assert {r.pk for r in report.omitted} == every - answered
    assert [(r.pk, sorted(d.pk for d in docs)) for r, docs in report.duplicated] == [
        (incident[0].pk, sorted([a.pk, b.pk]))
    ]
    all_info = set(
        DocumentedInfo.objects.filter(standard=iso20000, retired=False).values_list("pk", flat=True)
    )
    # Mapped to a document that is not in force: still missing, shown as in preparation.
    assert {i.pk for i in report.missing_info} == all_info
    assert report.pending_info == {scope_info.pk}
    assert report.covered_info == []


def test_the_evidence_provider_counts_released_documents_per_urn(org, admin, iso20000):
    incident = _reqs("8.6.1")
    scope_info = DocumentedInfo.objects.get(clause__ref_id="4.3", retired=False)
    first = services.document_create(
        actor=admin,
        organization=org,
        title="P1",
        doc_type=DocType.PROCEDURE,
        requirements=incident[:1],
        documented_info=[scope_info],
    )
    second = services.document_create(
        actor=admin, organization=org, title="P2", doc_type=DocType.PROCEDURE, requirements=incident[:1]
    )
    services.document_create(  # never released: no evidence
        actor=admin, organization=org, title="P3", doc_type=DocType.PROCEDURE, requirements=incident[1:2]
    )
    r1 = release(org, first, admin)
    r2 = release(org, second, admin)
    with CaptureQueriesContext(connection) as ctx:
        found = released_documents(org)
    assert len(ctx.captured_queries) == 2
    clause = f"{incident[0].clause.urn}#documents.in_force"
    assert set(found) == {clause, scope_info.urn}
    assert found[clause].count == 2
    assert found[clause].latest == max(r1.effective_date, r2.effective_date)
    assert found[scope_info.urn].count == 1
    assert found[clause].url == f"/o/{org.slug}/documents/?in_force=1&clause=8.6.1"
    assert found[scope_info.urn].url == f"/o/{org.slug}/documents/?in_force=1&info={scope_info.pk}"


MILESTONES = [
    "documents.list_defined",
    "documents.inventory_decided",
    "documents.assignments_made",
    "documents.drafts_reviewed",
    "documents.manual_released",
    "documents.procedures_released",
    "documents.briefing_done",
    "documents.second_edition_released",
]


def _counts(org):  # noqa: ANN001, ANN202
    return {k: e.count for k, e in reached(org, MILESTONES).items()}


def test_the_documents_milestones_follow_the_work(org, admin, procedure, reader, ops):
    assert all(milestone(k) is not None for k in MILESTONES)
    assert _counts(org) == {k: (1 if k == "documents.list_defined" else 0) for k in MILESTONES}
    item = services.inventory_item_create(actor=admin, organization=org, title="旧制度")
    services.inventory_item_decide(actor=admin, organization=org, item=item, decision=Decision.REVISE)
    services.writing_assignment_create(actor=admin, organization=org, title="手册", kind="new")
    manual = services.document_create(actor=admin, organization=org, title="手册", doc_type=DocType.MANUAL)
    rev = services.revision_start(actor=admin, organization=org, document=manual)
    services.revision_save(actor=admin, organization=org, revision=rev, version=1, text="# 手册")
    rev = submit(org, rev, admin, (RevStatus.INTERNAL_REVIEW,))
    comment = services.comment_add(actor=admin, organization=org, revision=rev, text="范围写清楚")
    services.comment_resolve(actor=admin, organization=org, comment=comment, resolution="已改")
    rev = submit(org, rev, admin, (RevStatus.EXTERNAL_CHECK, RevStatus.APPROVAL))
    approver = helper_member(org, "topmgmt", [Role.TOP_MANAGEMENT])  # not the author (separation of duties)
    services.revision_sign(actor=approver, organization=org, revision=rev, meaning=Meaning.APPROVED)
    release(org, procedure, admin)
    services.campaign_create(
        actor=admin,
        organization=org,
        title="宣贯",
        due_date=dt.date(2026, 12, 1),
        documents=[manual],
        departments=[ops],
    )
    services.document_acknowledge(actor=reader, organization=org, document=manual)
    counts = _counts(org)
    assert counts == {
        "documents.list_defined": 2,
        "documents.inventory_decided": 1,
        "documents.assignments_made": 1,
        "documents.drafts_reviewed": 1,
        "documents.manual_released": 1,
        "documents.procedures_released": 1,
        "documents.briefing_done": 1,
        "documents.second_edition_released": 0,
    }
