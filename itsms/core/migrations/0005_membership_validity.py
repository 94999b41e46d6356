from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_export_jobs"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="valid_from",
            field=models.DateTimeField(blank=True, null=True, verbose_name="valid from"),
        ),
        migrations.AddField(
            model_name="membership",
            name="valid_until",
            field=models.DateTimeField(
                blank=True, help_text="Required for external auditors.", null=True, verbose_name="valid until"
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("valid_from__isnull", True),
                    ("valid_until__isnull", True),
                    ("valid_until__gt", models.F("valid_from")),
                    _connector="OR",
                ),
                name="membership_validity_order",
            ),
        ),
    ]
