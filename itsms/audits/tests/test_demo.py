"""The demo's nonconformities went through corrective action in order, with consistent dates."""

from django.core.management import call_command
from django.utils import timezone

from itsms.audits.models import Improvement, Nonconformity
from itsms.audits.selectors import overdue_actions
from itsms.core import demo as core_demo
from itsms.core.models import AuditEntry, Organization, Reminder

ORDER = [
    "nonconformity.raise",
    "nonconformity.correction_recorded",
    "nonconformity.cause_analysed",
    "nonconformity.action_planned",
    "nonconformity.implemented",
    "nonconformity.verified",
    "nonconformity.closed",
]


def test_demo_corrective_actions(db, iso20000):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    org = Organization.objects.get(slug=core_demo.DEMO_SLUG)
    ncs = list(Nonconformity.objects.filter(organization=org, source="diagnosis").order_by("pk")[:5])
    assert [nc.status for nc in ncs] == [
        "closed",
        "action_planned",
        "action_planned",
        "correction_recorded",
        "cause_analysed",
    ]
    assert [nc.number for nc in overdue_actions(org)] == [ncs[2].number]
    for nc in ncs:
        entries = list(
            AuditEntry.objects.filter(
                organization=org, object_type="audits.nonconformity", object_id=str(nc.pk)
            )
            .order_by("seq")
            .values_list("action", "created_at")
        )
        times = [t for _, t in entries]
        assert times == sorted(times) and times[-1] <= timezone.now()
        if nc == ncs[1]:
            # Implemented, found not effective, back to planning.
            assert [a for a, _ in entries] == [*ORDER[:5], "nonconformity.action_planned"]
        else:
            assert [a for a, _ in entries] == ORDER[: len(entries)]
    closed = ncs[0]
    assert closed.verified_by.username == "auditor" and closed.action_owner.employee_no == "YL005"
    stamps = [closed.correction_at, closed.implemented_at, closed.verified_at, closed.closed_at]
    assert None not in stamps and stamps == sorted(stamps)  # type: ignore[type-var]
    assert sorted(Improvement.objects.filter(organization=org).values_list("status", flat=True)) == [
        "done",
        "proposed",
        "rejected",
    ]
    # The reopened action's owner is still reminded before its due date.
    assert Reminder.objects.filter(
        organization=org, topic=f"audits.nonconformity.{ncs[1].pk}.action"
    ).exists()
