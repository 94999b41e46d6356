# Search by the start of a number: LIKE 'prefix%' on PostgreSQL needs the pattern operator class.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0010_search_tokens_gin"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                fields=["number_key"], opclasses=["varchar_pattern_ops"], name="doc_number_key_prefix"
            ),
        ),
    ]
