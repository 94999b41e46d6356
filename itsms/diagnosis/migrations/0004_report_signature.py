import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The team lead's signature of the diagnosis report."""

    dependencies = [
        ("diagnosis", "0003_team_lead"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="diagnosisproject",
            name="report_signatory",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="diagnosis.teammember",
                verbose_name="signed as team lead",
            ),
        ),
        migrations.AddField(
            model_name="diagnosisproject",
            name="report_signed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="report signed at"),
        ),
        migrations.AddField(
            model_name="diagnosisproject",
            name="report_signed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="report signed by",
            ),
        ),
    ]
