"""Issue 8: the report carries the findings, the fieldwork and the approval block the team lead signs."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from conftest import PASSWORD
from itsms.core.models import AuditEntry
from itsms.core.tests.export_flow import export_through_job
from itsms.diagnosis import services
from itsms.diagnosis.models import Assessment, DiagnosisProject, DiagnosisStatus
from itsms.diagnosis.tests.conftest import to_reporting

SIGNED_AT = dt.datetime(2026, 3, 5, 1, 30, tzinfo=dt.UTC)  # 09:30 in Chongqing


def _url(name, project, **kwargs):  # noqa: ANN001, ANN202
    return reverse(f"diagnosis:{name}", kwargs={"org": project.organization.slug, "pk": project.pk, **kwargs})


def _fieldwork(org, project, reqs, ops, law):  # noqa: ANN001, ANN202
    add = lambda section, **v: services.diagnosis_item_create(  # noqa: E731
        actor=None, organization=org, project=project, section=section, **v
    )
    add("basis", kind="law", category="data_protection", title="个人信息保护法", library=law)
    add("session", date=dt.date(2026, 3, 3), place="运维部", departments=[ops])
    add("session", date=dt.date(2026, 3, 2), place="总经办")
    add("interview", name="张运维", role="运维经理", held_on=dt.date(2026, 3, 3), notes="变更多为口头审批")
    add("record", title="2025年事件工单导出", notes="三成无关闭确认")
    add("observation", text="机房巡检记录缺少12月份", department=ops, observed_on=dt.date(2026, 3, 3))
    services.assessment_save(
        actor=None,
        organization=org,
        project=project,
        requirement=reqs[0],
        result="does_not_conform",
        gap="未识别内外部问题",
        cause="没有方法",
        evidence="查阅了管理评审记录",
        department=ops,
        nonconformity_grade="major",
    )
    services.assessment_save(
        actor=None, organization=org, project=project, requirement=reqs[1], result="partly", gap="评审不定期"
    )
    services.assessment_save(
        actor=None, organization=org, project=project, requirement=reqs[2], result="conforms", evidence="清单"
    )
    law_req = law.clauses.get(ref_id="5").requirements.order_by("order").last()
    services.assessment_save(
        actor=None,
        organization=org,
        project=project,
        requirement=law_req,
        result="does_not_conform",
        gap="隐私告知未发布",
        nonconformity_grade="minor",
    )


def _sign(org, project, lead):  # noqa: ANN001, ANN202
    to_reporting(project)
    with time_machine.travel(SIGNED_AT, tick=False):
        services.diagnosis_report_sign(actor=lead, organization=org, project=project)
    project.refresh_from_db()


# --- signing --------------------------------------------------------------------------------------------


def test_the_lead_signs_the_report(org, project, reqs, lead):
    services.assessment_save(
        actor=None, organization=org, project=project, requirement=reqs[0], result="conforms"
    )
    _sign(org, project, lead)
    assert (project.report_signed_at, project.report_signed_by, str(project.report_signatory)) == (
        SIGNED_AT,
        lead,
        "王组长",
    )
    entry = AuditEntry.objects.get(organization=org, action="diagnosisproject.sign")
    assert entry.changes == {
        "report_signed_at": [None, SIGNED_AT.isoformat()],
        "report_signed_by": [None, "Wang Lead"],
        "report_signatory": [None, "王组长"],
    }


def test_only_the_lead_signs(org, project, reqs, lead, mr):
    services.assessment_save(
        actor=None, organization=org, project=project, requirement=reqs[0], result="conforms"
    )
    to_reporting(project)
    with pytest.raises(PermissionDenied):
        services.diagnosis_report_sign(actor=mr, organization=org, project=project)
    project.refresh_from_db()
    assert project.report_signed_at is None
    assert not AuditEntry.objects.filter(action="diagnosisproject.sign").exists()


def test_signing_needs_the_reporting_step_and_a_lead(org, project, reqs, mr):
    services.assessment_save(
        actor=None, organization=org, project=project, requirement=reqs[0], result="conforms"
    )
    with pytest.raises(ValidationError) as exc:
        services.diagnosis_report_sign(actor=None, organization=org, project=project)
    assert exc.value.messages == ["The report is signed when the diagnosis is in reporting."]
    to_reporting(project)
    with pytest.raises(ValidationError) as exc:
        services.diagnosis_report_sign(actor=None, organization=org, project=project)
    assert exc.value.messages == ["Name the lead of the diagnosis team before the report is signed."]


def test_a_second_lead_is_refused(org, project, lead):
    with pytest.raises(ValidationError) as exc:
        services.diagnosis_item_create(
            actor=None,
            organization=org,
            project=project,
            section="team",
            external_name="李",
            role="consultant",
            is_lead=True,
        )
    assert exc.value.message_dict == {"is_lead": ["This diagnosis team already has a lead."]}
    assert project.team.count() == 1


def test_an_outside_member_cannot_be_the_lead(org, project):
    with pytest.raises(ValidationError) as exc:
        services.diagnosis_item_create(
            actor=None,
            organization=org,
            project=project,
            section="team",
            external_name="李",
            role="consultant",
            is_lead=True,
        )
    assert exc.value.message_dict == {
        "person": ["The team lead signs the report: choose one of our people who has a login."]
    }


def test_issuing_needs_the_signature_and_signed_means_frozen(org, project, reqs, lead, mr):
    services.assessment_save(
        actor=None, organization=org, project=project, requirement=reqs[0], result="conforms"
    )
    to_reporting(project)
    with pytest.raises(ValidationError) as exc:
        services.diagnosis_transition(
            actor=mr, organization=org, project=project, target=DiagnosisStatus.ISSUED
        )
    assert exc.value.messages == ["The lead of the diagnosis team signs the report before it is issued."]
    project.refresh_from_db()
    assert (project.status, project.report_issued_on) == (DiagnosisStatus.REPORTING, None)
    _sign(org, project, lead)
    with pytest.raises(ValidationError) as exc:
        services.assessment_save(
            actor=mr, organization=org, project=project, requirement=reqs[0], result="partly", gap="x"
        )
    assert "The team lead has signed the report; it can no longer be changed." in exc.value.messages[0]
    assert Assessment.objects.get().result == "conforms"
    services.diagnosis_transition(actor=mr, organization=org, project=project, target=DiagnosisStatus.ISSUED)
    project.refresh_from_db()
    assert project.status == DiagnosisStatus.ISSUED


def test_back_on_site_withdraws_the_signature(org, project, reqs, lead, mr):
    services.assessment_save(
        actor=None, organization=org, project=project, requirement=reqs[0], result="conforms"
    )
    _sign(org, project, lead)
    services.diagnosis_transition(actor=mr, organization=org, project=project, target=DiagnosisStatus.ON_SITE)
    project.refresh_from_db()
    assert (project.report_signed_at, project.report_signed_by, project.report_signatory) == (
        None,
        None,
        None,
    )
    entry = AuditEntry.objects.get(
        organization=org, action="diagnosisproject.on_site", changes__has_key="report_signed_at"
    )
    assert entry.changes["report_signed_at"] == [SIGNED_AT.isoformat(), None]
    assert entry.changes["report_signatory"] == ["王组长", None]


def test_sign_page_reauthenticates(org, project, reqs, lead, client_for):
    services.assessment_save(
        actor=None, organization=org, project=project, requirement=reqs[0], result="conforms"
    )
    to_reporting(project)
    client = client_for(lead)
    assert 'id="sign-form"' in client.get(_url("report", project)).content.decode()
    wrong = client.post(_url("report_sign", project), {"password": "wrong"})
    assert wrong.status_code == 400
    assert "The password or code is not correct; the report was not signed." in wrong.content.decode()
    project.refresh_from_db()
    assert project.report_signed_at is None
    # The whole visit at the signing time (the session's idle limit counts from its last request).
    with time_machine.travel(SIGNED_AT, tick=False):
        ok = client.post(_url("report_sign", project), {"password": PASSWORD})
        assert ok.status_code == 302
        body = client.get(ok["Location"]).content.decode()
    assert "Signed electronically by Wang Lead on 2026-03-05 09:30 (UTC+08:00)" in body
    assert 'id="sign-form"' not in body


def test_sign_page_refuses_someone_else(org, project, reqs, lead, mr, client_for):
    services.assessment_save(
        actor=None, organization=org, project=project, requirement=reqs[0], result="conforms"
    )
    to_reporting(project)
    client = client_for(mr)
    assert 'id="sign-form"' not in client.get(_url("report", project)).content.decode()
    assert client.post(_url("report_sign", project), {"password": PASSWORD}).status_code == 403
    project.refresh_from_db()
    assert project.report_signed_at is None


# --- the report's content, PDF and DOCX, English and Chinese ---------------------------------------------


def _pdf_text(response) -> str:  # noqa: ANN001
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.getvalue())).pages)


def _docx_text(response) -> str:  # noqa: ANN001
    doc = Document(io.BytesIO(response.getvalue()))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" | ".join(c.text for c in row.cells))
    return "\n".join(lines)


def _export(client, org, project, fmt, lang, capture):  # noqa: ANN001, ANN202
    params = {"project": project.pk, "format": fmt, **({"lang": lang} if lang else {})}
    return export_through_job(client, org, "diagnosis.report", params, capture)[1]


@pytest.fixture
def signed(org, project, reqs, ops, law, lead) -> DiagnosisProject:  # noqa: ANN001
    _fieldwork(org, project, reqs, ops, law)
    _sign(org, project, lead)
    return project


def _numbers(project):  # noqa: ANN001, ANN202
    from itsms.diagnosis.selectors import project_nonconformities

    return [nc.number for nc in project_nonconformities(project).order_by("pk")]


def test_docx_report_in_english(org, signed, reqs, admin, client_for, django_capture_on_commit_callbacks):
    text = _docx_text(
        _export(client_for(admin), org, signed, "docx", "en", django_capture_on_commit_callbacks)
    )
    first, law_nc = _numbers(signed)
    assert "Fieldwork dates: 2026-03-02, 2026-03-03" in text
    assert "张运维 | 运维经理 | 2026-03-03 | 变更多为口头审批" in text
    assert "2025年事件工单导出 |  | 三成无关闭确认" in text
    assert "机房巡检记录缺少12月份 | 运维部 | 2026-03-03" in text
    assert "Laws and regulations assessed: 个人信息保护法 (PIPL-TEST)" in text
    assert "个人信息保护法 (Data and personal-information protection)" in text
    assert f"{reqs[0].ref} — Does not conform" in text
    assert f"Requirement | {reqs[0].ref} Know the internal and external issues." in text
    for line in (
        "Finding | 未识别内外部问题",
        "Cause | 没有方法",
        "Evidence seen | 查阅了管理评审记录",
        "Grade | Major",
        f"Nonconformity number | {first}",
    ):
        assert line in text
    # A partial gap without a nonconformity, and the law's finding beside the standard's.
    assert f"{reqs[1].ref} — Partly conforms" in text and "Nonconformity number | —" in text
    assert "Finding | 隐私告知未发布" in text and f"Nonconformity number | {law_nc}" in text
    assert "PIPL-TEST 5 Processing rules" in text
    assert "Lead of the diagnosis team | 王组长 (Qualified internal auditor, 质量与体系部)" in text
    assert "Signature | Signed electronically by Wang Lead on 2026-03-05 09:30 (UTC+08:00)" in text


def test_docx_report_in_chinese(org, signed, reqs, admin, client_for, django_capture_on_commit_callbacks):
    text = _docx_text(_export(client_for(admin), org, signed, "docx", "", django_capture_on_commit_callbacks))
    first, _ = _numbers(signed)
    assert "现场诊断日期：2026-03-02, 2026-03-03" in text
    assert "个人信息保护法 (数据与个人信息保护)" in text
    assert f"{reqs[0].ref} — 不符合" in text
    for line in (
        "诊断发现 | 未识别内外部问题",
        "原因 | 没有方法",
        "所见证据 | 查阅了管理评审记录",
        "等级 | 严重",
    ):
        assert line in text
    assert f"不符合项编号 | {first}" in text
    assert "诊断组长 | 王组长 (合格内审员, 质量与体系部)" in text
    assert "签名 | Wang Lead 于 2026-03-05 09:30 (UTC+08:00) 电子签署" in text
    assert "1. 诊断发现与不符合项" in text and "5. 批准" in text


def test_pdf_report_in_both_languages(
    org, signed, reqs, admin, client_for, django_capture_on_commit_callbacks
):
    client = client_for(admin)
    first, law_nc = _numbers(signed)
    en = _pdf_text(_export(client, org, signed, "pdf", "en", django_capture_on_commit_callbacks))
    for s in (
        "1. Findings and nonconformities",
        "People interviewed",
        "Records sampled",
        "未识别内外部问题",
        "查阅了管理评审记录",
        first,
        law_nc,
        "5. Approval",
        "Signed electronically by Wang Lead on 2026-03-05 09:30 (UTC+08:00)",
    ):
        assert s in en, s
    zh = _pdf_text(_export(client, org, signed, "pdf", "", django_capture_on_commit_callbacks))
    for s in ("1. 诊断发现与不符合项", "访谈人员", "抽查的记录", "所见证据", "5. 批准", "电子签署"):
        assert s in zh, s


def test_keep_revise_withdraw_are_in_the_reports_language(
    org, project, reqs, admin, client_for, django_capture_on_commit_callbacks
):
    from itsms.documents import services as documents

    for title, decision in (("质量手册", "keep"), ("值班制度", "revise"), ("旧流程", "withdraw")):
        item = documents.inventory_item_create(actor=None, organization=org, title=title, reference=title)
        documents.inventory_item_decide(actor=None, organization=org, item=item, decision=decision)
    services.assessment_save(
        actor=None, organization=org, project=project, requirement=reqs[0], result="conforms"
    )
    client = client_for(admin)
    zh = _docx_text(_export(client, org, project, "docx", "", django_capture_on_commit_callbacks))
    assert (
        "质量手册 | 质量手册 | 保留" in zh
        and "值班制度 | 值班制度 | 修订" in zh
        and "旧流程 | 旧流程 | 作废" in zh
    )
    en = _docx_text(_export(client, org, project, "docx", "en", django_capture_on_commit_callbacks))
    assert "质量手册 | 质量手册 | keep" in en and "旧流程 | 旧流程 | withdraw" in en


def test_report_page_shows_the_findings(org, signed, reqs, admin, client_for):
    body = client_for(admin).get(_url("report", signed)).content.decode()
    first, _ = _numbers(signed)
    assert "未识别内外部问题" in body and "没有方法" in body and "查阅了管理评审记录" in body
    assert f"<td>Major</td><td>{first}</td>" in body
    assert "Signed electronically by Wang Lead on 2026-03-05 09:30 (UTC+08:00)" in body
