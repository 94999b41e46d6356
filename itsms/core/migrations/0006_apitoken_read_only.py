from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_membership_validity"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="read_only",
            field=models.BooleanField(default=False, verbose_name="read-only"),
        ),
    ]
