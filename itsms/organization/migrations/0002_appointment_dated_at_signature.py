import zoneinfo

from django.conf import settings
from django.db import migrations, models


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def date_letters_by_signature(apps, schema_editor):  # noqa: ANN001, ANN201
    """A signed letter takes the day of its signature; a draft carries no date until it is signed."""
    Appointment = apps.get_model("organization", "Appointment")
    for a in Appointment.objects.select_related("organization"):
        if a.status == "signed" and a.status_changed_at is not None:
            a.effective_date = a.status_changed_at.astimezone(_zone(a.organization.time_zone)).date()
        else:
            a.effective_date = None
        a.save(update_fields=["effective_date"])


class Migration(migrations.Migration):
    dependencies = [
        ("organization", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="appointment",
            name="effective_date",
            field=models.DateField(blank=True, null=True, verbose_name="effective date"),
        ),
        # Reverse: the typed dates are gone; the signature dates stay (the column is nullable again).
        migrations.RunPython(date_letters_by_signature, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="appointment",
            constraint=models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(effective_date__isnull=False, status_changed_at__isnull=False),
                name="appointment_signed_is_dated",
            ),
        ),
    ]
