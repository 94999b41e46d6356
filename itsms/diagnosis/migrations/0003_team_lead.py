from django.db import migrations, models


class Migration(migrations.Migration):
    """One member of a diagnosis team is its lead (who signs the report)."""

    dependencies = [
        ("diagnosis", "0002_basis_law_library"),
    ]

    operations = [
        migrations.AddField(
            model_name="teammember",
            name="is_lead",
            field=models.BooleanField(default=False, verbose_name="team lead"),
        ),
        migrations.AlterModelOptions(
            name="teammember",
            options={
                "ordering": ["-is_lead", "id"],
                "verbose_name": "team member",
                "verbose_name_plural": "team members",
            },
        ),
        migrations.AddConstraint(
            model_name="teammember",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_lead", True)), fields=("project",), name="diagnosis_team_one_lead"
            ),
        ),
    ]
