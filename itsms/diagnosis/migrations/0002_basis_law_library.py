import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """A law or regulation of the basis can point at a library of the catalogue; more law categories."""

    dependencies = [
        ("catalogue", "0001_initial"),
        ("diagnosis", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="basisitem",
            name="library",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalogue.standard",
                verbose_name="library in the catalogue",
            ),
        ),
        migrations.AlterField(
            model_name="basisitem",
            name="category",
            field=models.CharField(
                blank=True,
                choices=[
                    ("cybersecurity", "Cybersecurity"),
                    ("data_protection", "Data and personal-information protection"),
                    ("safety", "Safety"),
                    ("service", "Service"),
                    ("environmental", "Environmental"),
                    ("labour", "Labour"),
                ],
                max_length=20,
                verbose_name="category",
            ),
        ),
    ]
