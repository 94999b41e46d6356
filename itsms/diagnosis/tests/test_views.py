import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from itsms.audits.models import Nonconformity
from itsms.core.models import AuditEntry, Organization
from itsms.core.tests.export_flow import export_through_job
from itsms.diagnosis import selectors, services
from itsms.diagnosis.models import Assessment, DiagnosisProject, DiagnosisStatus
from itsms.diagnosis.tests.conftest import to_reporting


def _url(name: str, project: DiagnosisProject, **kwargs: object) -> str:
    return reverse(f"diagnosis:{name}", kwargs={"org": project.organization.slug, "pk": project.pk, **kwargs})


def _assess_all(org: Organization, project: DiagnosisProject, ops) -> None:  # noqa: ANN001
    """Every requirement assessed; every third a gap with a nonconformity and a document to write."""
    for i, req in enumerate(selectors.scope_requirements(project)):
        gap = i % 3 == 0
        services.assessment_save(
            actor=None,
            organization=org,
            project=project,
            requirement=req,
            result="does_not_conform" if gap else "conforms",
            gap="缺失" if gap else "",
            department=ops if gap else None,
            document_action="new" if gap else "",
            document_title=f"程序 {i}" if gap else "",
            nonconformity_grade="minor" if gap else "",
        )


def _grid_queries(client, project) -> tuple[int, int]:  # noqa: ANN001
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(_url("assessment_grid", project))
    assert response.status_code == 200
    return len(ctx), response.content.count(b'<tr id="req-')


def test_grid_queries_do_not_grow_with_the_library(org, mini, iso20000, law, ops, admin, client_for):
    client = client_for(admin)
    small = services.diagnosis_create(actor=None, organization=org, title="small", standards=[mini])
    full = services.diagnosis_create(actor=None, organization=org, title="full", standards=[iso20000])
    for project in (small, full):
        # A law of the basis, assessed in its own section of the grid.
        services.diagnosis_item_create(
            actor=None,
            organization=org,
            project=project,
            section="basis",
            kind="law",
            category="data_protection",
            title="个人信息保护法",
            library=law,
        )
    _assess_all(org, small, ops)
    _assess_all(org, full, ops)
    small_queries, small_rows = _grid_queries(client, small)
    full_queries, full_rows = _grid_queries(client, full)
    assert small_rows == 4 + 2
    assert full_rows == selectors.scope_requirements(full).count() > 90
    assert full_queries == small_queries


def test_htmx_row_edit_answers_the_row(org, project, reqs, admin, client_for):
    client = client_for(admin)
    url = _url("assessment_row", project, requirement=reqs[0].pk)
    form = client.get(url, headers={"HX-Request": "true"})
    assert form.status_code == 200
    assert b"<html" not in form.content and b'name="result"' in form.content
    saved = client.post(url, {"result": "partly", "gap": "只有部分记录"}, headers={"HX-Request": "true"})
    assert saved.status_code == 200
    assert b"Partly conforms" in saved.content and b'name="result"' not in saved.content
    assert Assessment.objects.get().gap == "只有部分记录"


def test_htmx_row_with_an_error_stays_a_form(org, project, reqs, admin, client_for):
    response = client_for(admin).post(
        _url("assessment_row", project, requirement=reqs[0].pk),
        {"result": "does_not_conform"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Describe the gap found." in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_requirement_outside_the_scope_is_404(org, project, iso20000, admin, client_for):
    outside = iso20000.clauses.filter(requirements__isnull=False).first().requirements.first()
    assert client_for(admin).get(_url("assessment_row", project, requirement=outside.pk)).status_code == 404


def test_tailoring_page_warns_about_certification(project, admin, client_for):
    response = client_for(admin).get(_url("item_add", project, kind="tailoring"))
    assert "cannot be excluded from certification" in response.content.decode()


def test_tailoring_page_refuses_a_missing_justification(project, reqs, admin, client_for):
    response = client_for(admin).post(
        _url("item_add", project, kind="tailoring"), {"requirement": reqs[0].pk, "decision": "not_applicable"}
    )
    assert response.status_code == 400
    assert "A tailoring decision needs a justification: say why." in response.content.decode()


def test_report_pdf_and_docx(org, project, reqs, ops, admin, client_for, django_capture_on_commit_callbacks):
    _assess_all(org, project, ops)
    services.diagnosis_item_create(
        actor=None, organization=org, project=project, section="document", code="QM-01", title="质量手册"
    )
    client = client_for(admin)
    job, pdf = export_through_job(
        client,
        org,
        "diagnosis.report",
        {"project": project.pk, "format": "pdf", "lang": "en"},
        django_capture_on_commit_callbacks,
    )
    assert pdf["Content-Type"] == "application/pdf"
    assert job.file.original_name == f"diagnosis-report-{project.pk}-en.pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.getvalue())).pages)
    number = Nonconformity.objects.order_by("pk").first().number
    assert number in text
    assert "1. Findings and nonconformities" in text and "4. Documents to write or revise" in text
    # 4 requirements: 2 gaps (positions 0 and 3), 2 conform -> 50.0% in total; clause 4.2 conforms fully.
    assert "50.0%" in text and "100.0%" in text
    assert "程序 0" in text
    job, docx = export_through_job(
        client,
        org,
        "diagnosis.report",
        {"project": project.pk, "format": "docx"},
        django_capture_on_commit_callbacks,
    )
    assert job.file.original_name == f"diagnosis-report-{project.pk}-zh-hans.docx"
    from docx import Document

    doc = Document(io.BytesIO(docx.getvalue()))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert number in cells and "50.0%" in cells
    # The organization's language (zh-hans) picks the standard's Chinese name.
    assert any("小型测试标准" in p.text for p in doc.paragraphs)


def test_report_buttons_post_to_the_export_job(org, project, admin, client_for):
    body = client_for(admin).get(_url("report", project)).content.decode()
    start = reverse("core:export_start", kwargs={"org": org.slug, "kind": "diagnosis.report"})
    assert body.count(f'action="{start}"') == 4
    assert 'name="format" value="docx"><input type="hidden" name="lang" value="en">' in body


def test_dashboard_shows_gaps_by_department(org, project, reqs, ops, admin, client_for):
    _assess_all(org, project, ops)
    body = client_for(admin).get(_url("dashboard", project)).content.decode()
    assert 'id="conformity-data"' in body
    assert "<td>运维部</td><td>2</td><td>2</td>" in body


def test_writing_tasks_are_refused_without_the_documents_module(org, project, reqs, mr, monkeypatch):
    import sys

    import pytest
    from django.core.exceptions import ValidationError

    services.assessment_save(
        actor=None,
        organization=org,
        project=project,
        requirement=reqs[0],
        result="partly",
        gap="缺",
        document_action="new",
        document_title="事件管理程序",
    )
    monkeypatch.setitem(sys.modules, "itsms.documents.services", None)
    with pytest.raises(ValidationError) as exc:
        services.writing_tasks_create(actor=mr, organization=org, project=project)
    assert exc.value.messages == ["Document-writing tasks need the documents module, which is not installed."]
    assert Assessment.objects.get().document_task_ref == ""


def test_writing_tasks_become_assignments(org, project, reqs, mr, client_for):
    from itsms.documents.models import WritingAssignment

    for req, title in ((reqs[0], "事件管理程序"), (reqs[1], "事件管理程序"), (reqs[2], "相关方清单")):
        services.assessment_save(
            actor=None,
            organization=org,
            project=project,
            requirement=req,
            result="partly",
            gap="缺",
            document_action="new" if title != "相关方清单" else "revise",
            document_title=title,
        )
    response = client_for(mr).post(_url("writing_tasks", project))
    assert response.status_code == 302
    assert sorted(
        WritingAssignment.objects.filter(organization=org).values_list("title", "kind", "source")
    ) == [
        ("事件管理程序", "new", "diagnosis"),
        ("相关方清单", "revise", "diagnosis"),
    ]
    assert set(Assessment.objects.values_list("document_task_ref", flat=True)) == {
        str(w.pk) for w in WritingAssignment.objects.all()
    }
    assert AuditEntry.objects.filter(organization=org, action="diagnosisproject.writing_tasks").count() == 1


def test_evidence_and_milestone(org, project, reqs, mr, lead):
    from itsms.core.evidence import collect
    from itsms.core.milestones import reached

    services.assessment_save(
        actor=None, organization=org, project=project, requirement=reqs[0], result="conforms"
    )
    assert reached(org, ["diagnosis.report_issued"])["diagnosis.report_issued"].count == 0
    to_reporting(project)
    services.diagnosis_report_sign(actor=lead, organization=org, project=project)
    services.diagnosis_transition(actor=mr, organization=org, project=project, target=DiagnosisStatus.ISSUED)
    assert reached(org, ["diagnosis.report_issued"])["diagnosis.report_issued"].count == 1
    # A self-assessment is not evidence: the diagnosis registers no provider.
    assert collect(org).get(reqs[0].urn, []) == []


def test_a_gap_is_not_evidence_that_the_requirement_is_met(org, project, reqs):
    from itsms.core.evidence import collect

    services.assessment_save(
        actor=None,
        organization=org,
        project=project,
        requirement=reqs[1],
        result="does_not_conform",
        gap="no procedure",
        nonconformity_grade="major",
    )
    assert [p.name for p, e in collect(org).get(reqs[1].urn, [])] == []


def test_project_page_lists_what_was_entered(org, project, reqs, admin, client_for):
    services.diagnosis_item_create(
        actor=None,
        organization=org,
        project=project,
        section="basis",
        kind="law",
        category="labour",
        title="劳动合同法",
    )
    services.diagnosis_item_create(
        actor=None,
        organization=org,
        project=project,
        section="team",
        external_name="李顾问",
        role="consultant",
        affiliation="重庆咨询",
    )
    body = client_for(admin).get(_url("project_detail", project)).content.decode()
    assert "劳动合同法" in body and "Labour" in body
    assert "李顾问" in body and "重庆咨询" in body
    assert "cannot be excluded from certification" in body


def test_create_page_makes_a_project(org, mini, ops, admin, client_for):
    response = client_for(admin).post(
        reverse("diagnosis:project_create", kwargs={"org": org.slug}),
        {"title": "首次诊断", "standards": [mini.pk], "departments": [ops.pk], "processes": "事件管理"},
    )
    project = DiagnosisProject.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("project_detail", project)
    assert project.title == "首次诊断"
