# The register's order (number, id) without external documents, for its first and keyset pages.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0011_number_key_prefix_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                condition=models.Q(("level", "EXT"), _negated=True),
                fields=["organization", "number", "id"],
                name="doc_org_register_order",
            ),
        ),
    ]
