# Separation of duties: who submitted a revision (an author too) and the review stage of a signature.
# Signatures given before stages were recorded keep a blank stage and count for no stage: a revision now
# in review needs its independent review again, the stricter reading.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_copy_recall"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="revision",
            name="submitted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="signature",
            name="stage",
            field=models.CharField(
                blank=True,
                choices=[
                    ("internal", "internal review (applicability)"),
                    ("external", "external check (completeness)"),
                ],
                default="",
                max_length=10,
                verbose_name="stage",
            ),
        ),
    ]
