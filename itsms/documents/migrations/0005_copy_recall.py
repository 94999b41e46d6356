"""Withdrawal recalls the copies (a recall list: returned or destroyed) and ends open acknowledgements."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("documents", "0004_receipt_one_per_person"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="receipt",
            name="ended_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ended"),
        ),
        migrations.CreateModel(
            name="CopyRecall",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("copy_number", models.PositiveIntegerField(verbose_name="copy number")),
                ("holder", models.CharField(max_length=200, verbose_name="holder")),
                ("reason", models.CharField(blank=True, max_length=300, verbose_name="reason")),
                ("recalled_at", models.DateTimeField(verbose_name="recalled")),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("pending", "not yet back"),
                            ("returned", "returned"),
                            ("destroyed", "destroyed"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="outcome",
                    ),
                ),
                ("outcome_on", models.DateField(blank=True, null=True, verbose_name="date")),
                ("outcome_at", models.DateTimeField(blank=True, null=True)),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="recalls",
                        to="documents.document",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.organization"
                    ),
                ),
                (
                    "outcome_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recalled_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "target",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="recall",
                        to="documents.distributiontarget",
                    ),
                ),
            ],
            options={
                "ordering": ["document", "copy_number"],
                "indexes": [models.Index(fields=["organization", "outcome"], name="copyrecall_org_outcome")],
            },
        ),
    ]
