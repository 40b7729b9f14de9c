"""PostgreSQL only: each document row also carries its facet values as a text[] of 'facet=value' keys with a
GIN index, so filters are one array test and counts a GROUP BY over the matching rows' own arrays (no
lookup per document in search_documentfacet). SQLite keeps reading search_documentfacet."""

from django.db import migrations

FORWARD = [
    "ALTER TABLE search_indexeddocument ADD COLUMN facet_keys text[] NOT NULL DEFAULT '{}'",
    """UPDATE search_indexeddocument d SET facet_keys = s.keys
       FROM (SELECT document_id, array_agg(facet || '=' || value ORDER BY facet, value) AS keys
             FROM search_documentfacet GROUP BY document_id) s
       WHERE s.document_id = d.id""",
    "CREATE INDEX search_doc_facet_keys ON search_indexeddocument USING GIN (facet_keys)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_doc_facet_keys",
    "ALTER TABLE search_indexeddocument DROP COLUMN IF EXISTS facet_keys",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_one_backend")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
