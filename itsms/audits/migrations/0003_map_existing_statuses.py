"""Existing rows keep their status: open, action planned and closed are steps of the new lifecycle with the
same values (an action-planned row goes on to implementation; an open one starts with its correction). A
closed row gets its closing time from when its status last changed, as the new closure records it."""

from django.db import migrations
from django.db.models import F


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201
    Nonconformity = apps.get_model("audits", "Nonconformity")
    Nonconformity.objects.filter(status="closed", closed_at__isnull=True).update(
        closed_at=F("status_changed_at")
    )


def backwards(apps, schema_editor):  # noqa: ANN001, ANN201
    # Rows that reached a step the old lifecycle did not have go back to the nearest old status.
    Nonconformity = apps.get_model("audits", "Nonconformity")
    Nonconformity.objects.filter(status__in=["correction_recorded", "cause_analysed"]).update(status="open")
    Nonconformity.objects.filter(status__in=["implemented", "verified"]).update(status="action_planned")


class Migration(migrations.Migration):
    dependencies = [("audits", "0002_corrective_action_lifecycle")]

    operations = [migrations.RunPython(forwards, backwards)]
