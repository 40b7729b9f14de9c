"""The offer's many-to-many tables (themes, grades, providers, …) had an index on offer_id of their own, which
the unique (offer_id, other_id) index already serves, starting with it: a b-tree more to keep for every link a
bulk import writes (about nine per offer). Django creates these tables itself (no through model to set
db_index on), so the index is dropped by name, found by introspection; going back recreates it."""

from django.db import migrations


def _offer_links(apps):
    offer = apps.get_model("catalogue", "Offer")
    for field in offer._meta.many_to_many:
        through = field.remote_field.through
        if through._meta.auto_created:
            yield through, through._meta.get_field(field.m2m_field_name())


def _single_column_indexes(schema_editor, table, column):
    with schema_editor.connection.cursor() as cursor:
        constraints = schema_editor.connection.introspection.get_constraints(cursor, table)
    return [
        name
        for name, c in constraints.items()
        if c["index"] and not c["unique"] and not c["primary_key"] and c["columns"] == [column]
    ]


def drop(apps, schema_editor):
    for through, field in _offer_links(apps):
        for name in _single_column_indexes(schema_editor, through._meta.db_table, field.column):
            schema_editor.execute(schema_editor._delete_index_sql(through, name))


def recreate(apps, schema_editor):
    for through, field in _offer_links(apps):
        if not _single_column_indexes(schema_editor, through._meta.db_table, field.column):
            schema_editor.execute(schema_editor._create_index_sql(through, fields=[field]))


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_import_progress_and_records")]

    operations = [migrations.RunPython(drop, recreate)]
