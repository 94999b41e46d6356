# Fill the search column of the documents registered before it existed.

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def fill(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from itsms.documents.search import reindex

    Document = apps.get_model("documents", "Document")
    rows = Document.objects.using(schema_editor.connection.alias).only(
        "pk", "number", "title", "search_text", "search_tokens"
    )
    if rows.exists():
        reindex(rows.order_by("pk").iterator(chunk_size=500))


def empty(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Document = apps.get_model("documents", "Document")
    Document.objects.using(schema_editor.connection.alias).update(search_tokens="")


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0008_document_search_tokens"),
    ]

    operations = [migrations.RunPython(fill, empty)]
