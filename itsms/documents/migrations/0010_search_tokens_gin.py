# PostgreSQL: a GIN index over the search column as a tsvector of its words, taken as they are
# (array_to_tsvector: no parser, the words are already segmented and normalized in Python, and it costs
# less per row than to_tsvector when the planner filters rows read in the register's order). The expression
# is exactly `search.TokensMatch`'s, so the planner uses the index. A larger statistics target lets it
# estimate rare words well enough to choose the index over reading the register in order.
# SQLite has no such index and searches the column with LIKE.

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

INDEX = "doc_search_tokens_gin"
VECTOR = "array_to_tsvector(string_to_array(btrim(COALESCE(search_tokens, '')), ' '))"


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON documents_document USING gin (({VECTOR}))"
        )
        schema_editor.execute(f"ALTER INDEX {INDEX} ALTER COLUMN 1 SET STATISTICS 1000")


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0009_fill_search_tokens"),
    ]

    operations = [migrations.RunPython(create, drop)]
