"""The diagnosis with the full ISO/IEC 20000-1 library: every requirement assessed, a third with a gap and a
nonconformity; times the assessment grid page and the PDF and DOCX report."""

from __future__ import annotations

from django.test import Client

from itsms.catalogue.services import builtin_library_ensure
from itsms.core import services
from itsms.core.models import Organization, Role, User
from itsms.diagnosis import services as diagnosis
from itsms.diagnosis.exports import report_docx, report_pdf
from itsms.diagnosis.selectors import scope_requirements

from .timing import percentiles


def run() -> dict[str, object]:
    standard = builtin_library_ensure("iso-iec-20000-1-2018.yaml")
    assert standard is not None
    org = Organization.objects.filter(slug="bench-diag").first() or services.organization_create(
        actor=None, slug="bench-diag", name_zh="基准诊断", name_en="Bench diagnosis"
    )
    dept = services.department_create(actor=None, organization=org, name="运维部")
    project = diagnosis.diagnosis_create(actor=None, organization=org, title="基准诊断", standards=[standard])
    requirements = list(scope_requirements(project))
    for i, req in enumerate(requirements):
        gap = i % 3 == 0
        diagnosis.assessment_save(
            actor=None,
            organization=org,
            project=project,
            requirement=req,
            result="does_not_conform" if gap else "conforms",
            gap="缺少记录" if gap else "",
            department=dept if gap else None,
            document_action="new" if gap else "",
            document_title=f"程序 {i}" if gap else "",
            # Saving a gap raises its nonconformity, graded here.
            nonconformity_grade="minor" if gap else "",
        )
    user = User.objects.filter(username="bench-mr").first() or services.user_create(
        username="bench-mr", email="bench-mr@example.com", password="bench-password-2026"
    )
    services.membership_add(actor=None, organization=org, user=user, roles=[Role.MANAGEMENT_REP])
    client = Client()
    client.force_login(user)
    grid = f"/o/{org.slug}/diagnosis/{project.pk}/assessments/"
    figures: dict[str, object] = {"requirements": len(requirements)}
    figures["assessment_grid"] = percentiles(lambda: client.get(grid))
    figures["report_pdf_zh"] = percentiles(lambda: report_pdf(project, language="zh-hans"), repeat=5)
    figures["report_pdf_en"] = percentiles(lambda: report_pdf(project, language="en"), repeat=5)
    figures["report_docx"] = percentiles(lambda: report_docx(project, language="zh-hans"), repeat=10)
    return figures
