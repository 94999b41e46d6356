from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="mapping",
            name="sha256",
            field=models.CharField(blank=True, max_length=64, verbose_name="file SHA-256"),
        ),
        migrations.AddField(
            model_name="standard",
            name="sha256",
            field=models.CharField(blank=True, max_length=64, verbose_name="file SHA-256"),
        ),
    ]
