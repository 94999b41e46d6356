from itsms.core import audit, services
from itsms.core.models import AuditEntry, Department


def test_department_create_records_audit_entry(org, admin):
    dept = services.department_create(actor=admin, organization=org, name="运维部", code="OPS")
    entry = AuditEntry.objects.filter(organization=org).order_by("-seq").first()
    assert entry.action == "department.create"
    assert entry.object_id == str(dept.pk)
    assert entry.actor == admin
    assert entry.changes["name"] == [None, "运维部"]
    assert audit.verify(org).ok
    assert Department.objects.filter(organization=org).count() == 1
