from itsms.audits.models import Nonconformity
from itsms.core import demo as core_demo
from itsms.diagnosis import demo
from itsms.diagnosis.models import Assessment, DiagnosisProject, DiagnosisStatus


def test_demo_diagnosis_is_finished_and_idempotent(db, iso20000):
    ctx = core_demo.seed()
    demo.seed(ctx)
    demo.seed(ctx)
    project = DiagnosisProject.objects.get(organization=ctx.organization)
    assert project.status == DiagnosisStatus.ISSUED and project.report_issued_on is not None
    total = Assessment.objects.filter(project=project).count()
    gaps = Assessment.objects.filter(project=project, result__in=["partly", "does_not_conform"]).count()
    assert total == iso20000.clauses.filter(requirements__retired=False).values("requirements").count()
    assert 0.3 < gaps / total < 0.37
    ncs = Nonconformity.objects.filter(organization=ctx.organization, source="diagnosis").count()
    assert ncs == Assessment.objects.filter(project=project, result="does_not_conform").count() > 0
