import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_spine_numbering_notifications"),
        ("training", "0002_session_duration"),
    ]

    operations = [
        migrations.CreateModel(
            name="TrainingSettings",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "sign_in_opens_minutes",
                    models.PositiveSmallIntegerField(
                        default=30,
                        validators=[django.core.validators.MaxValueValidator(1440)],
                        verbose_name="sign-in opens (minutes before the start)",
                    ),
                ),
                (
                    "sign_in_closes_minutes",
                    models.PositiveSmallIntegerField(
                        default=60,
                        validators=[django.core.validators.MaxValueValidator(1440)],
                        verbose_name="sign-in closes (minutes after the end)",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "organization",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.organization"
                    ),
                ),
            ],
            options={
                "verbose_name": "training settings",
                "verbose_name_plural": "training settings",
            },
        ),
    ]
