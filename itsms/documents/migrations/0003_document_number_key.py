import unicodedata

from django.db import migrations, models


def _key(value: str) -> str:
    return "".join(unicodedata.normalize("NFKC", value).casefold().split())


def fill_keys(apps, schema_editor):  # noqa: ANN001, ANN201
    Document = apps.get_model("documents", "Document")
    for doc in Document.objects.only("pk", "number").iterator():
        Document.objects.filter(pk=doc.pk).update(number_key=_key(doc.number))


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_revision_returned"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="number_key",
            field=models.CharField(default="", editable=False, max_length=100),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                fields=("organization", "number_key"), name="document_unique_number_key"
            ),
        ),
    ]
