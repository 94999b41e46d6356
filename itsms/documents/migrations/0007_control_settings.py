# The organization's own document-control rules (independent reviews per stage, independent approver).

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_access_log"),
        ("documents", "0006_sod_authors_and_stages"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ControlSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "internal_reviewers_required",
                    models.PositiveSmallIntegerField(
                        default=1,
                        help_text="People other than the author who signed as reviewer or whose comments were resolved at this stage.",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(10),
                        ],
                        verbose_name="independent reviews required in the internal review",
                    ),
                ),
                (
                    "external_reviewers_required",
                    models.PositiveSmallIntegerField(
                        default=1,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(10),
                        ],
                        verbose_name="independent reviews required in the external check",
                    ),
                ),
                (
                    "approver_independent",
                    models.BooleanField(
                        default=False, verbose_name="the approver must not have signed as reviewer"
                    ),
                ),
                ("updated_at", models.DateTimeField(blank=True, null=True)),
                (
                    "organization",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="document_control_settings",
                        to="core.organization",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "document control settings",
                "verbose_name_plural": "document control settings",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("external_reviewers_required__gte", 1), ("internal_reviewers_required__gte", 1)
                        ),
                        name="doc_control_settings_min_one_review",
                    )
                ],
            },
        ),
    ]
