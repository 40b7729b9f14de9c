"""The order of a search without words (the landing page, a filter or a radius alone): boost, newest first,
then the object. With an index in that order the database reads rows in order and stops after one page,
instead of sorting every match. SQLite puts NULLs last in a descending index by itself; PostgreSQL is told."""

from django.db import migrations

INDEX = "search_doc_default_order"


def forward(apps, schema_editor):
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON search_indexeddocument (index_name, boost DESC, published_at DESC{nulls}, object_pk)"
    )


def backward(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_narrow_rows")]

    operations = [migrations.RunPython(forward, backward)]
