# The search column: number, title and text segmented into words (Chinese by jieba), see documents/search.py.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0007_control_settings"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="search_tokens",
            field=models.TextField(blank=True, default="", editable=False),
        ),
    ]
