import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def unsigned_until_signed(apps, schema_editor):  # noqa: ANN001, ANN201
    """Earlier versions named an approver without a signature: they wait for the top manager to sign."""
    Policy = apps.get_model("organization", "Policy")
    Policy.objects.update(status="draft", released_on=None)


class Migration(migrations.Migration):
    dependencies = [
        ("organization", "0002_appointment_dated_at_signature"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="policy", old_name="approved_by", new_name="signer"),
        migrations.AlterField(
            model_name="policy",
            name="signer",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.person",
                verbose_name="to be signed by (top management)",
            ),
        ),
        migrations.AddField(
            model_name="policy",
            name="status",
            field=models.CharField(
                choices=[("draft", "awaiting signature"), ("signed", "signed")],
                default="draft",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="policy",
            name="status_changed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="policy",
            name="status_changed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(unsigned_until_signed, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="policy",
            constraint=models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(released_on__isnull=False, status_changed_at__isnull=False),
                name="policy_released_when_signed",
            ),
        ),
    ]
