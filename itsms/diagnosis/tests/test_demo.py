from django.core.management import call_command

from itsms.audits.models import Nonconformity
from itsms.core import demo as core_demo
from itsms.core.models import Organization
from itsms.diagnosis.models import Assessment, DiagnosisProject, DiagnosisStatus


def test_demo_diagnosis_is_finished_signed_and_idempotent(db, iso20000):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    org = Organization.objects.get(slug=core_demo.DEMO_SLUG)
    project = DiagnosisProject.objects.get(organization=org)
    assert project.status == DiagnosisStatus.ISSUED and project.report_issued_on is not None
    assert (
        project.report_signed_by.username == "mr" and project.report_signatory.person.employee_no == "YL002"
    )
    assert project.report_signed_at.date() <= project.report_issued_on
    total = Assessment.objects.filter(project=project).count()
    gaps = Assessment.objects.filter(project=project, result__in=["partly", "does_not_conform"]).count()
    assert total == iso20000.clauses.filter(requirements__retired=False).values("requirements").count()
    assert 0.3 < gaps / total < 0.37
    ncs = Nonconformity.objects.filter(organization=org, source="diagnosis")
    assert ncs.count() == Assessment.objects.filter(project=project, result="does_not_conform").count() > 0
    # Each nonconformity has its own statement.
    statements = [nc.statement for nc in ncs]
    assert len(set(statements)) == len(statements)
