"""Readiness never claims what the evidence does not show: rules per clause, pending sources, blockers,
the 3-month window, one set of providers for the page, the command, the coverage report and the tasks."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from itsms.audits import services as audits
from itsms.audits.models import Nonconformity
from itsms.catalogue.models import DocumentedInfo, Requirement
from itsms.core import evidence as core_evidence
from itsms.core.evidence import Evidence
from itsms.core.timezones import org_today
from itsms.diagnosis import services as diagnosis
from itsms.documents import services as documents
from itsms.documents.coverage import coverage
from itsms.documents.models import DocType
from itsms.documents.tests.conftest import release
from itsms.organization import services as design
from itsms.organization.models import ContextIssue
from itsms.programme import services
from itsms.programme.models import Programme, Task, TaskStatus
from itsms.programme.readiness import clause_readiness, plan_warnings, readiness_report
from itsms.programme.selectors import annotate_tasks

URN = "urn:itsms:std:iso-iec-20000-1:2018"


def _rows(org):  # noqa: ANN001, ANN202
    return {r.clause.ref_id: r for r in clause_readiness(org)}


def test_a_new_organization_scores_zero_and_the_command_prints_json(org, iso20000):
    out = StringIO()
    call_command("readiness", "--org", org.slug, "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["overall"] == 0
    clauses = {c["ref"]: c for c in report["clauses"]}
    assert all(c["status"] == "missing" for c in clauses.values())
    assert clauses["9.2"] == {
        "ref": "9.2",
        "status": "missing",
        "missing": [
            "no internal audit records (the internal-audit module is not in use yet)",
            "no document in force answering its requirements",
        ],
        "evidence": [],
    }
    assert (
        "no management review records (the management-review module is not in use yet)"
        in clauses["9.3"]["missing"]
    )
    assert (
        "no incident, request and problem records (the ticket module is not in use yet)"
        in clauses["8.6.2"]["missing"]
    )
    assert clauses["4.3"]["missing"] == ["no document in force for “SMS scope”", "no scope statement"]


def test_the_plan_warns_that_no_internal_audit_and_no_review_are_recorded(org, admin):
    programme = services.programme_start(actor=admin, organization=org, start_date=dt.date(2026, 3, 2))
    services.plan_update(
        actor=admin,
        organization=org,
        programme=programme,
        operating_since=dt.date(2026, 3, 1),
        stage2_target=dt.date(2026, 9, 1),
    )
    warnings = [str(w) for w in plan_warnings(org, Programme.objects.get(pk=programme.pk))]
    assert warnings == [
        "No internal audit is recorded (the internal-audit module is not in use yet); one is needed before stage 2.",
        "No management review is recorded (the management-review module is not in use yet); one is needed "
        "before stage 2.",
    ]


def test_a_task_waiting_for_a_pending_milestone_stays_a_manual_task(org, admin):
    services.programme_start(actor=admin, organization=org, start_date=dt.date(2026, 3, 2))
    tasks = [t for t in Task.objects.filter(organization=org) if "audits.internal_audit_done" in t.milestones]
    if not tasks:
        pytest.skip("the method's template names no internal-audit milestone")
    assert [t.auto for t in annotate_tasks(org, tasks)] == [False] * len(tasks)


def test_records_ready_until_an_open_major_nonconformity_blocks_the_clause(org, admin, client_for, iso20000):
    design.record_create(
        actor=None, organization=org, model=ContextIssue, kind="internal", title="Legacy tools"
    )
    row = _rows(org)["4.1"]
    assert (row.status, row.missing) == ("ready", [])
    assert [(e.kind, e.count, e.latest) for e in row.evidence] == [("organization.context", 1, None)]
    req = Requirement.objects.filter(clause__ref_id="4.1", retired=False).order_by("pk").first()
    audits.nonconformity_raise(
        actor=admin, organization=org, source="other", statement="Minor", grade="minor", requirement=req
    )
    assert _rows(org)["4.1"].status == "ready"
    major = audits.nonconformity_raise(
        actor=admin, organization=org, source="other", statement="No review", grade="major", requirement=req
    )
    row = _rows(org)["4.1"]
    assert (row.status, row.missing) == ("partial", ["open major nonconformities: 1"])
    assert _rows(org)["4"].status == "partial"
    # The link shows exactly the blocking nonconformity.
    body = client_for(admin).get(row.blockers[0].url).content.decode()
    assert major.number in body
    assert Nonconformity.objects.filter(organization=org).count() == 2
    assert body.count('<tr><td class="text-nowrap">') == 1
    _walk_to_closed(org, major)
    assert _rows(org)["4.1"].status == "ready"


def test_a_conforming_self_assessment_is_not_evidence(org, iso20000):
    project = diagnosis.diagnosis_create(
        actor=None, organization=org, title="差距分析", standards=[iso20000], departments=[], processes="x"
    )
    req = Requirement.objects.filter(clause__ref_id="4.1", retired=False).first()
    diagnosis.assessment_save(
        actor=None, organization=org, project=project, requirement=req, result="conforms"
    )
    row = _rows(org)["4.1"]
    assert (row.status, row.evidence, row.missing) == ("missing", [], ["no context issues"])


def test_operational_records_count_only_within_three_months(org, iso20000, monkeypatch):
    monkeypatch.setattr(core_evidence, "_providers", dict(core_evidence._providers))
    monkeypatch.setattr(core_evidence, "_kinds", dict(core_evidence._kinds))
    answer = {"recent": 0}

    def tickets(o):  # noqa: ANN001, ANN202
        return {
            f"{URN}:c:8.6.2#tickets.records": Evidence(
                5, dt.date(2026, 1, 5), "/t/", "Service requests", "tickets.records", answer["recent"]
            )
        }

    core_evidence.register_provider(
        "tickets", "Tickets", tickets, kinds={"tickets.records": "ticket records"}
    )
    row = _rows(org)["8.6.2"]
    assert row.missing == [
        "no incident, request and problem records in the last 3 months",
        "no document in force answering its requirements",
    ]
    assert [(e.count, e.url) for e in row.evidence] == [(0, "/t/")]
    answer["recent"] = 2
    row = _rows(org)["8.6.2"]
    assert (row.status, row.missing) == ("partial", ["no document in force answering its requirements"])


def test_readiness_coverage_and_programme_agree(org, admin, client_for, iso20000):
    services.programme_start(actor=admin, organization=org, start_date=dt.date(2026, 3, 2))
    scope_item = DocumentedInfo.objects.get(clause__ref_id="4.3", retired=False)
    doc = documents.document_create(
        actor=admin,
        organization=org,
        title="服务管理手册",
        doc_type=DocType.MANUAL,
        documented_info=[scope_item],
        requirements=list(Requirement.objects.filter(clause__ref_id="4.3", retired=False)),
    )
    documents.document_create(  # mapped, never released: not evidence
        actor=admin, organization=org, title="草稿", doc_type=DocType.PROCEDURE, documented_info=[scope_item]
    )
    procedure = documents.document_create(
        actor=admin, organization=org, title="事件管理程序", doc_type=DocType.PROCEDURE
    )
    release(org, procedure, admin, effective=org_today(org))

    def agree(expected: int) -> None:
        row = _rows(org)["4.3"]
        counted = [e for e in row.evidence if e.url.endswith(f"info={scope_item.pk}")]
        report = coverage(org)
        covered = {i.pk: e for i, e in report.covered_info}
        (task,) = [
            t
            for t in Task.objects.filter(organization=org)
            if "documents.procedures_released" in t.milestones
        ]
        annotated = annotate_tasks(org, [task])[0]
        if expected:
            assert counted[0].count == covered[scope_item.pk].count == expected
            assert counted[0].url == covered[scope_item.pk].url
            assert "no document in force for “SMS scope”" not in row.missing
            assert annotated.effective_status == TaskStatus.DONE
            proofs = {m.key: e for m, e in annotated.proofs}
            assert proofs["documents.manual_released"].count == expected
            page = client_for(admin).get(counted[0].url).content.decode()
            assert doc.number in page and "草稿" not in page
        else:
            assert counted == []
            assert scope_item in report.missing_info and scope_item.pk in report.pending_info
            assert "no document in force for “SMS scope”" in row.missing
            assert annotated.effective_status != TaskStatus.DONE

    agree(0)
    release(org, doc, admin, effective=org_today(org))
    agree(1)
    documents.document_withdraw(actor=admin, organization=org, document=doc, reason="replaced")
    agree(0)


def test_a_revision_effective_later_is_not_yet_in_force(org, admin, iso20000):
    scope_item = DocumentedInfo.objects.get(clause__ref_id="4.3", retired=False)
    doc = documents.document_create(
        actor=admin, organization=org, title="手册", doc_type=DocType.MANUAL, documented_info=[scope_item]
    )
    release(org, doc, admin, effective=org_today(org) + dt.timedelta(days=10))
    assert "no document in force for “SMS scope”" in _rows(org)["4.3"].missing


def test_readiness_query_count_is_constant(org, admin, client_for, iso20000, django_assert_max_num_queries):
    url = reverse("programme:readiness", kwargs={"org": org.slug})
    client = client_for(admin)
    design.record_create(actor=None, organization=org, model=ContextIssue, kind="internal", title="I0")
    with django_assert_max_num_queries(60) as small:
        assert client.get(url).status_code == 200
    for i in range(30):
        design.record_create(
            actor=None, organization=org, model=ContextIssue, kind="internal", title=f"I{i + 1}"
        )
        audits.nonconformity_raise(
            actor=admin,
            organization=org,
            source="other",
            statement=f"NC {i}",
            grade="major",
            requirement=Requirement.objects.filter(retired=False).order_by("pk")[i],
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    body = response.content.decode()
    assert 'data-clause="4.1" data-status="partial"' in body
    assert (
        f'href="/o/{org.slug}/design/context/" data-kind="organization.context">Context issues: 31</a>'
        in body
    )


def test_readiness_report_matches_the_page(org, admin, client_for, iso20000):
    design.record_create(actor=None, organization=org, model=ContextIssue, kind="internal", title="I0")
    report = readiness_report(org)
    body = client_for(admin).get(reverse("programme:readiness", kwargs={"org": org.slug})).content.decode()
    for c in report["clauses"]:
        assert f'data-clause="{c["ref"]}" data-status="{c["status"]}"' in body
    ready = [c["ref"] for c in report["clauses"] if c["status"] == "ready"]
    assert ready == ["4.1"]
    assert report["overall"] == round(1 / sum(1 for r in clause_readiness(org) if r.leaf), 4)


def test_the_coverage_page_links_to_the_documents_it_counted(org, admin, client_for, iso20000):
    scope_item = DocumentedInfo.objects.get(clause__ref_id="4.3", retired=False)
    doc = documents.document_create(
        actor=admin, organization=org, title="手册", doc_type=DocType.MANUAL, documented_info=[scope_item]
    )
    release(org, doc, admin, effective=org_today(org))
    body = client_for(admin).get(reverse("documents:coverage", kwargs={"org": org.slug})).content.decode()
    link = f'href="/o/{org.slug}/documents/?in_force=1&amp;info={scope_item.pk}">1 document in force</a>'
    assert f'<li data-item="{scope_item.urn}">4.3 SMS scope: <a {link}' in body
    listed = (
        client_for(admin).get(f"/o/{org.slug}/documents/?in_force=1&info={scope_item.pk}").content.decode()
    )
    assert doc.number in listed


def _walk_to_closed(org, nc) -> None:  # noqa: ANN001
    """Every step of the corrective-action lifecycle, as the system (the steps' own tests check roles)."""
    import datetime as dt

    from itsms.core import services as core

    audits.nonconformity_record_correction(actor=None, organization=org, nonconformity=nc, correction="c")
    audits.nonconformity_analyse_cause(
        actor=None,
        organization=org,
        nonconformity=nc,
        why_chain=[("w", "b")],
        cause_category="process",
        root_cause="r",
    )
    owner = core.person_create(actor=None, organization=org, full_name="Owner")
    audits.nonconformity_plan_action(
        actor=None, organization=org, nonconformity=nc, plan="p", owner=owner, due=dt.date(2099, 1, 1)
    )
    audits.nonconformity_record_implementation(actor=None, organization=org, nonconformity=nc, evidence="e")
    audits.nonconformity_verify(actor=None, organization=org, nonconformity=nc, effective=True, note="n")
    audits.nonconformity_close(actor=None, organization=org, nonconformity=nc)
